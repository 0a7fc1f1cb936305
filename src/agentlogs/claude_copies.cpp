#include "claude_copies.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

namespace costpanel::agentlogs {

namespace {

// Ids are a few dozen bytes: blocks this large hold thousands.
constexpr std::size_t kIdBlock = 64 * 1024;

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

}  // namespace

std::uint64_t ClaudeCopies::key(std::string_view message_id, std::string_view request_id)
{
    return key_of(hash_of(message_id), hash_of(request_id));
}

std::string_view ClaudeCopies::keep(std::string_view id)
{
    if (id.empty()) return {};
    if (id.size() > id_room_) {
        const std::size_t size = std::max(kIdBlock, id.size());
        ids_.push_back(std::make_unique<char[]>(size));
        id_next_ = ids_.back().get();
        id_room_ = size;
    }
    char* at = id_next_;
    std::memcpy(at, id.data(), id.size());
    id_next_ += id.size();
    id_room_ -= id.size();
    return {at, id.size()};
}

std::uint32_t ClaudeCopies::model_of(const std::string& model)
{
    const auto at =
        static_cast<std::uint32_t>(std::find(models_.begin(), models_.end(), model) - models_.begin());
    if (at == models_.size()) models_.push_back(model);
    return at;
}

ClaudeCopies::Call ClaudeCopies::call_of(const ClaudeCodeLine& line, std::uint64_t request,
                                         std::uint64_t epoch)
{
    const auto& call = std::get<ApiCall>(line.event.body);
    Call c;
    c.id = keep(line.event.id ? std::string_view(*line.event.id) : std::string_view());
    c.model = model_of(call.model);
    c.tokens = call.tokens;
    c.pricing_tier = call.pricing_tier;
    c.epoch = epoch;
    c.request = request;
    c.sidechain = line.sidechain;
    return c;
}

ClaudeCopies::Applied ClaudeCopies::applied_of(const Call& c) const
{
    return {std::string(c.id), models_[c.model], c.tokens, c.pricing_tier, c.epoch};
}

ClaudeCopies::Judgement ClaudeCopies::judge(const ClaudeCodeLine& line, std::uint64_t epoch)
{
    if (line.message_id.empty()) return {};  // lines without a message id are calls each
    const std::uint64_t message = hash_of(line.message_id);
    const std::uint64_t request = hash_of(line.request_id);
    const std::uint64_t key = key_of(message, request);

    if (const std::uint32_t* slot = by_key_.find(key)) {
        Call& seen = calls_[*slot];
        const auto& tokens = std::get<ApiCall>(line.event.body).tokens;
        if (total_of(tokens) <= total_of(seen.tokens)) return {Verdict::copy, {}};
        Judgement j{Verdict::larger_copy, applied_of(seen), seen.was_applied};
        // The same message and request: the same id.
        const auto& call = std::get<ApiCall>(line.event.body);
        seen.model = model_of(call.model);
        seen.tokens = call.tokens;
        seen.pricing_tier = call.pricing_tier;
        seen.epoch = epoch;
        return j;
    }

    const auto [first, is_new_message] = messages_.try_emplace(message, key);
    if (!is_new_message) {
        const std::uint32_t other_slot = *by_key_.find(*first);
        const Call& other = calls_[other_slot];
        if (other.request != request && (line.sidechain || other.sidechain)) {
            if (line.sidechain) return {Verdict::replay, {}};
            // The replay came first: this main line is the call, in its place.
            Judgement j{Verdict::main_line, applied_of(other), other.was_applied};
            by_key_.erase(*first);
            *first = key;
            calls_[other_slot] = call_of(line, request, epoch);
            calls_[other_slot].sidechain = false;
            by_key_[key] = other_slot;
            return j;
        }
    }
    by_key_[key] = static_cast<std::uint32_t>(calls_.size());
    calls_.push_back(call_of(line, request, epoch));
    return {};
}

void ClaudeCopies::not_applied(const ClaudeCodeLine& line)
{
    if (line.message_id.empty()) return;  // never remembered
    if (const std::uint32_t* slot = by_key_.find(key(line.message_id, line.request_id)))
        calls_[*slot].was_applied = false;
}

}  // namespace costpanel::agentlogs
