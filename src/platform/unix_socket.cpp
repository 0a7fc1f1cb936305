#include "platform/unix_socket.hpp"

#include "costpanel/core/paths.hpp"
#include "platform/system_error.hpp"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

namespace costpanel {

namespace {

[[noreturn]] void fail(const std::string& what)
{
    throw SystemError::from_errno(what);
}

}  // namespace

UniqueFd listen_unix(const std::string& path)
{
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof addr.sun_path)
        throw SystemError("unix:" + path + ": a socket path must be 1 to " +
                          std::to_string(sizeof addr.sun_path - 1) + " bytes long");
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    if (const std::string dir = parent_directory(path); !make_private_dirs(dir))
        fail("unix:" + path + ": cannot create " + dir);

    struct stat st
    {
    };
    if (::lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode))
            throw SystemError("unix:" + path + ": exists and is not a socket; not replacing it");
        // A socket nobody answers on is left over from a process that died: take its place.
        UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (::connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0)
            throw SystemError("unix:" + path + ": another process is listening there (another costpanel?)");
        ::unlink(path.c_str());
    }
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) fail("unix:" + path + ": socket");
    // Owner-only from the first moment: bind under a tight umask rather than chmod after.
    const mode_t old_mask = ::umask(0177);
    const int bound = ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    ::umask(old_mask);
    if (bound != 0) fail("unix:" + path + ": bind");
    if (::listen(fd.get(), 64) != 0) fail("unix:" + path + ": listen");
    return fd;
}

}  // namespace costpanel
