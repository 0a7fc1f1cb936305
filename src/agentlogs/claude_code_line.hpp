// One line of a Claude Code transcript (PROTOCOL.md, "Claude Code logs"): an API call, or not.
#pragma once

#include "costpanel/core/events.hpp"
#include "json_line.hpp"

#include <string>
#include <string_view>

namespace costpanel::agentlogs {

struct ClaudeCodeLine
{
    enum class Kind
    {
        call,        // `event` holds the api_call
        not_a_call,  // not JSON, or no message.usage object, or a <synthetic> message: skipped
        bad          // a usage object with a count that is not one: `reason` says which
    };
    Kind kind = Kind::not_a_call;
    std::string reason;
    Event event;
    // The copy's keys (empty when absent): lines of one message share both.
    std::string message_id, request_id;
    bool sidechain = false;
};

// Most lines (the user's, tool results, summaries) carry no usage: not worth parsing. A line without
// kUsageMark is none.
inline constexpr std::string_view kUsageMark = "usage\"";
bool may_be_claude_code_call(std::string_view line);

// Reads `line` into `out` (its strings' memory is reused line after line). `project` is the
// directory under projects/ the file is in. `checked`: may_be_claude_code_call(line) was true.
void read_claude_code_line(JsonLine& json, std::string_view line, const std::string& project,
                           ClaudeCodeLine& out, bool checked = false);

}  // namespace costpanel::agentlogs
