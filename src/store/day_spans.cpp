#include "day_spans.hpp"

#include <algorithm>
#include <cassert>

namespace costpanel::store {

// A day written in several transactions (an import of old logs) widens its span, never narrows it.
const char kUpsertDaySpanSql[] = R"sql(
INSERT INTO day_spans(
    day,
    first_id,
    last_id
) VALUES (?, ?, ?)
ON CONFLICT(day) DO UPDATE SET
    first_id = MIN(first_id, excluded.first_id),
    last_id = MAX(last_id, excluded.last_id)
)sql";

void DaySpans::add(const std::string& day, std::int64_t rowid)
{
    auto span = std::find_if(spans_.rbegin(), spans_.rend(), [&](const Span& s) { return s.day == day; });
    if (span == spans_.rend())
        spans_.push_back({day, rowid, rowid});
    else
        span->last = std::max(span->last, rowid);  // rowids only grow within a transaction
}

void DaySpans::write(sql::Statement& upsert) const
{
    for (const Span& span : spans_) {
        upsert.reset();
        bind_row(upsert, span);
        upsert.step();
    }
}

void DaySpans::bind_row(sql::Statement& upsert, const Span& span)
{
    int i = 0;
    upsert.bind(++i, span.day);
    upsert.bind(++i, span.first);
    upsert.bind(++i, span.last);
    assert(i == upsert.parameters());
}

}  // namespace costpanel::store
