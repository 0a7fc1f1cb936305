// One readable byte stream (a socket connection, standard input) cut into lines and folded.
#pragma once

#include "costpanel/core/line_splitter.hpp"
#include "platform/unique_fd.hpp"
#include "source.hpp"

#include <optional>

namespace costpanel {

class LineStream
{
public:
    LineStream(UniqueFd fd, std::string name) : fd_(std::move(fd)), name_(std::move(name)) {}

    // One read(2); complete lines are folded. The bytes read (0: none there now), or nothing at the
    // end of the stream or on an error.
    std::optional<std::size_t> read_once(ReadContext& ctx);
    // Reads what is there now, without blocking, up to about `limit` bytes. False once the stream ended.
    bool read_available(ReadContext& ctx, std::size_t limit);
    // The stream ended: an unterminated last line counts as a line when `complete`, else it is lost
    // and rejected (a writer that vanished mid-line).
    void end(ReadContext& ctx, bool complete);

    int fd() const { return fd_.get(); }
    const std::string& name() const { return name_; }

private:
    UniqueFd fd_;
    std::string name_;
    LineSplitter splitter_;
};

}  // namespace costpanel
