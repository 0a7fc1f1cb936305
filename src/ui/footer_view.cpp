// The footer: banners for a store that cannot save and a crossed budget, one line each, at the
// bottom of the panel. The views above size themselves to leave it room, so when a banner comes or
// goes nothing the user is about to click moves.
#include "panel_impl.hpp"
#include "widgets.hpp"

namespace costpanel::ui {

namespace {

const std::string kStoreBannerId = "store_banner";

int footer_lines(const PanelImpl& p)
{
    return (p.view.store_problem.empty() ? 0 : 1) + (over_budget(p) ? 1 : 0);
}

}  // namespace

float footer_height(const PanelImpl& p)
{
    const int lines = footer_lines(p);
    return lines == 0 ? 0.f
                      : static_cast<float>(lines) * ImGui::GetTextLineHeightWithSpacing() +
                            ImGui::GetStyle().ItemSpacing.y * 2;
}

void draw_footer(PanelImpl& p)
{
    const float height = footer_height(p);
    if (height <= 0) return;
    // Pinned to the bottom when the content above is shorter than the panel.
    if (const float gap = ImGui::GetContentRegionAvail().y - height; gap > 0)
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + gap);
    ImGui::Separator();
    if (!p.view.store_problem.empty()) {
        // The numbers above are still right; only saving them has stopped. The reason may be long:
        // one line here, all of it on hover.
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kOrange);
        ImGui::TextUnformatted(
            "! History is not being saved (retrying; this session's numbers are complete)");
        ImGui::PopStyleColor();
        p.record_rect(kStoreBannerId);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.view.store_problem.c_str());
    }
    draw_budget_banner(p);
}

}  // namespace costpanel::ui
