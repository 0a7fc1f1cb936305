// costpanel: one JSON line in, a typed event or the reason it was rejected out (PROTOCOL.md).
#pragma once

#include "costpanel/core/events.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace costpanel {

// Longer lines are rejected unparsed (PROTOCOL.md, "Transport").
inline constexpr std::size_t kMaxLineBytes = 1024 * 1024;
// A line of OTLP/JSON (an export request, as the Collector's file exporter writes them) may be as long
// as an OTLP request may be.
inline constexpr std::size_t kMaxOtlpLineBytes = 64 * 1024 * 1024;

// Whether a line is an OTLP/JSON export request rather than an event: it opens with "resourceSpans",
// "resourceLogs" or "resourceMetrics". Enough of the line's start to hold the key will do.
bool is_otlp_json_line(std::string_view line);

struct ParseError
{
    std::string reason;
};

using ParseResult = std::variant<Event, ParseError>;

// Parses and validates one line (without its terminator; a trailing '\r' is allowed). Never throws.
// Prompt or response content on the line is never copied into the event.
ParseResult parse_line(std::string_view line);

// True when the line holds nothing but whitespace: such lines are skipped, not counted.
bool is_blank_line(std::string_view line);

}  // namespace costpanel
