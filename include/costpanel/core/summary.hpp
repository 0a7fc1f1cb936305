// costpanel: the session as the JSON object `costpanel summarize` prints (PROTOCOL.md, "Headless summary").
#pragma once

#include "costpanel/core/session_state.hpp"

#include <nlohmann/json.hpp>

namespace costpanel {

// Providers by cost, descending; models likewise within a provider (ties by name, for stable output).
nlohmann::ordered_json session_summary(const SessionState& state);

}  // namespace costpanel
