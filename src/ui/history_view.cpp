// The History view: a range, cost per day as bars, cost by provider / model / tier / activity with
// share bars, the dearest sessions, latency and errors by activity, and exports of the range.
#include "panel_impl.hpp"
#include "widgets.hpp"


namespace costpanel::ui {

namespace {

const std::string kExportCsvId = "history/export_csv";
const std::string kExportJsonId = "history/export_json";

void range_picker(PanelImpl& p)
{
    HistoryViewModel& h = p.history_view;
    static constexpr const char* kLabels[] = {"Today", "7 days", "This month", "Custom"};
    for (int i = 0; i < 4; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(kLabels[i], h.chosen == static_cast<HistoryViewModel::Range>(i))) {
            h.chosen = static_cast<HistoryViewModel::Range>(i);
            h.range_changed = true;
        }
    }
    if (h.chosen == HistoryViewModel::Range::custom) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        h.range_changed |=
            ImGui::InputTextWithHint("##from", "YYYY-MM-DD", h.custom_from, sizeof h.custom_from);
        ImGui::SameLine();
        ImGui::TextUnformatted("to");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        h.range_changed |= ImGui::InputTextWithHint("##to", "YYYY-MM-DD", h.custom_to, sizeof h.custom_to);
    }
}

void day_bars(const HistoryViewModel& h)
{
    const float height = ImGui::GetFontSize() * 6;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::InvisibleButton("##days", ImVec2(width, height));
    if (h.bars.empty() || h.max_bar <= 0) return;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float slot = width / static_cast<float>(h.bars.size());
    const float gap = std::min(4.f, slot * 0.2f);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (std::size_t i = 0; i < h.bars.size(); ++i) {
        const float x0 = origin.x + slot * static_cast<float>(i);
        const float bar = static_cast<float>(h.bars[i].cost / h.max_bar) * (height - 2);
        const bool hovered = ImGui::IsItemHovered() && mouse.x >= x0 && mouse.x < x0 + slot;
        draw->AddRectFilled(ImVec2(x0 + gap / 2, origin.y + height - bar),
                            ImVec2(x0 + slot - gap / 2, origin.y + height),
                            hovered ? palette::kOrange : palette::kSkyBlue);
        if (hovered) ImGui::SetTooltip("%s", h.bars[i].tooltip.c_str());
    }
}

void lines_table(const char* id, const char* key_title, const std::vector<HistoryViewModel::Line>& lines)
{
    if (!ImGui::BeginTable(
            id, 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit))
        return;
    ImGui::TableSetupColumn(key_title, ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Calls", ImGuiTableColumnFlags_NoResize);
    ImGui::TableSetupColumn("Cost", ImGuiTableColumnFlags_NoResize);
    ImGui::TableSetupColumn("Share", ImGuiTableColumnFlags_NoResize);
    ImGui::TableHeadersRow();
    for (const auto& l : lines) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(l.key.c_str());
        ImGui::TableNextColumn();
        text_right(l.calls);
        ImGui::TableNextColumn();
        text_right(l.cost);
        ImGui::TableNextColumn();
        share_cell(l.share, l.fraction);
    }
    ImGui::EndTable();
}

void export_buttons(PanelImpl& p)
{
    const HistoryViewModel& h = p.history_view;
    if (ImGui::Button("Export CSV")) p.ask(ask::ExportHistory{ExportFormat::csv});
    p.record_rect(kExportCsvId);
    ImGui::SameLine();
    if (ImGui::Button("Export JSON")) p.ask(ask::ExportHistory{ExportFormat::json});
    p.record_rect(kExportJsonId);
    if (!h.exported.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", h.exported.c_str());
    }
}

}  // namespace

void draw_history(PanelImpl& p)
{
    HistoryViewModel& h = p.history_view;
    range_picker(p);
    if (!h.has_result) {
        ImGui::TextDisabled("Reading the history store...");
        return;
    }
    if (!h.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kVermillion);
        ImGui::TextWrapped("%s", h.error.c_str());
        ImGui::PopStyleColor();
        return;
    }
    ImGui::TextUnformatted(h.headline.c_str());
    day_bars(h);
    ImGui::Spacing();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    ImGui::Combo("##breakdown", &h.breakdown, HistoryViewModel::kBreakdowns, 4);
    ImGui::SameLine();
    ImGui::TextDisabled("by cost");
    lines_table("##breakdown_table", HistoryViewModel::kBreakdowns[h.breakdown], h.lines[h.breakdown]);
    ImGui::Spacing();
    ImGui::TextDisabled("Most expensive sessions");
    lines_table("##sessions", "Session", h.sessions);
    ImGui::Spacing();
    ImGui::TextDisabled("Latency and errors by activity");
    if (ImGui::BeginTable("##health", 5,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                              ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("Activity", ImGuiTableColumnFlags_WidthStretch);
        for (const char* c : {"Calls", "Mean", "p95", "Errors"})
            ImGui::TableSetupColumn(c, ImGuiTableColumnFlags_NoResize);
        ImGui::TableHeadersRow();
        for (const auto& a : h.health) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a.activity.c_str());
            for (const Cell* c : {&a.calls, &a.mean, &a.p95, &a.errors}) {
                ImGui::TableNextColumn();
                text_right(*c);
            }
        }
        ImGui::EndTable();
    }
    ImGui::TextUnformatted(h.cache_hit.c_str());
    export_buttons(p);
}

}  // namespace costpanel::ui
