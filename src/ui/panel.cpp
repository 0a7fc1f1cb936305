// The embeddable panel's public face; the work is PanelImpl's.
#include "panel_impl.hpp"

namespace costpanel {

Panel::Panel(PanelConfig config) : impl_(std::make_unique<ui::PanelImpl>(*this, std::move(config))) {}

Panel::~Panel()
{
    stop();
}

void Panel::post_line(std::string line)
{
    impl_->session.post_line(std::move(line));
}

void Panel::post(Event event)
{
    impl_->session.post(std::move(event));
}

std::string Panel::start_source(const std::string& address)
{
    return start_source(SourceSpec::parse(address));
}

std::string Panel::start_source(const SourceSpec& spec)
{
    return impl_->session.add_source(spec);
}

void Panel::stop()
{
    impl_->session.stop();
}

bool Panel::wait_for_store(const std::function<bool(const StoreStatus&)>& done,
                           std::chrono::milliseconds within)
{
    return impl_->session.wait_for_store(done, within);
}

void Panel::reset_session()
{
    impl_->session.reset();
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
    if (!impl_->history) {
        impl_->draw_session_tab();
        ui::draw_footer(*impl_);
        ImGui::PopID();
        return;
    }
    // Budgets are watched whatever the tab: the banner must show when one is crossed.
    if (daily_budget_usd > 0 || monthly_budget_usd > 0) impl_->ask_history();
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
        // Longer than a panel is tall: they scroll in a region of their own, above the footer.
        const auto scrolled = [&](const char* id, auto&& draw) {
            if (ImGui::BeginChild(id, ImVec2(0, -ui::footer_height(*impl_)))) draw(*impl_);
            ImGui::EndChild();
        };
        tab("History", kTabIds[1], [&] {
            impl_->ask_history();
            scrolled("##history", ui::draw_history);
        });
        tab("Budgets & savings", kTabIds[2], [&] {
            impl_->ask_history();
            scrolled("##budgets", ui::draw_budgets);
        });
        ImGui::EndTabBar();
    }
    ui::draw_footer(*impl_);
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
    return impl_->session.state();
}

const std::vector<WidgetRect>& Panel::widget_rects() const
{
    impl_->public_rects.clear();
    for (const auto& r : impl_->rects)
        impl_->public_rects.push_back({*r.id, r.min.x, r.min.y, r.max.x - r.min.x, r.max.y - r.min.y});
    return impl_->public_rects;
}

const Vitals& Panel::vitals() const
{
    return impl_->session.vitals();
}

std::uint64_t Panel::rebuilds() const
{
    return impl_->view.rebuilds;
}

}  // namespace costpanel
