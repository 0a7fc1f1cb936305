// costpanel: how the engine is doing, as plain data a view can show (LiveSession::vitals()).
#pragma once

#include "costpanel/engine/ingest_stats.hpp"
#include "costpanel/store/store_status.hpp"

#include <optional>
#include <string>
#include <vector>

namespace costpanel {

struct Vitals
{
    IngestStats ingest;
    std::vector<std::string> sources;  // addresses, e.g. {"unix:/run/user/1000/costpanel.sock", "stdin"}
    std::optional<StoreStatus> store;  // with a history store
};

}  // namespace costpanel
