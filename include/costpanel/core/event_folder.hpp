// costpanel: turns lines and events into Batches, on whichever thread reads them.
//
// Usage (single-threaded, as `costpanel summarize` does):
//   costpanel::EventFolder folder({prices});
//   costpanel::SessionState state;
//   folder.add_line(line, "stdin", line_number, now_ms);
//   state.apply(folder.take_batch());
//
// The folder owns what must be known across batches and sessions: the ids seen since the process
// started, and each tier's previous snapshot and last model. It is not thread-safe: one thread feeds it.
#pragma once

#include "costpanel/core/batch.hpp"
#include "costpanel/core/id_set.hpp"
#include "costpanel/core/pricing.hpp"
#include "costpanel/core/protocol.hpp"

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace costpanel {

// What was applied for a call an agent log may write again: what a correction takes back.
struct ReplacedCall
{
    std::string id;  // the event id it was applied with
    std::string model;
    TokenCounts tokens;
    ServiceTier pricing_tier = ServiceTier::standard;
    std::uint64_t epoch = 0;  // the folder's session_reset count when it was applied
};

class EventFolder
{
public:
    struct Options
    {
        std::shared_ptr<const PriceTable> prices;        // required
        std::map<std::string, std::string> tier_models;  // "Tier 1" -> model, when snapshots name none
        bool keep_records = false;                       // fill Batch::calls and tier_snapshots, for a store
        bool keep_usage =
            true;  // fill Batch::models, for a session; a reader that keeps only records needs none
    };

    explicit EventFolder(Options options);
    const Options& options() const { return options_; }

    // Parses, validates, prices and folds one line; blank lines are skipped. A line of OTLP/JSON (an
    // export request, as the Collector's file exporter writes them) is read as its calls.
    void add_line(std::string_view line, const std::string& source, std::uint64_t line_number,
                  TimeMs received);
    // Folds an event that is already parsed (a host's post()).
    void add_event(const Event& event, TimeMs received);
    // A line that never reached the parser (too long, cut off by a disconnect).
    void add_rejection(Rejection rejection);
    // A call another reader read and checked: an agent log's (`door`: "claude-code", "codex"), an
    // OTLP request's ("otlp").
    // With `replaced` it takes the place of a call applied before (a smaller copy of itself, or a
    // replay of it): the session gets the difference, when the replaced call is of this session, and
    // the store swaps the rows. `grows`: the log may later write a larger copy, so a store that
    // already holds the id keeps the larger of the two. False when it was not applied: without
    // `replaced`, a call whose id was counted already (a duplicate).
    bool add_log_call(const Event& event, const char* door, TimeMs received,
                      const ReplacedCall* replaced = nullptr, bool grows = false);
    // A line its reader knew for a copy of a call folded already (an agent log's).
    void count_duplicate() { batch_.counters.duplicates++; }
    // What a reader read and knew for no call (an OTLP span without usage, a metric's data point).
    void count_ignored(std::uint64_t n) { batch_.counters.ignored += n; }
    // session_reset events folded so far.
    std::uint64_t epoch() const { return epoch_; }

    // The batch folded since the last take; the folder starts a new one.
    Batch take_batch();
    // A batch taken and done with, given back: the next calls' records reuse its records' memory (a
    // reader that adds a batch up where it takes it, as a report in memory does, allocates nothing a
    // call).
    void recycle(Batch&& done);
    bool has_pending() const { return !batch_.empty(); }
    std::uint64_t pending_events() const { return batch_.counters.total(); }
    // Rejections in the batch being folded: past Batch::kMaxRejections the oldest give way.
    std::size_t pending_rejections() const { return batch_.rejections.size(); }
    // The ids remembered for duplicate detection, and the memory they take.
    const IdSet& seen_ids() const { return seen_ids_; }

private:
    struct TierTrack
    {
        TokenCounts previous;  // the last snapshot; zero before the first
        std::string model;     // the last model a snapshot named
    };

    void fold(const Event& event, TimeMs received);
    // A line of OTLP/JSON (a file of export requests): its calls, each rejected span or record.
    void add_otlp_line(std::string_view line, const std::string& source, std::uint64_t line_number,
                       TimeMs received);
    void apply_call(const Event& event, const ApiCall& call, TimeMs received,
                    const std::string& replaces = {}, bool in_session = true);
    void add_usage(ModelUsage&& delta);
    CallRecord& new_record();
    ModelUsage usage_of(const ApiCall& call, const PriceTable::Match& match,
                        const ModelPrice::Choice& choice) const;
    void apply_tiers(const TierUsage& usage, TimeMs when);
    PriceTable::Match price_of(const std::string& model);
    void reject(std::string source, std::uint64_t line, std::string reason);

    Options options_;
    IdSet seen_ids_;
    std::unordered_map<std::string, TierTrack> tiers_;
    std::unordered_map<std::string, PriceTable::Match> match_cache_;
    Batch batch_;
    std::vector<CallRecord> spare_;  // records given back (recycle()), their strings' memory kept
    std::size_t filled_ = 0;         // batch_.calls in use; those after it are spares (new_record())
    std::uint64_t epoch_ = 0;        // session_reset events folded so far
    const char* door_ = "post";      // the door of the line being folded
    std::unordered_map<std::string, std::size_t> batch_models_;  // provider '\n' model -> batch_.models index
};

}  // namespace costpanel
