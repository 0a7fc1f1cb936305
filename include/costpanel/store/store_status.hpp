// costpanel: the history store's health, as plain data (Store::status(), Vitals::store).
#pragma once

#include <cstdint>
#include <string>

namespace costpanel {

struct StoreStatus
{
    bool saving = true;   // false: history is not being saved right now
    std::string problem;  // why, when not saving
    bool open = false;    // the file is open with its schema current: false until the writer's first
                          // try, and while the file is unusable (so "open or not saving" means it tried)
    std::uint64_t committed_calls = 0;  // rows written, corrections included
    // Of those, the rows that took the place of one already in the file (a log's larger copy of a call,
    // or its main line in the place of a replay): committed, but no new call. New calls: the difference.
    std::uint64_t replaced_calls = 0;
    std::uint64_t duplicate_calls = 0;  // ids already in the file: not stored twice
    std::uint64_t pending_calls = 0;    // added, not yet committed
    std::uint64_t dropped_calls = 0;    // lost while the file was unusable and memory was full
    std::string session_id;             // the session calls are stored under now
};

}  // namespace costpanel
