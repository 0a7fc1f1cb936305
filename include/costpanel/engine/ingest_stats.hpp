// costpanel: what the ingest worker has read, as plain data (Vitals::ingest).
#pragma once

#include <cstdint>

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
    // Agent logs: what their trees held at the start (history, read into the store in the background)
    // and how much of it is read; their lines that were not calls (not JSON, or not usage).
    std::uint64_t history_bytes = 0;
    std::uint64_t history_bytes_done = 0;
    std::uint64_t log_lines_skipped = 0;
};

}  // namespace costpanel
