#include "session_book.hpp"

#include <cstdio>
#include <random>

namespace costpanel::store {

namespace {

std::string new_session_id()
{
    std::random_device rd;
    char buf[33];
    std::snprintf(buf, sizeof buf, "%08x%08x%08x%08x", rd(), rd(), rd(), rd());
    return buf;
}

}  // namespace

const char kStartSessionSql[] = R"sql(
INSERT INTO sessions(
    id,
    started_ms,
    label
) VALUES (?, ?, ?)
)sql";

const char kEndSessionSql[] = R"sql(
UPDATE sessions SET ended_ms = ?2 WHERE id = ?1
)sql";

void SessionBook::start(WriteStatements& st, TimeMs at)
{
    id_ = new_session_id();
    st.start_session.reset();
    st.start_session.bind(1, id_).bind(2, at).bind_text_or_null(3, *label_).step();
}

void SessionBook::end(WriteStatements& st, TimeMs at)
{
    if (id_.empty()) return;
    st.end_session.reset();
    st.end_session.bind(1, id_).bind(2, at).step();
}

void SessionBook::restart(WriteStatements& st, TimeMs at)
{
    end(st, at);
    start(st, at);
}

void SessionBook::follow_epoch(WriteStatements& st, std::uint64_t epoch, TimeMs at)
{
    if (!epoch_known_) {
        epoch_known_ = true;
        epoch_ = epoch;
    } else if (epoch != epoch_) {
        restart(st, at);
        epoch_ = epoch;
    }
}

}  // namespace costpanel::store
