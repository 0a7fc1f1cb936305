// A month of the demo conductor's calls, spread over its days, as the store receives them.
#pragma once

#include "costpanel/core/call_record.hpp"

#include <cstddef>
#include <vector>

namespace bench {

// At least `n` calls, in batches of the size the ingest worker hands over under load.
std::vector<std::vector<costpanel::CallRecord>> month_of_calls(std::size_t n);

}  // namespace bench
