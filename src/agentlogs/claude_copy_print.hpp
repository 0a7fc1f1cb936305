// Claude Code writes a message's usage on the line of each of its content blocks: most call lines of
// a transcript repeat a call read a few lines before, its ids and usage byte for byte. Those bytes,
// found without parsing the line, are its print: a line whose print was read before as a call's is
// a copy of that call, whatever its content block holds, and is known for one without parsing it.
#pragma once

#include <optional>
#include <string_view>

namespace costpanel::agentlogs {

struct CopyPrint
{
    std::string_view message_id, request_id;  // the values as written (no escapes: ids have none)
    std::string_view usage;                   // the text from the usage object to the request id
};

// The line's print, or nothing when it is not written as Claude Code writes it: the first "id" (the
// message's, before its content), and the last "requestId" and "usage" object (after its content,
// where nothing of a tool's is). Before a print is kept its ids are checked against the parsed
// line's, so a print is only ever a call's.
std::optional<CopyPrint> copy_print(std::string_view line);

}  // namespace costpanel::agentlogs
