#include "otlp_source.hpp"

#include <cerrno>
#include <cstring>
#include <sys/eventfd.h>
#include <unistd.h>

namespace costpanel {

namespace {

// Calls waiting for the worker, past which a request is answered 503 (OTLP's "come back later"):
// memory stays bounded when the worker cannot keep up.
constexpr std::size_t kMaxQueuedCalls = 1'000'000;

}  // namespace

OtlpSource::OtlpSource() : wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (!wake_) throw SourceError(std::string("eventfd: ") + std::strerror(errno));
}

std::unique_ptr<OtlpSource> OtlpSource::open(const SourceSpec& spec)
{
    std::unique_ptr<OtlpSource> s(new OtlpSource());
    OtlpSource* self = s.get();
    s->receiver_ = std::make_unique<otlp::Receiver>(
        spec.host, spec.port, [self](otlp::Calls&& c) { return self->take(std::move(c)); });
    const bool v6 = spec.host.find(':') != std::string::npos;
    s->name_ =
        "otlp:" + (v6 ? "[" + spec.host + "]" : spec.host) + ":" + std::to_string(s->receiver_->port());
    s->receiver_->start();
    return s;
}

OtlpSource::~OtlpSource()
{
    if (receiver_) receiver_->stop();
}

bool OtlpSource::take(otlp::Calls&& calls)
{
    {
        std::lock_guard lock(mutex_);
        if (queued_calls_ > kMaxQueuedCalls) return false;
        queued_calls_ += calls.calls.size();
        queue_.push_back(std::move(calls));
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_.get(), &one, sizeof one);
    return true;
}

void OtlpSource::want(std::vector<pollfd>& fds)
{
    fds.push_back({wake_.get(), POLLIN, 0});
}

void OtlpSource::ready(const pollfd* fds, std::size_t count, ReadContext& ctx)
{
    if (count == 0 || !(fds[0].revents & POLLIN)) return;
    std::uint64_t n = 0;
    [[maybe_unused]] const auto r = ::read(wake_.get(), &n, sizeof n);
    fold(ctx);
}

void OtlpSource::drain(ReadContext& ctx)
{
    receiver_->stop();
    fold(ctx);
}

void OtlpSource::fold(ReadContext& ctx)
{
    std::deque<otlp::Calls> taken;
    {
        std::lock_guard lock(mutex_);
        taken.swap(queue_);
        queued_calls_ = 0;
    }
    for (const otlp::Calls& request : taken) {
        ++requests_;
        ctx.lines += request.items;
        ctx.bytes += request.bytes;
        for (const Event& call : request.calls) ctx.folder.add_log_call(call, "otlp", ctx.now);
        ctx.folder.count_ignored(request.ignored);
        for (const std::string& why : request.rejected)
            ctx.folder.add_rejection({{name_ + request.path, requests_}, why});
    }
}

}  // namespace costpanel
