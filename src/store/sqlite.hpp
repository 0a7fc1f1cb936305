// Thin RAII over the SQLite C API: a connection, prepared statements, and errors as exceptions that
// carry SQLite's code (so a full disk can be told from a corrupt file).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace costpanel::sql {

class Error : public std::runtime_error
{
public:
    Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }  // the primary result code: SQLITE_FULL, SQLITE_CORRUPT, ...

private:
    int code_;
};

class Statement;

class Database
{
public:
    // Opens (creating when `create`) with a busy timeout; throws Error. `immutable` (read-only): SQLite
    // is told the file cannot change, so it takes no locks and needs no -shm (nor reads a -wal).
    Database(const std::string& path, bool create, bool read_only = false, bool immutable = false);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const char* sql);
    Statement prepare(std::string_view sql);
    sqlite3* handle() const { return db_; }
    std::int64_t changes() const { return sqlite3_changes64(db_); }
    std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
    [[noreturn]] void fail(int code, const std::string& context) const;

private:
    sqlite3* db_ = nullptr;
};

// Kept across transactions by the store's writer: destroy it before its Database, whose errors it reports.
class Statement
{
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& o) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binding by 1-based index; an empty optional or string binds NULL where noted.
    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, double v);
    Statement& bind(int i, const std::string& v);  // text, copied
    // Text not copied: `v` must stay as it is until the statement is stepped (the hot insert path,
    // where SQLite's copy of every string was a malloc and a free per column and row).
    Statement& bind_uncopied(int i, const std::string& v);
    Statement& bind_text_or_null(int i, const std::string& v);  // uncopied, as above
    Statement& bind_view(int i, std::string_view v);            // uncopied, as above; never NULL
    Statement& bind_null(int i);
    // True while a row is there; false when done. Throws Error.
    bool step();
    void reset();  // for reuse; keeps bindings unless cleared
    int parameters() const { return sqlite3_bind_parameter_count(stmt_); }  // the highest ?N

    std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
    double real(int col) const { return sqlite3_column_double(stmt_, col); }
    std::string text(int col) const;
    bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    int columns() const { return sqlite3_column_count(stmt_); }
    std::string column_name(int col) const { return sqlite3_column_name(stmt_, col); }

private:
    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back when left without commit().
class Transaction
{
public:
    explicit Transaction(Database& db);
    ~Transaction();
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace costpanel::sql
