#include "sqlite.hpp"

#include <cstdio>

namespace costpanel::sql {

namespace {

// A URI naming `path` with a query: the characters a URI's path cannot hold as they are, escaped.
std::string file_uri(const std::string& path, const char* query)
{
    // "file:///abs" (an empty authority, so that a path beginning "//" is no host) or "file:rel".
    std::string uri = path.starts_with('/') ? "file://" : "file:";
    for (const char c : path) {
        if (c == '%' || c == '?' || c == '#' || static_cast<unsigned char>(c) < 0x20) {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
            uri += buf;
        } else {
            uri += c;
        }
    }
    return uri + "?" + query;
}

}  // namespace

Database::Database(const std::string& path, bool create, bool read_only, bool immutable)
{
    const int flags = (read_only || immutable ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                      (create ? SQLITE_OPEN_CREATE : 0) | (immutable ? SQLITE_OPEN_URI : 0) |
                      SQLITE_OPEN_NOMUTEX;
    const std::string name = immutable ? file_uri(path, "immutable=1") : path;
    const int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(rc & 0xff, path + ": " + why);
    }
    sqlite3_extended_result_codes(db_, 1);
    // Another process holding a write lock briefly is waited for, not reported.
    sqlite3_busy_timeout(db_, 2000);
}

Database::~Database()
{
    sqlite3_close_v2(db_);
}

void Database::fail(int code, const std::string& context) const
{
    throw Error(code & 0xff, context + ": " + sqlite3_errmsg(db_));
}

void Database::exec(const char* sql)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string why = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(rc & 0xff, why);
    }
}

Statement Database::prepare(std::string_view sql)
{
    return Statement(*this, sql);
}

Statement::Statement(Database& db, std::string_view sql) : db_(&db)
{
    const int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) db.fail(rc, "prepare");
}

Statement::~Statement()
{
    sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_)
{
    o.stmt_ = nullptr;
}

Statement& Statement::bind(int i, std::int64_t v)
{
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
}

Statement& Statement::bind(int i, double v)
{
    sqlite3_bind_double(stmt_, i, v);
    return *this;
}

Statement& Statement::bind(int i, const std::string& v)
{
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_uncopied(int i, const std::string& v)
{
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
}

Statement& Statement::bind_view(int i, std::string_view v)
{
    sqlite3_bind_text(stmt_, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
}

Statement& Statement::bind_text_or_null(int i, const std::string& v)
{
    return v.empty() ? bind_null(i) : bind_uncopied(i, v);
}

Statement& Statement::bind_null(int i)
{
    sqlite3_bind_null(stmt_, i);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_->fail(rc, "step");
}

void Statement::reset()
{
    sqlite3_reset(stmt_);
}

std::string Statement::text(int col) const
{
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
}

Transaction::Transaction(Database& db) : db_(db)
{
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (const Error&) {
            // Already rolled back by SQLite (a full disk does that): nothing left to undo.
        }
    }
}

void Transaction::commit()
{
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace costpanel::sql
