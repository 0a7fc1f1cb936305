// A listening socket (Unix domain or loopback TCP) and the writers connected to it; each
// connection's lines keep their order.
#pragma once

#include "costpanel/engine/source_spec.hpp"
#include "line_stream.hpp"

#include <memory>

namespace costpanel {

class SocketListener final : public Source
{
public:
    // Binds and listens now; throws SourceError.
    static std::unique_ptr<SocketListener> open(const SourceSpec& spec);
    ~SocketListener() override;

    std::string name() const override { return name_; }
    void want(std::vector<pollfd>& fds) override;
    void ready(const pollfd* fds, std::size_t count, ReadContext& ctx) override;
    void drain(ReadContext& ctx) override;
    int writers() const override { return static_cast<int>(clients_.size()); }

private:
    SocketListener(UniqueFd fd, std::string name, std::string unix_path);
    void accept_all();

    UniqueFd listener_;
    std::string name_;
    std::string unix_path_;  // removed again when we go, if it is still our socket
    dev_t unix_dev_ = 0;
    ino_t unix_ino_ = 0;
    std::vector<std::unique_ptr<LineStream>> clients_;
    std::uint64_t accepted_ = 0;
};

}  // namespace costpanel
