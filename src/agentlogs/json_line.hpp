// One agent-log line under simdjson. Its DOM parser is the one that picks the CPU's fastest kernels at
// run time (the On Demand front end is compiled for the build machine's baseline, and is slower
// there); agent-log lines are mostly content costpanel never keeps, parsed at gigabytes a second.
#pragma once

#include <cstdint>
#include <optional>
#include <simdjson.h>
#include <string_view>
#include <vector>

namespace costpanel::agentlogs {

// The bytes simdjson may read past a line's end: a buffer of lines with this many more bytes after
// them lets each be parsed where it is.
inline constexpr std::size_t kLinePadding = simdjson::SIMDJSON_PADDING;

class JsonLine
{
public:
    // Parses `line` (copied into a padded buffer of its own, unless it lies in the region below);
    // false when it is not a JSON object. The object and every string read from it live until the next
    // open().
    bool open(std::string_view line);
    const simdjson::dom::object& object() const { return object_; }
    // Lines within `region`, which has kLinePadding readable bytes past its end, are parsed in place:
    // a copy of each is a sixth of what parsing it costs. An empty region ends that.
    void parse_in_place(std::string_view region) { in_place_ = region; }

private:
    simdjson::dom::parser parser_;
    std::vector<char> padded_;
    simdjson::dom::object object_;
    std::string_view in_place_;
};

// A token count as PROTOCOL.md allows it: a JSON integer in 0 ... 10^12. Nothing for null (the
// caller's default), `bad` set for anything else.
std::optional<std::int64_t> token_count(simdjson::dom::element value, bool& bad);

// A string value, or nothing (null, or another type).
std::optional<std::string_view> string_value(simdjson::dom::element value);

// The member `key` of an object value, when the value is an object and has it.
std::optional<simdjson::dom::element> member(simdjson::dom::element value, std::string_view key);

}  // namespace costpanel::agentlogs
