// The commands on the history store as users meet it: days in the reader's zone, a fresh machine, a
// store they cannot write (read-only, locked, not a database, another user's directory, a stale
// write-ahead log), estimates marked, and an import that says what it did and did not store.
#include "costpanel/core/format.hpp"
#include "costpanel/core/time.hpp"
#include "costpanel/store/store.hpp"
#include "run_command.hpp"
#include "store/sqlite.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

using nlohmann::json;
using test::kCostpanel;
using test::quoted;
using test::run;
using test::Run;

namespace {

namespace fs = std::filesystem;

// A private directory others may enter (nobody must reach the files in it), with a config directory
// of its own so that the user's config never counts.
struct Sandbox
{
    Sandbox() { fs::permissions(dir.path(), fs::perms(0755)); }
    ~Sandbox()
    {
        // Give the directories back to their owner, so that the TempDir can go.
        for (const auto& e : fs::recursive_directory_iterator(dir.path()))
            if (e.is_directory()) fs::permissions(e.path(), fs::perms(0755));
    }

    // A command line running costpanel with `args` in this sandbox's config, plus `env` (VAR=x ...).
    std::string costpanel(const std::string& args, const std::string& env = "") const
    {
        return "XDG_CONFIG_HOME=" + quoted(dir / "config") + " " + env + (env.empty() ? "" : " ") +
               kCostpanel + " " + args;
    }
    std::string write(const std::string& name, const std::string& text) const
    {
        const std::string path = dir / name;
        std::ofstream(path) << text;
        fs::permissions(path, fs::perms(0644));
        return path;
    }
    void config(const std::string& text) const
    {
        fs::create_directories(dir / "config/costpanel");
        std::ofstream(dir / "config/costpanel/config.json") << text;
    }
    // A directory of its own in the sandbox.
    std::string subdir(const std::string& name) const
    {
        fs::create_directories(dir / name);
        fs::permissions(dir / name, fs::perms(0755));
        return dir / name;
    }

    test::TempDir dir;
};

std::string api_call(const std::string& model, long long input, const std::string& extra = "")
{
    return R"({"type":"api_call","model":")" + model + R"(","input_tokens":)" + std::to_string(input) +
           (extra.empty() ? "" : "," + extra) + "}\n";
}

// Runs `command` as nobody (see test::as_nobody): its exit code and output.
Run run_as_nobody(const std::string& command)
{
    const auto answer = test::as_nobody([&] {
        const Run r = run(command);
        return std::to_string(r.exit_code) + "\n" + r.out;
    });
    REQUIRE(answer);
    const auto eol = answer->find('\n');
    return {std::stoi(answer->substr(0, eol)), answer->substr(eol + 1)};
}

std::string file_text(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "2026-11-20=17.50 " for each row of a report by day.
std::string days_of(const json& report)
{
    std::string out;
    char cost[32];
    for (const json& row : report["rows"]) {
        std::snprintf(cost, sizeof cost, "%.2f", row["cost_usd"].get<double>());
        out += row["key"].get<std::string>() + "=" + cost + " ";
    }
    return out;
}

}  // namespace

TEST_CASE("counts are said with their noun, singular for one", "[cli]")
{
    using costpanel::counted;
    CHECK(counted(0, "call") == "0 calls");
    CHECK(counted(1, "call") == "1 call");
    CHECK(counted(1234, "duplicate") == "1,234 duplicates");
    CHECK(counted(1, "entry", "entries") == "1 entry");
    CHECK(counted(2, "entry", "entries") == "2 entries");
}

TEST_CASE("a store written under Tokyo's clock is reported in the reader's zone", "[cli][store][time]")
{
    Sandbox box;
    const std::string db = box.dir / "usage.db";
    // UTC: all on the 20th. Tokyo (+9): $2.50 on the 20th, $15 on the 21st. Kathmandu (+5:45): 15:45
    // and 23:55 on the 20th, 00:05 on the 21st.
    const std::string stream =
        box.write("s.jsonl", api_call("gpt-4o", 1000000, R"("ts":"2026-11-20T10:00:00Z")") +
                                 api_call("gpt-4o", 2000000, R"("ts":"2026-11-20T18:10:00Z")") +
                                 api_call("gpt-4o", 4000000, R"("ts":"2026-11-20T18:20:00Z")"));
    REQUIRE(run(box.costpanel("import --db " + db + " " + stream, "TZ=Asia/Tokyo")).exit_code == 0);

    const auto report = [&](const std::string& args, const std::string& env = "") {
        const Run r = run(box.costpanel("report --db " + db + " --format json " + args, env));
        INFO(args << " " << env << ": " << r.out);
        REQUIRE(r.exit_code == 0);
        return json::parse(r.out);
    };
    CHECK(days_of(report("--timezone UTC")) == "2026-11-20=17.50 ");
    CHECK(days_of(report("--timezone Asia/Tokyo")) == "2026-11-20=2.50 2026-11-21=15.00 ");
    CHECK(days_of(report("--timezone Asia/Kathmandu")) == "2026-11-20=7.50 2026-11-21=10.00 ");
    CHECK(report("--timezone Asia/Kathmandu")["timezone"] == "Asia/Kathmandu");
    // No --timezone: $TZ; the config file's "timezone" comes before it; --timezone before both.
    const json by_tz = report("", "TZ=Asia/Kathmandu");
    CHECK(by_tz["timezone"] == "Asia/Kathmandu");
    CHECK(days_of(by_tz) == "2026-11-20=7.50 2026-11-21=10.00 ");
    box.config(R"({"timezone": "Asia/Tokyo"})");
    CHECK(days_of(report("", "TZ=UTC")) == "2026-11-20=2.50 2026-11-21=15.00 ");
    CHECK(days_of(report("--timezone UTC", "TZ=Asia/Kathmandu")) == "2026-11-20=17.50 ");
    // --from/--to select the reader's days.
    CHECK(report("--timezone Asia/Tokyo --from 2026-11-21 --to 2026-11-21")["total_usd"].get<double>() ==
          Approx(15.0));
    const Run none =
        run(box.costpanel("report --db " + db + " --timezone UTC --from 2026-11-21 --to 2026-11-22"));
    CHECK(none.exit_code == 0);
    CHECK(none.out.ends_with("\nNo calls from 2026-11-21 to 2026-11-22 (UTC)\n"));
    CHECK(run(box.costpanel("report --db " + db + " --timezone UTC --from 2026-11-21 --to 2026-11-21"))
              .out.ends_with("\nNo calls on 2026-11-21 (UTC)\n"));
    CHECK(run(box.costpanel("report --db " + db + " --timezone Asia/Tokyo --by model"))
              .out.ends_with("\nCalls from 2026-11-20 to 2026-11-21 (Asia/Tokyo)\n"));

    // Export: the instants with the offset of the zone asked.
    const json exported =
        json::parse(run(box.costpanel("export --db " + db + " --format json --timezone Asia/Kathmandu")).out);
    REQUIRE(exported.size() == 3);
    CHECK(exported[0]["time"] == "2026-11-20T15:45:00.000+05:45");
    CHECK(exported[2]["time"] == "2026-11-21T00:05:00.000+05:45");
    CHECK(json::parse(
              run(box.costpanel("export --db " + db + " --format json --timezone UTC --from 2026-11-21")).out)
              .empty());
    CHECK(run(box.costpanel("budget --check --daily 1000 --db " + db + " --timezone Asia/Kathmandu"))
              .exit_code == 0);

    // A zone the system does not know, in the config file: the file and the key are named.
    box.config(R"({"timezone": "Mars/Olympus"})");
    const Run bad = run(box.costpanel("report --db " + db + " 2>&1"));
    CHECK(bad.exit_code == 1);
    CHECK(bad.out.find("config.json: \"timezone\" is not valid: Mars/Olympus: not a time zone") !=
          std::string::npos);
    const Run bad_budget = run(box.costpanel("budget --check --daily 5 --db " + db));
    CHECK(bad_budget.exit_code == 3);
    CHECK(bad_budget.out.starts_with("COSTPANEL UNKNOWN - "));
    CHECK(bad_budget.out.find("Mars/Olympus") != std::string::npos);
    const Run window = run(box.costpanel("--db " + db + " 2>&1", "DISPLAY="));  // fails before any window
    CHECK(window.exit_code == 1);
    CHECK(window.out.find("Mars/Olympus") != std::string::npos);
}

TEST_CASE("report marks costs that are a lower bound or an estimate, and says so under the total",
          "[cli][store]")
{
    Sandbox box;
    const std::string db = box.dir / "usage.db";
    const std::string stream = box.write(
        "s.jsonl",
        api_call("gpt-4o", 1000000, R"("project":"alpha","host":"build-1","session":"run-42")") +  // $2.50
            api_call("mystery-model-9", 1000, R"("project":"beta","session":"run-42")") +          // unpriced
            api_call("claude-sonnet-4-5-20250929-v9:9", 1000000, R"("project":"beta")") +          // a guess
            api_call("gpt-4o", 1000000, R"("service_tier":"flex","project":"gamma")"));  // no flex rates
    REQUIRE(run(box.costpanel("import --db " + db + " " + stream)).exit_code == 0);

    const Run table = run(box.costpanel("report --db " + db + " --by project --timezone UTC"));
    REQUIRE(table.exit_code == 0);
    INFO(table.out);
    std::istringstream lines(table.out);
    std::map<std::string, std::string> row;  // first word -> the line
    for (std::string line; std::getline(lines, line);) row[line.substr(0, line.find(' '))] = line;
    CHECK(row["alpha"].ends_with("$2.50"));
    CHECK(row["beta"].ends_with("+~"));       // one unpriced call, one priced by a guess
    CHECK(row["gamma"].ends_with("$2.50~"));  // at standard rates
    CHECK(row["total"].ends_with("+~"));
    CHECK(table.out.find(
              "\n+ 1 call unpriced (no price matched the model, counted as $0): the total is a lower "
              "bound\n") != std::string::npos);
    CHECK(table.out.find(
              "\n~ 1 call priced as a model the id only extends, 1 at standard rates for want of the "
              "service tier's: the total is an estimate\n") != std::string::npos);

    const json j = json::parse(run(box.costpanel("report --db " + db + " --by project --format json")).out);
    CHECK(j["unpriced_calls"] == 1);
    CHECK(j["approximate_calls"] == 1);
    CHECK(j["standard_rate_calls"] == 1);
    std::map<std::string, json> rows;
    for (const json& r : j["rows"]) rows[r["key"]] = r;
    CHECK(rows["beta"]["unpriced_calls"] == 1);
    CHECK(rows["beta"]["approximate_calls"] == 1);
    CHECK(rows["gamma"]["standard_rate_calls"] == 1);
    CHECK(rows["alpha"]["unpriced_calls"] == 0);

    const Run csv = run(box.costpanel("report --db " + db + " --by project --format csv"));
    CHECK(csv.out.starts_with(
        "project,calls,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,"
        "cost_usd,unpriced_calls,approximate_calls,standard_rate_calls,reported_cost_usd,reported_calls,"
        "reported_calls_cost_usd\r\n"));
    CHECK(csv.out.find("\r\nbeta,2,1001000,0,0,0,") != std::string::npos);
    CHECK(csv.out.find("\r\ngamma,1,1000000,0,0,0,2.5,0,0,1,") != std::string::npos);

    // The new keys group by what the calls carried.
    const auto keys = [&](const std::string& by) {
        std::string out;
        const json report =
            json::parse(run(box.costpanel("report --db " + db + " --format json --by " + by)).out);
        for (const json& r : report["rows"]) out += r["key"].get<std::string>() + " ";
        return out;
    };
    CHECK(keys("host") == "(none) build-1 ");  // by cost
    CHECK(keys("service_tier").find("flex") != std::string::npos);
    CHECK(keys("source") == "file ");

    // By session: the conductor's own where its calls named one, with when it began in the zone;
    // ours for the calls that named none.
    const json sessions = json::parse(
        run(box.costpanel("report --db " + db + " --format json --by session --timezone Asia/Tokyo")).out);
    REQUIRE(sessions["rows"].size() == 2);
    const auto& theirs = sessions["rows"][0]["key"] == "run-42" ? sessions["rows"][0] : sessions["rows"][1];
    const auto& ours = sessions["rows"][0]["key"] == "run-42" ? sessions["rows"][1] : sessions["rows"][0];
    CHECK(theirs["label"] == "run-42");
    CHECK(theirs["calls"] == 2);
    CHECK(theirs["started"].get<std::string>().ends_with("+09:00"));
    CHECK(ours["label"].is_null());
    CHECK(ours["calls"] == 2);
    CHECK(ours["started"].get<std::string>().ends_with("+09:00"));
    const Run session_table = run(box.costpanel("report --db " + db + " --by session --timezone Asia/Tokyo"));
    CHECK(session_table.out.starts_with("session "));
    CHECK(session_table.out.find("conductor's session") != std::string::npos);
    CHECK(session_table.out.find("  run-42  ") != std::string::npos);
}

TEST_CASE("report puts ours beside what the clients reported, over the calls that reported a cost",
          "[cli][store]")
{
    Sandbox box;
    // gpt-4o: $2.50 a million input tokens. One call reported $2.60 for itself, one nothing.
    const auto report_of = [&](const std::string& name, const std::string& theirs) {
        const std::string db = box.dir / (name + ".db");
        const std::string stream =
            box.write(name + ".jsonl", api_call("gpt-4o", 1000000, R"("reported_cost_usd":)" + theirs) +
                                           api_call("gpt-4o", 1000000, R"("reported_cost_usd":null)"));
        REQUIRE(run(box.costpanel("import --db " + db + " " + stream)).exit_code == 0);
        return "report --db " + db + " --by model --timezone UTC";
    };
    const std::string apart = report_of("apart", "2.6");
    const json j = json::parse(run(box.costpanel(apart + " --format json")).out);
    CHECK(j["total_usd"] == 5.0);
    CHECK(j["reported_cost_usd"] == 2.6);
    CHECK(j["reported_calls"] == 1);
    CHECK(j["reported_calls_cost_usd"] == 2.5);
    REQUIRE(j["rows"].size() == 1);
    CHECK(j["rows"][0]["cost_usd"] == 5.0);
    CHECK(j["rows"][0]["reported_cost_usd"] == 2.6);
    CHECK(j["rows"][0]["reported_calls"] == 1);
    CHECK(j["rows"][0]["reported_calls_cost_usd"] == 2.5);
    const Run csv = run(box.costpanel(apart + " --format csv"));
    CHECK(csv.out.find("\r\nopenai/gpt-4o,2,2000000,0,0,0,5.0,0,0,0,2.6,1,2.5\r\n") != std::string::npos);
    const Run table = run(box.costpanel(apart));
    INFO(table.out);
    CHECK(table.out.find("\nreported by the clients: $2.60 for the 1 call that carried a cost, which our "
                         "prices make $2.50\n") != std::string::npos);
    // Within a cent: nothing to say.
    const Run close = run(box.costpanel(report_of("close", "2.51")));
    INFO(close.out);
    CHECK(close.exit_code == 0);
    CHECK(close.out.find("reported by") == std::string::npos);
}

TEST_CASE("on a fresh machine report, export and budget say there is no history yet and create nothing",
          "[cli][store]")
{
    Sandbox box;
    const std::string db = box.dir / "data/usage.db";
    const Run table = run(box.costpanel("report --db " + db + " --timezone UTC 2>&1"));
    CHECK(table.exit_code == 0);
    CHECK(table.out.find("no history yet: the panel and `costpanel import` keep it in " + db) !=
          std::string::npos);
    CHECK(table.out.ends_with("\nNo calls stored (UTC)\n"));
    const Run j = run(box.costpanel("report --db " + db + " --format json --by model --timezone Asia/Tokyo"));
    CHECK(j.exit_code == 0);
    const json report = json::parse(j.out);  // standard error is not in it
    CHECK(report["rows"].empty());
    CHECK(report["total_usd"] == 0.0);
    CHECK(report["timezone"] == "Asia/Tokyo");
    CHECK(run(box.costpanel("report --db " + db + " --format csv")).out.starts_with("day,calls,"));
    const Run csv = run(box.costpanel("export --db " + db + " --format csv"));
    CHECK(csv.exit_code == 0);
    CHECK(csv.out.starts_with("time,local_time,"));
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 1);  // the header alone
    CHECK(json::parse(run(box.costpanel("export --db " + db + " --format json")).out) == json::array());
    const Run budget = run(box.costpanel("budget --check --daily 10 --db " + db));
    CHECK(budget.exit_code == 0);
    CHECK(budget.out == "COSTPANEL OK - no history yet: the panel and `costpanel import` keep it in " + db +
                            "; daily $0.00 of $10.00 | daily=0.00;8.00;10.00\n");
    CHECK_FALSE(fs::exists(box.dir / "data"));
}

TEST_CASE("import reads -, refuses a directory, and shows the first 10 rejections with where and why",
          "[cli][store]")
{
    Sandbox box;
    const std::string db = box.dir / "usage.db";
    // 40 bad lines first (more than a batch carries), then one good call, then a duplicate of it.
    std::string text;
    for (int i = 0; i < 40; ++i) text += "{oops\n";
    text += api_call("gpt-4o", 10, R"("id":"a")") + api_call("gpt-4o", 10, R"("id":"a")");
    const std::string stream = box.write("bad.jsonl", text);

    const Run first =
        run(box.costpanel("import --db " + db + " - < " + stream + " 2>" + (box.dir / "err.txt")));
    CHECK(first.exit_code == 0);
    CHECK(first.out ==
          "stored 1 call from 1 stream into " + db + "; 1 duplicate skipped; 40 lines rejected\n");
    const std::string err = file_text(box.dir / "err.txt");
    INFO(err);
    for (int line = 1; line <= 10; ++line)
        CHECK(err.find("costpanel import: stdin:" + std::to_string(line) + ": not valid JSON") !=
              std::string::npos);
    CHECK(err.find("stdin:11:") == std::string::npos);
    CHECK(err.find("costpanel import: and 30 more lines rejected\n") != std::string::npos);
    CHECK(err.find('\r') == std::string::npos);  // no progress line when standard error is not a terminal

    const Run again = run(box.costpanel("import --db " + db + " " + stream + " 2>&1"));
    CHECK(again.exit_code == 0);
    CHECK(again.out.find(stream + ":1: not valid JSON") != std::string::npos);  // a file is named as given
    CHECK(again.out.find("stored 0 calls from 1 stream into " + db +
                         "; 2 duplicates skipped; 40 lines rejected") != std::string::npos);
    const std::string one_bad = box.write("one.jsonl", "{oops\n" + api_call("gpt-4o", 10));
    CHECK(run(box.costpanel("import --db " + db + " " + one_bad)).out.ends_with("; 1 line rejected\n"));

    const Run directory = run(box.costpanel("import --db " + db + " " + box.dir.path().string() + " 2>&1"));
    CHECK(directory.exit_code == 1);
    CHECK(directory.out ==
          "costpanel import: " + box.dir.path().string() + " is a directory, not a stream of events\n");
    const Run missing =
        run(box.costpanel("import --db " + db + " " + stream + " " + (box.dir / "nope") + " 2>&1"));
    CHECK(missing.exit_code == 1);
    CHECK(missing.out.find("cannot read " + (box.dir / "nope") + ": No such file or directory") !=
          std::string::npos);
    CHECK(missing.out.find("stored") ==
          std::string::npos);  // every input is looked at before anything is stored
}

TEST_CASE("import shows its progress on a terminal", "[cli][store]")
{
    if (run("command -v script").exit_code != 0) {
        WARN("skipped: no script(1) to give the import a terminal");
        return;
    }
    Sandbox box;
    const std::string stream = box.write("s.jsonl", api_call("gpt-4o", 10) + api_call("gpt-4o", 20));
    // script(1) runs the import on a pseudo-terminal: standard error is a terminal there.
    const Run r =
        run("script -qec " + quoted(box.costpanel("import --db " + (box.dir / "u.db") + " " + stream)) +
            " /dev/null");
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\r\033[Kimporting " + stream + ": ") != std::string::npos);
    CHECK(r.out.find(" bytes, 2 lines read; ") != std::string::npos);
    CHECK(r.out.find("stored 2 calls") != std::string::npos);
}

TEST_CASE("import into a store it cannot write says so, names the file and why, and exits 1 at once",
          "[cli][store]")
{
    Sandbox box;
    const std::string stream =
        box.write("s.jsonl", api_call("gpt-4o", 10) + api_call("gpt-4o", 20, R"("id":"x")"));

    SECTION("a file that is not a database is left as it was")
    {
        const std::string not_db = box.write("notes.db", "my notes, not a database\n");
        const auto started = std::chrono::steady_clock::now();
        const Run r = run(box.costpanel("import --db " + not_db + " " + stream + " 2>&1"));
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));  // not a 30 s timeout
        CHECK(r.exit_code == 1);
        CHECK(r.out == "costpanel import: cannot store into " + not_db +
                           ": file is not a database; 2 calls were not stored (0 stored)\n");
        CHECK(file_text(not_db) == "my notes, not a database\n");
    }
    SECTION("a read-only file, for a user who is not root")
    {
        const std::string db = box.dir / "usage.db";
        REQUIRE(run(box.costpanel("import --db " + db + " /dev/null")).exit_code == 0);
        fs::permissions(db, fs::perms(0444));
        const auto before = file_text(db);
        const Run r = run_as_nobody(box.costpanel("import --db " + db + " " + stream + " 2>&1"));
        CHECK(r.exit_code == 1);
        CHECK(r.out.starts_with("costpanel import: cannot store into " + db + ": "));
        CHECK(r.out.find("readonly database; 2 calls were not stored (0 stored)") != std::string::npos);
        CHECK(r.out.find("stored 0 calls") == std::string::npos);
        CHECK(file_text(db) == before);
    }
    SECTION("a directory the user cannot write, the store not there yet")
    {
        const std::string dir = box.subdir("locked-up");
        fs::permissions(dir, fs::perms(0555));
        const Run r = run_as_nobody(box.costpanel("import --db " + dir + "/usage.db " + stream + " 2>&1"));
        CHECK(r.exit_code == 1);
        CHECK(r.out.starts_with("costpanel import: cannot store into " + dir +
                                "/usage.db: unable to open database file"));
        CHECK_FALSE(fs::exists(dir + "/usage.db"));
    }
    SECTION("a store another process keeps locked past the retry")
    {
        const std::string db = box.dir / "usage.db";
        REQUIRE(run(box.costpanel("import --db " + db + " /dev/null")).exit_code == 0);
        costpanel::sql::Database holder(db, false);
        holder.exec("BEGIN EXCLUSIVE");
        const auto started = std::chrono::steady_clock::now();
        const Run r = run(box.costpanel("import --db " + db + " " + stream + " 2>&1"));
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
        holder.exec("ROLLBACK");
        CHECK(r.exit_code == 1);
        CHECK(r.out == "costpanel import: cannot store into " + db +
                           ": database is locked; 2 calls were not stored (0 stored)\n");
    }
}

TEST_CASE("report, export and budget read a store its user cannot write, in a directory they cannot write",
          "[cli][store]")
{
    Sandbox box;
    const std::string dir = box.subdir("store"), db = dir + "/usage.db";
    const std::string stream =
        box.write("s.jsonl", api_call("gpt-4o", 1000000) + api_call("gpt-4o", 2000000));
    REQUIRE(run(box.costpanel("import --db " + db + " " + stream)).exit_code == 0);
    REQUIRE_FALSE(fs::exists(db + "-wal"));  // the writer's last close folded it in
    fs::permissions(db, fs::perms(0444));
    fs::permissions(dir, fs::perms(0555));

    const Run report = run_as_nobody(box.costpanel("report --db " + db + " --format json"));
    INFO(report.out);
    CHECK(report.exit_code == 0);
    CHECK(json::parse(report.out)["total_usd"].get<double>() == Approx(7.5));
    const Run exported = run_as_nobody(box.costpanel("export --db " + db + " --format csv"));
    CHECK(exported.exit_code == 0);
    CHECK(std::count(exported.out.begin(), exported.out.end(), '\n') == 3);
    const Run budget = run_as_nobody(box.costpanel("budget --check --daily 100 --db " + db));
    CHECK(budget.exit_code == 0);
    CHECK(budget.out.starts_with("COSTPANEL OK - daily $7.50 of $100.00"));
    // Nothing was written beside it.
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
}

TEST_CASE("a stale write-ahead log is read where it can be, and explained where it cannot", "[cli][store]")
{
    Sandbox box;
    // A writer that has committed three calls to its log and not closed: copies of the file and the log,
    // with no -shm, are what a killed writer leaves.
    const std::string live = box.subdir("live"), dir = box.subdir("stale"), db = dir + "/usage.db";
    {
        costpanel::Store::Options o;
        o.path = live + "/usage.db";
        costpanel::Store store(o);
        std::vector<costpanel::CallRecord> calls(3);
        for (std::size_t i = 0; i < calls.size(); ++i) {
            calls[i].ts = costpanel::now_ms();
            // Not "c" + std::to_string(i): GCC 12 at -O3 takes that for an overlapping memcpy (-Wrestrict).
            calls[i].event_id = test::numbered("c", static_cast<int>(i));
            calls[i].provider = "openai";
            calls[i].model = "gpt-4o";
            calls[i].tokens.input = 1000;
            calls[i].priced = true;
            calls[i].cost_usd = 1.0;
        }
        store.add(std::move(calls), {}, 0);
        REQUIRE(store.flush());
        fs::copy_file(o.path, db);
        fs::copy_file(o.path + "-wal", db + "-wal");
    }
    REQUIRE(fs::file_size(db + "-wal") > 0);
    for (const char* f : {"", "-wal"}) fs::permissions(db + f, fs::perms(0444));

    SECTION("in a directory the reader cannot write: an error that says what to do, never fewer calls")
    {
        fs::permissions(dir, fs::perms(0555));
        const Run r = run_as_nobody(box.costpanel("report --db " + db + " 2>&1"));
        INFO(r.out);
        CHECK(r.exit_code == 1);
        CHECK(r.out.find("its write-ahead log " + db + "-wal holds calls not yet in the file") !=
              std::string::npos);
        CHECK(r.out.find("run `costpanel import --db " + db + " /dev/null` once") != std::string::npos);
        const Run budget = run_as_nobody(box.costpanel("budget --check --daily 100 --db " + db));
        CHECK(budget.exit_code == 3);
        CHECK(budget.out.starts_with("COSTPANEL UNKNOWN - cannot read the history store: " + db));
        CHECK_FALSE(fs::exists(db + "-shm"));
    }
    SECTION("where the reader may create the index: every committed call, the log's included")
    {
        fs::permissions(dir, fs::perms(0777));
        const Run r = run_as_nobody(box.costpanel("report --db " + db + " --format json"));
        INFO(r.out);
        REQUIRE(r.exit_code == 0);
        CHECK(json::parse(r.out)["calls"] == 3);
        CHECK(json::parse(r.out)["total_usd"].get<double>() == Approx(3.0));
    }
}

TEST_CASE("watch exits 1 saying how many calls it could not save, and where, and why", "[cli][store]")
{
    Sandbox box;
    const std::string stream = box.write("s.jsonl", api_call("gpt-4o", 10));
    const std::string not_db = box.write("notes.db", "my notes\n");
    const Run broken = run(box.costpanel("watch --stdin --offsets-dir " + (box.dir / "off") + " --db " +
                                         not_db + " < " + stream + " 2>" + (box.dir / "err.txt")));
    CHECK(broken.exit_code == 1);
    CHECK(json::parse(broken.out)["calls"] == 1);  // the summary still comes
    CHECK(file_text(box.dir / "err.txt")
              .find("costpanel watch: 1 call was not saved to " + not_db + ": file is not a database\n") !=
          std::string::npos);
    CHECK(file_text(not_db) == "my notes\n");
    const Run fine = run(box.costpanel("watch --stdin --offsets-dir " + (box.dir / "off") + " --db " +
                                       (box.dir / "u.db") + " < " + stream + " 2>&1"));
    CHECK(fine.exit_code == 0);
    CHECK(fine.out.find("not saved") == std::string::npos);
    CHECK(json::parse(
              run(box.costpanel("report --db " + (box.dir / "u.db") + " --format json")).out)["calls"] == 1);
}
