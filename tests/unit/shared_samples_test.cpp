// The reference streams in ../shared/data and the summaries they must give (PROTOCOL.md).
#include "../common/skip.hpp"
#include "costpanel/core/line_splitter.hpp"
#include "costpanel/core/summary.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace costpanel;
using nlohmann::json;

namespace {

// Keys PROTOCOL 1.1 added to the summary: the 1.0 references do not have them.
bool added_in_1_1(const std::string& key)
{
    return key == "priced_as" || key == "approximate" || key == "standard_rate_calls";
}

// Numbers within a relative 1e-9, arrays of providers, models and tiers matched by name; every key
// of the reference is there, and no other but 1.1's additions.
void compare(const json& got, const json& want, const std::string& path)
{
    INFO(path);
    if (want.is_object()) {
        REQUIRE(got.is_object());
        for (const auto& [key, value] : got.items()) {
            INFO(key);
            CHECK((want.contains(key) || added_in_1_1(key)));
        }
        for (const auto& [key, value] : want.items()) {
            REQUIRE(got.contains(key));
            compare(got[key], value, path + "." + key);
        }
    } else if (want.is_array()) {
        REQUIRE(got.is_array());
        REQUIRE(got.size() == want.size());
        for (const json& w : want) {
            const char* name_key = w.contains("provider")                       ? "provider"
                                   : w.contains("model") && !w.contains("tier") ? "model"
                                                                                : "tier";
            const auto match = std::find_if(got.begin(), got.end(), [&](const json& g) {
                return g.value(name_key, json()) == w[name_key];
            });
            REQUIRE(match != got.end());
            compare(*match, w, path + "[" + w[name_key].get<std::string>() + "]");
        }
    } else if (want.is_number_float() || got.is_number_float()) {
        const double g = got.get<double>(), w = want.get<double>();
        CHECK(std::abs(g - w) <= 1e-9 * std::max(std::abs(w), 1e-300));
    } else {
        CHECK(got == want);
    }
}

json summarize_file(const std::filesystem::path& stream, const std::shared_ptr<const PriceTable>& prices)
{
    std::ifstream in(stream, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EventFolder folder({prices, {}});
    SessionState state;
    LineSplitter splitter;
    const auto on_line = [&](std::string_view line, std::uint64_t n) {
        folder.add_line(line, "sample", n, 0);
    };
    splitter.feed(text.str(), on_line, [](std::uint64_t) {});
    splitter.finish(on_line);
    state.apply(folder.take_batch());
    return json::parse(session_summary(state).dump());
}

}  // namespace

TEST_CASE("the reference streams give the reference summaries", "[shared]")
{
    const auto dir = test::shared_data();
    if (!std::filesystem::exists(dir / "litellm_prices_subset.json")) {
        SKIP_OR_FAIL(dir << " is not there (../shared is absent)");
    }
    const auto prices = std::make_shared<const PriceTable>(
        PriceTable::load_file((dir / "litellm_prices_subset.json").string()));
    for (const char* name : {"sample_events", "sample_events_with_reset", "sample_events_v11"}) {
        INFO(name);
        std::ifstream expected(dir / (std::string(name) + ".expected.json"));
        compare(summarize_file(dir / (std::string(name) + ".jsonl"), prices), json::parse(expected), name);
    }
}
