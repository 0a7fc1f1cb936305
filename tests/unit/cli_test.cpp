// The costpanel executable as scripts use it: exit codes, inputs, and that every path through it
// gives the same numbers.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

namespace {

struct Run
{
    int exit_code = -1;
    std::string out;
};

// Runs a shell command line; its standard error is dropped unless the command redirects it.
Run run(const std::string& command)
{
    Run r;
    const bool keeps_stderr = command.find("2>&1") != std::string::npos;
    FILE* pipe = ::popen((keeps_stderr ? command : "exec 2>/dev/null; " + command).c_str(), "r");
    REQUIRE(pipe);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) r.out.append(buf, n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

const std::string kCostpanel = COSTPANEL_EXE;

}  // namespace

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
