// A Claude Code config directory as Claude Code writes it, for the bench's log-reading rows:
//   DIR/projects/<encoded project path>/<session uuid>.jsonl
//   DIR/projects/<encoded project path>/<session uuid>/subagents/agent-<id>.jsonl
// User lines (prompts and tool results), an occasional summary line, and each API call's assistant
// message written one line per content block (thinking, text, tool_use), every copy with the same
// message.id, requestId, model and usage. Deterministic for a seed. No call's input side reaches
// 200,000 tokens and no line carries costUSD: the two places where ccusage prices otherwise than the
// provider bills, so both readers must agree on this tree to the cent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace bench {

struct TreeTokens
{
    std::uint64_t calls = 0, input = 0, output = 0, cache_read = 0, cache_write = 0;
    void add(const TreeTokens& o)
    {
        calls += o.calls;
        input += o.input;
        output += o.output;
        cache_read += o.cache_read;
        cache_write += o.cache_write;
    }
};

// What was written: the reader of the tree should find exactly these calls and tokens.
struct ClaudeCodeTree
{
    std::uint64_t files = 0, subagent_files = 0, sessions = 0, lines = 0, assistant_lines = 0, bytes = 0;
    std::map<std::string, TreeTokens> by_model;  // model -> its calls and tokens
    TreeTokens total() const
    {
        TreeTokens t;
        for (const auto& [model, tokens] : by_model) t.add(tokens);
        return t;
    }
    void add(const ClaudeCodeTree& o);
};

// Writes `calls` distinct API calls (message ids) into DIR/projects/..., spread over 60 days of
// sessions in a dozen projects, some with subagent transcripts.
ClaudeCodeTree write_claude_code_tree(const std::filesystem::path& dir, std::size_t calls,
                                      std::uint64_t seed);

// One more session of `calls` calls (a new file, and its subagents' files) in the tree's first
// project, on the day after the tree's last: what "import again" must read, and only that.
ClaudeCodeTree append_claude_code_session(const std::filesystem::path& dir, std::size_t calls,
                                          std::uint64_t seed);

// A tree that reads back a tool's per-token rates: for each token class (its name returned, in
// order: input, output, cache read, 5-minute cache write, 1-hour cache write) a day of its own, on
// which each model has one call of `tokens` tokens of that class and none of any other.
std::vector<std::string> write_claude_code_rate_probe(const std::filesystem::path& dir,
                                                      const std::vector<std::string>& models,
                                                      std::int64_t tokens);

}  // namespace bench
