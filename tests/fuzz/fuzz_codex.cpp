// libFuzzer: any bytes in as a Codex CLI session file (PROTOCOL.md, "OpenAI Codex CLI logs"); every line
// a call, skipped or rejected, never a crash; every call applied with counts that are counts; the same
// session read whole or a line at a time; and a read resumed from a remembered state (as a second
// import resumes at its offset) gives the very calls of a read from the start: ids, models, counts.
#include "fuzz_log_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace fuzz;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    agentlogs::LogFileInfo info;
    info.path = "/fuzz/.codex/sessions/2026/11/30/rollout-2026-11-30T09-00-00-019acd2e.jsonl";
    info.stem = "rollout-2026-11-30T09-00-00-019acd2e";

    Reading whole(agentlogs::LogFormat::codex, info);
    whole.feed(bytes.substr(0, size / 2));
    whole.feed(bytes.substr(size / 2));
    whole.check_books(bytes);

    Reading pieces(agentlogs::LogFormat::codex, info);
    std::string_view rest = bytes;
    for (std::size_t nl; (nl = rest.find('\n')) != std::string_view::npos; rest.remove_prefix(nl + 1))
        pieces.feed(rest.substr(0, nl + 1));
    pieces.feed(rest);
    pieces.check_books(bytes);
    check_same_session(whole, pieces);

    // Resumed after the line nearest the middle, in a new reader and folder (another run).
    const std::size_t cut = bytes.rfind('\n', size / 2);
    const std::size_t at = cut == std::string_view::npos ? 0 : cut + 1;
    Reading first(agentlogs::LogFormat::codex, info);
    first.feed(bytes.substr(0, at));
    const std::string state = first.file.codex->save();
    Reading second(agentlogs::LogFormat::codex, info);
    check(second.file.codex->restore(state));
    check(second.file.codex->save() == state);
    second.file.splitter.set_lines(first.file.splitter.lines());
    second.feed(bytes.substr(at));
    std::vector<CallRecord> resumed = first.records;
    resumed.insert(resumed.end(), second.records.begin(), second.records.end());
    check(resumed.size() == whole.records.size());
    for (std::size_t i = 0; i < resumed.size(); ++i) {
        const CallRecord& a = resumed[i];
        const CallRecord& b = whole.records[i];
        check(a.event_id == b.event_id && a.model == b.model && a.project == b.project &&
              a.conductor_session == b.conductor_session && a.ts == b.ts && a.tokens == b.tokens &&
              a.reasoning_tokens == b.reasoning_tokens);
    }
    return 0;
}
