// costpanel: where events come from, as an address a person can type.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace costpanel {

struct SourceSpec
{
    enum class Kind
    {
        standard_input,
        follow_file,
        unix_socket,
        tcp,
        claude_code_logs,  // path: a Claude config directory, or empty for the default places
        codex_logs,        // path: a Codex home, or empty for the default place
        otlp               // an OTLP/HTTP receiver: host and port as tcp's
    };
    Kind kind = Kind::standard_input;
    std::string path;        // follow_file, unix_socket, the logs' directory
    std::string host;        // tcp, otlp: a loopback address
    std::uint16_t port = 0;  // tcp, otlp: 0 picks a free port (see LiveSession::add_source's answer)

    // OTLP/HTTP's own port.
    static constexpr std::uint16_t kOtlpPort = 4318;

    // "stdin" or "-", "file:PATH", "unix:PATH", "tcp:127.0.0.1:PORT", "tcp:[::1]:PORT", "tcp:localhost:PORT",
    // "otlp" (127.0.0.1:4318) or "otlp:HOST:PORT" as tcp's.
    // Throws std::invalid_argument, saying why (a TCP host off the loopback is refused).
    static SourceSpec parse(std::string_view text);
    // An agent's logs, as --logs takes them: "claude-code", "claude-code:DIR", "codex", "codex:DIR".
    static SourceSpec parse_logs(std::string_view text);
    bool is_logs() const { return kind == Kind::claude_code_logs || kind == Kind::codex_logs; }
};

// A source that cannot be opened: what() says which and why.
class SourceError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

}  // namespace costpanel
