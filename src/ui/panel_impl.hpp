// What the Panel owns, shared by its view files. GUI thread only, except where noted.
#pragma once

#include "costpanel/batch_channel.hpp"
#include "costpanel/ingest.hpp"
#include "costpanel/panel.hpp"
#include "costpanel/task_queue.hpp"
#include "history_view_model.hpp"
#include "history_worker.hpp"
#include "view_model.hpp"

#include <imgui.h>

namespace costpanel {

struct Panel::Impl
{
    Impl(Panel& owner, PanelConfig config);

    // Applies what the worker handed over, then brings the cached rows up to date.
    void begin_frame();
    // Records a named widget's rectangle: the last item drawn. `id` must live until the next frame
    // begins (it points into the view model), so recording allocates nothing.
    void record_rect(const std::string& id);
    // Asks the history worker again when the range changed, something new was saved (at most every
    // few seconds), or a minute has passed.
    void ask_history();
    void draw_session_tab();

    Panel& owner;
    PanelConfig config;
    TaskQueue queue;  // any thread posts; the GUI thread drains at the top of each draw
    SessionState state;
    std::unique_ptr<Store> store;  // outlives the channel and the ingest, which feed it
    BatchChannel channel;
    Ingest ingest;  // declared last: it stops first, while the channel and queue still exist
    ui::ViewModel view;
    std::unique_ptr<ui::HistoryWorker> history;  // with a store on disk; first to go, before the queue
    ui::HistoryViewModel history_view;

    struct RectRef
    {
        const std::string* id;
        ImVec2 min, max;
    };
    std::vector<RectRef> rects;                    // the frame being drawn, or the last one drawn
    mutable std::vector<WidgetRect> public_rects;  // built on request
    int frame_begun = -1;                          // ImGui frame count of the last begin_frame
};

namespace ui {

// One function per view, each in its own file.
void draw_toolbar(Panel::Impl& p);
void draw_session_card(Panel::Impl& p);
void draw_model_table(Panel::Impl& p);
void draw_tier_table(Panel::Impl& p);
void draw_history(Panel::Impl& p);
void draw_budgets(Panel::Impl& p);
void draw_budget_banner(Panel::Impl& p);

}  // namespace ui
}  // namespace costpanel
