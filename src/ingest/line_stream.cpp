#include "line_stream.hpp"

#include <cerrno>
#include <cstring>

namespace costpanel {

std::optional<std::size_t> LineStream::read_once(ReadContext& ctx)
{
    ssize_t got;
    do got = ::read(fd_.get(), ctx.buffer.data(), ctx.buffer.size());
    while (got < 0 && errno == EINTR);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    if (got <= 0) return std::nullopt;
    ctx.bytes.fetch_add(static_cast<std::uint64_t>(got), std::memory_order_relaxed);
    std::uint64_t lines = 0;
    splitter_.feed(
        std::string_view(ctx.buffer.data(), static_cast<std::size_t>(got)),
        [&](std::string_view line, std::uint64_t n) {
            ctx.folder.add_line(line, name_, n, ctx.now);
            ++lines;
        },
        [&](std::uint64_t n) {
            ctx.folder.add_rejection({{name_, n}, "line longer than 1 MiB"});
            ++lines;
        });
    ctx.lines.fetch_add(lines, std::memory_order_relaxed);
    return static_cast<std::size_t>(got);
}

bool LineStream::read_available(ReadContext& ctx, std::size_t limit)
{
    for (std::size_t total = 0; total < limit;) {
        pollfd p{fd_.get(), POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0) return true;
        const auto got = read_once(ctx);
        if (!got) return false;
        if (*got == 0) return true;
        total += *got;
    }
    return true;
}

void LineStream::end(ReadContext& ctx, bool complete)
{
    if (complete) {
        splitter_.finish([&](std::string_view line, std::uint64_t n) {
            ctx.folder.add_line(line, name_, n, ctx.now);
            ctx.lines.fetch_add(1, std::memory_order_relaxed);
        });
    } else if (const std::uint64_t n = splitter_.drop_partial()) {
        ctx.folder.add_rejection({{name_, n}, "connection closed mid-line"});
        ctx.lines.fetch_add(1, std::memory_order_relaxed);
    }
    fd_.reset();
}

}  // namespace costpanel
