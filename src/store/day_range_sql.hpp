// SQL conditions for a day range bound as ?1 (first day) and ?2 (last day), "" meaning open.
#pragma once

namespace costpanel::store {

// On the roll-up tables, whose key starts with the day.
inline constexpr const char* kDaysInRange = " (?1 = '' OR day >= ?1) AND (?2 = '' OR day <= ?2) ";

// On calls: the rowids the days in the range were given bound a rowid range scan, and the day itself
// is still tested, so a day whose calls were written out of order (an import of old logs) costs a
// wider scan, never a wrong answer.
inline constexpr const char* kCallsInRange =
    " id BETWEEN (SELECT COALESCE(MIN(first_id), 0) FROM day_spans WHERE (?1 = '' OR day >= ?1) AND "
    "(?2 = '' OR day <= ?2)) AND (SELECT COALESCE(MAX(last_id), -1) FROM day_spans WHERE (?1 = '' OR day >= "
    "?1) AND (?2 = '' OR day <= ?2)) AND (?1 = '' OR day >= ?1) AND (?2 = '' OR day <= ?2) ";

}  // namespace costpanel::store
