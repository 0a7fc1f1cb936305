// The toolbar: Reset, where events come from, how fast, and what was rejected.
#include "panel_impl.hpp"
#include "widgets.hpp"

namespace costpanel::ui {

namespace {

const std::string kResetId = "reset";
const std::string kRejectedId = "rejected";

// Keeps the next item on this line when it fits, so a narrow dock wraps instead of clipping.
void same_line_if_fits(const std::string& next)
{
    const float needed = ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(next.c_str()).x;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < needed) ImGui::NewLine();
}

}  // namespace

void draw_toolbar(PanelImpl& p)
{
    const ToolbarView& t = p.view.toolbar;
    if (ImGui::Button("Reset session")) p.ask(ask::ResetSession{});
    p.record_rect(kResetId);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("End this session and start a new one from zero");

    same_line_if_fits(t.sources);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", t.sources.c_str());
    // A narrow window cuts the line off: the tooltip has every source, one a line.
    if (ImGui::IsItemHovered() && !t.sources_list.empty()) ImGui::SetTooltip("%s", t.sources_list.c_str());
    if (!t.history.empty()) {
        same_line_if_fits(t.history);
        ImGui::TextUnformatted(t.history.c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("What the agent logs held before the window opened goes to the history store "
                              "(the History tab), not into this session");
    }
    same_line_if_fits(t.rate);
    ImGui::TextUnformatted(t.rate.c_str());
    if (!t.rejected.empty()) {
        same_line_if_fits(t.rejected);
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kVermillion);
        ImGui::TextUnformatted(t.rejected.c_str());
        ImGui::PopStyleColor();
        p.record_rect(kRejectedId);
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::TextUnformatted("Most recent rejected lines (source:line  reason):");
            for (const std::string& r : t.reasons) ImGui::TextUnformatted(r.c_str());
            ImGui::EndTooltip();
        }
    }
    ImGui::Separator();
}

}  // namespace costpanel::ui
