#include "stdin_source.hpp"

#include "costpanel/engine/source_spec.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>

namespace costpanel {

std::unique_ptr<StdinSource> StdinSource::open(int fd)
{
    // Our own descriptor: closing it at the end leaves fd 0 to the process. Its file status flags
    // are shared with the terminal or pipe, so it stays blocking and is read only when poll says so.
    UniqueFd own(::fcntl(fd, F_DUPFD_CLOEXEC, 3));
    if (!own) throw SourceError(std::string("stdin: ") + std::strerror(errno));
    return std::unique_ptr<StdinSource>(new StdinSource(std::move(own)));
}

void StdinSource::want(std::vector<pollfd>& fds)
{
    fds.push_back({stream_.fd(), POLLIN, 0});
}

void StdinSource::ready(const pollfd* fds, std::size_t /*count*/, ReadContext& ctx)
{
    if (ended_ || !fds[0].revents) return;
    if (!stream_.read_once(ctx)) {
        stream_.end(ctx, /*complete=*/true);
        ended_ = true;
    }
}

void StdinSource::drain(ReadContext& ctx)
{
    if (ended_) return;
    if (!stream_.read_available(ctx, 64u << 20)) {
        stream_.end(ctx, /*complete=*/true);
        ended_ = true;
    }
}

}  // namespace costpanel
