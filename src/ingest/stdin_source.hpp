// Standard input as a source: `conductor | costpanel` works; at its end the last line still counts.
#pragma once

#include "line_stream.hpp"

#include <memory>

namespace costpanel {

class StdinSource final : public Source
{
public:
    // Reads a duplicate of `fd` (standard input by default), leaving the original alone.
    static std::unique_ptr<StdinSource> open(int fd = 0);

    std::string name() const override { return "stdin"; }
    void want(std::vector<pollfd>& fds) override;
    void ready(const pollfd* fds, std::size_t count, ReadContext& ctx) override;
    void drain(ReadContext& ctx) override;
    bool ended() const override { return ended_; }

private:
    explicit StdinSource(UniqueFd fd) : stream_(std::move(fd), "stdin") {}

    LineStream stream_;
    bool ended_ = false;
};

}  // namespace costpanel
