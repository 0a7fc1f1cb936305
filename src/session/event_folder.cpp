#include "costpanel/core/event_folder.hpp"

#include "otlp/otlp_json_line.hpp"

#include <algorithm>
#include <stdexcept>

namespace costpanel {

namespace {

// Resolving a model id walks several string forms; a conductor uses few ids, so remember them.
constexpr std::size_t kMatchCacheLimit = 4096;

// The call's provider as sent, else its price's.
const std::string& provider_of(const ApiCall& call, const ModelPrice* price)
{
    static const std::string unknown = "unknown";
    return !call.provider.empty() ? call.provider : price ? price->provider : unknown;
}

bool any_below(const TokenCounts& now, const TokenCounts& before)
{
    return now.input < before.input || now.output < before.output || now.cache_read < before.cache_read ||
           now.cache_write < before.cache_write;
}

TokenCounts minus(const TokenCounts& a, const TokenCounts& b)
{
    TokenCounts d;
    d.input = a.input - b.input;
    d.output = a.output - b.output;
    d.cache_read = a.cache_read - b.cache_read;
    d.cache_write = a.cache_write - b.cache_write;
    return d;
}

// The door a line came in by, from its source's name (PROTOCOL.md's sources): what `--by source` shows.
const char* door_of(std::string_view source)
{
    if (source == "stdin") return "stdin";
    if (source == "post") return "post";
    if (source.starts_with("unix:") || source.starts_with("tcp:")) return "socket";
    return "file";  // a followed file, or a file folded whole
}

}  // namespace

EventFolder::EventFolder(Options options) : options_(std::move(options))
{
    if (!options_.prices) throw std::invalid_argument("EventFolder needs a price table");
}

void EventFolder::add_line(std::string_view line, const std::string& source, std::uint64_t line_number,
                           TimeMs received)
{
    if (is_blank_line(line)) return;
    if (is_otlp_json_line(line)) {
        add_otlp_line(line, source, line_number, received);
        return;
    }
    ParseResult parsed = parse_line(line);
    if (auto* error = std::get_if<ParseError>(&parsed)) {
        reject(source, line_number, std::move(error->reason));
        return;
    }
    door_ = door_of(source);
    fold(std::get<Event>(parsed), received);
}

void EventFolder::add_otlp_line(std::string_view line, const std::string& source, std::uint64_t line_number,
                                TimeMs received)
{
    otlp::Calls calls;
    std::string why;
    if (!otlp::read_json_line(line, calls, why)) {
        reject(source, line_number, "an OTLP request that cannot be read: " + why);
        return;
    }
    const char* door = door_of(source);
    for (const Event& call : calls.calls) add_log_call(call, door, received);
    batch_.counters.ignored += calls.ignored;
    for (std::string& reason : calls.rejected) reject(source, line_number, std::move(reason));
}

void EventFolder::add_event(const Event& event, TimeMs received)
{
    door_ = "post";
    fold(event, received);
}

void EventFolder::add_rejection(Rejection rejection)
{
    batch_.counters.rejected++;
    batch_.rejections.push_back(std::move(rejection));
    if (batch_.rejections.size() > Batch::kMaxRejections) batch_.rejections.erase(batch_.rejections.begin());
}

void EventFolder::reject(std::string source, std::uint64_t line, std::string reason)
{
    add_rejection(Rejection{LineOrigin{std::move(source), line}, std::move(reason)});
}

void EventFolder::fold(const Event& event, TimeMs received)
{
    if (std::holds_alternative<UnknownEvent>(event.body)) {
        batch_.counters.ignored++;
        return;
    }
    if (event.id && !seen_ids_.insert(*event.id)) {
        batch_.counters.duplicates++;
        return;
    }
    batch_.counters.applied++;
    const TimeMs when = event.ts.value_or(received);
    if (const auto* call = std::get_if<ApiCall>(&event.body)) {
        apply_call(event, *call, when);
    } else if (const auto* usage = std::get_if<TierUsage>(&event.body)) {
        apply_tiers(*usage, when);
    } else if (const auto* mma = std::get_if<MmaStateUpdate>(&event.body)) {
        if (mma->status) batch_.status = mma->status;
        if (mma->active_tier) batch_.active_tier = mma->active_tier;
        if (mma->tier_usage) apply_tiers(*mma->tier_usage, when);
    } else if (std::holds_alternative<SessionReset>(event.body)) {
        Batch wiped;
        wiped.reset = true;
        wiped.epoch = ++epoch_;
        batch_.merge(std::move(wiped));
        batch_models_.clear();
    }
}

PriceTable::Match EventFolder::price_of(const std::string& model)
{
    if (model.empty()) return {};
    if (const auto it = match_cache_.find(model); it != match_cache_.end()) return it->second;
    if (match_cache_.size() >= kMatchCacheLimit) match_cache_.clear();
    const PriceTable::Match match = options_.prices->find(model);
    match_cache_.emplace(model, match);
    return match;
}

ModelUsage EventFolder::usage_of(const ApiCall& call, const PriceTable::Match& match,
                                 const ModelPrice::Choice& choice) const
{
    const ModelPrice* price = match.price;
    ModelUsage delta;
    delta.provider = provider_of(call, price);
    delta.model = std::string(strip_model_prefix(call.model));
    delta.priced = price != nullptr;
    if (price) delta.priced_as = price->key;
    delta.approximate = match.approximate;
    delta.calls = 1;
    delta.standard_rate_calls = choice.standard_rate ? 1 : 0;
    delta.failed_calls = call.success ? 0 : 1;
    delta.tokens = call.tokens;
    delta.reasoning_tokens = call.reasoning_tokens;
    delta.cost_usd = price ? priced_at(choice.rates, call.tokens) : 0.0;
    if (call.reported_cost_usd) {
        delta.reported_cost_usd = *call.reported_cost_usd;
        delta.reported_calls = 1;
        delta.reported_calls_cost_usd = delta.cost_usd;
    }
    if (call.latency_ms) {
        delta.latency_ms_sum = *call.latency_ms;
        delta.latency_samples = 1;
    }
    return delta;
}

void EventFolder::add_usage(ModelUsage&& delta)
{
    const auto [it, inserted] =
        batch_models_.try_emplace(delta.provider + '\n' + delta.model, batch_.models.size());
    if (inserted)
        batch_.models.push_back(std::move(delta));
    else
        batch_.models[it->second].add(delta);
}

bool EventFolder::add_log_call(const Event& event, const char* door, TimeMs received,
                               const ReplacedCall* replaced, bool grows)
{
    door_ = door;
    const auto* call = std::get_if<ApiCall>(&event.body);
    if (!call) return false;
    if (!replaced) {
        if (event.id && !seen_ids_.insert(*event.id)) {
            batch_.counters.duplicates++;
            return false;
        }
        batch_.counters.applied++;
        apply_call(event, *call, event.ts.value_or(received), grows && event.id ? *event.id : std::string());
        return true;
    }
    // A copy that corrects a call: counted as the copy it is; the numbers take the difference.
    batch_.counters.duplicates++;
    if (event.id) seen_ids_.insert(*event.id);
    // The session takes the replaced call back when it counted it; one already ended hears nothing,
    // and only the store swaps the rows.
    const bool this_session = replaced->epoch == epoch_;
    if (this_session && options_.keep_usage) {
        ApiCall before;
        before.model = replaced->model;
        before.provider = call->provider;
        before.tokens = replaced->tokens;
        before.pricing_tier = replaced->pricing_tier;
        const PriceTable::Match match = price_of(before.model);
        add_usage(usage_of(before, match,
                           match.price ? match.price->choose(before.tokens, before.pricing_tier)
                                       : ModelPrice::Choice{})
                      .negated());
    }
    apply_call(event, *call, event.ts.value_or(received), replaced->id, this_session);
    return true;
}

void EventFolder::apply_call(const Event& event, const ApiCall& call, TimeMs when,
                             const std::string& replaces, bool in_session)
{
    const PriceTable::Match match = price_of(call.model);
    const ModelPrice* price = match.price;
    const ModelPrice::Choice choice =
        price ? price->choose(call.tokens, call.pricing_tier) : ModelPrice::Choice{};
    if (options_.keep_records) {
        // Every field is set: the record may be a recycled one, holding another call's values.
        CallRecord& r = new_record();
        r.ts = when;
        r.event_id.assign(event.id ? *event.id : std::string());
        r.conductor_session = event.session;
        r.provider = provider_of(call, price);
        r.model = strip_model_prefix(call.model);
        r.tier = call.tier;
        r.activity = call.activity;
        r.category = call.category;
        r.tokens = call.tokens;
        r.reasoning_tokens = call.reasoning_tokens;
        r.latency_ms = call.latency_ms;
        r.success = call.success;
        r.error.assign(call.error, 0, 500);
        r.cache_hit = call.cache_hit;
        r.routing_reason = call.routing_reason;
        r.service_tier = call.service_tier;
        r.project = call.project;
        r.host = call.host;
        r.source = door_;
        r.reported_cost_usd = call.reported_cost_usd;
        r.priced = price != nullptr;
        r.priced_as.assign(price ? price->key : std::string());
        r.approximate = match.approximate;
        r.standard_rate = choice.standard_rate;
        r.cost_usd = price ? priced_at(choice.rates, call.tokens) : 0.0;
        r.long_context = price && choice.long_context;
        r.rates = price ? choice.rates : ModelPrice::Resolved{};
        r.epoch = epoch_;
        r.replaces = replaces;
    }
    if (in_session && options_.keep_usage) add_usage(usage_of(call, match, choice));
}

CallRecord& EventFolder::new_record()
{
    // Past filled_, batch_.calls holds recycled records, reused where they lie: a record is hundreds of
    // bytes, and moving one costs more than filling it.
    if (filled_ == batch_.calls.size()) {
        if (filled_ == 0 && !spare_.empty())
            batch_.calls.swap(spare_);
        else
            batch_.calls.emplace_back();
    }
    return batch_.calls[filled_++];
}

void EventFolder::recycle(Batch&& done)
{
    // The larger set is kept where it is; the other (most often the few a batch left over) joins it.
    constexpr std::size_t kMaxSpare = 16384;
    std::vector<CallRecord>& given = done.calls;
    if (spare_.size() < given.size()) spare_.swap(given);
    if (spare_.size() < kMaxSpare)
        spare_.insert(spare_.end(), std::make_move_iterator(given.begin()),
                      std::make_move_iterator(given.end()));
}

void EventFolder::apply_tiers(const TierUsage& usage, TimeMs when)
{
    for (const TierSnapshot& snap : usage.tiers) {
        TierTrack& track = tiers_[snap.tier];
        if (!snap.model.empty()) track.model = snap.model;
        TokenCounts now;
        now.input = snap.input;
        now.output = snap.output;
        now.cache_read = snap.cache_read;
        now.cache_write = snap.cache_write;
        // A counter that went down means the conductor restarted: the snapshot is all new.
        const TokenCounts delta = any_below(now, track.previous) ? now : minus(now, track.previous);
        track.previous = now;
        if (options_.keep_records)
            batch_.tier_snapshots.push_back({when, snap.tier, track.model, now, epoch_});

        TierUsageDelta d;
        d.tier = snap.tier;
        d.model = track.model;
        if (d.model.empty())
            if (const auto def = options_.tier_models.find(snap.tier); def != options_.tier_models.end())
                d.model = def->second;
        const ModelPrice* price = price_of(d.model).price;
        d.tokens = delta;
        d.cost_usd = price ? base_cost(*price, delta) : 0.0;
        d.priced = price != nullptr || delta == TokenCounts{};
        auto mine = std::find_if(batch_.tiers.begin(), batch_.tiers.end(),
                                 [&](const TierUsageDelta& t) { return t.tier == d.tier; });
        if (mine == batch_.tiers.end())
            batch_.tiers.push_back(std::move(d));
        else
            mine->add(d);
    }
}

Batch EventFolder::take_batch()
{
    // The recycled records this batch did not use wait for the next.
    if (filled_ < batch_.calls.size()) {
        const auto unused = batch_.calls.begin() + static_cast<std::ptrdiff_t>(filled_);
        spare_.insert(spare_.end(), std::make_move_iterator(unused),
                      std::make_move_iterator(batch_.calls.end()));
        batch_.calls.erase(unused, batch_.calls.end());
    }
    filled_ = 0;
    batch_.epoch = epoch_;
    Batch out = std::move(batch_);
    batch_ = Batch{};
    batch_models_.clear();
    return out;
}

}  // namespace costpanel
