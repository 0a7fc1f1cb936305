// The platform room's error: a system call failed, or a path cannot be used as asked. The rooms above
// turn it into their own (a source that cannot be opened is a SourceError).
#pragma once

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace costpanel {

class SystemError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
    // "what: the message of errno as it is now".
    static SystemError from_errno(const std::string& what)
    {
        return SystemError(what + ": " + std::strerror(errno));
    }
};

}  // namespace costpanel
