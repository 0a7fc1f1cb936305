// costpanel: the history store. A SQLite file in WAL mode, written only by the store's own thread in
// batched transactions; the thread that owns the session never waits on it.
//
// Usage (the owner thread, in the order it applies batches and resets):
//   costpanel::Store store({path});
//   store.add(std::move(batch.calls), std::move(batch.tier_snapshots), batch.epoch);
//   store.new_session();   // the toolbar's Reset
//
// What add() hands over is committed in the writer's next transaction (whatever arrived while one
// ran goes into the next), so a call waits for at most one transaction; the destructor commits all. When the
// file cannot be used (read-only, full, locked, not a database) the store keeps the records in
// memory, says why in status(), retries, and never overwrites a file it could not read.
#pragma once

#include "costpanel/core/call_record.hpp"
#include "costpanel/store/store_status.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace costpanel {

inline constexpr int kStoreSchemaVersion = 6;

class Store
{
public:
    struct Options
    {
        std::string path;                             // ":memory:" for none on disk
        int retention_days = 0;                       // 0: keep everything
        std::chrono::milliseconds retry_every{5000};  // while the file is unusable
        std::string label;                            // the label of the sessions this store opens
        std::size_t max_buffered_calls = 500000;      // kept in memory while the file is unusable
        std::int64_t max_pages = 0;  // PRAGMA max_page_count when > 0: how tests make a disk "full"
        // Committed records wait for take_written() instead of being freed: a reader that fills
        // records again and again (an import's folder, EventFolder::recycle) reuses their memory.
        bool give_back_records = false;
    };

    explicit Store(Options options);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // Owner thread.
    void add(std::vector<CallRecord>&& calls, std::vector<TierSnapshotRecord>&& snapshots,
             std::uint64_t epoch);
    void new_session();
    // Waits, at most `within`, until everything added so far is committed. False at the deadline
    // (the file is unusable: status() says why).
    bool flush(std::chrono::milliseconds within = std::chrono::seconds(30));
    // Waits, at most `within`, until the status satisfies `done` (checked after each writer round).
    bool wait_until(const std::function<bool(const StoreStatus&)>& done, std::chrono::milliseconds within);

    StoreStatus status() const;
    // The same into `out`, reusing its strings' memory: sampling every frame allocates nothing.
    void sample_status(StoreStatus& out) const;
    std::uint64_t committed_calls() const;  // cheap: for asking "has anything new been saved?"
    // With give_back_records: records the writer is done with (their values are stale), or none yet.
    std::vector<CallRecord> take_written();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Opens (creating when absent) a store file and brings its schema to kStoreSchemaVersion.
// `up_to` lets a test make an older file. Throws sql::Error (as std::runtime_error).
void migrate_store_file(const std::string& path, int up_to = kStoreSchemaVersion);

}  // namespace costpanel
