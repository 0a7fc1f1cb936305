// Small drawing helpers shared by the views.
#pragma once

#include "view_model.hpp"

#include <imgui.h>

namespace costpanel::ui {

// Okabe-Ito: distinguishable with every common colour-vision deficiency.
namespace palette {
inline constexpr ImU32 kOrange = IM_COL32(230, 159, 0, 255);
inline constexpr ImU32 kSkyBlue = IM_COL32(86, 180, 233, 255);
inline constexpr ImU32 kGreen = IM_COL32(0, 158, 115, 255);
inline constexpr ImU32 kYellow = IM_COL32(240, 228, 66, 255);
inline constexpr ImU32 kBlue = IM_COL32(0, 114, 178, 255);
inline constexpr ImU32 kVermillion = IM_COL32(213, 94, 0, 255);
inline constexpr ImU32 kPurple = IM_COL32(204, 121, 167, 255);
inline constexpr ImU32 kShareBar = IM_COL32(86, 180, 233, 70);
}  // namespace palette

// The cell's text, right-aligned in the current table column.
inline void text_right(const Cell& c)
{
    const float avail = ImGui::GetContentRegionAvail().x;
    if (c.width < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - c.width);
    ImGui::TextUnformatted(c.text.c_str(), c.text.c_str() + c.text.size());
}

// A share: a faint bar across the cell for `fraction`, the percentage right-aligned over it.
inline void share_cell(const Cell& c, double fraction)
{
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = ImGui::GetTextLineHeight();
    if (fraction > 0)
        ImGui::GetWindowDrawList()->AddRectFilled(
            pos, ImVec2(pos.x + w * static_cast<float>(std::min(fraction, 1.0)), pos.y + h),
            palette::kShareBar);
    text_right(c);
}

// The client's own figure where it is not ours (the caller places it, and draws it only when it has
// text), with what it means on hover; `wrap`: at the window's edge rather than cut off.
inline void reported_text(const ReportedNote& n, bool wrap = false)
{
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kYellow);
    if (wrap) ImGui::PushTextWrapPos(0.f);
    ImGui::TextUnformatted(n.text().c_str(), n.text().c_str() + n.text().size());
    if (wrap) ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", n.tooltip().c_str());
}

}  // namespace costpanel::ui
