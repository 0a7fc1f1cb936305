// costpanel: hands Batches from the ingest worker to the thread that owns SessionState.
//
// The worker pushes; while the owner has not yet taken the pending batch, later ones are merged into
// it, so a burst of a million events still costs the owner one apply. One task at most is queued.
#pragma once

#include "costpanel/core/batch.hpp"
#include "engine/task_queue.hpp"

#include <functional>
#include <memory>
#include <mutex>

namespace costpanel {

class BatchChannel
{
public:
    // `apply` runs on the queue's owner thread.
    BatchChannel(TaskQueue& queue, std::function<void(Batch&&)> apply);

    // Any thread.
    void push(Batch&& batch);

private:
    struct Shared
    {
        std::mutex mutex;
        Batch pending;
        bool scheduled = false;
        std::function<void(Batch&&)> apply;
    };
    TaskQueue& queue_;
    // Shared with the queued task, so a task still queued when the channel goes is harmless.
    std::shared_ptr<Shared> shared_;
};

}  // namespace costpanel
