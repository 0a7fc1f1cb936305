#include "costpanel/store/store.hpp"

#include "costpanel/core/paths.hpp"
#include "costpanel/core/time.hpp"
#include "daily_rollup.hpp"
#include "day_spans.hpp"
#include "record_rows.hpp"
#include "schema.hpp"
#include "write_statements.hpp"

#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <random>
#include <thread>

namespace costpanel {

namespace {

using Clock = std::chrono::steady_clock;

std::string new_session_id()
{
    std::random_device rd;
    char buf[33];
    std::snprintf(buf, sizeof buf, "%08x%08x%08x%08x", rd(), rd(), rd(), rd());
    return buf;
}

std::string parent_of(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos || slash == 0 ? std::string() : path.substr(0, slash);
}

}  // namespace

struct Store::Impl
{
    struct Item
    {
        bool new_session = false;  // the toolbar's Reset; else records
        std::vector<CallRecord> calls;
        std::vector<TierSnapshotRecord> snapshots;
        std::uint64_t epoch = 0;
    };

    // The file and the statements prepared on it, which are finalized before it closes.
    struct Connection
    {
        explicit Connection(std::unique_ptr<sql::Database> opened)
            : database(std::move(opened)), statements(*database)
        {
        }
        std::unique_ptr<sql::Database> database;
        store::WriteStatements statements;
    };

    explicit Impl(Options o) : options(std::move(o)) {}

    void run();
    bool open();
    void write(std::vector<Item>& items);
    void start_session(sql::Database& d, TimeMs at);
    void end_session(sql::Database& d, TimeMs at);
    void prune(sql::Database& d);

    Options options;
    // Writer thread only.
    std::unique_ptr<Connection> db;
    std::string session_id;
    bool epoch_known = false;
    std::uint64_t epoch = 0;
    std::vector<Item> unsaved;  // taken off the queue, not yet committed
    Clock::time_point last_prune{};

    // Shared with the owner thread.
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable done;
    std::deque<Item> queue;
    bool stopping = false;
    std::uint64_t submitted = 0;  // items added
    std::uint64_t finished = 0;   // items committed, or given up on
    StoreStatus status;
    std::thread thread;
};

Store::Store(Options options) : impl_(std::make_unique<Impl>(std::move(options)))
{
    impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

Store::~Store()
{
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->wake.notify_all();
    impl_->thread.join();
}

void Store::add(std::vector<CallRecord>&& calls, std::vector<TierSnapshotRecord>&& snapshots,
                std::uint64_t epoch)
{
    {
        std::lock_guard lock(impl_->mutex);
        impl_->status.pending_calls += calls.size();
        impl_->queue.push_back({false, std::move(calls), std::move(snapshots), epoch});
        ++impl_->submitted;
    }
    impl_->wake.notify_all();
}

void Store::new_session()
{
    {
        std::lock_guard lock(impl_->mutex);
        impl_->queue.push_back({true, {}, {}, 0});
        ++impl_->submitted;
    }
    impl_->wake.notify_all();
}

bool Store::flush(std::chrono::milliseconds within)
{
    std::unique_lock lock(impl_->mutex);
    const std::uint64_t target = impl_->submitted;
    return impl_->done.wait_for(lock, within, [&] { return impl_->finished >= target; });
}

bool Store::wait_until(const std::function<bool(const StoreStatus&)>& done, std::chrono::milliseconds within)
{
    std::unique_lock lock(impl_->mutex);
    return impl_->done.wait_for(lock, within, [&] { return done(impl_->status); });
}

std::uint64_t Store::committed_calls() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->status.committed_calls;
}

StoreStatus Store::status() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->status;
}

void Store::sample_status(StoreStatus& out) const
{
    std::lock_guard lock(impl_->mutex);
    out = impl_->status;
}

bool Store::Impl::open()
{
    try {
        if (const std::string dir = parent_of(options.path); !dir.empty() && options.path != ":memory:")
            make_private_dirs(dir);
        auto d = std::make_unique<sql::Database>(options.path, /*create=*/true);
        // WAL: readers (reports, the history view) never block the writer, and a crash never
        // corrupts the file. NORMAL sync: a commit survives a process crash; only an OS crash can
        // lose the last transactions, never the file's integrity.
        d->exec("PRAGMA journal_mode = WAL");
        d->exec("PRAGMA synchronous = NORMAL");
        d->exec("PRAGMA foreign_keys = ON");
        if (options.max_pages > 0)
            d->exec(("PRAGMA max_page_count = " + std::to_string(options.max_pages)).c_str());
        store::migrate(*d, kStoreSchemaVersion);
        db = std::make_unique<Connection>(std::move(d));
        return true;
    } catch (const sql::Error& e) {
        std::lock_guard lock(mutex);
        status.saving = false;
        status.problem = std::string("history is not being saved: ") + e.what();
        return false;
    }
}

void Store::Impl::start_session(sql::Database& d, TimeMs at)
{
    session_id = new_session_id();
    d.prepare("INSERT INTO sessions(id, started_ms, label) VALUES (?1, ?2, ?3)")
        .bind(1, session_id)
        .bind(2, at)
        .bind_text_or_null(3, options.label)
        .step();
}

void Store::Impl::end_session(sql::Database& d, TimeMs at)
{
    if (session_id.empty()) return;
    d.prepare("UPDATE sessions SET ended_ms = ?2 WHERE id = ?1").bind(1, session_id).bind(2, at).step();
}

void Store::Impl::prune(sql::Database& d)
{
    if (options.retention_days <= 0) return;
    const TimeMs cutoff = now_ms() - static_cast<TimeMs>(options.retention_days) * 86'400'000;
    const std::string cutoff_day = local_day(cutoff);
    // Calls and their roll-ups go by the same day boundary, so reports stay consistent.
    d.prepare(
         "DELETE FROM calls WHERE id <= (SELECT COALESCE(MAX(last_id), -1) FROM day_spans WHERE day < ?1) "
         "AND day < ?1")
        .bind(1, cutoff_day)
        .step();
    d.prepare("DELETE FROM day_spans WHERE day < ?1").bind(1, cutoff_day).step();
    d.prepare("DELETE FROM daily WHERE day < ?1").bind(1, cutoff_day).step();
    d.prepare("DELETE FROM tier_snapshots WHERE ts_ms < ?1").bind(1, cutoff).step();
    last_prune = Clock::now();
}

void Store::Impl::write(std::vector<Item>& items)
{
    // A failed transaction leaves nothing in the file: the bookkeeping goes back with it.
    struct Undo
    {
        Impl& impl;
        bool known;
        std::uint64_t epoch;
        std::string session;
        bool armed = true;
        ~Undo()
        {
            if (!armed) return;
            impl.epoch_known = known;
            impl.epoch = epoch;
            impl.session_id = session;
        }
    } undo{*this, epoch_known, epoch, session_id};
    sql::Database& d = *db->database;
    store::WriteStatements& st = db->statements;
    sql::Transaction t(d);
    if (session_id.empty()) start_session(d, now_ms());
    if (last_prune == Clock::time_point{} || Clock::now() - last_prune > std::chrono::hours(1)) prune(d);
    store::DailyRollup rollups;
    store::DaySpans spans;
    std::uint64_t stored = 0, duplicates = 0;
    std::int64_t day_minute = std::numeric_limits<std::int64_t>::min();
    std::string day;
    const auto follow_epoch = [&](std::uint64_t e, TimeMs at) {
        // A session_reset event the folder saw: the store's session changes where the panel's did.
        if (!epoch_known) {
            epoch_known = true;
            epoch = e;
        } else if (e != epoch) {
            end_session(d, at);
            start_session(d, at);
            epoch = e;
        }
    };
    for (Item& item : items) {
        if (item.new_session) {
            const TimeMs at = now_ms();
            end_session(d, at);
            start_session(d, at);
            continue;
        }
        for (const CallRecord& r : item.calls) {
            follow_epoch(r.epoch, r.ts);
            // localtime_r is costly per call; every zone's day turns on a minute boundary.
            if (r.ts / 60'000 != day_minute) {
                day_minute = r.ts / 60'000;
                day = local_day(r.ts);
            }
            st.insert_call.reset();
            store::bind_call(st.insert_call, r, day, session_id);
            st.insert_call.step();
            if (d.changes() == 0) {  // its event id is in the file already
                ++duplicates;
                continue;
            }
            ++stored;
            spans.add(day, d.last_insert_rowid());
            rollups.add(day, r);
        }
        for (const TierSnapshotRecord& s : item.snapshots) {
            st.insert_tier_snapshot.reset();
            store::bind_tier_snapshot(st.insert_tier_snapshot, s, session_id);
            st.insert_tier_snapshot.step();
        }
        follow_epoch(item.epoch, now_ms());
    }
    spans.write(st.upsert_day_span);
    rollups.write(st.upsert_daily);
    t.commit();
    undo.armed = false;

    std::lock_guard lock(mutex);
    status.committed_calls += stored;
    status.duplicate_calls += duplicates;
    status.pending_calls -= stored + duplicates;
    status.session_id = session_id;
}

void Store::Impl::run()
{
    // Open at once, not at the first call: the file (and a problem with it) shows up straight away.
    open();
    done.notify_all();
    for (;;) {
        bool stop;
        {
            std::unique_lock lock(mutex);
            // While the file is unusable, look again every retry_every; otherwise wait for work.
            const auto ready = [&] { return stopping || !queue.empty(); };
            if (unsaved.empty())
                wake.wait(lock, ready);
            else
                wake.wait_for(lock, options.retry_every, ready);
            while (!queue.empty()) {
                unsaved.push_back(std::move(queue.front()));
                queue.pop_front();
            }
            stop = stopping;
        }
        if (!db) open();
        std::uint64_t taken = unsaved.size();
        if (db) {
            try {
                write(unsaved);
                unsaved.clear();
                std::lock_guard lock(mutex);
                status.saving = true;
                status.problem.clear();
            } catch (const sql::Error& e) {
                // The transaction rolled back: nothing of it is in the file; it is all still in `unsaved`.
                std::lock_guard lock(mutex);
                status.saving = false;
                status.problem = std::string("history is not being saved: ") + e.what();
                if (e.code() != SQLITE_FULL && e.code() != SQLITE_BUSY) db.reset();  // reopen on retry
                taken = 0;
            }
        }
        {
            std::lock_guard lock(mutex);
            // Bounded memory while the file is unusable: the oldest records go first, counted.
            std::size_t buffered = 0;
            for (const Item& i : unsaved) buffered += i.calls.size();
            while (buffered > options.max_buffered_calls && !unsaved.empty()) {
                buffered -= unsaved.front().calls.size();
                status.dropped_calls += unsaved.front().calls.size();
                status.pending_calls -= unsaved.front().calls.size();
                unsaved.erase(unsaved.begin());
                ++taken;
            }
            finished += taken;
        }
        done.notify_all();
        if (stop) break;
    }
    if (db && !session_id.empty()) {
        try {
            end_session(*db->database, now_ms());
        } catch (const sql::Error&) {
            // The file went away under us at the very end: the calls are committed; only the end time is
            // lost.
        }
    }
}

void migrate_store_file(const std::string& path, int up_to)
{
    sql::Database d(path, /*create=*/true);
    store::migrate(d, up_to);
}

}  // namespace costpanel
