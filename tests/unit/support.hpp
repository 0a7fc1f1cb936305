// Helpers shared by the unit tests: a small price table with round numbers, and streams folded the
// way the panel folds them.
#pragma once

#include "../common/temp_dir.hpp"
#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/session_state.hpp"
#include "costpanel/engine/live_session.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <grp.h>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace test {

// Rates in USD per million tokens, chosen so that costs are easy to check by hand.
inline std::shared_ptr<const costpanel::PriceTable> round_prices()
{
    static const auto table =
        std::make_shared<const costpanel::PriceTable>(costpanel::PriceTable::parse(R"({
      "format": "costpanel-prices/1", "checked": "2026-11-22",
      "models": {
        "alpha-1": {"provider": "anthropic", "input": 1, "output": 10, "cache_read": 0.1, "cache_write": 1.25,
                    "cache_write_1h": 2, "long_context": {"input": 2, "output": 15, "cache_read": 0.2},
                    "aliases": ["alpha-latest"]},
        "beta-2":  {"provider": "openai", "input": 2, "output": 8},
        "beta-2-mini": {"provider": "openai", "input": 0.5, "output": 2, "cache_read": 0.25},
        "gamma-3": {"provider": "vertex_ai-language-models", "input": 4, "output": 20, "cache_write": 5}
      }})",
                                                                                   "round prices"));
    return table;
}

inline costpanel::TokenCounts tokens(std::int64_t in, std::int64_t out, std::int64_t cache_read = 0,
                                     std::int64_t cache_write = 0, std::int64_t cache_write_1h = 0)
{
    costpanel::TokenCounts t;
    t.input = in;
    t.output = out;
    t.cache_read = cache_read;
    t.cache_write = cache_write;
    t.cache_write_1h = cache_write_1h;
    return t;
}

// Folds lines one by one, applying a batch after each, as a slow GUI would.
inline costpanel::SessionState fold(const std::vector<std::string>& lines,
                                    std::shared_ptr<const costpanel::PriceTable> prices = round_prices(),
                                    std::map<std::string, std::string> tier_models = {})
{
    costpanel::EventFolder folder({std::move(prices), tier_models});
    costpanel::SessionState state(tier_models);
    std::uint64_t n = 0;
    for (const std::string& line : lines) {
        folder.add_line(line, "test", ++n, 0);
        state.apply(folder.take_batch());
    }
    return state;
}

inline const costpanel::ModelUsage* find_model(const costpanel::SessionState& s, const std::string& model)
{
    for (const auto& m : s.models())
        if (m.model == model) return &m;
    return nullptr;
}

inline const costpanel::TierRow* find_tier(const costpanel::SessionState& s, const std::string& tier)
{
    for (const auto& t : s.tiers())
        if (t.tier == tier) return &t;
    return nullptr;
}

// The reference data beside the checkout, when it is there.
inline std::filesystem::path shared_data()
{
    return std::filesystem::path(COSTPANEL_SHARED_DATA);
}

// Writes all of `bytes` to a socket; false when the peer is gone. Safe on any thread (no assertions).
inline bool send_all(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// Runs `f` in a forked child that is not root: as root (which reads and writes through any file mode)
// the child becomes nobody, so that read-only files and directories are what they are for users.
// Returns what `f` returned; an empty optional when the child could not drop root or did not finish.
inline std::optional<std::string> as_nobody(const std::function<std::string()>& f)
{
    int report[2];
    if (::pipe(report) != 0) return std::nullopt;
    const pid_t child = ::fork();
    if (child < 0) return std::nullopt;
    if (child == 0) {
        ::close(report[0]);
        if (::geteuid() == 0 &&
            (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0))
            ::_exit(2);
        const std::string answer = f();
        for (std::size_t done = 0; done < answer.size();) {
            const ssize_t n = ::write(report[1], answer.data() + done, answer.size() - done);
            if (n <= 0) ::_exit(3);
            done += static_cast<std::size_t>(n);
        }
        ::_exit(0);
    }
    ::close(report[1]);
    std::string answer;
    char buf[4096];
    for (ssize_t n; (n = ::read(report[0], buf, sizeof buf)) > 0;)
        answer.append(buf, static_cast<std::size_t>(n));
    ::close(report[0]);
    int status = 0;
    if (::waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return std::nullopt;
    return answer;
}

// Collects what an Ingest hands over, and lets a test wait (with a deadline) until a condition holds.
class StateSink
{
public:
    explicit StateSink(std::map<std::string, std::string> tier_models = {}) : state_(tier_models) {}

    void push(costpanel::Batch&& batch)
    {
        {
            std::lock_guard lock(mutex_);
            state_.apply(batch);
            ++batches_;
        }
        changed_.notify_all();
    }

    // Wakes waiters to look again (something outside the state changed).
    void poke()
    {
        {
            std::lock_guard lock(mutex_);
        }
        changed_.notify_all();
    }

    // True once `done(state)` holds; false if it did not within the deadline.
    bool wait_for(const std::function<bool(const costpanel::SessionState&)>& done,
                  std::chrono::seconds deadline = std::chrono::seconds(20))
    {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, deadline, [&] { return done(state_); });
    }

    template <class F> auto read(F&& f)
    {
        std::lock_guard lock(mutex_);
        return f(state_);
    }
    std::uint64_t batches()
    {
        std::lock_guard lock(mutex_);
        return batches_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    costpanel::SessionState state_;
    std::uint64_t batches_ = 0;
};

// Drains the engine on this thread, sleeping on its own queue, until `done` or a 20 s deadline.
inline bool drain_until(costpanel::LiveSession& live, const std::function<bool()>& done)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
        live.run_pending();
        if (done()) return true;
        if (!live.wait_for_work(deadline) && std::chrono::steady_clock::now() >= deadline) return false;
    }
}

// "a7": appended, not "a" + std::to_string(7), which GCC 12 at -O2 mistakes for an overlapping copy
// (-Wrestrict).
inline std::string numbered(const char* prefix, int i)
{
    std::string id(prefix);
    id += std::to_string(i);
    return id;
}

}  // namespace test
