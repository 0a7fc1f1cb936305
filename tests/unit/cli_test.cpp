// The costpanel executable as scripts use it: exit codes, inputs, and that every path through it
// gives the same numbers.
#include "run_command.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>

using test::kCostpanel;
using test::run;
using test::Run;

TEST_CASE("costpanel commands answer --help with 0, bad usage with 2, unreadable input with 1", "[cli]")
{
    CHECK(run(kCostpanel + " --help").exit_code == 0);
    CHECK(run(kCostpanel + " --version").out.starts_with("costpanel "));
    CHECK(run(kCostpanel + " --help-window").out.starts_with("usage: costpanel [--listen"));
    CHECK(run(kCostpanel + " --demo --no-such-option").exit_code == 2);
    CHECK(run(kCostpanel + " frobnicate").exit_code == 2);
    for (const char* command : {"summarize", "watch", "demo-stream"}) {
        INFO(command);
        const Run help = run(kCostpanel + " " + command + " --help");
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("usage: costpanel " + std::string(command)) != std::string::npos);
        CHECK(run(kCostpanel + " " + command + " --no-such-option").exit_code == 2);
    }
    CHECK(run(kCostpanel + " summarize a b").exit_code == 2);
    CHECK(run(kCostpanel + " demo-stream --rate fast").exit_code == 2);
    CHECK(run(kCostpanel + " watch --listen tcp:10.0.0.1:7717").exit_code == 2);
    CHECK(run(kCostpanel + " summarize /nonexistent/stream.jsonl").exit_code == 1);
    CHECK(run(kCostpanel + " summarize --pricing /nonexistent/prices.json /dev/null").exit_code == 1);
}

namespace {

// Every option each command takes, written out here rather than read from the help: the help is
// generated, and this list is what would notice an option it left out.
const std::vector<std::pair<std::string, std::vector<std::string>>> kOptions = {
    {"",
     {"--listen", "--follow", "--logs", "--no-logs", "--stdin", "--pricing", "--tier-model", "--demo",
      "--demo-rate", "--db", "--timezone", "--control"}},
    {"watch",
     {"--listen", "--follow", "--logs", "--no-logs", "--stdin", "--pricing", "--tier-model", "--offsets-dir",
      "--db"}},
    {"summarize", {"--pricing", "--logs", "FILE|-"}},
    {"demo-stream", {"--rate", "--count", "--seed"}},
    {"import", {"--db", "--pricing", "--logs", "FILE|-"}},
    {"report", {"--db", "--timezone", "--from", "--to", "--by", "--format", "--logs", "--breakdown"}},
    {"export", {"--db", "--timezone", "--from", "--to", "--format"}},
    {"budget", {"--check", "--db", "--config", "--timezone", "--daily", "--monthly", "--warn-at"}},
};

// The lines of `costpanel --help` from the entry "  costpanel CMD " to the next command's entry.
std::string overview_entry(const std::string& help, const std::string& command)
{
    const std::string head = "\n  costpanel " + (command.empty() ? "[" : command + " ");
    const auto begin = help.find(head);
    if (begin == std::string::npos) return {};
    const auto end = help.find("\n  costpanel ", begin + head.size());
    return help.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

TEST_CASE("costpanel --help lists every command with every option it takes, as each command's --help does",
          "[cli]")
{
    const Run overview = run(kCostpanel + " --help");
    REQUIRE(overview.exit_code == 0);
    CHECK(run(kCostpanel + " help").out == overview.out);
    CHECK(run(kCostpanel + " -h").out == overview.out);
    for (const auto& [command, options] : kOptions) {
        INFO("command: " << (command.empty() ? "(the window)" : command));
        const std::string entry = overview_entry(overview.out, command);
        REQUIRE_FALSE(entry.empty());
        const Run own = run(kCostpanel + (command.empty() ? " --help-window" : " " + command + " --help"));
        CHECK(own.exit_code == 0);
        CHECK(own.out.starts_with("usage: costpanel " + (command.empty() ? "[" : command + " ")));
        for (const std::string& option : options) {
            INFO("option: " << option);
            CHECK(entry.find(option) != std::string::npos);             // in the synopsis of costpanel --help
            CHECK(own.out.find("\n  " + option) != std::string::npos);  // described in its own help
        }
        // And the other way round: whatever a command's help describes, the overview lists.
        std::istringstream lines(own.out);
        for (std::string line; std::getline(lines, line);) {
            if (!line.starts_with("  ") || line.size() < 3 || line[2] == ' ') continue;
            const std::string name = line.substr(2, line.find(' ', 2) - 2);
            INFO("described: " << name);
            CHECK(entry.find(name) != std::string::npos);
        }
    }
    // The window is the default, so its options are described in costpanel --help itself.
    for (const std::string& option : kOptions[0].second)
        CHECK(overview.out.find("\n  " + option + " ") != std::string::npos);
}

TEST_CASE("the README's synopsis is costpanel --help as it is generated", "[cli]")
{
    const auto readme =
        std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "README.md";
    std::ifstream in(readme);
    REQUIRE(in);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto section = text.find("## The command line\n\n```\n");
    REQUIRE(section != std::string::npos);
    const auto begin = text.find("\nusage:\n", section), end = text.find("```\n", begin);
    const std::string help = run(kCostpanel + " --help").out;
    // From "usage:" on, so that a new version number needs no README change.
    CHECK(text.substr(begin + 1, end - begin - 1) == help.substr(help.find("\nusage:\n") + 1));
}

TEST_CASE("options take --name VALUE and --name=VALUE, repeated ones collect, single ones keep the last",
          "[cli]")
{
    const std::string strip_ts = " | sed 's/\"ts\":\"[^\"]*\"//'";
    const Run spaced = run(kCostpanel + " demo-stream --count 40 --seed 9" + strip_ts);
    CHECK(spaced.exit_code == 0);
    CHECK(run(kCostpanel + " demo-stream --count=40 --seed=9" + strip_ts).out == spaced.out);
    CHECK(run(kCostpanel + " demo-stream --count=7 --count 40 --seed 9" + strip_ts).out == spaced.out);
    CHECK(run(kCostpanel + " summarize --pricing=/nonexistent/prices.json /dev/null").exit_code == 1);

    test::TempDir dir;
    const std::string a = dir / "a.jsonl", b = dir / "b.jsonl";
    std::ofstream(a) << R"({"type":"api_call","model":"gpt-4o","input_tokens":10})"
                     << "\n";
    std::ofstream(b) << R"({"type":"api_call","model":"gpt-4o","input_tokens":20})"
                     << "\n";
    // watch follows both files until SIGTERM, then prints what it applied.
    const Run watched = run("timeout -s TERM 2 " + kCostpanel + " watch --follow " + a + " --follow=" + b +
                            " --offsets-dir=" + (dir / "offsets") + " 2>&1");
    CHECK(watched.out.find("reading file:" + a) != std::string::npos);
    CHECK(watched.out.find("reading file:" + b) != std::string::npos);
    CHECK(watched.out.find("\"input_tokens\": 30") != std::string::npos);
}

TEST_CASE("a bad option or value prints the reason and the command's usage on stderr and exits 2", "[cli]")
{
    const auto fails = [](const std::string& args, const std::string& reason, const std::string& usage,
                          int code = 2) {
        INFO(args);
        const Run r = run(kCostpanel + " " + args + " 2>&1 >/dev/null");
        CHECK(r.exit_code == code);
        CHECK(r.out.find(reason) != std::string::npos);
        CHECK(r.out.find("\nusage: " + usage) != std::string::npos);
    };
    fails("--demo --no-such-option", "--no-such-option", "costpanel [--listen");
    fails("--demo-rate 0", "--demo-rate: '0' is not a number from 0.1 to 100000", "costpanel [--listen");
    fails("--stdin=no", "stdin", "costpanel [--listen");
    fails("demo-stream --rate=fast", "--rate: 'fast' is not a number from 0 to 10000000",
          "costpanel demo-stream");
    fails("demo-stream --count 1.5", "--count: '1.5' is not a whole number", "costpanel demo-stream");
    fails("watch --listen file:/tmp/x", "--listen: takes unix:PATH, tcp:HOST:PORT or otlp[:HOST:PORT]",
          "costpanel watch");
    fails("watch --listen tcp:10.0.0.1:7717", "loopback", "costpanel watch");
    fails("watch --tier-model gpt-4o", "--tier-model: 'gpt-4o' is not \"Tier N=MODEL\"", "costpanel watch");
    fails("watch --listen", "--listen", "costpanel watch");
    fails("summarize a b", "b", "costpanel summarize");
    fails("import", "import needs a stream (FILE or -) or --logs", "costpanel import");
    fails("import - a -", "- (standard input) can be read once only", "costpanel import");
    fails("report --by colour", "--by: 'colour' is not day, week, month", "costpanel report");
    fails("report --from 2026-02-01 --to 2026-01-31", "--to is before --from", "costpanel report");
    fails("export --format xml", "--format: 'xml' is not csv or json", "costpanel export");
    // budget speaks the monitoring-plugins convention: bad usage is UNKNOWN, 3.
    fails("budget --daily 5", "--check is required", "costpanel budget", 3);
    fails("budget --check --daily -1", "--daily: '-1' is not an amount in USD above 0", "costpanel budget",
          3);
    fails("report --timezone Mars/Olympus", "--timezone: Mars/Olympus: not a time zone the system knows",
          "costpanel report");
    fails("export --format csv --timezone Asia/Nowhere", "Asia/Nowhere: not a time zone", "costpanel export");
    fails("--timezone Mars/Olympus", "Mars/Olympus: not a time zone", "costpanel [--listen");
    fails("budget --check --timezone Mars/Olympus", "Mars/Olympus: not a time zone", "costpanel budget", 3);
    fails("--db x.db report", "--db goes after the command word", "costpanel report");
    const Run unknown = run(kCostpanel + " frobnicate 2>&1 >/dev/null");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.starts_with("costpanel: unknown command 'frobnicate'\n\ncostpanel "));
    // --help wins over a bad value.
    CHECK(run(kCostpanel + " demo-stream --rate fast --help").exit_code == 0);
}

TEST_CASE("summarize reads a file or standard input, and a bad price file names the entry", "[cli]")
{
    test::TempDir dir;
    const std::string stream = dir / "s.jsonl";
    std::ofstream(stream)
        << R"({"type":"api_call","model":"gpt-4o-mini","input_tokens":1000000,"output_tokens":1000000})"
        << "\nnot json\n"
        << R"({"type":"api_call","model":"gpt-4o-mini","input_tokens":1})";  // no final newline
    const Run from_file = run(kCostpanel + " summarize " + stream);
    REQUIRE(from_file.exit_code == 0);
    const auto j = nlohmann::json::parse(from_file.out);
    CHECK(j["session_total_usd"].get<double>() == Approx(0.75 + 0.00000015));
    CHECK(j["events"]["applied"] == 2);
    CHECK(j["events"]["rejected"] == 1);
    const Run from_stdin = run(kCostpanel + " summarize - < " + stream);
    CHECK(from_stdin.out == from_file.out);

    const std::string prices = dir / "p.json";
    std::ofstream(prices)
        << R"({"format":"costpanel-prices/1","models":{"m":{"provider":"x","input":"cheap","output":1}}})";
    const Run bad = run(kCostpanel + " summarize --pricing " + prices + " " + stream + " 2>&1");
    CHECK(bad.exit_code == 1);
    CHECK(bad.out.find("entry \"m\": \"input\" must be a number >= 0") != std::string::npos);
}

TEST_CASE("the demo conductor replays by seed and its stream is all valid", "[cli]")
{
    const Run a = run(kCostpanel + " demo-stream --count 300 --seed 5 | sed 's/\"ts\":\"[^\"]*\"//'");
    const Run b = run(kCostpanel + " demo-stream --count 300 --seed 5 | sed 's/\"ts\":\"[^\"]*\"//'");
    const Run c = run(kCostpanel + " demo-stream --count 300 --seed 6 | sed 's/\"ts\":\"[^\"]*\"//'");
    CHECK(a.out == b.out);
    CHECK(a.out != c.out);
    const auto j = nlohmann::json::parse(
        run(kCostpanel + " demo-stream --count 3000 | " + kCostpanel + " summarize").out);
    CHECK(j["events"]["applied"] == 3000);
    CHECK(j["events"]["rejected"] == 0);
    CHECK(j["unpriced_calls"] == 0);
    CHECK(j["providers"].size() == 4);
    CHECK(j["session_total_usd"].get<double>() > 1.0);
    for (const auto& tier : j["tiers"]) CHECK(tier["cost_usd"].get<double>() > 0.0);
    CHECK(j["mma"]["status"].is_string());
}

TEST_CASE("watch says each line it rejects, with its reason, as it goes", "[cli]")
{
    test::TempDir dir;
    const std::string stream = dir / "bad.jsonl";
    std::ofstream(stream) << R"({"type":"api_call","model":"gpt-4o","input_tokens":-1})"
                          << "\n"
                          << R"({"type":"api_call","id":"ok","model":"gpt-4o","input_tokens":10})"
                          << "\n"
                          << "not json\n";
    const Run watched = run(kCostpanel + " watch --stdin --offsets-dir " + (dir / "offsets") + " < " +
                            stream + " 2>&1 >/dev/null");
    CHECK(watched.exit_code == 0);
    CHECK_THAT(watched.out, Catch::Contains("rejected stdin:1: \"input_tokens\" must be an integer"));
    CHECK_THAT(watched.out, Catch::Contains("rejected stdin:3: not valid JSON"));
    CHECK_THAT(watched.out, Catch::Contains("1 applied, 2 rejected"));
}

TEST_CASE("watch --stdin and summarize give the same numbers for the same stream", "[cli]")
{
    test::TempDir dir;
    const std::string stream = dir / "demo.jsonl";
    // The demo with bad lines mixed in, so rejections travel the same paths too.
    REQUIRE(run(kCostpanel +
                " demo-stream --count 5000 --seed 3 | awk 'NR % 97 == 0 { print \"{oops\" } { print }' > " +
                stream)
                .exit_code == 0);
    const Run summarized = run(kCostpanel + " summarize " + stream);
    const Run watched =
        run(kCostpanel + " watch --stdin --offsets-dir " + (dir / "offsets") + " < " + stream);
    REQUIRE(summarized.exit_code == 0);
    REQUIRE(watched.exit_code == 0);
    const auto s = nlohmann::json::parse(summarized.out);
    const auto w = nlohmann::json::parse(watched.out);
    CHECK(s["events"]["rejected"].get<int>() > 40);
    CHECK(w["events"] == s["events"]);
    CHECK(w["calls"] == s["calls"]);
    CHECK(w["input_tokens"] == s["input_tokens"]);
    CHECK(w["session_total_usd"].get<double>() ==
          Approx(s["session_total_usd"].get<double>()).epsilon(1e-12));
    for (std::size_t i = 0; i < s["tiers"].size(); ++i)
        CHECK(w["tiers"][i]["cost_usd"].get<double>() ==
              Approx(s["tiers"][i]["cost_usd"].get<double>()).epsilon(1e-12));
}

TEST_CASE("import then report: all-time totals equal every applied call's cost, a re-import stores nothing",
          "[cli][store]")
{
    test::TempDir dir;
    const std::string a = dir / "a.jsonl", b = dir / "b.jsonl", db = dir / "usage.db";
    REQUIRE(run(kCostpanel + " demo-stream --count 2500 --seed 11 > " + a).exit_code == 0);
    REQUIRE(
        run(kCostpanel + " demo-stream --count 1500 --seed 12 | sed 's/demo-/other-/' > " + b).exit_code ==
        0);
    const Run first = run(kCostpanel + " import --db " + db + " " + a + " " + b);
    REQUIRE(first.exit_code == 0);
    CHECK(first.out.find("0 duplicates skipped") != std::string::npos);
    const double expected =
        nlohmann::json::parse(run(kCostpanel + " summarize " + a).out)["session_total_usd"].get<double>() +
        nlohmann::json::parse(run(kCostpanel + " summarize " + b).out)["session_total_usd"].get<double>();
    const auto report = nlohmann::json::parse(run(kCostpanel + " report --db " + db + " --format json").out);
    CHECK(report["total_usd"].get<double>() == Approx(expected).epsilon(1e-12));
    CHECK(report["from"] == report["to"]);  // all stamped today
    double rows = 0;
    for (const auto& row : report["rows"]) rows += row["cost_usd"].get<double>();
    CHECK(rows == Approx(expected).epsilon(1e-12));

    const Run again = run(kCostpanel + " import --db " + db + " " + a);
    CHECK(again.out.starts_with("stored 0 calls"));
    CHECK(nlohmann::json::parse(run(kCostpanel + " report --db " + db + " --format json").out)["total_usd"]
              .get<double>() == Approx(expected).epsilon(1e-12));

    for (const char* by : {"week", "month", "provider", "model", "tier", "activity", "project", "host",
                           "service_tier", "source", "session"}) {
        INFO(by);
        const auto r = nlohmann::json::parse(
            run(kCostpanel + " report --db " + db + " --by " + by + " --format json").out);
        CHECK(r["total_usd"].get<double>() == Approx(expected).epsilon(1e-12));
        CHECK_FALSE(r["rows"].empty());
    }
    const Run table = run(kCostpanel + " report --db " + db + " --by provider");
    CHECK(table.out.starts_with("provider"));
    CHECK(table.out.find("\ntotal ") != std::string::npos);
    CHECK(run(kCostpanel + " report --db " + db + " --by colour").exit_code == 2);
    CHECK(run(kCostpanel + " report --db " + db + " --from 2026-13-01").exit_code == 2);
    CHECK(run(kCostpanel + " report --db " + (dir / "missing.db")).exit_code == 0);  // no history yet
}

TEST_CASE("export writes RFC 4180 CSV that a spreadsheet will not run, and JSON", "[cli][store]")
{
    test::TempDir dir;
    const std::string stream = dir / "s.jsonl", db = dir / "usage.db";
    std::ofstream(stream)
        << R"json({"type":"api_call","id":"x1","model":"gpt-4o","input_tokens":10,"activity":"=HYPERLINK(\"http://evil\")","error":"+1, said \"the API\"","category":"@SUM(A1)","routing_reason":"-2"})json"
        << "\n";
    REQUIRE(run(kCostpanel + " import --db " + db + " " + stream).exit_code == 0);
    const Run csv = run(kCostpanel + " export --db " + db + " --format csv");
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.find("\"'=HYPERLINK(\"\"http://evil\"\")\"") != std::string::npos);
    CHECK(csv.out.find("\"'+1, said \"\"the API\"\"\"") != std::string::npos);
    CHECK(csv.out.find(",'@SUM(A1),") != std::string::npos);
    CHECK(csv.out.find(",'-2,") != std::string::npos);
    CHECK(csv.out.find("\r\n") != std::string::npos);
    const auto json = nlohmann::json::parse(run(kCostpanel + " export --db " + db + " --format json").out);
    REQUIRE(json.size() == 1);
    CHECK(json[0]["activity"] == "=HYPERLINK(\"http://evil\")");  // JSON keeps the text as it was
    CHECK(json[0]["input_tokens"] == 10);
    CHECK(json[0]["rate_input"].get<double>() == 2.5e-6);
    CHECK(run(kCostpanel + " export --db " + db).exit_code == 2);
}

TEST_CASE("budget --check is a monitoring plugin: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, one line each",
          "[cli][store]")
{
    test::TempDir dir;
    const std::string stream = dir / "s.jsonl", db = dir / "usage.db";
    // $10.00 today: a million input tokens of GPT-4o at $2.50, four times.
    std::ofstream out(stream);
    for (int i = 0; i < 4; ++i)
        out << R"({"type":"api_call","model":"gpt-4o","input_tokens":1000000})"
            << "\n";
    out.close();
    REQUIRE(run(kCostpanel + " import --db " + db + " " + stream).exit_code == 0);
    const std::string base =
        "XDG_CONFIG_HOME=" + (dir / "config") + " " + kCostpanel + " budget --check --db " + db;
    const Run ok = run(base + " --daily 20 --monthly 100");
    CHECK(ok.exit_code == 0);
    CHECK(ok.out == "COSTPANEL OK - daily $10.00 of $20.00, monthly $10.00 of $100.00 | "
                    "daily=10.00;16.00;20.00 monthly=10.00;80.00;100.00\n");
    const Run warning = run(base + " --daily 12");
    CHECK(warning.exit_code == 1);
    CHECK(warning.out == "COSTPANEL WARNING - daily $10.00 of $12.00 (83%) | daily=10.00;9.60;12.00\n");
    // The worst first, with its performance data in the same order.
    const Run critical = run(base + " --daily 100 --monthly 8");
    CHECK(critical.exit_code == 2);
    CHECK(critical.out == "COSTPANEL CRITICAL - monthly $10.00 of $8.00 (125%, $2.00 over), daily $10.00 of "
                          "$100.00 | monthly=10.00;6.40;8.00 daily=10.00;80.00;100.00\n");
    CHECK(run(base + " --daily 11 --warn-at 0.95").exit_code == 0);
    // Below a cent, the performance data keeps the digits that matter.
    const std::string small = dir / "small.jsonl", small_db = dir / "small.db";
    std::ofstream(small) << R"({"type":"api_call","model":"gpt-4o-mini","input_tokens":1000})"
                         << "\n";
    REQUIRE(run(kCostpanel + " import --db " + small_db + " " + small).exit_code == 0);
    CHECK(run(kCostpanel + " budget --check --db " + small_db + " --daily 0.001").out ==
          "COSTPANEL OK - daily $0.00015 of $0.0010 | daily=0.00015;0.0008;0.001\n");
    // Above it, cents: $1.2345675 is 1.23.
    const std::string odd = dir / "odd.jsonl", odd_db = dir / "odd.db";
    std::ofstream(odd) << R"({"type":"api_call","model":"gpt-4o","input_tokens":493827})"
                       << "\n";
    REQUIRE(run(kCostpanel + " import --db " + odd_db + " " + odd).exit_code == 0);
    CHECK(run(kCostpanel + " budget --check --db " + odd_db + " --daily 10").out ==
          "COSTPANEL OK - daily $1.23 of $10.00 | daily=1.23;8.00;10.00\n");

    // UNKNOWN: no budget, a config that cannot be read, a store that is not one, bad usage.
    const Run none = run(base);
    CHECK(none.exit_code == 3);
    CHECK(none.out.starts_with("COSTPANEL UNKNOWN - no budget set"));
    const Run bad_config = run(base + " --config /dev/null --daily 5");
    CHECK(bad_config.exit_code == 3);
    CHECK(bad_config.out == "COSTPANEL UNKNOWN - /dev/null: not a JSON object\n");
    std::ofstream(dir / "not.db") << "not a database, and not to be written to\n";
    const Run not_a_store = run(kCostpanel + " budget --check --daily 5 --db " + (dir / "not.db"));
    CHECK(not_a_store.exit_code == 3);
    CHECK(not_a_store.out.starts_with("COSTPANEL UNKNOWN - cannot read the history store: " +
                                      (dir / "not.db")));
    const Run usage = run(kCostpanel + " budget --check --daily -1");
    CHECK(usage.exit_code == 3);
    CHECK(usage.out == "COSTPANEL UNKNOWN - --daily: '-1' is not an amount in USD above 0\n");
    CHECK(run(kCostpanel + " budget --db " + db).exit_code == 3);  // no --check
    CHECK(run(kCostpanel + " budget --help").exit_code == 0);

    // Every answer is one line, and a shell's `case $?` tells them apart.
    for (const char* args : {" --daily 20", " --daily 12", " --daily 5", " --daily -1", ""}) {
        INFO(args);
        const Run r = run(base + args + " 2>/dev/null");
        CHECK(r.out.find('\n') == r.out.size() - 1);
    }
    const std::string check_case =
        "; case $? in 0) echo ok;; 1) echo warning;; 2) echo critical;; 3) echo unknown;; esac";
    CHECK(run(base + " --daily 20 >/dev/null" + check_case).out == "ok\n");
    CHECK(run(base + " --daily 12 >/dev/null" + check_case).out == "warning\n");
    CHECK(run(base + " --daily 5 >/dev/null" + check_case).out == "critical\n");
    CHECK(run(base + " --daily=oops >/dev/null 2>&1" + check_case).out == "unknown\n");
}
