// Db and Statement: thin RAII wrappers over one SQLite connection and its prepared
// statements. The only place (with the other files in store/) that talks to SQLite.
// Thread safety: one Db per thread, like the Engine that owns it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace stocktake::engine {

// A prepared statement. Text is bound without copying: a bound string must stay alive
// until the next Reset() (which also clears the bindings). Parameters are 1-based.
class Statement {
  public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool valid() const { return stmt_ != nullptr; }

    void BindText(int index, std::string_view text);
    void BindInt64(int index, int64_t value);
    void BindNull(int index);
    void BindOptionalInt64(int index, const std::optional<int64_t>& value);
    // Binds NULL for empty text.
    void BindTextOrNull(int index, std::string_view text);

    // Runs one step: true when a row is available, false when the statement is done.
    Result<bool> Step();
    // Step() for statements that return no rows; then Reset().
    Status Run();
    // Makes the statement reusable and clears its bindings.
    void Reset();

    bool ColumnIsNull(int index) const;
    int64_t ColumnInt64(int index) const;
    std::string ColumnText(int index) const;
    std::optional<int64_t> ColumnOptionalInt64(int index) const;

  private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

// Steps stmt to the end, turning each row into a T with read(const Statement&).
template <typename T, typename Read>
Result<std::vector<T>> CollectRows(Statement& stmt, Read read) {
    std::vector<T> rows;
    for (;;) {
        Result<bool> row = stmt.Step();
        if (!row.ok()) return row.status();
        if (!row.value()) return rows;
        rows.push_back(read(static_cast<const Statement&>(stmt)));
    }
}

class Db {
  public:
    // Opens or creates the database at path (":memory:" for a private in-memory one).
    static Result<std::unique_ptr<Db>> Open(const std::string& path);
    // Sets the journal mode (MEMORY when journal_in_memory, else DELETE) and the page
    // cache size in KiB.
    Status Tune(bool journal_in_memory, int64_t cache_kib);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    // Runs one or more statements that take no parameters (schema, pragmas).
    Status Exec(const char* sql);
    // persistent: the statement will be kept and reused many times.
    Result<Statement> Prepare(std::string_view sql, bool persistent = false);

    Status Begin();
    Status Commit();
    // Rolls back the open transaction; a no-op when none is open.
    Status Rollback();
    bool InTransaction() const;

    int64_t LastInsertRowId() const;
    int64_t Changes() const;
    // The connection's latest error as text, for messages.
    std::string LastError() const;

  private:
    explicit Db(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

}  // namespace stocktake::engine
