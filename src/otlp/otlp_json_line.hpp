// A line of a file of OTLP/JSON export requests, one a line, as the Collector's file exporter writes
// them (and `--follow` and `import` read them, recognised by content): the request it is, read as
// calls with the receiver's mapping.
#pragma once

#include "otlp_calls.hpp"

#include <string>
#include <string_view>

namespace costpanel::otlp {

// False, with why, when the line is not an export request of any of the three signals.
bool read_json_line(std::string_view line, Calls& out, std::string& why);

}  // namespace costpanel::otlp
