// What a view asks for while it draws. Nothing is changed inside the draw call: the panel applies
// the requests at the top of the next frame, before it refreshes the view model and draws (ImHex's
// doLater), so every frame draws one consistent state.
#pragma once

#include "costpanel/store/history.hpp"

#include <string>
#include <variant>

namespace costpanel::ui {

namespace ask {

struct ResetSession
{
};

struct SortModels
{
    int column;  // -1: the name, else a ModelColumn
    bool ascending;
};

struct ToggleProvider
{
    std::string provider;  // by name: the rows may be rebuilt before the request is applied
};

struct ExportHistory
{
    ExportFormat format;
};

struct SetBudget
{
    bool monthly;  // else daily
    double usd;
};

}  // namespace ask

using ViewRequest =
    std::variant<ask::ResetSession, ask::SortModels, ask::ToggleProvider, ask::ExportHistory, ask::SetBudget>;

}  // namespace costpanel::ui
