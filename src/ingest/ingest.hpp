// The ingest worker, which the engine (LiveSession) owns. One thread reads every source (standard
// input, followed files, Unix and loopback TCP sockets), parses, validates, prices and folds the
// lines, and hands Batches to a sink.
//
// Usage:
//   costpanel::Ingest ingest({prices}, [&](costpanel::Batch&& b) { channel.push(std::move(b)); });
//   ingest.add_source(costpanel::SourceSpec::parse("unix:/run/user/1000/costpanel.sock"));
//   ingest.start();
//   ...
//   ingest.stop();   // stops the sources, folds what was read, hands over the last batch, joins
#pragma once

#include "costpanel/core/batch.hpp"
#include "costpanel/core/events.hpp"
#include "costpanel/core/pricing.hpp"
#include "costpanel/engine/ingest_stats.hpp"
#include "costpanel/engine/source_spec.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace costpanel {

struct IngestOptions
{
    std::shared_ptr<const PriceTable> prices{};        // required
    std::map<std::string, std::string> tier_models{};  // "Tier 1" -> model, when snapshots name none
    bool keep_records = false;                         // batches carry call records (for a store)
    // Where followed files' offsets are remembered across restarts; empty: state_dir()/follow.
    std::string offsets_dir{};
    // Where agent log trees' offsets are remembered; empty: state_dir()/logs, or offsets_dir/logs.
    std::string log_offsets_dir{};
    // Called on the worker thread when something a viewer shows changed without a batch (a writer
    // connected or left, a source ended). Must not block.
    std::function<void()> on_status{};
    // Where the history of agent logs goes (batches of calls for the store, on the worker thread);
    // empty: it is read for what the live part needs and dropped.
    std::function<void(Batch&&)> history_sink{};
};

class Ingest
{
public:
    using BatchSink = std::function<void(Batch&&)>;  // called on the worker thread

    Ingest(IngestOptions options, BatchSink sink);
    ~Ingest();
    Ingest(const Ingest&) = delete;
    Ingest& operator=(const Ingest&) = delete;

    // Opens the source now, on the calling thread, so that errors reach the caller (SourceError);
    // before or after start(). Returns its address as a spec, with the port a TCP source really got;
    // for agent logs, the trees found ("claude-code:/home/ana/.claude"; several: comma-separated; none
    // in the default places: empty, and nothing is added).
    std::string add_source(const SourceSpec& spec);
    void start();
    // Idempotent. Stops reading new data after what the sources already hold, folds it, hands the
    // last batch to the sink and joins the worker.
    void stop();

    // Any thread: a line or an event from the host, folded in order with the sources' lines.
    void post_line(std::string line);
    void post_event(Event event);

    IngestStats stats() const;
    // The sources' addresses, e.g. {"unix:/run/user/1000/costpanel.sock", "stdin"}.
    std::vector<std::string> source_names() const;
    std::size_t source_count() const;

private:
    struct Worker;
    std::string hand_to_worker(std::unique_ptr<class Source> source);
    std::string add_log_trees(const SourceSpec& spec);
    std::unique_ptr<Worker> worker_;
    std::thread thread_;
    bool started_ = false;
    bool stopped_ = false;
};

}  // namespace costpanel
