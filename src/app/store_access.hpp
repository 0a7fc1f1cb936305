// How the commands open the history store and speak of it: a reader's History, a fresh machine's
// empty one, and the words for calls a writer could not save.
#pragma once

#include "costpanel/store/history.hpp"
#include "costpanel/store/store_status.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace costpanel::app {

struct OpenedHistory
{
    std::unique_ptr<History> history;
    bool fresh = false;  // no store file yet: an empty history
};

// The store at `db`, read-only, in `zone`; an empty history when no file is there yet (a fresh
// machine: reading is no reason to create one). Throws std::runtime_error as History does.
OpenedHistory open_history(const std::string& db, const TimeZone& zone);
// "no history yet: the panel and `costpanel import` keep it in DB".
std::string no_history_yet(const std::string& db);

// Why a store is not saving, from its StoreStatus::problem, without the words around it and
// without `path` again when the reason starts with it ("attempt to write a readonly database").
std::string store_reason(const std::string& problem, const std::string& path);

// How long a command that is closing gives its store to commit what it holds.
inline constexpr std::chrono::seconds kStoreGrace{10};

// The store has spoken: it gave up on the file, or committed every call it was given.
inline bool store_settled(const StoreStatus& s)
{
    return !s.saving || (s.open && s.pending_calls == 0);
}

// "12 calls were not saved to PATH: why" when the store holds calls it could not commit or dropped
// some; a line saying it cannot save when it lost none but cannot write; nothing when all is saved.
std::optional<std::string> unsaved_calls(const StoreStatus& status, const std::string& path);

}  // namespace costpanel::app
