// Claude Code writes one transcript line per content block of a message, the usage repeated on each
// (an early one may carry smaller counts), and a subagent's transcript may replay lines of the main
// one. This decides, line by line, which copy is the call (PROTOCOL.md, "Claude Code logs").
#pragma once

#include "claude_code_line.hpp"
#include "costpanel/core/event_folder.hpp"

#include "costpanel/core/u64_map.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
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

    // What a call is known by: its message id and request id, hashed together.
    static std::uint64_t key(std::string_view message_id, std::string_view request_id);

    // `line` is a call; `epoch` the folder's session_reset count now. Remembers what it applies.
    Judgement judge(const ClaudeCodeLine& line, std::uint64_t epoch);
    // The folder did not apply the call `line` was just judged new for (or the main line it judged to
    // take a replay's place): its id was counted already, by another reading of the same transcript (a
    // second tree holding it) or by another message under the same request id. It stays remembered, so
    // that its copies and replays are still known for what they are, but as never applied.
    void not_applied(const ClaudeCodeLine& line);

private:
    // What was applied for a call, without a heap string of its own: a log has a call every few lines.
    struct Call
    {
        std::string_view id;      // in ids_
        std::uint32_t model = 0;  // in models_
        TokenCounts tokens;
        ServiceTier pricing_tier = ServiceTier::standard;
        std::uint64_t epoch = 0;
        std::uint64_t request = 0;  // hash of the request id
        bool sidechain = false;
        bool was_applied = true;  // false: the folder counted its id before (not_applied())
    };
    Call call_of(const ClaudeCodeLine& line, std::uint64_t request, std::uint64_t epoch);
    Applied applied_of(const Call& call) const;
    std::uint32_t model_of(const std::string& model);
    std::string_view keep(std::string_view id);

    std::vector<Call> calls_;                   // a slot a call; one taken back stays, unused
    U64Map<std::uint32_t> by_key_;              // hash of (message id, request id) -> its slot
    U64Map<std::uint64_t> messages_;            // message id -> its first call's key
    std::vector<std::string> models_;           // few: a project uses a handful of models
    std::vector<std::unique_ptr<char[]>> ids_;  // the calls' ids, in blocks that never move
    char* id_next_ = nullptr;                   // the last block's free bytes: from here,
    std::size_t id_room_ = 0;                   // this many
};

}  // namespace costpanel::agentlogs
