// Cost per model, grouped by provider: a provider row with its subtotal opens onto its models.
// Sortable by any column; rows come from the view model's flattened list through a clipper.
#include "panel_impl.hpp"
#include "widgets.hpp"

namespace costpanel::ui {

namespace {

constexpr const char* kColumns[kModelColumns] = {"Calls",       "Input", "Output", "Cache read",
                                                 "Cache write", "Cost",  "Share"};
const std::string kHeaderIds[1 + kModelColumns] = {"header/model",  "header/calls",      "header/input",
                                                   "header/output", "header/cache_read", "header/cache_write",
                                                   "header/cost",   "header/share"};

void apply_sort(ViewModel& view)
{
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (!specs || !specs->SpecsDirty) return;
    if (specs->SpecsCount > 0) {
        // Table column 0 is the name; the numbers follow in ModelColumn order.
        const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
        view.sort_models(s.ColumnIndex - 1, s.SortDirection == ImGuiSortDirection_Ascending);
    }
    specs->SpecsDirty = false;
}

void number_cells(const Cell* cells, double share)
{
    for (int c = 0; c < kModelColumns; ++c) {
        ImGui::TableNextColumn();
        if (c == kShare)
            share_cell(cells[c], share);
        else
            text_right(cells[c]);
    }
}

}  // namespace

void draw_model_table(Panel::Impl& p)
{
    ViewModel& view = p.view;
    if (!view.has_data && !p.config.empty_hint.empty()) {
        ImGui::Spacing();
        ImGui::TextWrapped("%s", p.config.empty_hint.c_str());
        ImGui::Spacing();
    }
    // Leave the tier table its rows below; the models take what remains, never fewer than 4 rows.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float tiers_height =
        p.owner.show_tiers ? line * (static_cast<float>(view.tiers.size()) + 3.5f) : 0.f;
    const float height = std::max(line * 5.f, ImGui::GetContentRegionAvail().y - tiers_height);

    constexpr ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                      ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                      ImGuiTableFlags_Resizable | ImGuiTableFlags_Hideable |
                                      ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##models", 1 + kModelColumns, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Provider / model",
                            ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide);
    for (int c = 0; c < kModelColumns; ++c) {
        // Not resizable, so 1.86 fits them to their content every frame: numbers never clip.
        ImGuiTableColumnFlags f = ImGuiTableColumnFlags_PreferSortDescending | ImGuiTableColumnFlags_NoResize;
        if (c == kCost) f |= ImGuiTableColumnFlags_DefaultSort;
        ImGui::TableSetupColumn(kColumns[c], f);
    }
    // TableHeadersRow(), spelled out so that each header's rectangle can be recorded (a click target).
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c <= kModelColumns; ++c) {
        if (!ImGui::TableSetColumnIndex(c)) continue;
        ImGui::PushID(c);
        ImGui::TableHeader(ImGui::TableGetColumnName(c));
        ImGui::PopID();
        p.record_rect(kHeaderIds[c]);
    }
    apply_sort(view);

    int toggled = -1;
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
                // Open state lives in the view model, so it survives the clipper skipping the row.
                ImGui::SetNextItemOpen(provider.open);
                ImGui::TreeNodeEx("##provider",
                                  ImGuiTreeNodeFlags_SpanFullWidth | ImGuiTreeNodeFlags_NoTreePushOnOpen,
                                  "%s", provider.label.c_str());
                if (ImGui::IsItemToggledOpen()) toggled = row.provider;
                p.record_rect(provider.id);
                number_cells(provider.cells, provider.values[kShare]);
            } else {
                const ModelRowView& m = provider.models[static_cast<std::size_t>(row.model)];
                ImGui::Indent();
                if (!m.priced) ImGui::PushStyleColor(ImGuiCol_Text, palette::kOrange);
                ImGui::TextUnformatted(m.label.c_str());
                if (!m.priced) ImGui::PopStyleColor();
                ImGui::Unindent();
                p.record_rect(m.id);
                if (!m.priced && ImGui::IsItemHovered())
                    ImGui::SetTooltip("No price entry matches this model: its calls count as $0.\n"
                                      "Add it to ~/.config/costpanel/pricing.json.");
                number_cells(m.cells, m.values[kShare]);
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    if (toggled >= 0) view.toggle_provider(toggled);
}

}  // namespace costpanel::ui
