// The first and last rowid each day's calls were given in one transaction, upserted once per day:
// queries on a range of days scan calls between them (day_range_sql.hpp).
#pragma once

#include "sqlite.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace costpanel::store {

extern const char kUpsertDaySpanSql[];

class DaySpans
{
public:
    void add(const std::string& day, std::int64_t rowid);
    void write(sql::Statement& upsert) const;  // kUpsertDaySpanSql, each day once

private:
    struct Span
    {
        std::string day;
        std::int64_t first, last;
    };
    static void bind_row(sql::Statement& upsert, const Span& span);

    std::vector<Span> spans_;  // calls come mostly in day order: looked up from the back
};

}  // namespace costpanel::store
