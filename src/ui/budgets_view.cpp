// Budgets (daily and monthly, editable here) with progress bars, the month-end projection, and what
// caching and routing saved.
#include "panel_impl.hpp"
#include "widgets.hpp"

#include "costpanel/core/format.hpp"

namespace costpanel::ui {

namespace {

const std::string kDailyId = "budget/daily";
const std::string kMonthlyId = "budget/monthly";
const std::string kBannerId = "budget_banner";

// Green below the warning, amber from it, vermillion over: Okabe-Ito, so readable to everyone.
ImU32 budget_colour(double fraction, double warn_at)
{
    if (fraction > 1.0) return palette::kVermillion;
    if (fraction >= warn_at) return palette::kOrange;
    return palette::kGreen;
}

// The budget as it is; an edit (Enter) is asked for, and shows from the next frame.
void budget_row(PanelImpl& p, const char* label, bool monthly, double spent, const std::string& spent_text,
                const std::string& id)
{
    const double limit = monthly ? p.owner.monthly_budget_usd : p.owner.daily_budget_usd;
    ImGui::TextUnformatted(label);
    ImGui::SameLine(ImGui::GetFontSize() * 6);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::PushID(label);
    double typed = limit;
    if (ImGui::InputDouble("USD", &typed, 0, 0, "%.2f", ImGuiInputTextFlags_EnterReturnsTrue))
        p.ask(ask::SetBudget{monthly, typed});
    ImGui::PopID();
    if (limit <= 0) {
        ImGui::SameLine();
        ImGui::TextDisabled("no budget (%s spent)", spent_text.c_str());
        return;
    }
    const double fraction = spent / limit;
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "%s of $%.2f (%.0f%%)", spent_text.c_str(), limit, fraction * 100);
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, budget_colour(fraction, p.owner.budget_warn_at));
    ImGui::ProgressBar(static_cast<float>(std::min(fraction, 1.0)), ImVec2(-1, 0), overlay);
    ImGui::PopStyleColor();
    p.record_rect(id);
}

}  // namespace

void draw_budgets(PanelImpl& p)
{
    const HistoryViewModel& h = p.history_view;
    if (!h.has_result) {
        ImGui::TextDisabled("Reading the history store...");
        return;
    }
    budget_row(p, "Today", false, h.spent_today, h.today_text, kDailyId);
    budget_row(p, "This month", true, h.spent_month, h.month_text, kMonthlyId);
    ImGui::TextDisabled("%s", h.projection_text.c_str());
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("Savings over the History range");
    ImGui::TextWrapped("%s", h.cache_saved.c_str());
    ImGui::TextWrapped("%s", h.baseline.c_str());
    for (const std::string& r : h.routing_lines) ImGui::BulletText("%s", r.c_str());
}

bool over_budget(const PanelImpl& p)
{
    const HistoryViewModel& h = p.history_view;
    const double day = p.owner.daily_budget_usd, month = p.owner.monthly_budget_usd;
    return h.has_result && ((day > 0 && h.spent_today > day) || (month > 0 && h.spent_month > month));
}

// A budget crossed shows on every tab, in the footer.
void draw_budget_banner(PanelImpl& p)
{
    if (!over_budget(p)) return;
    const HistoryViewModel& h = p.history_view;
    const double month = p.owner.monthly_budget_usd;
    const bool over_month = month > 0 && h.spent_month > month;
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kVermillion);
    ImGui::TextUnformatted(over_month ? "Over the monthly budget:" : "Over the daily budget:");
    ImGui::SameLine();
    ImGui::Text("%s of $%.2f", (over_month ? h.month_text : h.today_text).c_str(),
                over_month ? month : p.owner.daily_budget_usd);
    ImGui::PopStyleColor();
    p.record_rect(kBannerId);
}

}  // namespace costpanel::ui
