// The OTLP/HTTP receiver as a source of the ingest worker. The receiver's HTTP threads decode each
// request into calls and queue them here; the worker, woken through an eventfd, folds them with its
// other sources' lines, so the folder keeps its one thread and an OTLP call counts once with the same
// call from an agent's log (their ids are the provider's request id).
#pragma once

#include "otlp/otlp_receiver.hpp"
#include "platform/unique_fd.hpp"
#include "source.hpp"

#include "costpanel/engine/source_spec.hpp"

#include <deque>
#include <memory>
#include <mutex>

namespace costpanel {

class OtlpSource final : public Source
{
public:
    // Binds and starts answering now; throws SourceError.
    static std::unique_ptr<OtlpSource> open(const SourceSpec& spec);
    ~OtlpSource() override;

    std::string name() const override { return name_; }
    void want(std::vector<pollfd>& fds) override;
    void ready(const pollfd* fds, std::size_t count, ReadContext& ctx) override;
    // Stops answering first, so that every request told 200 is folded.
    void drain(ReadContext& ctx) override;

private:
    OtlpSource();
    // On an HTTP thread: false when the worker is that far behind (the client is told to come back).
    bool take(otlp::Calls&& calls);
    void fold(ReadContext& ctx);

    UniqueFd wake_;
    std::string name_;
    std::mutex mutex_;
    std::deque<otlp::Calls> queue_;  // guarded by mutex_
    std::size_t queued_calls_ = 0;   // guarded by mutex_
    std::uint64_t requests_ = 0;     // folded, for the rejections' line numbers
    std::unique_ptr<otlp::Receiver> receiver_;
};

}  // namespace costpanel
