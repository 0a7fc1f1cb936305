// Whether a line holds a piece of text, at the speed of memory. Most agent-log lines are content,
// never parsed: this test is what every byte of a log passes through, so it must not be glibc's
// general memmem (a few GB/s), but a vector scan for two of the text's bytes at once.
#pragma once

#include <string_view>

namespace costpanel::agentlogs {

// Where `needle` first occurs in `haystack`, or npos.
std::size_t find_text(std::string_view haystack, std::string_view needle);
// True when `needle` occurs in `haystack`.
bool contains(std::string_view haystack, std::string_view needle);

// The first '\n' in `bytes` (or null), and in `has_needle` whether `needle` (2 to 32 bytes, no '\n' in
// it) occurs wholly before it: with AVX-512, the two searches of a log line in one pass, reading
// nothing past `bytes`. `vectors` false: memchr and then find_text, as where there is no AVX-512.
const char* find_line_end(std::string_view bytes, std::string_view needle, bool& has_needle,
                          bool vectors = true);

}  // namespace costpanel::agentlogs
