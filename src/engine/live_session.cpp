#include "costpanel/engine/live_session.hpp"

#include "costpanel/store/store.hpp"
#include "engine/batch_channel.hpp"
#include "engine/task_queue.hpp"
#include "ingest/ingest.hpp"

#include <atomic>

namespace costpanel {

namespace {

LiveSessionOptions with_defaults(LiveSessionOptions options)
{
    if (!options.prices) options.prices = load_price_table();
    return options;
}

std::unique_ptr<Store> open_store(const LiveSessionOptions& options)
{
    if (options.db_path.empty()) return nullptr;
    Store::Options o;
    o.path = options.db_path;
    o.retention_days = options.retention_days;
    o.label = options.store_label;
    return std::make_unique<Store>(o);
}

// Agent logs' history goes to a store of its own on the same file (its own connection and writer,
// its sessions labelled "logs"), so that it never mixes with the live session's.
std::unique_ptr<Store> open_history_store(const LiveSessionOptions& options)
{
    Store::Options o;
    o.path = options.db_path;
    o.retention_days = options.retention_days;
    o.label = "logs";
    return std::make_unique<Store>(o);
}

}  // namespace

// Declared in the order they must be built; they are torn down in reverse, so each part goes while
// what feeds it is already gone and what it feeds is still there.
struct LiveSession::Impl
{
    explicit Impl(LiveSessionOptions o)
        : options(with_defaults(std::move(o))), state(options.tier_models), store(open_store(options)),
          channel(queue,
                  [this](Batch&& b) {
                      state.apply(b);
                      // In the order the session sees them, so stored sessions split where its do.
                      if (store) store->add(std::move(b.calls), std::move(b.tier_snapshots), b.epoch);
                  }),
          ingest(IngestOptions{.prices = options.prices,
                               .tier_models = options.tier_models,
                               .keep_records = store != nullptr,
                               .offsets_dir = options.offsets_dir,
                               // A writer came or went, a source ended: worth a look, without a batch.
                               .on_status = [this] { queue.post([] {}); },
                               .history_sink = history_sink()},
                 [this](Batch&& b) { channel.push(std::move(b)); })
    {
        ingest.start();
    }

    LiveSessionOptions options;
    TaskQueue queue;  // any thread posts; the owner drains
    SessionState state;
    std::unique_ptr<Store> store;  // outlives the channel and the ingest, which feed it
    // The agent logs' history: made by the ingest worker at its first batch, once the live store has
    // made the file (two connections setting up one new file at once would trip over each other's
    // locks), and fed by the worker alone; `history` publishes it to the owner thread.
    std::unique_ptr<Store> history_store;
    std::atomic<Store*> history{nullptr};
    BatchChannel channel;
    Ingest ingest;  // last: it stops first, while the channel and the queue still exist
    Vitals vitals;

    std::function<void(Batch&&)> history_sink()
    {
        // Not with ":memory:": a second connection would be a second, empty database, and nothing of
        // it outlives the session anyway.
        if (!store || options.db_path == ":memory:") return {};
        return [this](Batch&& b) {
            if (b.calls.empty()) return;
            if (!history_store) {
                store->wait_until([](const StoreStatus& s) { return s.open || !s.problem.empty(); },
                                  std::chrono::seconds(10));
                history_store = open_history_store(options);
                history.store(history_store.get(), std::memory_order_release);
            }
            history_store->add(std::move(b.calls), std::move(b.tier_snapshots), 0);
            queue.post([] {});  // the toolbar's progress moved
        };
    }
};

LiveSession::LiveSession(LiveSessionOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

LiveSession::~LiveSession()
{
    stop();
}

void LiveSession::set_wake(std::function<void()> wake)
{
    impl_->queue.set_wake(std::move(wake));
}

std::string LiveSession::add_source(const SourceSpec& spec)
{
    return impl_->ingest.add_source(spec);
}

void LiveSession::post_line(std::string line)
{
    impl_->ingest.post_line(std::move(line));
}

void LiveSession::post(Event event)
{
    impl_->ingest.post_event(std::move(event));
}

void LiveSession::post_task(std::function<void()> task)
{
    impl_->queue.post(std::move(task));
}

std::size_t LiveSession::run_pending()
{
    return impl_->queue.run_pending();
}

bool LiveSession::wait_for_work(std::chrono::steady_clock::time_point deadline)
{
    return impl_->queue.wait_until(deadline);
}

void LiveSession::reset()
{
    impl_->state.reset();
    if (impl_->store) impl_->store->new_session();
}

void LiveSession::stop()
{
    impl_->ingest.stop();
    impl_->queue.run_pending();
}

bool LiveSession::flush_store(std::chrono::milliseconds within)
{
    Store* h = impl_->history.load(std::memory_order_acquire);
    const bool history = !h || h->flush(within);
    return (!impl_->store || impl_->store->flush(within)) && history;
}

bool LiveSession::wait_for_store(const std::function<bool(const StoreStatus&)>& done,
                                 std::chrono::milliseconds within)
{
    return impl_->store && impl_->store->wait_until(done, within);
}

const SessionState& LiveSession::state() const
{
    return impl_->state;
}

const Vitals& LiveSession::vitals()
{
    Vitals& v = impl_->vitals;
    v.ingest = impl_->ingest.stats();
    // Sources are only ever added, so a count that did not move means the same names.
    if (impl_->ingest.source_count() != v.sources.size()) v.sources = impl_->ingest.source_names();
    if (impl_->store) {
        if (!v.store) v.store.emplace();
        impl_->store->sample_status(*v.store);
        // What the history of agent logs added counts as saved too: the History tab looks again.
        if (const Store* h = impl_->history.load(std::memory_order_acquire))
            v.store->committed_calls += h->committed_calls();
    }
    return v;
}

bool LiveSession::has_store() const
{
    return impl_->store != nullptr;
}

}  // namespace costpanel
