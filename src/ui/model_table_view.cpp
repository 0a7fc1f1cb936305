// Cost per model, grouped by provider: a provider row with its subtotal opens onto its models.
// Sortable by any column; rows come from the view model's flattened list through a clipper.
#include "panel_impl.hpp"
#include "widgets.hpp"

namespace costpanel::ui {

namespace {

constexpr const char* kColumnNames[kModelColumns] = {"Calls",       "Input", "Output", "Cache read",
                                                     "Cache write", "Cost",  "Share"};
const std::string kHeaderIds[kModelColumns] = {"header/calls",      "header/input",       "header/output",
                                               "header/cache_read", "header/cache_write", "header/cost",
                                               "header/share"};
const std::string kNameHeaderId = "header/model";

// The number columns shown: all of them, or in a narrow panel only calls, cost and share.
constexpr int kAllColumns[] = {kCalls, kInput, kOutput, kCacheRead, kCacheWrite, kCost, kShare};
constexpr int kCompactColumns[] = {kCalls, kCost, kShare};

struct Layout
{
    const int* columns;
    int count;
};

void ask_sort(PanelImpl& p, Layout layout)
{
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (!specs || !specs->SpecsDirty) return;
    if (specs->SpecsCount > 0) {
        // Table column 0 is the name; the numbers follow in the layout's order.
        const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
        p.ask(ask::SortModels{s.ColumnIndex == 0 ? -1 : layout.columns[s.ColumnIndex - 1],
                              s.SortDirection == ImGuiSortDirection_Ascending});
    }
    specs->SpecsDirty = false;
}

void number_cells(Layout layout, const Cell* cells, double share)
{
    for (int i = 0; i < layout.count; ++i) {
        const int c = layout.columns[i];
        ImGui::TableNextColumn();
        if (c == kShare)
            share_cell(cells[c], share);
        else
            text_right(cells[c]);
    }
}

void headers(PanelImpl& p, Layout layout)
{
    // TableHeadersRow(), spelled out so that each header's rectangle can be recorded (a click target).
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int i = 0; i <= layout.count; ++i) {
        if (!ImGui::TableSetColumnIndex(i)) continue;
        ImGui::PushID(i);
        ImGui::TableHeader(ImGui::TableGetColumnName(i));
        ImGui::PopID();
        p.record_rect(i == 0 ? kNameHeaderId : kHeaderIds[layout.columns[i - 1]]);
    }
}

}  // namespace

void draw_model_table(PanelImpl& p)
{
    const ViewModel& view = p.view;
    if (!view.has_data && !p.config.empty_hint.empty()) {
        ImGui::Spacing();
        ImGui::TextWrapped("%s", p.config.empty_hint.c_str());
        ImGui::Spacing();
    }
    // Leave the tier table its rows below; the models take what remains, never fewer than 4 rows.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float tiers_height =
        p.owner.show_tiers ? line * (static_cast<float>(view.tiers.size()) + 3.5f) : 0.f;
    const float height =
        std::max(line * 5.f, ImGui::GetContentRegionAvail().y - tiers_height - footer_height(p));

    const bool compact = ImGui::GetContentRegionAvail().x < kCompactWidthInFonts * ImGui::GetFontSize();
    const Layout layout = compact ? Layout{kCompactColumns, static_cast<int>(std::size(kCompactColumns))}
                                  : Layout{kAllColumns, static_cast<int>(std::size(kAllColumns))};
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                      ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                      ImGuiTableFlags_Resizable | ImGuiTableFlags_Hideable |
                                      ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable(compact ? "##models_compact" : "##models", 1 + layout.count, flags,
                           ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Provider / model",
                            ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide);
    for (int i = 0; i < layout.count; ++i) {
        const int c = layout.columns[i];
        // Not resizable, so 1.86 fits them to their content every frame: numbers never clip.
        ImGuiTableColumnFlags f = ImGuiTableColumnFlags_PreferSortDescending | ImGuiTableColumnFlags_NoResize;
        if (c == kCost) f |= ImGuiTableColumnFlags_DefaultSort;
        ImGui::TableSetupColumn(kColumnNames[c], f);
    }
    headers(p, layout);
    ask_sort(p, layout);

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(view.flat.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const FlatRow& row = view.flat[static_cast<std::size_t>(i)];
            const ProviderRowView& provider = view.providers[static_cast<std::size_t>(row.provider)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(i);
            if (row.model < 0) {
                const float label_x = ImGui::GetCursorPosX() + ImGui::GetTreeNodeToLabelSpacing();
                // Open state lives in the view model, so it survives the clipper skipping the row.
                ImGui::SetNextItemOpen(provider.open);
                ImGui::TreeNodeEx("##provider",
                                  ImGuiTreeNodeFlags_SpanFullWidth | ImGuiTreeNodeFlags_NoTreePushOnOpen,
                                  "%s", provider.label.c_str());
                if (ImGui::IsItemToggledOpen()) p.ask(ask::ToggleProvider{provider.name});
                p.record_rect(provider.id);
                if (!provider.reported.text().empty()) {
                    // The node spans the row, so SameLine alone would go past it: after its label instead.
                    ImGui::SameLine();
                    ImGui::SetCursorPosX(label_x + ImGui::CalcTextSize(provider.label.c_str()).x +
                                         ImGui::GetFontSize());
                    reported_text(provider.reported);
                    p.record_rect(provider.reported.id);
                }
                number_cells(layout, provider.cells, provider.values[kShare]);
            } else {
                const ModelRowView& m = provider.models[static_cast<std::size_t>(row.model)];
                ImGui::Indent();
                const bool marked = !m.note.empty();
                if (marked)
                    ImGui::PushStyleColor(ImGuiCol_Text, m.priced ? palette::kYellow : palette::kOrange);
                ImGui::TextUnformatted(m.label.c_str());
                if (marked) ImGui::PopStyleColor();
                ImGui::Unindent();
                p.record_rect(m.id);
                if (marked && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", m.note.c_str());
                if (!m.reported.text().empty()) {
                    ImGui::SameLine(0, ImGui::GetFontSize());
                    reported_text(m.reported);
                    p.record_rect(m.reported.id);
                }
                number_cells(layout, m.cells, m.values[kShare]);
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace costpanel::ui
