#include "month_of_calls.hpp"

#include "costpanel/core/demo_conductor.hpp"
#include "costpanel/core/event_folder.hpp"

#include <memory>

namespace bench {

std::vector<std::vector<costpanel::CallRecord>> month_of_calls(std::size_t n)
{
    using namespace costpanel;
    EventFolder::Options fo{std::make_shared<const PriceTable>(PriceTable::builtin()), {}};
    fo.keep_records = true;
    EventFolder folder(fo);
    DemoConductor demo(8);
    std::vector<std::vector<CallRecord>> chunks;
    std::size_t made = 0;
    // Spread evenly over the 30 days before 2026-11-20: every quarter hour of the month has calls,
    // as a conductor busy day and night would leave them.
    constexpr TimeMs kEnd = 1'795'165'201'000;
    constexpr TimeMs kMonth = 30LL * 86'400'000;
    std::size_t line = 0;
    while (made < n) {
        for (int i = 0; i < 4096 * 2; ++i, ++line)
            folder.add_line(
                demo.next_line(kEnd - kMonth +
                               static_cast<TimeMs>(line) * kMonth / static_cast<TimeMs>(n * 3 / 2)),
                "b", 1, 0);
        Batch b = folder.take_batch();
        made += b.calls.size();
        chunks.push_back(std::move(b.calls));
    }
    return chunks;
}

}  // namespace bench
