// costpanel::Panel: the embeddable cost panel for Dear ImGui (1.86 and later).
//
// Usage 1: a window of its own.
//   static costpanel::Panel panel;                       // the built-in prices, no sources yet
//   panel.draw_window("Costs", &show_costs);             // every frame
//
// Usage 2: inside the host's own window or tab.
//   if (ImGui::BeginTabItem("Costs")) { panel.draw_contents(); ImGui::EndTabItem(); }
//
// Feeding it, from any thread:
//   panel.post_line(R"({"type":"api_call","model":"gpt-4o","input_tokens":1200,"output_tokens":300})");
// or let it run its own ingest worker (GUI thread; throws SourceError or std::invalid_argument):
//   panel.start_source("unix:/run/user/1000/costpanel.sock");
//
// With a history store (PanelConfig::db_path) the panel has three tabs: Session, History (cost per
// day, breakdowns, sessions, latency and errors, exports) and Budgets & savings; their queries run
// on a thread of the panel's own.
//
// The panel never creates an ImGui context, a window or a backend: those are the host's. Its engine
// is a LiveSession (costpanel/engine/live_session.hpp); at the top of each draw it applies what the
// user asked for in the last frame (Reset, a sort, an export, a budget), then what the engine handed
// over, then draws: a host calls nothing else per frame, and no draw call changes the session. A host
// with an event-driven loop sets `on_wake` (e.g. to glfwPostEmptyEvent) so that new data wakes it,
// and sleeps at most refresh_interval() seconds.
#pragma once

#include "costpanel/core/events.hpp"
#include "costpanel/core/pricing.hpp"
#include "costpanel/core/session_state.hpp"
#include "costpanel/engine/source_spec.hpp"
#include "costpanel/engine/vitals.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct ImFont;

namespace costpanel {

namespace ui {
struct PanelImpl;
}

struct PanelConfig
{
    std::shared_ptr<const PriceTable> prices{};        // = load_price_table()
    std::map<std::string, std::string> tier_models{};  // "Tier 1" -> model, until snapshots name one
    std::string offsets_dir{};                         // followed files' offsets; empty: the state directory
    std::string empty_hint{};  // shown while nothing has arrived, e.g. how to feed this instance
    std::string posts_label = "posted by the host";  // the toolbar's source when only post() feeds it
    std::string db_path{};                           // the history store ("" none, ":memory:" in memory only)
    int retention_days = 0;                          // the store keeps this many days; 0 keeps everything
    std::string timezone{};  // the IANA zone History's days are in; empty: $TZ, else the system's
};

// A widget's screen rectangle, for tests and automation (ImGui screen coordinates).
struct WidgetRect
{
    std::string id;  // "reset", "provider/openai", "model/openai/gpt-4o", "tier/Tier 1", ...
    float x = 0, y = 0, w = 0, h = 0;
};

class Panel
{
public:
    // Settings: public fields, change them on the GUI thread at any time.
    bool show_toolbar = true;       // = true  // Reset, sources, events per second, rejections
    bool show_session = true;       // = true  // the session card
    bool show_models = true;        // = true  // cost per model, grouped by provider
    bool show_tiers = true;         // = true  // the Tier 1-4 breakdown
    float burn_window_s = 300.f;    // = 300   // burn rate: USD per hour over this many seconds
    ImFont* total_font = nullptr;   // = NULL  // a large font for the session total (default: scaled)
    double daily_budget_usd = 0;    // = 0     // 0: none. Editable in the Budgets view
    double monthly_budget_usd = 0;  // = 0     // 0: none
    double budget_warn_at = 0.8;    // = 0.8   // a budget turns amber at this fraction of itself
    std::string baseline_model;     // = ""    // savings baseline ("provider/model"); "": the dearest seen

    // Callbacks.
    std::function<void()> on_wake;             // any thread: the panel has work for the next frame
    std::function<void()> on_budgets_changed;  // GUI thread: the user edited a budget (persist it)

    explicit Panel(PanelConfig config = {});
    ~Panel();
    Panel(const Panel&) = delete;
    Panel& operator=(const Panel&) = delete;

    // Any thread. Lines and events are parsed, priced and folded on the panel's worker thread.
    void post_line(std::string line);
    void post(Event event);
    // GUI thread. Opens a source ("unix:PATH", "tcp:127.0.0.1:PORT", "file:PATH", "stdin") now and
    // returns its address, with the port a TCP source really got.
    std::string start_source(const std::string& address);
    // The same for a parsed address, agent logs included (SourceSpec::parse_logs); for logs the trees
    // found, comma-separated, or empty when none was found in the default places.
    std::string start_source(const SourceSpec& spec);
    // GUI thread. Stops the sources, applies what they had already read, joins the worker. Idempotent;
    // the destructor does it too.
    void stop();

    // GUI thread, typically after stop(). Waits, at most `within`, until the history store's status
    // satisfies `done` (e.g. nothing left pending, or not saving); false at the deadline or without a
    // store. vitals().store then says what was saved and what was not.
    bool wait_for_store(const std::function<bool(const StoreStatus&)>& done,
                        std::chrono::milliseconds within);

    // GUI thread, outside a draw. Ends the session as last drawn, as the toolbar's Reset does at the
    // top of the frame after its click; events that arrived since count in the new one.
    void reset_session();

    // GUI thread. Begin/End around draw_contents(); returns false when collapsed or closed.
    bool draw_window(const char* title, bool* p_open = nullptr);
    // GUI thread, between the host's Begin and End.
    void draw_contents();
    // The longest a host may sleep before the panel's clock-driven text (session length, burn rate,
    // events per second) needs a frame: 5 while events came in the last minutes, 60 otherwise.
    double refresh_interval() const;

    // Read-only data, GUI thread.
    const SessionState& state() const;
    // Rectangles of the named widgets drawn in the last frame.
    const std::vector<WidgetRect>& widget_rects() const;
    // What its engine has read, its sources, and the history store's state when it has one.
    const Vitals& vitals() const;
    // How many times the cached rows and strings were rebuilt (they are rebuilt only on change).
    std::uint64_t rebuilds() const;

private:
    friend struct PanelTestAccess;  // tests/ui: the view models behind the drawing
    std::unique_ptr<ui::PanelImpl> impl_;
};

}  // namespace costpanel
