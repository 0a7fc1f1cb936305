#include "engine/batch_channel.hpp"

namespace costpanel {

BatchChannel::BatchChannel(TaskQueue& queue, std::function<void(Batch&&)> apply)
    : queue_(queue), shared_(std::make_shared<Shared>())
{
    shared_->apply = std::move(apply);
}

void BatchChannel::push(Batch&& batch)
{
    if (batch.empty()) return;
    {
        std::lock_guard lock(shared_->mutex);
        shared_->pending.merge(std::move(batch));
        if (shared_->scheduled) return;
        shared_->scheduled = true;
    }
    queue_.post([shared = shared_] {
        Batch taken;
        {
            std::lock_guard lock(shared->mutex);
            taken = std::move(shared->pending);
            shared->pending = Batch{};
            shared->scheduled = false;
        }
        shared->apply(std::move(taken));
    });
}

}  // namespace costpanel
