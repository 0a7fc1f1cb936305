#include "json_line.hpp"

#include <cstring>

namespace costpanel::agentlogs {

namespace {

constexpr std::int64_t kMaxTokens = 1'000'000'000'000;  // PROTOCOL.md's 10^12
// A parser keeps the capacity of the largest line it read; past this, it is made anew, so one huge
// line does not hold its memory for the rest of the run.
constexpr std::size_t kKeptCapacity = 8 * 1024 * 1024;

}  // namespace

bool JsonLine::open(std::string_view line)
{
    if (parser_.capacity() > kKeptCapacity) {
        parser_ = simdjson::dom::parser();
        padded_ = std::vector<char>();
    }
    // simdjson reads in blocks past the end of what it parses: the padding makes that memory ours.
    // In the region, what it reads past the line is the region's next bytes or its padding: whatever
    // they hold, it parses only line.size() bytes.
    const char* data = line.data();
    const char* const region = in_place_.data();
    if (!region || data < region || data + line.size() > region + in_place_.size()) {
        if (padded_.size() < line.size() + simdjson::SIMDJSON_PADDING)
            padded_.resize(line.size() + simdjson::SIMDJSON_PADDING);
        std::memcpy(padded_.data(), line.data(), line.size());
        std::memset(padded_.data() + line.size(), 0, simdjson::SIMDJSON_PADDING);
        data = padded_.data();
    }
    simdjson::dom::element root;
    if (parser_.parse(data, line.size(), false).get(root)) return false;
    return !root.get_object().get(object_);
}

std::optional<std::int64_t> token_count(simdjson::dom::element value, bool& bad)
{
    if (value.is_null()) return std::nullopt;
    std::int64_t n = 0;
    // get_int64 refuses fractions, exponents and numbers past 64 bits: none is a count.
    if (!value.is_int64() || value.get_int64().get(n) || n < 0 || n > kMaxTokens) {
        bad = true;
        return std::nullopt;
    }
    return n;
}

std::optional<std::string_view> string_value(simdjson::dom::element value)
{
    std::string_view s;
    if (value.get_string().get(s)) return std::nullopt;
    return s;
}

std::optional<simdjson::dom::element> member(simdjson::dom::element value, std::string_view key)
{
    simdjson::dom::object obj;
    simdjson::dom::element found;
    if (value.get_object().get(obj) || obj.at_key(key).get(found)) return std::nullopt;
    return found;
}

}  // namespace costpanel::agentlogs
