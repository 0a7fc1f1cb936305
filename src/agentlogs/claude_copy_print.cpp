#include "claude_copy_print.hpp"

#include "find_text.hpp"

#include <cstring>

namespace costpanel::agentlogs {

namespace {

// The string value after `key` (which ends with its opening quote), when it has no escape.
std::optional<std::string_view> value_at(std::string_view line, std::size_t at, std::string_view key)
{
    if (at == std::string_view::npos) return std::nullopt;
    const std::size_t from = at + key.size();
    const std::size_t end = line.find('"', from);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view value = line.substr(from, end - from);
    if (value.empty() || value.find('\\') != std::string_view::npos) return std::nullopt;
    return value;
}

// Where `needle` last is: each of its `anchor` bytes (one rare in text), from the end. The parts of a
// call line that come after its content are a few hundred bytes from its end.
std::size_t find_last(std::string_view line, std::string_view needle, std::size_t anchor)
{
    for (std::size_t end = line.size();;) {
        const void* hit = ::memrchr(line.data(), needle[anchor], end);
        if (!hit) return std::string_view::npos;
        const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - line.data());
        if (at >= anchor && line.substr(at - anchor, needle.size()) == needle) return at - anchor;
        end = at;
    }
}

}  // namespace

std::optional<CopyPrint> copy_print(std::string_view line)
{
    // Anthropic's message ids begin so, through every cloud that serves its models.
    constexpr std::string_view kId = "\"id\":\"msg_", kRequest = "\"requestId\":\"", kUsage = "\"usage\":{";
    const std::size_t id = find_text(line, kId);
    const std::size_t request = find_last(line, kRequest, 8);  // its 'I'
    if (id == std::string_view::npos || request == std::string_view::npos || request < id)
        return std::nullopt;
    const std::size_t usage = find_last(line.substr(0, request), kUsage, kUsage.size() - 1);  // its '{'
    const auto message_id = value_at(line, id, kId.substr(0, kId.size() - 4));
    const auto request_id = value_at(line, request, kRequest);
    if (usage == std::string_view::npos || usage < id || !message_id || !request_id) return std::nullopt;
    // The usage object and what closes the message: all of it there is between the two.
    return CopyPrint{*message_id, *request_id, line.substr(usage, request - usage)};
}

}  // namespace costpanel::agentlogs
