// The session card: the total, the tokens by class, calls, burn rate, when it started.
#include "panel_impl.hpp"
#include "widgets.hpp"

namespace costpanel::ui {

namespace {

const std::string kTotalId = "session_total";
constexpr const char* kTokenLabels[4] = {"Input", "Output", "Cache read", "Cache write"};
constexpr const char* kCompactLabels[2] = {"Input / output", "Cache read / write"};

}  // namespace

void draw_session_card(PanelImpl& p)
{
    const SessionCardView& c = p.view.card;
    const bool compact = ImGui::GetContentRegionAvail().x < kCompactWidthInFonts * ImGui::GetFontSize();
    const int token_columns = compact ? 2 : 4;
    const char* const* labels = compact ? kCompactLabels : kTokenLabels;
    const std::string* values = compact ? c.compact_tokens : c.tokens;
    if (!ImGui::BeginTable(compact ? "##session_compact" : "##session", 1 + token_columns,
                           ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("##total", ImGuiTableColumnFlags_WidthStretch, compact ? 1.0f : 1.6f);
    for (int i = 0; i < token_columns; ++i)
        ImGui::TableSetupColumn(labels[i], ImGuiTableColumnFlags_WidthStretch, 1.0f);

    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("Session total");
    for (int i = 0; i < token_columns; ++i) {
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", labels[i]);
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (p.owner.total_font) {
        ImGui::PushFont(p.owner.total_font);
        ImGui::TextUnformatted(c.total.c_str());
        ImGui::PopFont();
    } else {
        ImGui::SetWindowFontScale(1.6f);
        ImGui::TextUnformatted(c.total.c_str());
        ImGui::SetWindowFontScale(1.0f);
    }
    p.record_rect(kTotalId);
    for (int i = 0; i < token_columns; ++i) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(values[i].c_str());
    }
    ImGui::EndTable();

    // Under the total, across the card: the total's column is too narrow for it.
    if (!c.reported.text().empty()) {
        reported_text(c.reported, /*wrap=*/true);
        p.record_rect(c.reported.id);
    }
    ImGui::Text("%s · burn rate %s", c.calls.c_str(), c.burn.c_str());
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(c.started.c_str()).x) ImGui::NewLine();
    ImGui::TextDisabled("%s", c.started.c_str());
    if (!c.status.empty()) {
        ImGui::TextDisabled("Conductor:");
        ImGui::SameLine();
        ImGui::TextUnformatted(c.status.c_str());
    }
    if (!c.unpriced.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kOrange);
        ImGui::TextWrapped("! %s", c.unpriced.c_str());
        ImGui::PopStyleColor();
    }
    if (!c.estimate.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kYellow);
        ImGui::TextWrapped("~ %s: the total is an estimate", c.estimate.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
}

}  // namespace costpanel::ui
