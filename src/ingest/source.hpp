// What the ingest worker needs of a source: descriptors to wait on, and what to do when they are ready.
#pragma once

#include "costpanel/core/event_folder.hpp"

#include <atomic>
#include <poll.h>
#include <string>
#include <vector>

namespace costpanel {

// Everything a source touches while it reads, owned by the worker.
struct ReadContext
{
    EventFolder& folder;
    std::vector<char>& buffer;  // scratch for read(2)
    TimeMs now = 0;
    std::atomic<std::uint64_t>& lines;
    std::atomic<std::uint64_t>& bytes;
    // Agent logs (IngestStats' figures of the same names).
    std::atomic<std::uint64_t>& history_bytes;
    std::atomic<std::uint64_t>& history_bytes_done;
    std::atomic<std::uint64_t>& log_lines_skipped;
};

class Source
{
public:
    virtual ~Source() = default;

    virtual std::string name() const = 0;
    // The worker took the source over: read what is there already (a followed file's backlog).
    virtual void adopted(ReadContext& /*ctx*/) {}
    // Appends the descriptors to wait on this round.
    virtual void want(std::vector<pollfd>& fds) = 0;
    // Called with the `count` entries it appended, once any of them is ready (or the timer fired).
    virtual void ready(const pollfd* fds, std::size_t count, ReadContext& ctx) = 0;
    // At stop: fold what is already readable, without blocking.
    virtual void drain(ReadContext& ctx) = 0;
    // The source is over (standard input at its end) and can be dropped.
    virtual bool ended() const { return false; }
    virtual int writers() const { return 0; }
    // The worker should wake now and then even without an event (a followed file without inotify).
    virtual bool needs_timer() const { return false; }
    // Work that waits for no descriptor (an agent log tree's history): while there is some, the worker
    // does a slice of it each round, between looks at the descriptors, so live lines never wait long.
    virtual bool has_backlog() const { return false; }
    virtual void work_on_backlog(ReadContext& /*ctx*/) {}
};

}  // namespace costpanel
