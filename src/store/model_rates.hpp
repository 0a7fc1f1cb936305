// Each model's standard rates, as its latest priced call at standard, not long-context, rates was
// charged: what the savings' baseline ("had every call gone to the dearest model") is priced at.
#pragma once

#include "costpanel/core/call_record.hpp"
#include "sqlite.hpp"

#include <map>
#include <string_view>
#include <utility>

namespace costpanel::store {

extern const char kUpsertModelRatesSql[];

class ModelRates
{
public:
    // The record's strings must stay as they are until write().
    void add(const CallRecord& r);
    void write(sql::Statement& upsert) const;

private:
    std::map<std::pair<std::string_view, std::string_view>, ModelPrice::Resolved> latest_;
};

}  // namespace costpanel::store
