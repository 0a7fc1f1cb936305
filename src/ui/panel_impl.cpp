// The panel's frame: what the views asked for is applied first, then the engine's hand-over, then
// the one view-model refresh; the views draw from it.
#include "panel_impl.hpp"

#include "costpanel/core/paths.hpp"

#include <algorithm>

namespace costpanel::ui {

namespace {

LiveSessionOptions engine_options(const PanelConfig& config)
{
    return {.prices = config.prices,  // empty: the engine loads the default table
            .tier_models = config.tier_models,
            .offsets_dir = config.offsets_dir,
            .db_path = config.db_path,
            .retention_days = config.retention_days,
            .store_label = "panel"};
}

std::string export_path(const DayRange& r, ExportFormat format)
{
    const std::string dir = data_dir() + "/exports";
    make_private_dirs(dir);
    return dir + "/costpanel-" + (r.from.empty() ? "all" : r.from) + "-to-" + (r.to.empty() ? "now" : r.to) +
           (format == ExportFormat::csv ? ".csv" : ".json");
}

}  // namespace

PanelImpl::PanelImpl(Panel& panel, PanelConfig cfg)
    : owner(panel), config(std::move(cfg)), session(engine_options(config))
{
    // A zone the system does not know is the host's error to hear of at once (std::invalid_argument).
    const TimeZone zone = config.timezone.empty() ? TimeZone::local() : TimeZone::named(config.timezone);
    history_view.zone = zone;
    view.zone = zone;
    if (session.has_store() && config.db_path != ":memory:")
        history = std::make_unique<HistoryWorker>(
            config.db_path, zone, session, [this](HistoryResult&& r) { history_view.build(std::move(r)); });
    session.set_wake([this] {
        if (owner.on_wake) owner.on_wake();
    });
    rects.reserve(64);
    view.posts_label = config.posts_label;
}

void PanelImpl::begin_frame()
{
    // Once per ImGui frame, whichever of draw_window/draw_contents comes first (a host may draw the
    // panel in two places).
    if (frame_begun == ImGui::GetFrameCount()) return;
    frame_begun = ImGui::GetFrameCount();
    rects.clear();
    applying.swap(requests);
    for (ViewRequest& r : applying) apply(r);
    applying.clear();
    session.run_pending();
    vitals = &session.vitals();
    view.refresh(session.state(), *vitals, owner.burn_window_s);
}

void PanelImpl::ask(ViewRequest request)
{
    requests.push_back(std::move(request));
    // A host that draws only when woken still gets the frame that applies it.
    if (owner.on_wake) owner.on_wake();
}

void PanelImpl::apply(ViewRequest& request)
{
    struct Apply
    {
        PanelImpl& p;
        void operator()(const ask::ResetSession&) { p.session.reset(); }
        void operator()(const ask::SortModels& s) { p.view.sort_models(s.column, s.ascending); }
        void operator()(const ask::ToggleProvider& t) { p.view.toggle_provider(t.provider); }
        void operator()(const ask::ExportHistory& e)
        {
            if (!p.history) return;
            const DayRange range = p.history_view.range();
            p.history_view.exported = "exporting...";
            p.history->export_range(range, e.format, export_path(range, e.format));
        }
        void operator()(const ask::SetBudget& b)
        {
            (b.monthly ? p.owner.monthly_budget_usd : p.owner.daily_budget_usd) = std::max(0.0, b.usd);
            if (p.owner.on_budgets_changed) p.owner.on_budgets_changed();
        }
    };
    std::visit(Apply{*this}, request);
}

void PanelImpl::ask_history()
{
    using namespace std::chrono;
    HistoryViewModel& h = history_view;
    const auto now = steady_clock::now();
    // Looked at once a second, or at once when the user picked another range: the range is dates,
    // and building them every frame would allocate in frames where nothing changed.
    if (h.asked && !h.range_changed && now - h.checked_at < seconds(1)) return;
    h.checked_at = now;
    h.range_changed = false;
    const DayRange range = h.range();
    const std::uint64_t committed = vitals->store->committed_calls;  // as sampled at the frame's top
    const bool stale = !h.asked || range.from != h.asked_range.from || range.to != h.asked_range.to ||
                       (committed != h.asked_at_commit && now - h.asked_at > seconds(5)) ||
                       now - h.asked_at > minutes(1);
    if (!stale) return;
    h.asked = true;
    h.asked_range = range;
    h.asked_at_commit = committed;
    h.asked_at = now;
    history->query(range, owner.baseline_model);
}

void PanelImpl::draw_session_tab()
{
    if (owner.show_session) draw_session_card(*this);
    if (owner.show_models) draw_model_table(*this);
    if (owner.show_tiers) draw_tier_table(*this);
}

void PanelImpl::record_rect(const std::string& id)
{
    rects.push_back({&id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
}

}  // namespace costpanel::ui
