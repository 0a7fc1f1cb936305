// What the Panel owns, shared by its view files. GUI thread only.
#pragma once

#include "costpanel/engine/live_session.hpp"
#include "costpanel/ui/panel.hpp"
#include "history_view_model.hpp"
#include "history_worker.hpp"
#include "view_model.hpp"
#include "view_request.hpp"

#include <imgui.h>

namespace costpanel::ui {

struct PanelImpl
{
    PanelImpl(Panel& owner, PanelConfig config);

    // Applies what the views asked for in the last frame and what the engine handed over, then
    // brings the cached rows up to date: the one refresh of the frame.
    void begin_frame();
    // A view asks; the request is applied at the top of the next frame.
    void ask(ViewRequest request);
    // Records a named widget's rectangle: the last item drawn. `id` must live until the next frame
    // begins (it points into the view model, which changes only then), so recording allocates nothing.
    void record_rect(const std::string& id);
    // Asks the history worker again when the range changed, something new was saved (at most every
    // few seconds), or a minute has passed.
    void ask_history();
    void draw_session_tab();

    Panel& owner;
    PanelConfig config;
    LiveSession session;             // the engine: first built, last gone
    const Vitals* vitals = nullptr;  // the engine's, as sampled at the top of this frame
    ViewModel view;
    std::unique_ptr<HistoryWorker> history;  // with a store on disk; goes before the session
    HistoryViewModel history_view;
    std::vector<ViewRequest> requests;  // asked while drawing, applied at the next frame's top
    std::vector<ViewRequest> applying;  // kept between frames so their capacity is reused

    struct RectRef
    {
        const std::string* id;
        ImVec2 min, max;
    };
    std::vector<RectRef> rects;                    // the frame being drawn, or the last one drawn
    mutable std::vector<WidgetRect> public_rects;  // built on request
    int frame_begun = -1;                          // ImGui frame count of the last begin_frame

private:
    void apply(ViewRequest& request);
};

// One function per view, each in its own file.
void draw_toolbar(PanelImpl& p);
void draw_session_card(PanelImpl& p);
void draw_model_table(PanelImpl& p);
void draw_tier_table(PanelImpl& p);
void draw_history(PanelImpl& p);
void draw_budgets(PanelImpl& p);
// The footer: what is wrong with saving history, and a crossed budget. Drawn last, in room the views
// above leave for it, so a banner that comes or goes never moves a control.
void draw_footer(PanelImpl& p);
float footer_height(const PanelImpl& p);
bool over_budget(const PanelImpl& p);
void draw_budget_banner(PanelImpl& p);

}  // namespace costpanel::ui
