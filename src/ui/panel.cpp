#include "panel_impl.hpp"

namespace costpanel {

namespace {

PanelConfig with_defaults(PanelConfig config)
{
    if (!config.prices) config.prices = load_price_table();
    return config;
}

}  // namespace

namespace {

std::unique_ptr<Store> open_store(const PanelConfig& config)
{
    if (config.db_path.empty()) return nullptr;
    Store::Options o;
    o.path = config.db_path;
    o.retention_days = config.retention_days;
    o.label = "panel";
    return std::make_unique<Store>(o);
}

}  // namespace

Panel::Impl::Impl(Panel& panel, PanelConfig cfg)
    : owner(panel), config(with_defaults(std::move(cfg))), state(config.tier_models),
      store(open_store(config)),
      channel(queue,
              [this](Batch&& b) {
                  state.apply(b);
                  // In the order the session sees them, so stored sessions split where the panel's do.
                  if (store) store->add(std::move(b.calls), std::move(b.tier_snapshots), b.epoch);
              }),
      ingest(IngestOptions{.prices = config.prices,
                           .tier_models = config.tier_models,
                           .keep_records = store != nullptr,
                           .offsets_dir = config.offsets_dir,
                           .on_status = [this] { queue.post([] {}); }},  // a status change: wake for a frame
             [this](Batch&& b) { channel.push(std::move(b)); })
{
    if (store && config.db_path != ":memory:")
        history = std::make_unique<ui::HistoryWorker>(
            config.db_path, queue, [this](ui::HistoryResult&& r) { history_view.build(std::move(r)); });
    queue.set_wake([this] {
        if (owner.on_wake) owner.on_wake();
    });
    rects.reserve(64);
    view.posts_label = config.posts_label;
    ingest.start();
}

void Panel::Impl::begin_frame()
{
    // Once per ImGui frame, whichever of draw_window/draw_contents comes first (a host may draw the
    // panel in two places).
    if (frame_begun == ImGui::GetFrameCount()) return;
    frame_begun = ImGui::GetFrameCount();
    rects.clear();
    queue.run_pending();
    view.refresh(state, ingest, store.get(), owner.burn_window_s);
}

void Panel::Impl::ask_history()
{
    using namespace std::chrono;
    ui::HistoryViewModel& h = history_view;
    const auto now = steady_clock::now();
    // Looked at once a second, or at once when the user picked another range: the range is dates,
    // and building them every frame would allocate in frames where nothing changed.
    if (h.asked && !h.range_changed && now - h.checked_at < seconds(1)) return;
    h.checked_at = now;
    h.range_changed = false;
    const DayRange range = h.range();
    const std::uint64_t committed = store->committed_calls();
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

void Panel::Impl::draw_session_tab()
{
    if (owner.show_session) ui::draw_session_card(*this);
    if (owner.show_models) ui::draw_model_table(*this);
    if (owner.show_tiers) ui::draw_tier_table(*this);
}

void Panel::Impl::record_rect(const std::string& id)
{
    rects.push_back({&id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
}

Panel::Panel(PanelConfig config) : impl_(std::make_unique<Impl>(*this, std::move(config))) {}

Panel::~Panel()
{
    stop();
}

void Panel::post_line(std::string line)
{
    impl_->ingest.post_line(std::move(line));
}

void Panel::post(Event event)
{
    impl_->ingest.post_event(std::move(event));
}

std::string Panel::start_source(const std::string& address)
{
    return impl_->ingest.add_source(SourceSpec::parse(address));
}

void Panel::stop()
{
    impl_->ingest.stop();
    impl_->queue.run_pending();
}

void Panel::reset_session()
{
    // Apply what is already here first: Reset comes after everything drained before it.
    impl_->queue.run_pending();
    impl_->state.reset();
    if (impl_->store) impl_->store->new_session();
}

bool Panel::draw_window(const char* title, bool* p_open)
{
    impl_->begin_frame();  // even when collapsed, so the queue never backs up
    ImGui::SetNextWindowSize(ImVec2(720, 520), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(title, p_open)) {
        ImGui::End();
        return false;
    }
    draw_contents();
    ImGui::End();
    return true;
}

void Panel::draw_contents()
{
    impl_->begin_frame();
    ImGui::PushID(this);
    if (show_toolbar) ui::draw_toolbar(*impl_);
    // Reset may have been clicked just now: the rest of this frame draws the new session, not the
    // old one. (The toolbar's recorded rectangles name static ids, so a rebuild here is safe.)
    impl_->view.refresh(impl_->state, impl_->ingest, impl_->store.get(), burn_window_s);
    if (!impl_->history) {
        impl_->draw_session_tab();
        ImGui::PopID();
        return;
    }
    // Budgets are watched whatever the tab: the banner must show when one is crossed.
    if (daily_budget_usd > 0 || monthly_budget_usd > 0) impl_->ask_history();
    ui::draw_budget_banner(*impl_);
    static const std::string kTabIds[] = {"tab/session", "tab/history", "tab/budgets"};
    if (ImGui::BeginTabBar("##tabs")) {
        // A tab's rectangle is that of its label, recorded whether or not it is the open one.
        const auto tab = [&](const char* label, const std::string& id, auto&& draw) {
            const bool open = ImGui::BeginTabItem(label);
            impl_->record_rect(id);
            if (!open) return;
            draw();
            ImGui::EndTabItem();
        };
        tab("Session", kTabIds[0], [&] { impl_->draw_session_tab(); });
        tab("History", kTabIds[1], [&] {
            impl_->ask_history();
            ui::draw_history(*impl_);
        });
        tab("Budgets & savings", kTabIds[2], [&] {
            impl_->ask_history();
            ui::draw_budgets(*impl_);
        });
        ImGui::EndTabBar();
    }
    ImGui::PopID();
}

double Panel::refresh_interval() const
{
    // The clock texts (session length in minutes, burn rate over minutes, events per second) move
    // slowly: a frame every few seconds keeps them honest and an idle window nearly asleep.
    return impl_->view.live ? 5.0 : 60.0;
}

const SessionState& Panel::state() const
{
    return impl_->state;
}

const std::vector<WidgetRect>& Panel::widget_rects() const
{
    impl_->public_rects.clear();
    for (const auto& r : impl_->rects)
        impl_->public_rects.push_back({*r.id, r.min.x, r.min.y, r.max.x - r.min.x, r.max.y - r.min.y});
    return impl_->public_rects;
}

std::optional<StoreStatus> Panel::store_status() const
{
    if (!impl_->store) return std::nullopt;
    return impl_->store->status();
}

IngestStats Panel::ingest_stats() const
{
    return impl_->ingest.stats();
}

std::uint64_t Panel::rebuilds() const
{
    return impl_->view.rebuilds;
}

}  // namespace costpanel
