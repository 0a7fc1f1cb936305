// costpanel: how the engine is doing, as plain data a view can show (LiveSession::vitals()).
#pragma once

#include "costpanel/store/store_status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace costpanel {

// What the ingest worker has read; counters only grow, gauges go up and down.
struct IngestStats
{
    std::uint64_t lines = 0;
    std::uint64_t bytes = 0;
    int writers = 0;                  // gauge: connected socket writers
    int open_sources = 0;             // gauge: sources not yet at their end (stdin ends at EOF)
    std::uint64_t seen_ids = 0;       // distinct event ids remembered for duplicate detection
    std::uint64_t seen_id_bytes = 0;  // the memory they take
};

struct Vitals
{
    IngestStats ingest;
    std::vector<std::string> sources;  // addresses, e.g. {"unix:/run/user/1000/costpanel.sock", "stdin"}
    std::optional<StoreStatus> store;  // with a history store
};

}  // namespace costpanel
