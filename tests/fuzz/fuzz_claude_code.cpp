// libFuzzer: any bytes in as a Claude Code transcript (PROTOCOL.md, "Claude Code logs"); every line a
// call, skipped or rejected, never a crash; every call applied with counts that are counts; the same
// session whether the file is read whole or a line at a time, as the live window reads it.
#include "fuzz_log_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace fuzz;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    agentlogs::LogFileInfo info;
    info.path = "/fuzz/.claude/projects/-home-fuzz/4f1c2b9e.jsonl";
    info.project = "-home-fuzz";
    info.stem = "4f1c2b9e";

    // Read whole, in two pieces cut in the middle, as a file's reads may cut it.
    Reading whole(agentlogs::LogFormat::claude_code, info);
    whole.feed(bytes.substr(0, size / 2));
    whole.feed(bytes.substr(size / 2));
    whole.check_books(bytes);

    // A line at a time, the batch applied after each.
    Reading pieces(agentlogs::LogFormat::claude_code, info);
    std::string_view rest = bytes;
    for (std::size_t nl; (nl = rest.find('\n')) != std::string_view::npos; rest.remove_prefix(nl + 1))
        pieces.feed(rest.substr(0, nl + 1));
    pieces.feed(rest);
    pieces.check_books(bytes);
    check_same_session(whole, pieces);
    return 0;
}
