// costpanel::LiveSession: the engine. One object owns the whole path from sources to the session's
// numbers, and builds and tears it down in the one right order (Tracy's Worker is the model): the
// ingest worker thread that reads, parses, prices and folds; the channel that merges its batches;
// the task queue the owner thread drains; the SessionState; and, when asked for, the history store.
//
// Usage (the owner thread is the one that calls run_pending(): the GUI thread in the panel):
//   costpanel::LiveSession live({.db_path = costpanel::data_dir() + "/usage.db"});
//   live.set_wake([] { glfwPostEmptyEvent(); });          // optional: new work wakes the owner's loop
//   live.add_source(costpanel::SourceSpec::parse("unix:/run/user/1000/costpanel.sock"));
//   live.post_line(R"({"type":"api_call","model":"gpt-4o","input_tokens":1200})");  // any thread
//   // on the owner thread, each frame or whenever woken:
//   live.run_pending();                                   // applies at most one merged batch
//   draw(live.state(), live.vitals());
#pragma once

#include "costpanel/core/events.hpp"
#include "costpanel/core/pricing.hpp"
#include "costpanel/core/session_state.hpp"
#include "costpanel/engine/source_spec.hpp"
#include "costpanel/engine/vitals.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace costpanel {

struct LiveSessionOptions
{
    std::shared_ptr<const PriceTable> prices{};        // empty: load_price_table()
    std::map<std::string, std::string> tier_models{};  // "Tier 1" -> model, until snapshots name one
    std::string offsets_dir{};                         // followed files' offsets; empty: the state directory
    std::string db_path{};                             // the history store: "" none, ":memory:" in memory
    int retention_days = 0;                            // the store keeps this many days; 0 keeps all
    std::string store_label = "live";                  // the label of the sessions the store opens
};

class LiveSession
{
public:
    // Starts the ingest worker (and the store's writer, with a store) at once.
    explicit LiveSession(LiveSessionOptions options = {});
    // stop(), then everything goes in reverse order of construction; the store commits what it holds.
    ~LiveSession();
    LiveSession(const LiveSession&) = delete;
    LiveSession& operator=(const LiveSession&) = delete;

    // Any thread: called after work is queued for the owner (e.g. glfwPostEmptyEvent).
    void set_wake(std::function<void()> wake);

    // Opens a source now, on the calling thread, so that its errors reach the caller (SourceError);
    // returns its address, with the port a TCP source really got.
    std::string add_source(const SourceSpec& spec);

    // Any thread. Lines and events are parsed, priced and folded on the worker, in the order posted.
    void post_line(std::string line);
    void post(Event event);
    // Any thread: `task` runs on the owner thread, in run_pending().
    void post_task(std::function<void()> task);

    // Owner thread: runs what other threads handed over (at most one merged batch); how many ran.
    std::size_t run_pending();
    // Owner thread without an event loop of its own: sleeps until there is work, or the deadline.
    bool wait_for_work(std::chrono::steady_clock::time_point deadline);
    // Owner thread. Ends the session as state() shows it; what is still queued, having arrived
    // since, counts in the new one. The store opens a new session at the same point.
    void reset();
    // Owner thread. Stops the sources, applies what they had read, joins the worker. Idempotent.
    void stop();
    // Owner thread. Waits, at most `within`, until the store committed all it was given; false at
    // the deadline (vitals().store says why). True without a store.
    bool flush_store(std::chrono::milliseconds within = std::chrono::seconds(30));
    // Owner thread. Waits, at most `within`, until the store's status satisfies `done`; false at the
    // deadline or without a store.
    bool wait_for_store(const std::function<bool(const StoreStatus&)>& done,
                        std::chrono::milliseconds within);

    // Owner thread.
    const SessionState& state() const;
    // Sampled now; in steady state sampling allocates nothing, so a view may ask every frame.
    const Vitals& vitals();
    bool has_store() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace costpanel
