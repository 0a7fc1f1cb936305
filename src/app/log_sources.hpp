// The --logs arguments of the one-shot commands (summarize, import, report): checked before anything
// is read, so that a directory that is not there is an error, not an empty report.
#pragma once

#include "costpanel/engine/source_spec.hpp"

#include <string>
#include <vector>

namespace costpanel::app {

// The specs of `logs` ("claude-code", "codex:DIR", ...). Throws SourceError when a DIR given is not a
// directory.
std::vector<SourceSpec> log_specs(const std::vector<std::string>& logs);

// What to tell someone whose --logs found no tree in the default places.
std::string no_logs_found(const std::vector<std::string>& logs);

}  // namespace costpanel::app
