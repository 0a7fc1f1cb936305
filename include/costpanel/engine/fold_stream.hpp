// costpanel: a whole stream folded in one go, as `summarize` and `import` read their files.
//
// Usage:
//   costpanel::EventFolder folder({prices});
//   costpanel::SessionState state;
//   costpanel::fold_stream("events.jsonl", folder, [&](costpanel::Batch&& b) { state.apply(b); });
#pragma once

#include "costpanel/core/batch.hpp"
#include "costpanel/core/event_folder.hpp"

#include <functional>
#include <string>

namespace costpanel {

// How far a stream has been read.
struct StreamProgress
{
    std::uint64_t bytes = 0;
    std::uint64_t lines = 0;  // complete lines
};

// Reads `input` ("-" for standard input) to its end as PROTOCOL.md's lines, 1 MiB limit included,
// into `folder`, and hands `sink` a batch every few thousand events and the last one at the end, so
// a stream of any length needs little memory. Rejections name the input ("stdin" for "-") and the
// line; every one rides in some batch (a batch is handed over before it would drop one). `progress`,
// when given, is called after each read. Throws SourceError, naming the input and why, when it cannot
// be opened or read.
void fold_stream(const std::string& input, EventFolder& folder, const std::function<void(Batch&&)>& sink,
                 const std::function<void(const StreamProgress&)>& progress = {});

}  // namespace costpanel
