#include "costpanel/store/store.hpp"

#include "costpanel/core/paths.hpp"
#include "costpanel/core/time.hpp"
#include "day_spans.hpp"
#include "interned_keys.hpp"
#include "latency_bins.hpp"
#include "model_rates.hpp"
#include "record_rows.hpp"
#include "replaced_calls.hpp"
#include "rollups.hpp"
#include "schema.hpp"
#include "session_book.hpp"
#include "time_range.hpp"
#include "write_statements.hpp"

#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>

namespace costpanel {

namespace {

using Clock = std::chrono::steady_clock;

constexpr TimeMs kDayMs = 86'400'000;

// The UTC day of a call, "YYYY-MM-DD": what `calls.day` and day_spans bound scans by. Calls come in
// time order, mostly: the text is made once a day.
class UtcDays
{
public:
    const std::string& of(TimeMs ts)
    {
        if (const std::int64_t day = store::floor_div(ts, kDayMs); day != day_) {
            day_ = day;
            text_ = TimeZone::utc().day_of(ts);
        }
        return text_;
    }

private:
    std::int64_t day_ = std::numeric_limits<std::int64_t>::min();
    std::string text_;
};

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

    struct Written
    {
        std::uint64_t stored = 0, duplicates = 0;
        std::uint64_t replaced = 0;  // of the stored, those that took the place of a row
    };

    explicit Impl(Options o) : options(std::move(o)) {}

    void run();
    bool open();
    void write(const std::vector<Item>& items);
    Written write_transaction(const std::vector<Item>& items);
    void prune(sql::Database& d);

    Options options;
    // Writer thread only.
    std::unique_ptr<Connection> db;
    store::SessionBook sessions{options.label};
    std::vector<Item> unsaved;  // taken off the queue, not yet committed
    Clock::time_point last_prune{};

    // Shared with the owner thread.
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable done;
    std::deque<Item> queue;
    std::vector<std::vector<CallRecord>> written;  // give_back_records: for take_written()
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

std::vector<CallRecord> Store::take_written()
{
    std::lock_guard lock(impl_->mutex);
    if (impl_->written.empty()) return {};
    std::vector<CallRecord> done = std::move(impl_->written.back());
    impl_->written.pop_back();
    return done;
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
        if (options.path != ":memory:") make_private_dirs(parent_directory(options.path));
        auto d = std::make_unique<sql::Database>(options.path, /*create=*/true);
        // WAL: readers (reports, the history view) never block the writer, and a crash never
        // corrupts the file. NORMAL sync: a commit survives a process crash; only an OS crash can
        // lose the last transactions, never the file's integrity.
        d->exec("PRAGMA journal_mode = WAL");
        d->exec("PRAGMA synchronous = NORMAL");
        d->exec("PRAGMA foreign_keys = ON");
        // Ids are written at random places in their index: a page cache that holds it (64 MiB, where
        // SQLite's default is 2) saves reading its pages back from the log, a sixth of an import's time.
        d->exec("PRAGMA cache_size = -65536");
        if (options.max_pages > 0)
            d->exec(("PRAGMA max_page_count = " + std::to_string(options.max_pages)).c_str());
        const int was = store::schema_version(*d);
        store::migrate(*d, kStoreSchemaVersion);
        if (was > 0 && was < 6) {
            // Version 6 left the old calls table's pages free: given back once, the file is a third
            // of its size. Where another connection is reading it cannot be; the next calls reuse them.
            try {
                d->exec("VACUUM");
            } catch (const sql::Error&) {
            }
        }
        db = std::make_unique<Connection>(std::move(d));
        std::lock_guard lock(mutex);
        status.open = true;
        return true;
    } catch (const sql::Error& e) {
        std::lock_guard lock(mutex);
        status.saving = false;
        status.problem = std::string("history is not being saved: ") + e.what();
        return false;
    }
}

void Store::Impl::prune(sql::Database& d)
{
    if (options.retention_days <= 0) return;
    // Calls, roll-ups and snapshots go by one boundary, the start of a UTC day, so that what is kept
    // still adds up whichever zone reads it.
    const std::int64_t day = store::floor_div(now_ms(), kDayMs) - options.retention_days;
    const TimeMs cutoff = day * kDayMs;
    const std::string cutoff_day = TimeZone::utc().day_of(cutoff);
    d.prepare("DELETE FROM call_rows WHERE id <= (SELECT COALESCE(MAX(last_id), -1) FROM day_spans "
              "WHERE day < ?1) AND ts_ms < ?2")
        .bind(1, cutoff_day)
        .bind(2, cutoff)
        .step();
    d.prepare("DELETE FROM day_spans WHERE day < ?1").bind(1, cutoff_day).step();
    d.prepare("DELETE FROM rollup_quarter WHERE quarter < ?1").bind(1, day * store::kQuartersPerDay).step();
    d.prepare("DELETE FROM rollup_day WHERE utc_day < ?1").bind(1, day).step();
    d.prepare("DELETE FROM quarters WHERE quarter < ?1").bind(1, day * store::kQuartersPerDay).step();
    d.prepare("DELETE FROM latency_hour WHERE hour < ?1").bind(1, day * 24).step();
    d.prepare("DELETE FROM latency_day WHERE utc_day < ?1").bind(1, day).step();
    d.prepare("DELETE FROM tier_snapshots WHERE ts_ms < ?1").bind(1, cutoff).step();
    last_prune = Clock::now();
}

void Store::Impl::write(const std::vector<Item>& items)
{
    // A failed transaction leaves nothing in the file: the session bookkeeping goes back with it.
    const store::SessionBook before = sessions;
    Written w;
    try {
        w = write_transaction(items);
    } catch (...) {
        sessions = before;
        throw;
    }
    std::lock_guard lock(mutex);
    status.committed_calls += w.stored;
    status.replaced_calls += w.replaced;
    status.duplicate_calls += w.duplicates;
    status.pending_calls -= w.stored + w.duplicates;
    status.session_id = sessions.id();
}

Store::Impl::Written Store::Impl::write_transaction(const std::vector<Item>& items)
{
    sql::Database& d = *db->database;
    store::WriteStatements& st = db->statements;
    sql::Transaction t(d);
    if (sessions.id().empty()) sessions.start(st, now_ms());
    if (last_prune == Clock::time_point{} || Clock::now() - last_prune > std::chrono::hours(1)) prune(d);
    store::DaySpans spans;
    store::InternedIds<store::RollupKey> keys(st.rollup_key);
    store::InternedIds<store::PricingKey> pricings(st.call_pricing);
    store::Rollups rollups;
    store::LatencyBins latencies;
    store::ModelRates rates;
    UtcDays days;
    // The keys view the session id: each id the transaction uses lives as long as they do.
    std::deque<std::string> session_ids;
    std::deque<store::StoredCall> replaced;  // likewise, the rows taken back out
    Written w;
    for (const Item& item : items) {
        if (item.new_session) {
            sessions.restart(st, now_ms());
            continue;
        }
        for (const CallRecord& r : item.calls) {
            sessions.follow_epoch(st, r.epoch, r.ts);
            bool replacing = false;
            // Takes a stored call back out of the file and its roll-ups: a log's copy replaces it.
            const auto take_out = [&](store::StoredCall&& old) {
                replaced.push_back(std::move(old));
                const store::StoredCall& gone = replaced.back();
                rollups.add(gone.record, gone.key_id, -1);
                latencies.add(gone.record, -1);
                st.delete_call.reset();
                st.delete_call.bind(1, gone.row).step();
                st.delete_call.reset();
                replacing = true;
            };
            if (!r.replaces.empty() && r.replaces != r.event_id) {
                // The main line of a call first stored as a subagent's replay: the replay always goes.
                if (auto old = store::find_call(st.find_call, r.replaces)) take_out(std::move(*old));
            }
            const std::string& day = days.of(r.ts);
            if (session_ids.empty() || session_ids.back() != sessions.id())
                session_ids.push_back(sessions.id());
            const std::int64_t key_id = keys.id_of(store::RollupKey::of(r, session_ids.back()));
            const std::int64_t pricing_id = pricings.id_of(store::PricingKey::of(r));
            const auto insert = [&] {
                st.insert_call.reset();
                store::bind_call(st.insert_call, r, day, key_id, pricing_id);
                st.insert_call.step();
                return d.changes() != 0;
            };
            // Tried first, as most calls are new: only an id already there is looked up.
            bool inserted = insert();
            if (!inserted && r.replaces == r.event_id) {
                // A log's copy of a stored call: the larger of the two stays.
                auto old = store::find_call(st.find_call, r.event_id);
                if (old && store::token_total(old->record.tokens) < store::token_total(r.tokens)) {
                    take_out(std::move(*old));
                    inserted = insert();
                }
            }
            if (!inserted) {  // its event id is in the file already
                ++w.duplicates;
                continue;
            }
            ++w.stored;
            w.replaced += replacing;
            spans.add(day, d.last_insert_rowid());
            rollups.add(r, key_id);
            latencies.add(r);
            rates.add(r);
        }
        for (const TierSnapshotRecord& s : item.snapshots) {
            st.insert_tier_snapshot.reset();
            store::bind_tier_snapshot(st.insert_tier_snapshot, s, sessions.id());
            st.insert_tier_snapshot.step();
        }
        sessions.follow_epoch(st, item.epoch, now_ms());
    }
    spans.write(st.upsert_day_span);
    rollups.write({st.upsert_rollup_quarter, st.upsert_rollup_day, st.upsert_quarter});
    latencies.write(st.upsert_latency_hour, st.upsert_latency_day);
    rates.write(st.upsert_model_rates);
    t.commit();
    return w;
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
        // What this round committed: nothing while the file cannot even be opened.
        std::uint64_t taken = db ? unsaved.size() : 0;
        if (db) {
            try {
                write(unsaved);
                std::lock_guard lock(mutex);
                // A couple of batches' worth is all a reader reuses before the next are written.
                constexpr std::size_t kKeptWritten = 4;
                for (Item& item : unsaved)
                    if (options.give_back_records && written.size() < kKeptWritten && !item.calls.empty())
                        written.push_back(std::move(item.calls));
                unsaved.clear();
                status.saving = true;
                status.problem.clear();
            } catch (const sql::Error& e) {
                // The transaction rolled back: nothing of it is in the file; it is all still in `unsaved`.
                std::lock_guard lock(mutex);
                status.saving = false;
                status.problem = std::string("history is not being saved: ") + e.what();
                if (e.code() != SQLITE_FULL && e.code() != SQLITE_BUSY) {
                    db.reset();  // reopen on retry
                    status.open = false;
                }
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
    if (db) {
        try {
            sessions.end(db->statements, now_ms());
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
