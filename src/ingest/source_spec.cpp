#include "costpanel/engine/source_spec.hpp"

#include <charconv>

namespace costpanel {

namespace {

bool is_loopback(const std::string& host)
{
    if (host == "::1") return true;
    // 127.0.0.0/8, written as a dotted quad.
    unsigned parts[4];
    const char* p = host.data();
    const char* end = host.data() + host.size();
    for (int i = 0; i < 4; ++i) {
        const auto [next, ec] = std::from_chars(p, end, parts[i]);
        if (ec != std::errc() || next == p || parts[i] > 255) return false;
        p = next;
        if (i < 3) {
            if (p == end || *p != '.') return false;
            ++p;
        }
    }
    return p == end && parts[0] == 127;
}

// "HOST:PORT" of a tcp: or otlp: address (`text`, whole, for the errors); with a `default_port`, the
// port may be left out ("otlp:127.0.0.1", "otlp:[::1]").
void read_host_port(std::string_view text, std::string_view rest, SourceSpec& spec,
                    std::uint16_t default_port = 0)
{
    if (default_port && !rest.empty() && (rest.back() == ']' || rest.find(':') == std::string_view::npos)) {
        const std::string with_port = std::string(rest) + ":" + std::to_string(default_port);
        read_host_port(text, with_port, spec);
        return;
    }
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos)
        throw std::invalid_argument(
            std::string(text) + ": expected " + std::string(text.substr(0, text.find(':'))) +
            ":HOST:PORT, e.g. " + (text.starts_with("otlp") ? "otlp:127.0.0.1:4318" : "tcp:127.0.0.1:7717"));
    std::string host(rest.substr(0, colon));
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host == "localhost") host = "127.0.0.1";
    const std::string_view port = rest.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535)
        throw std::invalid_argument(std::string(text) + ": the port must be a number from 0 to 65535");
    if (!is_loopback(host))
        throw std::invalid_argument(std::string(text) +
                                    ": costpanel listens on the loopback only (127.0.0.1, ::1 or localhost)");
    spec.host = host;
    spec.port = static_cast<std::uint16_t>(value);
}

}  // namespace

SourceSpec SourceSpec::parse(std::string_view text)
{
    SourceSpec spec;
    if (text == "stdin" || text == "-") return spec;
    if (text.starts_with("file:") || text.starts_with("unix:")) {
        spec.kind = text.starts_with("file:") ? Kind::follow_file : Kind::unix_socket;
        spec.path = std::string(text.substr(5));
        if (spec.path.empty()) throw std::invalid_argument(std::string(text) + ": the path is missing");
        return spec;
    }
    if (text.starts_with("tcp:")) {
        spec.kind = Kind::tcp;
        read_host_port(text, text.substr(4), spec);
        return spec;
    }
    if (text == "otlp") {
        spec.kind = Kind::otlp;
        spec.host = "127.0.0.1";
        spec.port = kOtlpPort;
        return spec;
    }
    if (text.starts_with("otlp:")) {
        spec.kind = Kind::otlp;
        read_host_port(text, text.substr(5), spec, kOtlpPort);
        return spec;
    }
    throw std::invalid_argument(
        std::string(text) +
        ": expected stdin, file:PATH, unix:PATH, tcp:127.0.0.1:PORT or otlp[:127.0.0.1:PORT]");
}

SourceSpec SourceSpec::parse_logs(std::string_view text)
{
    SourceSpec spec;
    for (const auto& [name, kind] : {std::pair{std::string_view("claude-code"), Kind::claude_code_logs},
                                     std::pair{std::string_view("codex"), Kind::codex_logs}}) {
        if (text == name ||
            (text.starts_with(name) && text.size() > name.size() && text[name.size()] == ':')) {
            spec.kind = kind;
            spec.path = std::string(text.substr(std::min(text.size(), name.size() + 1)));
            if (text.size() > name.size() && spec.path.empty())
                throw std::invalid_argument(std::string(text) + ": the directory is missing");
            return spec;
        }
    }
    throw std::invalid_argument(std::string(text) + ": expected claude-code[:DIR] or codex[:DIR]");
}

}  // namespace costpanel
