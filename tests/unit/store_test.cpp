// The store with real SQLite files in a temporary directory.
#include "../common/process.hpp"
#include "costpanel/core/demo_conductor.hpp"
#include "costpanel/store/call_report.hpp"
#include "costpanel/store/history.hpp"
#include "costpanel/store/store.hpp"
#include "store/sqlite.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace costpanel;

namespace {

constexpr auto kWait = std::chrono::seconds(30);

Store::Options at(const std::string& path)
{
    Store::Options o;
    o.path = path;
    return o;
}

CallRecord call(const std::string& id, double cost = 0.01, std::uint64_t epoch = 0)
{
    CallRecord c;
    c.ts = now_ms();
    c.event_id = id;
    c.provider = "anthropic";
    c.model = "claude-sonnet-4-5";
    c.tokens = test::tokens(1000, 100);
    c.priced = true;
    c.cost_usd = cost;
    c.epoch = epoch;
    return c;
}

CallRecord reported(const std::string& id, double cost, double theirs)
{
    CallRecord c = call(id, cost);
    c.reported_cost_usd = theirs;
    return c;
}

// A log's call that may be written again: a larger copy of it, or its main line, takes its place.
CallRecord replacing(CallRecord c, const std::string& replaces, std::int64_t output_tokens)
{
    c.replaces = replaces;
    c.tokens.output = output_tokens;
    return c;
}

const ReportRow* row_of(const Report& r, const std::string& key)
{
    for (const ReportRow& row : r.rows)
        if (row.key == key) return &row;
    return nullptr;
}

// The calls the client's-figure tests store: a model with calls that reported a cost and one that
// did not, another model's, and a log's calls taken back by what replaced them.
std::vector<std::vector<CallRecord>> reported_batches()
{
    CallRecord haiku = reported("c", 0.05, 0.05);
    haiku.model = "claude-haiku-4-5";
    return {
        {reported("a", 0.10, 0.12), call("b", 0.30), haiku},
        // A log's copy (it reported $0.011), then its larger copy ($0.019): the larger stays.
        {replacing(reported("g", 0.01, 0.011), "g", 100)},
        {replacing(reported("g", 0.02, 0.019), "g", 200)},
        // A subagent's replay that reported $0.05, then its main line, which reported none.
        {replacing(reported("r-replay", 0.04, 0.05), "r-replay", 100)},
        {replacing(call("r-main", 0.04), "r-replay", 100)},
    };
}

std::int64_t scalar(sql::Database& db, const std::string& query)
{
    auto st = db.prepare(query);
    st.step();
    return st.int64(0);
}

double real(sql::Database& db, const std::string& query)
{
    auto st = db.prepare(query);
    st.step();
    return st.real(0);
}

std::string text(sql::Database& db, const std::string& query)
{
    auto st = db.prepare(query);
    st.step();
    return st.text(0);
}

// Each roll-up must equal a GROUP BY over the raw calls, row for row: by quarter and every field
// they are keyed by, by UTC day likewise, and by quarter alone.
void check_rollups_match(sql::Database& db)
{
    const std::string dims =
        "provider, model, tier, activity, project, host, service_tier, source, session_id, "
        "conductor_session, routing_reason, priced";
    const std::string call_dims =
        "provider, model, tier, activity, project, host, service_tier, source, session_id, "
        "COALESCE(conductor_session, ''), COALESCE(routing_reason, ''), priced";
    const std::string sums =
        "COUNT(*), SUM(1 - success), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), "
        "SUM(cache_write_tokens), SUM(cache_write_1h_tokens), SUM(reasoning_tokens), SUM(cost_usd), "
        "SUM(COALESCE(latency_ms, 0)), COUNT(latency_ms), SUM(COALESCE(reported_cost_usd, 0)), "
        "COUNT(reported_cost_usd), SUM(CASE WHEN reported_cost_usd IS NULL THEN 0 ELSE cost_usd END)";
    const std::string rolled = "calls, failed_calls, input_tokens, output_tokens, cache_read_tokens, "
                               "cache_write_tokens, cache_write_1h_tokens, reasoning_tokens, cost_usd, "
                               "latency_ms_sum, latency_samples, reported_cost_usd, reported_calls, "
                               "reported_calls_cost_usd";
    const std::string quarter = "(ts_ms / 900000) - (ts_ms % 900000 < 0)";
    const std::pair<std::string, std::string> pairs[] = {
        {"SELECT " + quarter + ", " + call_dims + ", " + sums +
             " FROM calls GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "
             "11, 12, 13 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13",
         "SELECT quarter, " + dims + ", " + rolled +
             " FROM rollup_quarter JOIN rollup_keys ON id = key_id ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "
             "11, 12, 13"},
        {"SELECT (ts_ms / 86400000) - (ts_ms % 86400000 < 0), " + call_dims + ", " + sums +
             " FROM calls GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 ORDER BY 1, 2, 3, 4, 5, 6, 7, "
             "8, 9, 10, "
             "11, 12, 13",
         "SELECT utc_day, " + dims + ", " + rolled +
             " FROM rollup_day JOIN rollup_keys ON id = key_id ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "
             "12, 13"},
    };
    for (const auto& [grouped, stored] : pairs) {
        INFO(stored);
        auto a = db.prepare(grouped);
        auto b = db.prepare(stored);
        int rows = 0;
        for (;;) {
            const bool more_a = a.step(), more_b = b.step();
            REQUIRE(more_a == more_b);
            if (!more_a) break;
            ++rows;
            for (int c = 0; c < 13; ++c) CHECK(a.text(c) == b.text(c));
            for (int c = 13; c < 27; ++c) {
                if (c == 21 || c == 22 || c == 24 || c == 26)
                    CHECK(a.real(c) == Approx(b.real(c)).epsilon(1e-12));
                else
                    CHECK(a.int64(c) == b.int64(c));
            }
        }
        CHECK(rows > 0);
    }
    CHECK(scalar(db, "SELECT COUNT(*) FROM (SELECT quarter, SUM(calls) AS n, SUM(cost_usd) AS usd, "
                     "SUM(reported_calls_cost_usd) AS ours FROM rollup_quarter GROUP BY quarter) r LEFT JOIN "
                     "quarters q "
                     "USING (quarter) WHERE q.calls IS NOT r.n OR abs(q.cost_usd - r.usd) > 1e-9 OR "
                     "abs(q.reported_calls_cost_usd - r.ours) > 1e-9") == 0);
    CHECK(scalar(db, "SELECT COUNT(*) FROM quarters") ==
          scalar(db, "SELECT COUNT(DISTINCT quarter) FROM rollup_quarter"));
}

// Every call's rowid lies in its day's span: range queries on calls go through the spans.
void check_spans_cover(sql::Database& db)
{
    CHECK(scalar(db,
                 "SELECT COUNT(*) FROM calls c LEFT JOIN day_spans s ON s.day = c.day WHERE s.day IS NULL "
                 "OR c.id NOT BETWEEN s.first_id AND s.last_id") == 0);
    CHECK(scalar(db, "SELECT COUNT(*) FROM day_spans s WHERE NOT EXISTS (SELECT 1 FROM calls c WHERE c.day = "
                     "s.day)") == 0);
}

// The columns of version 5's calls table, in its order (the view that replaced it reads the same).
const char kVersion5Columns[] =
    "id, ts_ms, day, session_id, conductor_session, event_id, provider, model, tier, activity, category, "
    "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, "
    "reasoning_tokens, latency_ms, success, error, cache_hit, priced, cost_usd, rate_input, rate_output, "
    "rate_cache_read, rate_cache_write, rate_cache_write_1h, long_context, routing_reason, service_tier, "
    "project, host, source, reported_cost_usd, priced_as, approximate, standard_rate";

// A store this costpanel wrote, as version 5 kept it: the calls a table of their own, every name in
// each row. The table is made as version 5 made it (its SQL taken from a file migrated that far).
void back_to_version_5(sql::Database& db, const std::string& scratch)
{
    migrate_store_file(scratch, 5);
    std::string create;
    {
        sql::Database v5(scratch, false);
        create = text(v5, "SELECT sql FROM sqlite_master WHERE name = 'calls'");
    }
    REQUIRE(create.starts_with("CREATE TABLE calls ("));
    create.replace(0, std::string("CREATE TABLE calls").size(), "CREATE TABLE calls_v5");
    db.exec(create.c_str());
    db.exec((std::string("INSERT INTO calls_v5(") + kVersion5Columns + ") SELECT " + kVersion5Columns +
             " FROM calls; DROP VIEW calls; DROP TABLE call_rows; DROP TABLE call_pricing; "
             "ALTER TABLE calls_v5 RENAME TO calls; "
             "PRAGMA user_version = 5")
                .c_str());
}

// Every column of every call, a line a call: what two versions of the file must read alike.
std::vector<std::string> call_lines(sql::Database& db)
{
    auto st = db.prepare(std::string("SELECT ") + kVersion5Columns + " FROM calls ORDER BY id");
    std::vector<std::string> lines;
    while (st.step()) {
        std::string line;
        for (int c = 0; c < st.columns(); ++c) {
            // Appended piece by piece: GCC 12's -Wrestrict misfires on "'" + text + "'" at -O2.
            if (st.is_null(c)) {
                line += "NULL";
            } else {
                line += '\'';
                line += st.text(c);
                line += '\'';
            }
            line += '|';
        }
        lines.push_back(line);
    }
    return lines;
}

}  // namespace

TEST_CASE("every field of a call goes into the store and comes back", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    CallRecord c = call("e1", 0.123456789);
    c.conductor_session = "run-7";
    c.tier = "Tier 3";
    c.activity = "report.simulation";
    c.category = "report";
    c.tokens = test::tokens(11, 22, 33, 44, 55);
    c.reasoning_tokens = 7;
    c.latency_ms = 812.5;
    c.success = false;
    c.error = "overloaded_error";
    c.cache_hit = true;
    c.routing_reason = "cheapest capable";
    c.rates = {3e-6, 15e-6, 0.3e-6, 3.75e-6, 6e-6};
    c.long_context = true;
    {
        Store store(at(path));
        store.add({c}, {{c.ts, "Tier 3", "claude-sonnet-4-5", test::tokens(1, 2, 3, 4), 0}}, 0);
        REQUIRE(store.flush());
        CHECK(store.status().committed_calls == 1);
        CHECK(store.status().pending_calls == 0);
    }
    sql::Database db(path, false);
    auto st = db.prepare(
        "SELECT ts_ms, conductor_session, event_id, provider, model, tier, activity, category, input_tokens, "
        "output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, reasoning_tokens, "
        "latency_ms, "
        "success, error, cache_hit, routing_reason, priced, cost_usd, rate_input, rate_output, "
        "rate_cache_read, "
        "rate_cache_write, rate_cache_write_1h, long_context, session_id FROM calls");
    REQUIRE(st.step());
    CHECK(st.int64(0) == c.ts);
    CHECK(st.text(1) == "run-7");
    CHECK(st.text(2) == "e1");
    CHECK(st.text(3) == "anthropic");
    CHECK(st.text(4) == "claude-sonnet-4-5");
    CHECK(st.text(5) == "Tier 3");
    CHECK(st.text(6) == "report.simulation");
    CHECK(st.text(7) == "report");
    for (int i = 0; i < 5; ++i) CHECK(st.int64(8 + i) == 11 * (i + 1));
    CHECK(st.int64(13) == 7);
    CHECK(st.real(14) == 812.5);
    CHECK(st.int64(15) == 0);
    CHECK(st.text(16) == "overloaded_error");
    CHECK(st.int64(17) == 1);
    CHECK(st.text(18) == "cheapest capable");
    CHECK(st.int64(19) == 1);
    CHECK(st.real(20) == 0.123456789);
    CHECK(st.real(21) == 3e-6);
    CHECK(st.real(25) == 6e-6);
    CHECK(st.int64(26) == 1);
    const std::string session = st.text(27);
    CHECK(session.size() == 32);
    CHECK_FALSE(st.step());
    CHECK(scalar(db, "SELECT COUNT(*) FROM sessions WHERE id = '" + session + "' AND ended_ms IS NOT NULL") ==
          1);
    CHECK(scalar(db, "SELECT cache_write_tokens FROM tier_snapshots WHERE tier = 'Tier 3'") == 4);
    CHECK(text(db, "PRAGMA journal_mode") == "wal");
    CHECK(scalar(db, "PRAGMA user_version") == kStoreSchemaVersion);
}

TEST_CASE("roll-ups equal a GROUP BY over the raw calls", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    {
        EventFolder::Options o{std::make_shared<const PriceTable>(PriceTable::builtin()), {}};
        o.keep_records = true;
        EventFolder folder(o);
        DemoConductor demo(9);
        Store store(at(path));
        for (int batch = 0; batch < 20; ++batch) {
            for (int i = 0; i < 150; ++i)
                folder.add_line(demo.next_line(now_ms() - 86'400'000 * (batch % 3)), "demo", 1, now_ms());
            Batch b = folder.take_batch();
            // Some calls with the client's own figure, so ours over those calls is summed too.
            for (std::size_t i = 0; i < b.calls.size(); i += 3)
                b.calls[i].reported_cost_usd = b.calls[i].cost_usd * 1.1;
            store.add(std::move(b.calls), std::move(b.tier_snapshots), b.epoch);
        }
        REQUIRE(store.flush());
    }
    sql::Database db(path, false);
    CHECK(scalar(db, "SELECT COUNT(DISTINCT day) FROM calls") == 3);
    CHECK(scalar(db, "SELECT COUNT(reported_cost_usd) FROM calls") > 0);
    check_rollups_match(db);
}

TEST_CASE("a replayed event id is stored once", "[store]")
{
    test::TempDir dir;
    Store store(at(dir / "usage.db"));
    store.add({call("same"), call("other")}, {}, 0);
    store.add({call("same", 99.0)}, {}, 0);
    CallRecord anonymous = call("");
    store.add({anonymous, anonymous}, {}, 0);  // no id: each is its own call
    REQUIRE(store.flush());
    CHECK(store.status().committed_calls == 4);
    CHECK(store.status().duplicate_calls == 1);
    sql::Database db(dir / "usage.db", false);
    CHECK(real(db, "SELECT SUM(cost_usd) FROM calls") == Approx(0.04));
    CHECK(real(db, "SELECT SUM(cost_usd) FROM quarters") == Approx(0.04));
}

TEST_CASE("sessions follow session_reset events and the toolbar's Reset", "[store]")
{
    test::TempDir dir;
    {
        Store store(at(dir / "usage.db"));
        store.add({call("a", 0.01, 0)}, {}, 0);
        store.add({call("b", 0.01, 1), call("c", 0.01, 1)}, {}, 1);  // a reset event came before b
        store.new_session();                                         // then the toolbar's
        store.add({call("d", 0.01, 1)}, {}, 2);                      // and a reset with no call after it
        store.add({call("e", 0.01, 2)}, {}, 2);
        REQUIRE(store.flush());
    }
    sql::Database db(dir / "usage.db", false);
    CHECK(scalar(db, "SELECT COUNT(*) FROM sessions") == 4);
    CHECK(scalar(db, "SELECT COUNT(*) FROM sessions WHERE ended_ms IS NULL") == 0);
    CHECK(scalar(db, "SELECT COUNT(DISTINCT session_id) FROM calls WHERE event_id IN ('b', 'c')") == 1);
    CHECK(scalar(db, "SELECT COUNT(DISTINCT session_id) FROM calls") == 4);
    CHECK(text(db, "SELECT session_id FROM calls WHERE event_id = 'a'") !=
          text(db, "SELECT session_id FROM calls WHERE event_id = 'b'"));
    CHECK(text(db, "SELECT session_id FROM calls WHERE event_id = 'd'") !=
          text(db, "SELECT session_id FROM calls WHERE event_id = 'e'"));
}

TEST_CASE("a version-1 file is migrated and keeps its calls", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "old.db";
    migrate_store_file(path, 1);
    {
        sql::Database db(path, false);
        CHECK(scalar(db, "PRAGMA user_version") == 1);
        db.exec("INSERT INTO sessions(id, started_ms) VALUES ('old', 1)");
        db.exec("INSERT INTO calls(ts_ms, day, session_id, event_id, provider, model, input_tokens, "
                "output_tokens, "
                "cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, reasoning_tokens, success, "
                "priced, "
                "cost_usd, rate_input, rate_output, rate_cache_read, rate_cache_write, rate_cache_write_1h, "
                "long_context) VALUES (1767268800000, '2026-01-01', 'old', 'v1', 'openai', 'gpt-4o', 1, 1, "
                "0, 0, 0, "
                "0, 1, 1, 0.5, 0, 0, 0, 0, 0, 0)");  // 2026-01-01T12:00:00Z
    }
    {
        Store store(at(path));
        CallRecord c = call("v2");
        c.routing_reason = "escalation";
        store.add({c}, {}, 0);
        store.add({call("v1")}, {}, 0);  // the old call's id still counts
        REQUIRE(store.flush());
        CHECK(store.status().duplicate_calls == 1);
    }
    sql::Database db(path, false);
    CHECK(scalar(db, "PRAGMA user_version") == kStoreSchemaVersion);
    CHECK(scalar(db, "SELECT COUNT(*) FROM calls") == 2);
    CHECK(scalar(db, "SELECT routing_reason IS NULL FROM calls WHERE event_id = 'v1'") == 1);
    CHECK(text(db, "SELECT routing_reason FROM calls WHERE event_id = 'v2'") == "escalation");
    check_spans_cover(db);
    const Report old_day = History(path, TimeZone::utc()).report("session", {"2026-01-01", "2026-01-01"});
    REQUIRE(old_day.rows.size() == 1);
    CHECK(old_day.rows[0].key == "old");
    CHECK(old_day.rows[0].cost_usd == 0.5);
}

TEST_CASE("calls written out of day order are found by their day, and only they", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    const auto days_ago = [](const std::string& id, int days) {
        CallRecord c = call(id);
        c.ts -= days * 86'400'000LL;
        return c;
    };
    {
        // Three transactions: an old day, today, then the old day again (an import of old logs).
        Store store(at(path));
        store.add({days_ago("old-1", 3), days_ago("old-2", 3)}, {}, 0);
        REQUIRE(store.flush());
        store.add({call("today-1"), call("today-2")}, {}, 0);
        REQUIRE(store.flush());
        store.add({days_ago("old-3", 3), call("today-3")}, {}, 0);
        REQUIRE(store.flush());
    }
    sql::Database db(path, false);
    check_spans_cover(db);
    const std::string old_day = text(db, "SELECT day FROM calls WHERE event_id = 'old-1'");
    const std::string today = text(db, "SELECT day FROM calls WHERE event_id = 'today-1'");
    History history(path, TimeZone::utc());  // `day` is the UTC day
    std::ostringstream old_csv, today_csv;
    history.export_calls({old_day, old_day}, ExportFormat::csv, old_csv);
    history.export_calls({today, today}, ExportFormat::csv, today_csv);
    for (const char* id : {"old-1", "old-2", "old-3"}) {
        CHECK(old_csv.str().find(id) != std::string::npos);
        CHECK(today_csv.str().find(id) == std::string::npos);
    }
    for (const char* id : {"today-1", "today-2", "today-3"}) {
        CHECK(today_csv.str().find(id) != std::string::npos);
        CHECK(old_csv.str().find(id) == std::string::npos);
    }
    CHECK(history.report("session", {old_day, old_day}).calls == 3);
    CHECK(history.report("session", {today, today}).calls == 3);
    CHECK(history.report("session", {}).calls == 6);
    const HistoryOverview o = history.overview({old_day, old_day}, "");
    std::uint64_t health_calls = 0;
    for (const ActivityHealth& h : o.health) health_calls += h.calls;
    CHECK(health_calls == 3);  // from the raw calls, through the spans
    CHECK(o.savings.actual_usd == Approx(0.03));
}

TEST_CASE("a process killed mid-write loses at most its last batch and never corrupts the file", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    test::Process child({COSTPANEL_STORE_CHILD, path}, {});
    std::uint64_t committed = 0;
    while (committed < 5000) {
        const auto line = child.wait_for_line("committed ");
        REQUIRE(line);
        committed = std::stoull(line->substr(10));
    }
    child.signal(SIGKILL);
    REQUIRE(child.wait_exit());

    sql::Database db(path, false);
    CHECK(text(db, "PRAGMA integrity_check") == "ok");
    const std::int64_t rows = scalar(db, "SELECT COUNT(*) FROM calls");
    CHECK(rows >= static_cast<std::int64_t>(committed));  // every reported commit is there
    CHECK(scalar(db, "SELECT COUNT(DISTINCT event_id) FROM calls") == rows);  // none twice
    CHECK(scalar(db, "SELECT SUM(calls) FROM quarters") == rows);
    check_rollups_match(db);
}

TEST_CASE("a full disk: the store says so, keeps the calls in memory, and commits them once there is room",
          "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    migrate_store_file(path);  // the schema fits; the calls will not
    Store::Options o = at(path);
    o.max_pages = 12;
    o.retry_every = std::chrono::milliseconds(50);
    Store store(o);
    std::vector<CallRecord> many;
    for (int i = 0; i < 2000; ++i) {
        std::string id = "f";
        id += std::to_string(i);  // not "f" + ...: GCC 12's -Wrestrict misfires on it at -O2
        many.push_back(call(id));
    }
    store.add(std::move(many), {}, 0);
    REQUIRE(store.wait_until([](const StoreStatus& s) { return !s.saving; }, kWait));
    const StoreStatus s = store.status();
    CHECK(s.problem.find("full") != std::string::npos);
    CHECK(s.pending_calls == 2000);
    CHECK(s.committed_calls == 0);
    CHECK_FALSE(store.flush(std::chrono::milliseconds(200)));
    sql::Database db(path, false);
    CHECK(text(db, "PRAGMA integrity_check") == "ok");
    CHECK(scalar(db, "SELECT COUNT(*) FROM calls") == 0);
}

TEST_CASE("a file that is not a database is reported and never overwritten", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    const std::string garbage = "this is somebody's notes, not a database\n" + std::string(8192, 'x');
    std::ofstream(path) << garbage;
    {
        Store::Options o = at(path);
        o.retry_every = std::chrono::milliseconds(20);
        Store store(o);
        store.add({call("x")}, {}, 0);
        REQUIRE(store.wait_until([](const StoreStatus& s) { return !s.saving; }, kWait));
        CHECK(store.status().problem.find("not a database") != std::string::npos);
        CHECK(store.status().pending_calls == 1);
    }
    std::ifstream in(path);
    const std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(after == garbage);
}

TEST_CASE("a file locked by another process: the store waits, reports, and catches up when it is free",
          "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    migrate_store_file(path);
    auto locker = std::make_unique<sql::Database>(path, false);
    locker->exec("PRAGMA journal_mode = WAL");
    locker->exec("BEGIN EXCLUSIVE");
    Store::Options o = at(path);
    o.retry_every = std::chrono::milliseconds(50);
    Store store(o);
    store.add({call("l1"), call("l2")}, {}, 0);
    REQUIRE(store.wait_until([](const StoreStatus& s) { return !s.saving; }, kWait));
    CHECK(store.status().problem.find("locked") != std::string::npos);
    locker->exec("ROLLBACK");
    locker.reset();
    REQUIRE(store.flush(kWait));
    CHECK(store.status().saving);
    CHECK(store.status().committed_calls == 2);
}

TEST_CASE("retention keeps N days, calls and roll-ups alike", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    {
        Store store(at(path));
        CallRecord old = call("old");
        old.ts -= 40LL * 86'400'000;
        store.add({old, call("new")}, {}, 0);
        REQUIRE(store.flush());
    }
    {
        Store::Options o = at(path);
        o.retention_days = 30;
        Store store(o);
        store.add({call("newer")}, {}, 0);
        REQUIRE(store.flush());
    }
    sql::Database db(path, false);
    CHECK(scalar(db, "SELECT COUNT(*) FROM calls") == 2);
    CHECK(scalar(db, "SELECT COUNT(*) FROM calls WHERE event_id = 'old'") == 0);
    check_rollups_match(db);
    check_spans_cover(db);
}

TEST_CASE("the overview: savings, cache hit rate, latency and errors on known numbers", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    const auto priced_call = [](const std::string& id, const std::string& provider, const std::string& model,
                                ModelPrice::Resolved rates, TokenCounts tokens, const std::string& activity,
                                double latency, bool ok, const std::string& routing) {
        CallRecord c = call(id);
        c.provider = provider;
        c.model = model;
        c.rates = rates;
        c.tokens = tokens;
        c.activity = activity;
        c.latency_ms = latency;
        c.success = ok;
        c.routing_reason = routing;
        c.cost_usd = tokens.input * rates.input + tokens.output * rates.output +
                     tokens.cache_read * rates.cache_read + tokens.cache_write * rates.cache_write +
                     tokens.cache_write_1h * rates.cache_write_1h;
        return c;
    };
    const ModelPrice::Resolved big{3e-6, 15e-6, 0.3e-6, 3.75e-6, 6e-6};
    const ModelPrice::Resolved small{0.15e-6, 0.6e-6, 0.075e-6, 0.15e-6, 0.15e-6};
    {
        Store store(at(path));
        store.add({priced_call("a", "anthropic", "big", big, test::tokens(1000, 100, 10000, 2000), "plan",
                               100, true, ""),
                   priced_call("b", "openai", "small", small, test::tokens(10000, 1000), "work", 300, false,
                               "cheapest"),
                   priced_call("c", "openai", "small", small, test::tokens(20000, 0), "work", 200, true,
                               "cheapest")},
                  {}, 0);
        REQUIRE(store.flush());
    }
    History history(path);
    const HistoryOverview o = history.overview({});
    const double a = 1000 * 3e-6 + 100 * 15e-6 + 10000 * 0.3e-6 + 2000 * 3.75e-6;
    const double b = 10000 * 0.15e-6 + 1000 * 0.6e-6, c = 20000 * 0.15e-6;
    CHECK(o.total_usd == Approx(a + b + c));
    CHECK(o.calls == 3);
    // Reads saved (3 - 0.3) per million on 10,000; writes cost (3.75 - 3) per million more on 2,000.
    CHECK(o.savings.prompt_cache_usd == Approx(10000 * 2.7e-6 - 2000 * 0.75e-6));
    CHECK(o.cache_hit_rate == Approx(10000.0 / 43000.0));
    CHECK(o.savings.baseline_model == "anthropic/big");
    CHECK(o.savings.actual_usd == Approx(a + b + c));
    CHECK(o.savings.baseline_usd == Approx(a + (10000 * 3e-6 + 1000 * 15e-6) + 20000 * 3e-6));
    REQUIRE(o.savings.by_routing_reason.size() == 1);
    CHECK(o.savings.by_routing_reason[0].first == "cheapest");
    CHECK(o.savings.by_routing_reason[0].second == Approx(0.105 - b - c));
    REQUIRE(o.health.size() == 2);
    const ActivityHealth& work = o.health[1].activity == "work" ? o.health[1] : o.health[0];
    CHECK(work.calls == 2);
    CHECK(work.mean_latency_ms == Approx(250));
    CHECK(work.p95_latency_ms == Approx(300).epsilon(0.09));  // from an eight-bins-an-octave histogram
    CHECK(work.error_rate == Approx(0.5));
    CHECK(o.providers[0].key == "anthropic");
    CHECK(o.days.size() == 1);
    // A named baseline.
    CHECK(history.overview({}, "small").savings.baseline_usd ==
          Approx(o.savings.actual_usd - a +
                 (1000 * 0.15e-6 + 100 * 0.6e-6 + 10000 * 0.075e-6 + 2000 * 0.15e-6)));
}

TEST_CASE("a read-only file: the store says so and leaves the file as it was", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    {
        Store store(at(path));
        store.add({call("before")}, {}, 0);
        REQUIRE(store.flush());
    }
    std::filesystem::permissions(dir.path(), std::filesystem::perms(0755));
    std::filesystem::permissions(path, std::filesystem::perms(0444));
    const auto size_before = std::filesystem::file_size(path);
    // Root writes through a 0444 file: the store runs in a child that is not root (nobody) when we are.
    const std::optional<std::string> answer = test::as_nobody([&] {
        Store::Options o = at(path);
        o.retry_every = std::chrono::milliseconds(20);
        Store store(o);
        store.add({call("after")}, {}, 0);
        const bool degraded = store.wait_until([](const StoreStatus& s) { return !s.saving; }, kWait);
        return (degraded ? "degraded " : "saved ") + store.status().problem;
    });
    REQUIRE(answer);
    INFO(*answer);
    CHECK(answer->starts_with("degraded history is not being saved"));
    CHECK((answer->find("readonly") != std::string::npos || answer->find("read-only") != std::string::npos ||
           answer->find("unable to open") != std::string::npos));
    std::filesystem::permissions(path, std::filesystem::perms(0644));
    CHECK(std::filesystem::file_size(path) == size_before);
    sql::Database db(path, false);
    CHECK(text(db, "PRAGMA integrity_check") == "ok");
    CHECK(scalar(db, "SELECT COUNT(*) FROM calls") == 1);
}

TEST_CASE("a store written in one zone is reported in the reader's: days, weeks and ranges", "[store][time]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    const auto at_time = [](const std::string& id, const char* rfc3339, double cost) {
        CallRecord c = call(id, cost);
        c.ts = *parse_rfc3339(rfc3339);
        return c;
    };
    {
        // Written under Tokyo's clock: the writer's zone must not matter any more.
        ::setenv("TZ", "Asia/Tokyo", 1);
        Store store(at(path));
        store.add({at_time("a", "2026-11-20T10:00:00Z", 1.0),   // Kathmandu 15:45, Tokyo 19:00 (20th)
                   at_time("b", "2026-11-20T18:10:00Z", 2.0),   // Kathmandu 23:55 (20th), Tokyo 03:10 (21st)
                   at_time("c", "2026-11-20T18:20:00Z", 4.0),   // Kathmandu 00:05 (21st)
                   at_time("d", "2026-11-23T01:00:00Z", 8.0)},  // Monday 23rd in UTC and Tokyo, Sunday in LA
                  {}, 0);
        REQUIRE(store.flush());
        ::unsetenv("TZ");
    }
    const auto days = [&](const char* zone) {
        std::string out;
        for (const ReportRow& r : History(path, TimeZone::named(zone)).report("day", {}).rows)
            out += r.key + "=" + std::to_string(static_cast<int>(r.cost_usd)) + " ";
        return out;
    };
    CHECK(days("UTC") == "2026-11-20=7 2026-11-23=8 ");
    CHECK(days("Asia/Tokyo") == "2026-11-20=1 2026-11-21=6 2026-11-23=8 ");
    CHECK(days("Asia/Kathmandu") == "2026-11-20=3 2026-11-21=4 2026-11-23=8 ");
    CHECK(days("Asia/Kolkata") == "2026-11-20=7 2026-11-23=8 ");  // +05:30: 18:20Z is 23:50
    CHECK(days("America/Los_Angeles") == "2026-11-20=7 2026-11-22=8 ");

    // A range is the reader's days too, and spent() agrees with the report.
    History kathmandu(path, TimeZone::named("Asia/Kathmandu"));
    CHECK(kathmandu.spent({"2026-11-21", "2026-11-21"}) == Approx(4.0));
    CHECK(kathmandu.report("model", {"2026-11-20", "2026-11-20"}).total_usd == Approx(3.0));
    CHECK(kathmandu.report("model", {"2026-11-21", "2026-11-23"}).total_usd == Approx(12.0));
    CHECK(kathmandu.report("model", {}).total_usd == Approx(15.0));
    CHECK(kathmandu.report("day", {}).timezone == "Asia/Kathmandu");
    // Weeks start on the reader's Monday: in Los Angeles the 23rd's call is Sunday the 22nd.
    CHECK(History(path, TimeZone::named("America/Los_Angeles")).report("week", {}).rows.size() == 1);
    CHECK(History(path, TimeZone::utc()).report("week", {}).rows.size() == 2);
    // The export's times carry the reader's offset.
    std::ostringstream csv;
    kathmandu.export_calls({"2026-11-21", "2026-11-21"}, ExportFormat::csv, csv);
    CHECK(csv.str().find("2026-11-21T00:05:00.000+05:45,2026-11-21 00:05:00,") != std::string::npos);
    CHECK(csv.str().find(",b,") == std::string::npos);
    CHECK_THROWS_AS(kathmandu.report("day", {"2026-11-21", "2026-11-20"}), std::invalid_argument);
    CHECK_THROWS_AS(kathmandu.report("day", {"21/11/2026", ""}), std::invalid_argument);
}

TEST_CASE("a range over months adds whole UTC days and quarter hours at its ends alike", "[store][time]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    std::vector<CallRecord> calls;
    // One call every 7 hours and 5 minutes for 60 days: every quarter of a day is hit some day.
    const TimeMs start = *parse_rfc3339("2026-09-01T00:00:00Z");
    for (int i = 0; i < 60 * 24 * 60 / 425; ++i) {
        CallRecord c = call(test::numbered("q", i), 0.25);
        c.ts = start + static_cast<TimeMs>(i) * 425 * 60'000;
        calls.push_back(c);
    }
    {
        Store store(at(path));
        store.add(std::move(calls), {}, 0);
        REQUIRE(store.flush());
    }
    for (const char* zone : {"UTC", "Asia/Kathmandu", "Asia/Kolkata", "America/St_Johns", "Europe/Paris"}) {
        INFO(zone);
        History h(path, TimeZone::named(zone));
        for (const DayRange& range :
             {DayRange{"2026-09-03", "2026-10-17"}, DayRange{"2026-09-10", "2026-09-10"},
              DayRange{"2026-10-24", "2026-10-26"}}) {
            INFO(range.from << " to " << range.to);
            // The roll-ups against the raw calls of the same instants.
            const TimeZone z = TimeZone::named(zone);
            const TimeMs t0 = z.start_of(*parse_day(range.from));
            const TimeMs t1 = z.start_of(std::chrono::sys_days(*parse_day(range.to)) + std::chrono::days(1));
            sql::Database db(path, false, true);
            auto st = db.prepare(
                "SELECT COUNT(*), COALESCE(SUM(cost_usd), 0) FROM calls WHERE ts_ms >= ?1 AND ts_ms < ?2");
            st.bind(1, t0).bind(2, t1);
            st.step();
            const Report by_model = h.report("model", range);
            const Report by_day = h.report("day", range);
            CHECK(by_model.calls == static_cast<std::uint64_t>(st.int64(0)));
            CHECK(by_day.calls == static_cast<std::uint64_t>(st.int64(0)));
            CHECK(by_model.total_usd == Approx(st.real(1)));
            CHECK(h.spent(range) == Approx(st.real(1)));
        }
    }
}

TEST_CASE("a version-3 store is migrated to instants and keeps every total", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "v3.db";
    migrate_store_file(path, 3);
    {
        // As version 3 wrote them: the writer's local day (here UTC), the daily roll-up and its spans.
        sql::Database db(path, false);
        db.exec("INSERT INTO sessions(id, started_ms, label) VALUES ('s3', 1763600000000, 'window')");
        const char* ts[] = {"2026-11-19T23:50:00Z", "2026-11-20T00:10:00Z", "2026-11-20T12:00:00Z"};
        for (int i = 0; i < 3; ++i) {
            const TimeMs t = *parse_rfc3339(ts[i]);
            db.prepare(
                  "INSERT INTO calls(ts_ms, day, session_id, event_id, provider, model, tier, activity, "
                  "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, "
                  "cache_write_1h_tokens, "
                  "reasoning_tokens, success, priced, cost_usd, rate_input, rate_output, rate_cache_read, "
                  "rate_cache_write, rate_cache_write_1h, long_context, latency_ms) VALUES (?1, ?2, 's3', "
                  "?3, "
                  "'openai', 'gpt-4o', 'Tier 3', 'edit', 1000, 100, 50, 10, 5, 0, ?4, 1, ?5, 2.5e-6, 1e-5, "
                  "1.25e-6, 2.5e-6, 2.5e-6, 0, 100)")
                .bind(1, t)
                .bind(2, TimeZone::utc().day_of(t))
                .bind(3, std::string("v3-") + std::to_string(i))
                .bind(4, std::int64_t{i != 1})
                .bind(5, 0.25 * (i + 1))
                .step();
        }
        db.exec("INSERT INTO daily SELECT day, provider, model, tier, activity, COUNT(*), SUM(1 - success), "
                "SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens + "
                "cache_write_1h_tokens), SUM(reasoning_tokens), SUM(cost_usd), SUM(latency_ms), "
                "COUNT(latency_ms) "
                "FROM calls GROUP BY 1, 2, 3, 4, 5");
        db.exec("INSERT INTO day_spans SELECT day, MIN(id), MAX(id) FROM calls GROUP BY day");
    }
    {
        Store store(at(path));
    }  // opening migrates
    sql::Database db(path, false);
    CHECK(scalar(db, "PRAGMA user_version") == kStoreSchemaVersion);
    CHECK(scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'daily'") == 0);
    check_rollups_match(db);
    check_spans_cover(db);
    History h(path, TimeZone::utc());
    const Report days = h.report("day", {});
    REQUIRE(days.rows.size() == 2);
    CHECK(days.rows[0].key == "2026-11-19");
    CHECK(days.rows[0].cost_usd == Approx(0.25));
    CHECK(days.rows[1].cost_usd == Approx(1.25));
    CHECK(days.total_usd == Approx(1.5));
    CHECK(h.report("session", {}).rows.at(0).calls == 3);
    // In Tokyo the same calls are all on the 20th.
    CHECK(History(path, TimeZone::named("Asia/Tokyo")).report("day", {}).rows.size() == 1);
    const HistoryOverview o = h.overview({"2026-11-19", "2026-11-20"});
    REQUIRE(o.health.size() == 1);
    CHECK(o.health[0].error_rate == Approx(1.0 / 3));
}

TEST_CASE("a version-5 store's calls point at their roll-up keys and read as they did", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "v5.db";
    {
        Store store(at(path));
        CallRecord routed = call("routed", 0.02);
        routed.routing_reason = "escalation";
        routed.conductor_session = "conductor-1";
        routed.tier = "Tier 2";
        routed.latency_ms = 812.5;
        routed.priced_as = "claude-sonnet-4-5";
        routed.rates.input = 6e-6;  // as priced past the long-context threshold, by a guessed key
        routed.rates.output = 2.25e-5;
        routed.long_context = true;
        routed.approximate = true;
        CallRecord failed = call("failed", 0.0);
        failed.success = false;
        failed.error = "rate_limit";
        failed.priced = false;
        CallRecord logged = replacing(reported("logged", 0.03, 0.031), "logged", 150);
        logged.source = "claude-code";
        logged.project = "-home-ana-shop";
        logged.priced_as = "claude-sonnet-4-5";
        store.add({call("plain"), routed, failed, logged}, {}, 0);
        REQUIRE(store.flush());
        store.new_session();
        store.add({call("later", 0.04)}, {}, 0);
        REQUIRE(store.flush());
    }
    std::vector<std::string> before;
    {
        sql::Database db(path, false);
        back_to_version_5(db, dir / "scratch.db");
        // A row whose names no roll-up key holds yet (a file edited by hand): it is not lost.
        db.exec(
            "INSERT INTO calls(ts_ms, day, session_id, event_id, provider, model, tier, activity, category, "
            "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, "
            "reasoning_tokens, success, priced, cost_usd, rate_input, rate_output, rate_cache_read, "
            "rate_cache_write, rate_cache_write_1h, long_context, host) SELECT ts_ms + 1, day, "
            "session_id, 'by-hand', 'openai', 'gpt-4o', '', '', '', 1, 2, 3, 4, 5, 6, 1, 1, 0.5, 0, 0, 0, 0, "
            "0, 0, 'elsewhere' FROM calls WHERE event_id = 'plain'");
        before = call_lines(db);
    }
    REQUIRE(before.size() == 6);
    {
        Store store(at(path));
        REQUIRE(store.flush());
    }  // opening migrates
    {
        sql::Database db(path, false);
        CHECK(scalar(db, "PRAGMA user_version") == kStoreSchemaVersion);
        CHECK(call_lines(db) == before);
        CHECK(scalar(db, "SELECT COUNT(*) FROM call_rows") == 6);
        CHECK(scalar(db, "SELECT COUNT(*) FROM pragma_foreign_key_check") == 0);
        CHECK(scalar(db, "PRAGMA freelist_count") == 0);  // the old table's pages given back
    }
    // The writer goes on in the migrated file: a new call, and a larger copy of a migrated one.
    {
        Store store(at(path));
        CallRecord larger = replacing(reported("logged", 0.05, 0.052), "logged", 400);
        larger.source = "claude-code";
        larger.project = "-home-ana-shop";
        larger.priced_as = "claude-sonnet-4-5";
        store.add({call("after"), larger}, {}, 0);
        REQUIRE(store.flush());
    }
    sql::Database db(path, false);
    CHECK(scalar(db, "SELECT COUNT(*) FROM calls") == 7);
    CHECK(scalar(db, "SELECT output_tokens FROM calls WHERE event_id = 'logged'") == 400);
    CHECK(text(db, "SELECT project FROM calls WHERE event_id = 'logged'") == "-home-ana-shop");
    CHECK(text(db, "SELECT routing_reason FROM calls WHERE event_id = 'routed'") == "escalation");
    CHECK(scalar(db, "SELECT conductor_session IS NULL FROM calls WHERE event_id = 'plain'") == 1);
    CHECK(real(db, "SELECT SUM(cost_usd) FROM quarters") == Approx(0.01 + 0.02 + 0.05 + 0.04 + 0.01));
}

TEST_CASE("a store that gives records back hands over those it committed, and only then", "[store]")
{
    test::TempDir dir;
    Store::Options o = at(dir / "usage.db");
    o.give_back_records = true;
    Store store(o);
    CHECK(store.take_written().empty());
    store.add({call("w1"), call("w2")}, {}, 0);
    REQUIRE(store.flush());
    const std::vector<CallRecord> back = store.take_written();
    REQUIRE(back.size() == 2);
    CHECK(back[0].event_id == "w1");
    CHECK(store.take_written().empty());
    Store keeps_nothing(at(dir / "other.db"));
    keeps_nothing.add({call("k1")}, {}, 0);
    REQUIRE(keeps_nothing.flush());
    CHECK(keeps_nothing.take_written().empty());
}

TEST_CASE("p95 latency from the histograms is within 9% of the calls' own", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    std::vector<CallRecord> calls;
    std::vector<double> latencies;
    for (int i = 0; i < 2000; ++i) {
        CallRecord c = call(test::numbered("l", i));
        c.activity = "edit";
        c.latency_ms = 5.0 + (i * 7919 % 2000) * 1.5;  // 5 ms to 3 s, shuffled
        latencies.push_back(*c.latency_ms);
        calls.push_back(c);
    }
    {
        Store store(at(path));
        store.add(std::move(calls), {}, 0);
        REQUIRE(store.flush());
    }
    std::sort(latencies.begin(), latencies.end());
    const double exact = latencies[static_cast<std::size_t>(std::ceil(0.95 * 2000)) - 1];
    const HistoryOverview o = History(path).overview({});
    REQUIRE(o.health.size() == 1);
    CHECK(o.health[0].p95_latency_ms == Approx(exact).epsilon(0.09));
    CHECK(o.health[0].latency_samples == 2000);
    CHECK(o.health[0].mean_latency_ms == Approx(5.0 + 1999 * 1.5 / 2));  // exact: from the sums
}

TEST_CASE(
    "a report puts ours beside the client's figure over the same calls, and a call replaced takes it back",
    "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "usage.db";
    {
        Store store(at(path));
        for (std::vector<CallRecord>& batch : reported_batches()) {
            store.add(std::move(batch), {}, 0);
            REQUIRE(store.flush());  // each a transaction of its own, as a log read over time
        }
    }
    History h(path, TimeZone::utc());
    const Report by_model = h.report("model", {});
    const ReportRow* sonnet = row_of(by_model, "anthropic/claude-sonnet-4-5");
    REQUIRE(sonnet);
    CHECK(sonnet->calls == 4);  // a, b, g's larger copy, r's main line
    CHECK(sonnet->cost_usd == Approx(0.10 + 0.30 + 0.02 + 0.04));
    CHECK(sonnet->reported_calls == 2);  // a, and g's larger copy: not its smaller, not the replay
    CHECK(sonnet->reported_cost_usd == Approx(0.12 + 0.019));
    CHECK(sonnet->reported_calls_cost_usd == Approx(0.10 + 0.02));
    const ReportRow* haiku = row_of(by_model, "anthropic/claude-haiku-4-5");
    REQUIRE(haiku);
    CHECK(haiku->reported_calls == 1);
    CHECK(haiku->reported_calls_cost_usd == Approx(0.05));
    CHECK(by_model.reported_calls == 3);
    CHECK(by_model.reported_cost_usd == Approx(0.12 + 0.019 + 0.05));
    CHECK(by_model.reported_calls_cost_usd == Approx(0.10 + 0.02 + 0.05));

    // By day (the quarters), with a breakdown, and the History view's numbers: the same sums.
    const Report by_day = h.report("day", {}, /*breakdown=*/true);
    REQUIRE(by_day.rows.size() == 1);
    CHECK(by_day.rows[0].reported_calls_cost_usd == Approx(0.17));
    const ReportRow* day_sonnet = nullptr;
    for (const ReportRow& m : by_day.rows[0].models)
        if (m.key == "anthropic/claude-sonnet-4-5") day_sonnet = &m;
    REQUIRE(day_sonnet);
    CHECK(day_sonnet->reported_calls_cost_usd == Approx(0.12));
    const HistoryOverview o = h.overview({});
    CHECK(o.reported_calls == 3);
    CHECK(o.reported_cost_usd == Approx(0.189));
    CHECK(o.reported_calls_cost_usd == Approx(0.17));
    REQUIRE(o.models.size() == 2);
    CHECK(o.models[0].reported_calls_cost_usd == Approx(0.12));
    sql::Database db(path, false);
    check_rollups_match(db);
}

TEST_CASE(
    "CallReport puts ours beside the client's figure over the same calls, through withdrawals and merges",
    "[store]")
{
    const auto rows_by_model = [](const Report& r) {
        std::map<std::string, std::tuple<std::uint64_t, double, double>> m;
        for (const ReportRow& row : r.rows)
            m[row.key] = {row.reported_calls, row.reported_cost_usd, row.reported_calls_cost_usd};
        return m;
    };
    CallReport all("model", TimeZone::utc(), {}, /*breakdown=*/true);
    std::vector<CallRecord> calls;
    for (const std::vector<CallRecord>& batch : reported_batches())
        calls.insert(calls.end(), batch.begin(), batch.end());
    for (const CallRecord& c : calls) all.add(c);
    const Report r = all.report();
    const ReportRow* sonnet = row_of(r, "anthropic/claude-sonnet-4-5");
    REQUIRE(sonnet);
    CHECK(sonnet->calls == 4);
    CHECK(sonnet->reported_calls == 2);
    CHECK(sonnet->reported_cost_usd == Approx(0.12 + 0.019));
    CHECK(sonnet->reported_calls_cost_usd == Approx(0.10 + 0.02));
    REQUIRE(sonnet->models.size() == 1);
    CHECK(sonnet->models[0].reported_calls_cost_usd == Approx(0.12));
    CHECK(r.reported_calls == 3);
    CHECK(r.reported_calls_cost_usd == Approx(0.17));
    // As the store answers.
    test::TempDir dir;
    {
        Store store(at(dir / "usage.db"));
        for (std::vector<CallRecord>& batch : reported_batches()) {
            store.add(std::move(batch), {}, 0);
            REQUIRE(store.flush());
        }
    }
    const Report stored = History(dir / "usage.db", TimeZone::utc()).report("model", {});
    const auto mine = rows_by_model(r), theirs = rows_by_model(stored);
    REQUIRE(mine.size() == theirs.size());
    for (const auto& [key, sums] : theirs) {
        INFO(key);
        REQUIRE(mine.contains(key));
        CHECK(std::get<0>(mine.at(key)) == std::get<0>(sums));
        CHECK(std::get<1>(mine.at(key)) == Approx(std::get<1>(sums)));
        CHECK(std::get<2>(mine.at(key)) == Approx(std::get<2>(sums)));
    }

    // Two readers' shares merged: the same sums. Each log's copies stay with one reader.
    std::vector<CallReport> shares;
    for (int i = 0; i < 2; ++i) shares.emplace_back("model", TimeZone::utc(), DayRange{}, true);
    for (std::size_t i = 0; i < calls.size(); ++i) shares[i < 3 ? 1 : 0].add(calls[i]);
    const Report merged = CallReport::merged(std::move(shares)).report();
    CHECK(merged.reported_calls == 3);
    CHECK(merged.reported_cost_usd == Approx(0.189));
    CHECK(merged.reported_calls_cost_usd == Approx(0.17));
    REQUIRE(row_of(merged, "anthropic/claude-sonnet-4-5"));
    CHECK(row_of(merged, "anthropic/claude-sonnet-4-5")->reported_calls_cost_usd == Approx(0.12));
    CHECK(row_of(merged, "anthropic/claude-sonnet-4-5")->models.at(0).reported_calls_cost_usd ==
          Approx(0.12));
}

TEST_CASE("a version-4 store gains ours over the calls that reported, from the calls still there", "[store]")
{
    test::TempDir dir;
    const std::string path = dir / "v4.db";
    {
        Store store(at(path));
        CallRecord yesterday = reported("y", 0.05, 0.07);
        yesterday.ts -= 86'400'000;
        CallRecord opus = reported("o", 0.40, 0.50);  // its call row goes below; its roll-ups stay
        opus.model = "claude-opus-4-1";
        store.add({reported("a", 0.10, 0.12), call("b", 0.30), yesterday, opus}, {}, 0);
        REQUIRE(store.flush());
    }
    {
        // As version 4 left it: the roll-ups without the column. And a call no longer in the calls.
        sql::Database db(path, false);
        back_to_version_5(db, dir / "scratch.db");
        for (const char* table : {"rollup_quarter", "rollup_day", "quarters"})
            db.exec((std::string("ALTER TABLE ") + table + " DROP COLUMN reported_calls_cost_usd").c_str());
        db.exec("DELETE FROM calls WHERE event_id = 'o'");
        db.exec("PRAGMA user_version = 4");
    }
    {
        Store store(at(path));
        REQUIRE(store.flush());
    }  // opening migrates
    sql::Database db(path, false);
    CHECK(scalar(db, "PRAGMA user_version") == kStoreSchemaVersion);
    for (const char* table : {"rollup_quarter", "rollup_day", "quarters"}) {
        INFO(table);
        CHECK(real(db, std::string("SELECT SUM(reported_calls_cost_usd) FROM ") + table) == Approx(0.15));
    }
    History h(path, TimeZone::utc());
    const Report by_model = h.report("model", {});
    const ReportRow* sonnet = row_of(by_model, "anthropic/claude-sonnet-4-5");
    REQUIRE(sonnet);
    CHECK(sonnet->reported_calls == 2);
    CHECK(sonnet->reported_cost_usd == Approx(0.19));
    CHECK(sonnet->reported_calls_cost_usd == Approx(0.15));
    // Its call is gone: what it reported is still in the roll-ups, ours over it is not known.
    const ReportRow* opus = row_of(by_model, "anthropic/claude-opus-4-1");
    REQUIRE(opus);
    CHECK(opus->reported_cost_usd == Approx(0.50));
    CHECK(opus->reported_calls_cost_usd == 0.0);
    const Report by_day = h.report("day", {});
    REQUIRE(by_day.rows.size() == 2);
    CHECK(by_day.rows[0].reported_calls_cost_usd == Approx(0.05));
    CHECK(by_day.rows[1].reported_calls_cost_usd == Approx(0.10));
    // New calls add to the migrated rows.
    {
        Store store(at(path));
        store.add({reported("n", 0.01, 0.02)}, {}, 0);
        REQUIRE(store.flush());
    }
    CHECK(History(path, TimeZone::utc()).report("model", {}).reported_calls_cost_usd == Approx(0.16));
}
