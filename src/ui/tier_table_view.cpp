// The MMA tiers: Tier 1-4 always, then any other tier the conductor names; the active one stands out.
#include "panel_impl.hpp"
#include "widgets.hpp"

namespace costpanel::ui {

void draw_tier_table(PanelImpl& p)
{
    const ViewModel& view = p.view;
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Tiers (from the conductor's counters; a breakdown, not added to the total)");
    ImGui::PopStyleColor();
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                      ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_Resizable |
                                      ImGuiTableFlags_SizingFixedFit;
    // A narrow panel keeps the cost and share and drops the token columns.
    const bool compact = ImGui::GetContentRegionAvail().x < kCompactWidthInFonts * ImGui::GetFontSize();
    if (!ImGui::BeginTable(compact ? "##tiers_compact" : "##tiers", compact ? 4 : 6, flags)) return;
    // Fixed columns that are not resizable fit their content every frame.
    constexpr ImGuiTableColumnFlags fit = ImGuiTableColumnFlags_NoResize;
    ImGui::TableSetupColumn("Tier", fit);
    ImGui::TableSetupColumn("Model", ImGuiTableColumnFlags_WidthStretch);
    if (!compact) {
        ImGui::TableSetupColumn("Input", fit);
        ImGui::TableSetupColumn("Output", fit);
    }
    ImGui::TableSetupColumn("Cost", fit);
    ImGui::TableSetupColumn("Share", fit);
    ImGui::TableHeadersRow();
    for (const TierRowView& t : view.tiers) {
        ImGui::TableNextRow();
        if (t.active) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(0, 114, 178, 90));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.name.c_str());
        p.record_rect(t.id);
        if (t.active) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, palette::kSkyBlue);
            ImGui::TextUnformatted("active");
            ImGui::PopStyleColor();
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.model.c_str());
        for (int c = compact ? 2 : 0; c < 3; ++c) {
            ImGui::TableNextColumn();
            text_right(t.cells[c]);
        }
        ImGui::TableNextColumn();
        share_cell(t.cells[3], t.share);
    }
    ImGui::EndTable();
}

}  // namespace costpanel::ui
