// costpanel: when a client's own figure for its calls is worth showing beside ours.
#pragma once

#include <cmath>

namespace costpanel {

// Compared over the same calls (those that reported a cost), more than a cent apart: a price table,
// ours or the client's, is stale. The figures are sums of doubles, so the rounding of a cent exactly
// is not a difference.
inline bool reported_cost_differs(double reported_usd, double ours_usd)
{
    return std::abs(reported_usd - ours_usd) > 0.01 + 1e-9;
}

}  // namespace costpanel
