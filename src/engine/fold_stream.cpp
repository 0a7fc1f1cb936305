#include "costpanel/engine/fold_stream.hpp"

#include "costpanel/core/line_splitter.hpp"
#include "costpanel/engine/source_spec.hpp"
#include "platform/system_error.hpp"
#include "platform/unique_fd.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace costpanel {

namespace {

// Batches this large keep memory flat and cost the sink one apply per few thousand events.
constexpr std::uint64_t kEventsPerBatch = 4096;

}  // namespace

void fold_stream(const std::string& input, EventFolder& folder, const std::function<void(Batch&&)>& sink,
                 const std::function<void(const StreamProgress&)>& progress)
{
    const bool from_stdin = input == "-";
    const std::string source = from_stdin ? "stdin" : input;
    UniqueFd owned(from_stdin ? -1 : ::open(input.c_str(), O_RDONLY | O_CLOEXEC));
    const int fd = from_stdin ? STDIN_FILENO : owned.get();
    if (fd < 0) throw SourceError(SystemError::from_errno("cannot read " + input).what());

    LineSplitter splitter;
    TimeMs received = now_ms();
    StreamProgress read;
    // A batch keeps its last kMaxRejections: hand it over when full, so the first ones are seen too.
    const auto keep_rejections = [&] {
        if (folder.pending_rejections() == Batch::kMaxRejections) sink(folder.take_batch());
    };
    const auto on_line = [&](std::string_view line, std::uint64_t n) {
        folder.add_line(line, source, n, received);
        read.lines = n;
        keep_rejections();
    };
    const auto on_too_long = [&](std::uint64_t n) {
        folder.add_rejection({{source, n}, "line longer than 1 MiB"});
        read.lines = n;
        keep_rejections();
    };
    std::vector<char> buffer(1 << 16);
    for (;;) {
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) throw SourceError(SystemError::from_errno("cannot read " + input).what());
        if (got == 0) break;
        received = now_ms();
        splitter.feed(std::string_view(buffer.data(), static_cast<std::size_t>(got)), on_line, on_too_long);
        if (folder.pending_events() >= kEventsPerBatch) sink(folder.take_batch());
        read.bytes += static_cast<std::uint64_t>(got);
        if (progress) progress(read);
    }
    splitter.finish(on_line);
    sink(folder.take_batch());
}

}  // namespace costpanel
