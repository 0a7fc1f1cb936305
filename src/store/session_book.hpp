// The session the writer stores calls under, and the panel's epoch (session_reset events folded) it
// follows, so the store's session changes where the panel's did. A plain value: a transaction that
// fails puts back the copy it took before.
#pragma once

#include "costpanel/core/time.hpp"
#include "write_statements.hpp"

#include <cstdint>
#include <string>

namespace costpanel::store {

extern const char kStartSessionSql[];
extern const char kEndSessionSql[];

class SessionBook
{
public:
    explicit SessionBook(const std::string& label) : label_(&label) {}  // `label` outlives this

    const std::string& id() const { return id_; }  // empty until the first start
    void start(WriteStatements& st, TimeMs at);
    void end(WriteStatements& st, TimeMs at);  // nothing before the first start
    void restart(WriteStatements& st, TimeMs at);
    // Restarts at `at` when `epoch` differs from the last one seen; the first one seen is only noted.
    void follow_epoch(WriteStatements& st, std::uint64_t epoch, TimeMs at);

private:
    const std::string* label_;
    std::string id_;
    bool epoch_known_ = false;
    std::uint64_t epoch_ = 0;
};

}  // namespace costpanel::store
