// One Codex CLI session file (PROTOCOL.md, "OpenAI Codex CLI logs"), read line by line. What a line
// means depends on the lines before it (the model of the last turn_context, the running total), so
// the reader's state is what a resumed read needs: it can be saved and restored as text.
#pragma once

#include "costpanel/core/events.hpp"
#include "json_line.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace costpanel::agentlogs {

struct CodexUsage
{
    std::int64_t input = 0, cached = 0, output = 0, reasoning = 0;
    bool operator==(const CodexUsage&) const = default;
};

class CodexSession
{
public:
    // `file_stem`: the file's name without .jsonl, the session's id until session_meta names one.
    explicit CodexSession(std::string file_stem);

    enum class Line
    {
        call,        // `event` holds the api_call
        not_a_call,  // skipped: not JSON, or nothing that is a call (context lines update the state)
        bad          // a token_count whose counts are not counts: `reason` says which
    };
    Line read(JsonLine& json, std::string_view line, Event& event, std::string& reason);

    // The state after the lines read so far, one line of text; restore() takes it back (false when
    // it is not such a text).
    std::string save() const;
    bool restore(std::string_view text);

private:
    void read_context(const simdjson::dom::object& payload, bool meta);

    std::string session_;
    std::string project_;
    std::string model_;
    CodexUsage total_;         // the last total_token_usage seen
    std::uint64_t calls_ = 0;  // calls read so far: the next one's ordinal
};

}  // namespace costpanel::agentlogs
