#include "ingest/ingest.hpp"

#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/paths.hpp"
#include "file_follower.hpp"
#include "log_tree_source.hpp"
#include "otlp_source.hpp"
#include "platform/system_error.hpp"
#include "platform/unique_fd.hpp"
#include "socket_listener.hpp"
#include "stdin_source.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>
#include <sys/eventfd.h>
#include <variant>

namespace costpanel {

namespace {

// A followed file on a file system without inotify is looked at this often.
constexpr int kTimerMs = 500;

}  // namespace

// Everything the worker thread owns, plus the inbox other threads hand it work through.
struct Ingest::Worker
{
    Worker(IngestOptions opts, BatchSink batch_sink)
        : options(std::move(opts)), sink(std::move(batch_sink)),
          folder({options.prices, options.tier_models, options.keep_records}),
          wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
    {
        if (!wake) throw SourceError(std::string("eventfd: ") + std::strerror(errno));
    }

    void notify()
    {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto n = ::write(wake.get(), &one, sizeof one);
    }

    void run();
    bool take_inbox(ReadContext& ctx);
    void flush();

    IngestOptions options;
    BatchSink sink;
    EventFolder folder;
    UniqueFd wake;
    std::vector<std::unique_ptr<Source>> sources;  // worker thread only
    std::vector<char> buffer = std::vector<char>(1 << 16);
    std::uint64_t posted_lines = 0;

    std::mutex inbox_mutex;
    std::vector<std::unique_ptr<Source>> new_sources;
    std::vector<std::variant<std::string, Event>> posted;  // lines and events, in the order posted
    bool stop_requested = false;

    std::atomic<std::uint64_t> lines{0};
    std::atomic<std::uint64_t> bytes{0};
    std::atomic<int> writers{0};
    std::atomic<int> open_sources{0};
    std::atomic<std::uint64_t> seen_ids{0};
    std::atomic<std::uint64_t> seen_id_bytes{0};
    std::atomic<std::uint64_t> history_bytes{0};
    std::atomic<std::uint64_t> history_bytes_done{0};
    std::atomic<std::uint64_t> log_lines_skipped{0};
    mutable std::mutex names_mutex;
    std::vector<std::string> names;
    std::set<std::string> log_trees;  // tree_identity() of the log trees followed
};

void Ingest::Worker::flush()
{
    if (!folder.has_pending()) return;
    seen_ids.store(folder.seen_ids().size(), std::memory_order_relaxed);
    seen_id_bytes.store(folder.seen_ids().bytes(), std::memory_order_relaxed);
    sink(folder.take_batch());
}

bool Ingest::Worker::take_inbox(ReadContext& ctx)
{
    std::vector<std::unique_ptr<Source>> added;
    std::vector<std::variant<std::string, Event>> posted_in;
    bool stop;
    {
        std::lock_guard lock(inbox_mutex);
        added.swap(new_sources);
        posted_in.swap(posted);
        stop = stop_requested;
    }
    for (auto& s : added) {
        s->adopted(ctx);
        sources.push_back(std::move(s));
    }
    for (const auto& item : posted_in) {
        if (const auto* line = std::get_if<std::string>(&item)) {
            folder.add_line(*line, "post", ++posted_lines, ctx.now);
            lines.fetch_add(1, std::memory_order_relaxed);
        } else {
            folder.add_event(std::get<Event>(item), ctx.now);
        }
    }
    return stop;
}

void Ingest::Worker::run()
{
    ReadContext ctx{folder, buffer,        now_ms(),           lines,
                    bytes,  history_bytes, history_bytes_done, log_lines_skipped};
    std::vector<pollfd> fds;
    struct Span
    {
        Source* source;
        std::size_t first, count;
    };
    std::vector<Span> spans;
    for (;;) {
        ctx.now = now_ms();
        if (take_inbox(ctx)) {
            for (auto& s : sources) s->drain(ctx);
            flush();
            sources.clear();
            open_sources = 0;
            writers = 0;
            return;
        }
        // Hand over what was folded before waiting: one batch per round, however many lines it held.
        flush();

        fds.clear();
        spans.clear();
        fds.push_back({wake.get(), POLLIN, 0});
        bool timer = false, backlog = false;
        for (auto& s : sources) {
            const std::size_t first = fds.size();
            s->want(fds);
            spans.push_back({s.get(), first, fds.size() - first});
            timer = timer || s->needs_timer();
            backlog = backlog || s->has_backlog();
        }
        // With a backlog, only a look: the descriptors' news first, then the next slice of it.
        const int n = ::poll(fds.data(), fds.size(), backlog ? 0 : timer ? kTimerMs : -1);
        if (n < 0 && errno != EINTR) return;  // cannot happen with valid descriptors; nothing to retry
        if (fds[0].revents) {
            std::uint64_t count;
            [[maybe_unused]] const auto r = ::read(wake.get(), &count, sizeof count);
        }
        ctx.now = now_ms();
        for (const Span& span : spans) {
            bool any = span.source->needs_timer();
            for (std::size_t i = span.first; i < span.first + span.count && !any; ++i)
                any = fds[i].revents != 0;
            if (any) span.source->ready(&fds[span.first], span.count, ctx);
        }
        bool backlog_done = false;
        for (const Span& span : spans) {
            if (!span.source->has_backlog()) continue;
            span.source->work_on_backlog(ctx);
            backlog_done = backlog_done || !span.source->has_backlog();
        }

        const auto before_sources = sources.size();
        std::erase_if(sources, [](const std::unique_ptr<Source>& s) { return s->ended(); });
        int writer_count = 0;
        for (const auto& s : sources) writer_count += s->writers();
        const bool changed = sources.size() != before_sources || writer_count != writers.load();
        writers = writer_count;
        {
            // Sources added meanwhile are still in the inbox: they count as open already.
            std::lock_guard lock(inbox_mutex);
            open_sources = static_cast<int>(sources.size() + new_sources.size());
        }
        // A backlog read to its end is news too: its progress says "all read" only now.
        if ((changed || backlog_done) && options.on_status) options.on_status();
    }
}

Ingest::Ingest(IngestOptions options, BatchSink sink)
{
    // Agent logs' offsets beside followed files': in the state directory, or a logs/ of the one given.
    if (options.log_offsets_dir.empty())
        options.log_offsets_dir =
            options.offsets_dir.empty() ? state_dir() + "/logs" : options.offsets_dir + "/logs";
    if (options.offsets_dir.empty()) options.offsets_dir = state_dir() + "/follow";
    worker_ = std::make_unique<Worker>(std::move(options), std::move(sink));
}

Ingest::~Ingest()
{
    stop();
}

std::string Ingest::add_source(const SourceSpec& spec)
{
    if (spec.is_logs()) return add_log_trees(spec);
    std::unique_ptr<Source> source;
    try {
        switch (spec.kind) {
        case SourceSpec::Kind::standard_input:
            source = StdinSource::open();
            break;
        case SourceSpec::Kind::follow_file:
            source = FileFollower::open(spec.path, worker_->options.offsets_dir);
            break;
        case SourceSpec::Kind::unix_socket:
        case SourceSpec::Kind::tcp:
            source = SocketListener::open(spec);
            break;
        case SourceSpec::Kind::otlp:
            source = OtlpSource::open(spec);
            break;
        case SourceSpec::Kind::claude_code_logs:
        case SourceSpec::Kind::codex_logs:
            break;  // add_log_trees
        }
    } catch (const SystemError& e) {
        throw SourceError(e.what());
    }
    return hand_to_worker(std::move(source));
}

std::string Ingest::hand_to_worker(std::unique_ptr<Source> source)
{
    std::string name = source->name();
    {
        std::lock_guard lock(worker_->names_mutex);
        worker_->names.push_back(name);
    }
    {
        std::lock_guard lock(worker_->inbox_mutex);
        worker_->new_sources.push_back(std::move(source));
    }
    worker_->open_sources.fetch_add(1);
    worker_->notify();
    return name;
}

std::string Ingest::add_log_trees(const SourceSpec& spec)
{
    const auto format = spec.kind == SourceSpec::Kind::codex_logs ? agentlogs::LogFormat::codex
                                                                  : agentlogs::LogFormat::claude_code;
    const std::string& offsets = worker_->options.log_offsets_dir;
    std::string names;
    for (agentlogs::LogTree& tree : agentlogs::find_log_trees(format, spec.path)) {
        {
            // A tree given twice, or through a link to it, is followed once.
            std::lock_guard lock(worker_->names_mutex);
            if (!worker_->log_trees.insert(agentlogs::tree_identity(tree)).second) continue;
        }
        EventFolder::Options history{worker_->options.prices, worker_->options.tier_models};
        auto source =
            LogTreeSource::open(std::move(tree), offsets, std::move(history), worker_->options.history_sink);
        // Counted now, not when the worker takes the source over: "all of it read" is never early.
        worker_->history_bytes.fetch_add(source->history_bytes(), std::memory_order_relaxed);
        names += (names.empty() ? "" : ", ") + hand_to_worker(std::move(source));
    }
    return names;
}

void Ingest::start()
{
    if (started_) return;
    started_ = true;
    thread_ = std::thread([w = worker_.get()] { w->run(); });
}

void Ingest::stop()
{
    if (stopped_) return;
    stopped_ = true;
    {
        std::lock_guard lock(worker_->inbox_mutex);
        worker_->stop_requested = true;
    }
    worker_->notify();
    if (thread_.joinable()) thread_.join();
}

void Ingest::post_line(std::string line)
{
    {
        std::lock_guard lock(worker_->inbox_mutex);
        worker_->posted.push_back(std::move(line));
    }
    worker_->notify();
}

void Ingest::post_event(Event event)
{
    {
        std::lock_guard lock(worker_->inbox_mutex);
        worker_->posted.push_back(std::move(event));
    }
    worker_->notify();
}

IngestStats Ingest::stats() const
{
    IngestStats s;
    s.lines = worker_->lines.load(std::memory_order_relaxed);
    s.bytes = worker_->bytes.load(std::memory_order_relaxed);
    s.writers = worker_->writers.load();
    s.open_sources = worker_->open_sources.load();
    s.seen_ids = worker_->seen_ids.load(std::memory_order_relaxed);
    s.seen_id_bytes = worker_->seen_id_bytes.load(std::memory_order_relaxed);
    s.history_bytes = worker_->history_bytes.load(std::memory_order_relaxed);
    s.history_bytes_done = worker_->history_bytes_done.load(std::memory_order_relaxed);
    s.log_lines_skipped = worker_->log_lines_skipped.load(std::memory_order_relaxed);
    return s;
}

std::vector<std::string> Ingest::source_names() const
{
    std::lock_guard lock(worker_->names_mutex);
    return worker_->names;
}

std::size_t Ingest::source_count() const
{
    std::lock_guard lock(worker_->names_mutex);
    return worker_->names.size();
}

}  // namespace costpanel
