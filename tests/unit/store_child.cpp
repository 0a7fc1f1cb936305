// For the store's durability test: writes calls to a store as fast as it can, saying after each
// commit how many are committed, until it is killed.
#include "costpanel/store/store.hpp"

#include <chrono>
#include <cstdio>
#include <string>

int main(int argc, char** argv)
{
    if (argc != 2) return 2;
    costpanel::Store::Options options;
    options.path = argv[1];
    costpanel::Store store(options);
    for (std::uint64_t n = 0;;) {
        std::vector<costpanel::CallRecord> calls(100);
        for (auto& c : calls) {
            c.ts = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
            c.event_id = "k" + std::to_string(n++);
            c.provider = "openai";
            c.model = n % 3 ? "gpt-4o" : "gpt-4o-mini";
            c.tokens.input = 100;
            c.priced = true;
            c.cost_usd = 0.00025;
        }
        store.add(std::move(calls), {}, 0);
        if (!store.flush()) return 1;
        std::printf("committed %llu\n", static_cast<unsigned long long>(n));
        std::fflush(stdout);
    }
}
