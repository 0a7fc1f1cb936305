#include "log_reader.hpp"

#include "find_text.hpp"

#include <functional>

namespace costpanel::agentlogs {

LogReader::LogReader(LogFormat format, EventFolder& folder) : format_(format), folder_(folder) {}

LogFile LogReader::open(const LogFileInfo& info) const
{
    LogFile f;
    f.info = info;
    f.source = info.path;
    if (format_ == LogFormat::codex) f.codex.emplace(info.stem);
    return f;
}

bool resume(LogFile& file, const FileMark& mark)
{
    if (!mark.state.empty() && file.codex && !file.codex->restore(mark.state)) {
        file.codex.emplace(
            file.info.stem);  // back to the start: its ids stay the same, so nothing counts twice
        return false;
    }
    file.splitter.set_lines(mark.lines);
    return true;
}

FileMark mark_of(const LogFile& file, unsigned long long dev, unsigned long long ino, off_t pos)
{
    FileMark m;
    m.dev = dev;
    m.ino = ino;
    m.offset = pos - static_cast<off_t>(file.splitter.partial_size());
    m.lines = file.splitter.lines();
    if (file.codex) m.state = file.codex->save();
    return m;
}

void LogReader::feed(LogFile& file, std::string_view bytes, TimeMs received, bool padded)
{
    const auto too_long = [&](std::uint64_t) {
        ++counts_.lines;
        ++counts_.skipped;  // past kMaxLogLine: content no call line carries
    };
    if (format_ != LogFormat::claude_code) {
        file.splitter.feed(
            bytes, [&](std::string_view line, std::uint64_t n) { read_line(file, line, n, received); },
            too_long);
        return;
    }
    if (padded) json_.parse_in_place(bytes);
    // Each line's end and whether it may be a call, in one pass over it; a line put together from two
    // reads is looked at again whole.
    const char* scanned = nullptr;
    bool has_usage = false;
    file.splitter.feed(
        bytes,
        [&](std::string_view line, std::uint64_t n) {
            read_line(file, line, n, received, line.data() == scanned ? &has_usage : nullptr);
        },
        too_long,
        [&](const char* data, std::size_t size) {
            scanned = data;
            return find_line_end({data, size}, kUsageMark, has_usage);
        });
    json_.parse_in_place({});
}

void LogReader::read_line(LogFile& file, std::string_view line, std::uint64_t number, TimeMs received,
                          const bool* may_be_call)
{
    if (is_blank_line(line)) return;
    ++counts_.lines;
    const auto reject = [&](const std::string& why) {
        ++counts_.bad;
        folder_.add_rejection({{file.source, number}, why});
    };
    if (format_ == LogFormat::codex) {
        switch (file.codex->read(json_, line, codex_event_, reason_)) {
        case CodexSession::Line::not_a_call:
            ++counts_.skipped;
            return;
        case CodexSession::Line::bad:
            reject(reason_);
            return;
        case CodexSession::Line::call:
            ++counts_.calls;
            folder_.add_log_call(codex_event_, "codex", received);
            return;
        }
        return;
    }

    if (!(may_be_call ? *may_be_call : may_be_claude_code_call(line))) {
        ++counts_.skipped;
        return;
    }
    // A copy of a call read before, byte for byte where it matters, is not parsed again.
    const std::optional<CopyPrint> print = copy_print(line);
    std::uint64_t ids = 0, usage = 0;
    if (print) {
        ids = ClaudeCopies::key(print->message_id, print->request_id);
        usage = std::hash<std::string_view>{}(print->usage);
        if (const std::uint64_t* seen = prints_.find(ids); seen && *seen == usage) {
            ++counts_.calls;
            folder_.count_duplicate();
            return;
        }
    }
    read_claude_code_line(json_, line, file.info.project, claude_line_, /*checked=*/true);
    switch (claude_line_.kind) {
    case ClaudeCodeLine::Kind::not_a_call:
        ++counts_.skipped;
        return;
    case ClaudeCodeLine::Kind::bad:
        reject(claude_line_.reason);
        return;
    case ClaudeCodeLine::Kind::call:
        break;
    }
    ++counts_.calls;
    // Whatever this line is judged, a line with its print is judged a copy of it.
    if (print && print->message_id == claude_line_.message_id && print->request_id == claude_line_.request_id)
        prints_[ids] = usage;  // the last copy's: a smaller one after it is parsed, and judged a copy
    const ClaudeCopies::Judgement j = copies_.judge(claude_line_, folder_.epoch());
    switch (j.verdict) {
    case ClaudeCopies::Verdict::new_call:
        // A later run may read a larger copy of it: the store keeps the larger.
        if (!folder_.add_log_call(claude_line_.event, "claude-code", received, nullptr, /*grows=*/true))
            copies_.not_applied(claude_line_);
        return;
    case ClaudeCopies::Verdict::larger_copy:
    case ClaudeCopies::Verdict::main_line:
        if (j.replaced_applied) {
            folder_.add_log_call(claude_line_.event, "claude-code", received, &j.replaced);
        } else if (j.verdict == ClaudeCopies::Verdict::main_line) {
            // The replay it would replace was never applied here (its id was counted before): the main
            // line is a call of its own, or a duplicate when its id was counted too.
            if (!folder_.add_log_call(claude_line_.event, "claude-code", received, nullptr, /*grows=*/true))
                copies_.not_applied(claude_line_);
        } else {
            // A larger copy of a call another reading counted: that reading corrects its own.
            folder_.count_duplicate();
        }
        return;
    case ClaudeCopies::Verdict::copy:
    case ClaudeCopies::Verdict::replay:
        folder_.count_duplicate();
        return;
    }
}

}  // namespace costpanel::agentlogs
