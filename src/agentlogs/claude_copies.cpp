#include "claude_copies.hpp"

#include <functional>

namespace costpanel::agentlogs {

namespace {

std::uint64_t hash_of(std::string_view s)
{
    return std::hash<std::string_view>{}(s);
}

// The pair's key; the message id's own hash mixed with the request's (boost's hash_combine).
std::uint64_t key_of(std::uint64_t message, std::uint64_t request)
{
    return message ^ (request + 0x9e3779b97f4a7c15ull + (message << 6) + (message >> 2));
}

std::int64_t total_of(const TokenCounts& t)
{
    return t.input + t.output + t.cache_read + t.cache_write + t.cache_write_1h;
}

ClaudeCopies::Applied applied_of(const ClaudeCodeLine& line, std::uint64_t epoch)
{
    const auto& call = std::get<ApiCall>(line.event.body);
    return {line.event.id.value_or(""), call.model, call.tokens, call.pricing_tier, epoch};
}

}  // namespace

ClaudeCopies::Judgement ClaudeCopies::judge(const ClaudeCodeLine& line, std::uint64_t epoch)
{
    if (line.message_id.empty()) return {};  // lines without a message id are calls each
    const std::uint64_t message = hash_of(line.message_id);
    const std::uint64_t request = hash_of(line.request_id);
    const std::uint64_t key = key_of(message, request);

    if (const auto it = calls_.find(key); it != calls_.end()) {
        Call& seen = it->second;
        const auto& tokens = std::get<ApiCall>(line.event.body).tokens;
        if (total_of(tokens) <= total_of(seen.applied.tokens)) return {Verdict::copy, {}};
        Judgement j{Verdict::larger_copy, seen.applied, seen.was_applied};
        seen.applied = applied_of(line, epoch);
        return j;
    }

    const auto [first, is_new_message] = messages_.try_emplace(message, key);
    if (!is_new_message) {
        Call& other = calls_.at(first->second);
        if (other.request != request && (line.sidechain || other.sidechain)) {
            if (line.sidechain) return {Verdict::replay, {}};
            // The replay came first: this main line is the call, in its place.
            Judgement j{Verdict::main_line, other.applied, other.was_applied};
            Call main{applied_of(line, epoch), request, false, true};
            calls_.erase(first->second);
            first->second = key;
            calls_.emplace(key, std::move(main));
            return j;
        }
    }
    calls_.emplace(key, Call{applied_of(line, epoch), request, line.sidechain, true});
    return {};
}

void ClaudeCopies::not_applied(const ClaudeCodeLine& line)
{
    if (line.message_id.empty()) return;  // never remembered
    const auto it = calls_.find(key_of(hash_of(line.message_id), hash_of(line.request_id)));
    if (it != calls_.end()) it->second.was_applied = false;
}

}  // namespace costpanel::agentlogs
