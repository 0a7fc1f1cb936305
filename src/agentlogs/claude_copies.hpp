// Claude Code writes one transcript line per content block of a message, the usage repeated on each
// (an early one may carry smaller counts), and a subagent's transcript may replay lines of the main
// one. This decides, line by line, which copy is the call (PROTOCOL.md, "Claude Code logs").
#pragma once

#include "claude_code_line.hpp"
#include "costpanel/core/event_folder.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace costpanel::agentlogs {

class ClaudeCopies
{
public:
    using Applied = ReplacedCall;

    enum class Verdict
    {
        new_call,     // apply it
        copy,         // a copy no larger than the one applied: nothing to do
        larger_copy,  // apply it in the place of `replaced` (the same call, smaller)
        replay,       // a subagent's replay of a main-line call: nothing to do
        main_line     // the main line of a call first seen as a replay: apply it in the place of `replaced`
    };
    struct Judgement
    {
        Verdict verdict = Verdict::new_call;
        Applied replaced;  // larger_copy, main_line
        // larger_copy, main_line: false when `replaced` was never applied (see not_applied()), so there is
        // nothing to take back for it.
        bool replaced_applied = true;
    };

    // `line` is a call; `epoch` the folder's session_reset count now. Remembers what it applies.
    Judgement judge(const ClaudeCodeLine& line, std::uint64_t epoch);
    // The folder did not apply the call `line` was just judged new for (or the main line it judged to
    // take a replay's place): its id was counted already, by another reading of the same transcript (a
    // second tree holding it) or by another message under the same request id. It stays remembered, so
    // that its copies and replays are still known for what they are, but as never applied.
    void not_applied(const ClaudeCodeLine& line);

private:
    struct Call
    {
        Applied applied;
        std::uint64_t request = 0;  // hash of the request id
        bool sidechain = false;
        bool was_applied = true;  // false: the folder counted its id before (not_applied())
    };

    std::unordered_map<std::uint64_t, Call> calls_;              // by hash of (message id, request id)
    std::unordered_map<std::uint64_t, std::uint64_t> messages_;  // message id -> its first call's key
};

}  // namespace costpanel::agentlogs
