// A listening Unix domain socket, owner-only (0600), that takes the place of a dead process's.
#pragma once

#include "platform/unique_fd.hpp"

#include <string>

namespace costpanel {

// Binds and listens (non-blocking, close-on-exec), creating the parent directory (0700) if need be.
// A socket file nobody answers on is replaced; a live one, or a file that is not a socket, is an
// error. Throws SystemError naming the path.
UniqueFd listen_unix(const std::string& path);

}  // namespace costpanel
