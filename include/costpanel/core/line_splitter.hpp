// costpanel: cuts a byte stream into lines, enforcing PROTOCOL.md's 1 MiB limit.
//
// Usage:
//   costpanel::LineSplitter splitter;
//   splitter.feed(bytes, [&](std::string_view line, std::uint64_t n) { ... },
//                        [&](std::uint64_t n) { /* line n was over 1 MiB: reject it */ });
//   splitter.finish(on_line);     // end of a file or pipe: an unterminated last line still counts
//   splitter.drop_partial();      // a writer vanished: its unterminated line is lost
#pragma once

#include "costpanel/core/protocol.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace costpanel {

class LineSplitter
{
public:
    explicit LineSplitter(std::size_t max_line = kMaxLineBytes) : max_line_(max_line) {}

    // Complete lines go to on_line(line, number) without their '\n'; a line over the limit is
    // reported once to on_too_long(number) and skipped through its newline (resynchronisation).
    // `find_newline(data, size)`: the first '\n' there, or null (memchr by default): a reader that
    // looks for something else in each line may find both in one pass.
    template <class OnLine, class OnTooLong>
    void feed(std::string_view bytes, OnLine&& on_line, OnTooLong&& on_too_long)
    {
        feed(bytes, on_line, on_too_long,
             [](const char* data, std::size_t size) { return std::memchr(data, '\n', size); });
    }
    template <class OnLine, class OnTooLong, class FindNewline>
    void feed(std::string_view bytes, OnLine&& on_line, OnTooLong&& on_too_long, FindNewline&& find_newline)
    {
        while (!bytes.empty()) {
            const void* nl = find_newline(bytes.data(), bytes.size());
            const std::size_t take =
                nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data()) : bytes.size();
            const std::string_view piece = bytes.substr(0, take);
            if (discarding_) {
                // Inside an over-long line: drop bytes until its end.
            } else if (partial_.size() + piece.size() > limit_of(partial_.empty() ? piece : partial_)) {
                on_too_long(++line_number_);
                partial_.clear();
                partial_.shrink_to_fit();
                discarding_ = true;
            } else if (nl && partial_.empty()) {
                on_line(piece, ++line_number_);  // the common case: no copy
            } else {
                partial_.append(piece);
                if (nl) {
                    on_line(std::string_view(partial_), ++line_number_);
                    partial_.clear();
                }
            }
            if (!nl) break;
            discarding_ = false;
            bytes.remove_prefix(take + 1);
        }
    }

    // End of input: an unterminated last line is a line.
    template <class OnLine> void finish(OnLine&& on_line)
    {
        if (!partial_.empty()) on_line(std::string_view(partial_), ++line_number_);
        partial_.clear();
        discarding_ = false;
    }

    // The writer went away: an unterminated line is lost. Returns its number, or 0 when there was none.
    std::uint64_t drop_partial()
    {
        const bool had = !partial_.empty();
        partial_.clear();
        discarding_ = false;
        return had ? ++line_number_ : 0;
    }

    // Bytes held of an unterminated line (not counting an over-long line being skipped).
    std::size_t partial_size() const { return partial_.size(); }
    std::uint64_t lines() const { return line_number_; }
    // Continue numbering after `lines` lines (a followed file resumed at a remembered offset).
    void set_lines(std::uint64_t lines) { line_number_ = lines; }

private:
    // An OTLP/JSON line may be longer than an event's (kMaxOtlpLineBytes): the line's start says which.
    std::size_t limit_of(std::string_view start) const
    {
        return max_line_ == kMaxLineBytes && is_otlp_json_line(start.substr(0, 64)) ? kMaxOtlpLineBytes
                                                                                    : max_line_;
    }

    std::string partial_;
    std::size_t max_line_;
    std::uint64_t line_number_ = 0;
    bool discarding_ = false;
};

}  // namespace costpanel
