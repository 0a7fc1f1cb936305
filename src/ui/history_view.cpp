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

// A bar a day over every day of the range, the empty ones as gaps, with dates under the axis.
void day_bars(const HistoryViewModel& h)
{
    const float chart = ImGui::GetFontSize() * 6;
    const float axis = ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::InvisibleButton("##days", ImVec2(width, chart + axis));
    if (h.bars.empty()) return;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float slot = width / static_cast<float>(h.bars.size());
    const float gap = std::min(4.f, slot * 0.2f);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const float base = origin.y + chart;
    draw->AddLine(ImVec2(origin.x, base), ImVec2(origin.x + width, base),
                  ImGui::GetColorU32(ImGuiCol_Border));
    // As many dates as fit without touching: every step-th day, the last one always.
    const float label_width = ImGui::CalcTextSize("00-00").x + ImGui::GetStyle().ItemSpacing.x * 2;
    const std::size_t step = std::max<std::size_t>(1, static_cast<std::size_t>(label_width / slot) + 1);
    for (std::size_t i = 0; i < h.bars.size(); ++i) {
        const float x0 = origin.x + slot * static_cast<float>(i);
        const bool hovered = ImGui::IsItemHovered() && mouse.x >= x0 && mouse.x < x0 + slot;
        if (h.max_bar > 0 && h.bars[i].cost > 0) {
            // A cent beside a hundred dollars still shows: never less than two pixels.
            const float bar = std::max(2.f, static_cast<float>(h.bars[i].cost / h.max_bar) * (chart - 2));
            draw->AddRectFilled(ImVec2(x0 + gap / 2, base - bar), ImVec2(x0 + slot - gap / 2, base),
                                hovered ? palette::kOrange : palette::kSkyBlue);
        }
        const bool last = i + 1 == h.bars.size();
        if ((i % step == 0 && (last || h.bars.size() - 1 - i >= step)) || last) {
            const char* label = h.bars[i].label.c_str();
            const float w = ImGui::CalcTextSize(label).x;
            const float x = std::clamp(x0 + slot / 2 - w / 2, origin.x, origin.x + width - w);
            draw->AddText(ImVec2(x, base + 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), label);
        }
        if (hovered) ImGui::SetTooltip("%s", h.bars[i].tooltip.c_str());
    }
}

void lines_table(PanelImpl& p, const char* id, const char* key_title,
                 const std::vector<HistoryViewModel::Line>& lines)
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
        const bool marked = l.unpriced || l.estimate;
        if (marked) ImGui::PushStyleColor(ImGuiCol_Text, l.unpriced ? palette::kOrange : palette::kYellow);
        ImGui::TextUnformatted(l.key.c_str());
        if (marked) ImGui::PopStyleColor();
        if (!l.note.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", l.note.c_str());
        if (!l.reported.text().empty()) {
            ImGui::SameLine(0, ImGui::GetFontSize());
            reported_text(l.reported);
            p.record_rect(l.reported.id);
        }
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
    if (!h.reported.text().empty()) {
        ImGui::SameLine(0, ImGui::GetFontSize());
        reported_text(h.reported);
        p.record_rect(h.reported.id);
    }
    day_bars(h);
    ImGui::Spacing();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    ImGui::Combo("##breakdown", &h.breakdown, HistoryViewModel::kBreakdowns,
                 HistoryViewModel::kBreakdownCount);
    ImGui::SameLine();
    ImGui::TextDisabled("by cost");
    lines_table(p, "##breakdown_table", HistoryViewModel::kBreakdowns[h.breakdown], h.lines[h.breakdown]);
    ImGui::Spacing();
    ImGui::TextDisabled("Most expensive sessions");
    lines_table(p, "##sessions", "Session", h.sessions);
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
