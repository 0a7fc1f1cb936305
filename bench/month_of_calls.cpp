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
    while (made < n) {
        for (int i = 0; i < 4096 * 2; ++i)
            folder.add_line(demo.next_line(1'795'165'201'000 - static_cast<TimeMs>(made % 30) * 86'400'000),
                            "b", 1, 0);
        Batch b = folder.take_batch();
        made += b.calls.size();
        chunks.push_back(std::move(b.calls));
    }
    return chunks;
}

}  // namespace bench
