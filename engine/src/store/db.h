// Db and Statement: thin RAII wrappers over one SQLite connection and its prepared
// statements. The only place (with the other files in store/) that talks to SQLite.
// Thread safety: one Db per thread, like the Engine that owns it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "stocktake/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace stocktake::engine {

class Db;

// A prepared statement. Text is bound without copying: a bound string must stay alive
// until the next Reset() (which also clears the bindings). Parameters are 1-based.
class Statement {
  public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt, Db* cache = nullptr, const char* cache_key = nullptr)
        : db_(db), stmt_(stmt), cache_(cache), cache_key_(cache_key) {}
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
    // The same without a copy: valid until the next Step, Reset or column read of index.
    std::string_view ColumnView(int index) const;
    std::optional<int64_t> ColumnOptionalInt64(int index) const;

  private:
    friend class Db;
    void Release();

    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    Db* cache_ = nullptr;  // set: given back to this Db's cache instead of finalized
    const char* cache_key_ = nullptr;
};

// Steps stmt to the end, turning each row into a T with read(const Statement&). expected:
// the rows there will most likely be (a page's limit), room made for them at once.
template <typename T, typename Read>
Result<std::vector<T>> CollectRows(Statement& stmt, Read read, size_t expected = 0) {
    std::vector<T> rows;
    rows.reserve(expected);
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
    static Result<std::unique_ptr<Db>> Open(const std::string& path, const std::string& vfs = "");
    // Sets the journal mode (MEMORY when journal_in_memory, else DELETE), the page cache
    // size in KiB and the bytes SQLite may read in place (mmap_size; 0: off); page_bytes
    // (0: SQLite's default) is the page size if the database is still empty.
    Status Tune(bool journal_in_memory, int64_t cache_kib, int64_t mmap_bytes,
                int64_t page_bytes = 0);
    // The page cache's limit in KiB (PRAGMA cache_size), for a while: tuned_cache_kib() is
    // what Tune set, to go back to.
    Status SetCacheKib(int64_t kib);
    int64_t tuned_cache_kib() const { return tuned_cache_kib_; }
    // Pages read from the file into the page cache since the connection opened. Pages new
    // to the file and pages read in place (mmap) are not counted.
    int64_t CacheMisses() const;
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    // Runs one or more statements that take no parameters (schema, pragmas).
    Status Exec(const char* sql);
    // persistent: the statement will be kept and reused many times.
    Result<Statement> Prepare(std::string_view sql, bool persistent = false);
    // The same, for a statement run once per row or op with a fixed text: prepared once per
    // connection, handed back (reset, bindings cleared) when the Statement goes away.
    // Parsing SQL again per call was most of the cost of a single stock movement.
    // REQUIRES: sql lives as long as the Db (a literal, or a static string): the cache is
    // keyed by its address, which costs nothing to hash.
    Result<Statement> Cached(const char* sql);
    // The same for a text built at run time from a few shapes (a record's upsert of the
    // fields given): the Db keeps one copy of each distinct text as the cache's key.
    Result<Statement> CachedText(std::string sql);
    // Steps a Cached statement that returns no rows (BEGIN, COMMIT, a savepoint).
    Status RunCached(const char* sql);

    Status Begin();
    Status Commit();
    // Rolls back the open transaction; a no-op when none is open.
    Status Rollback();
    bool InTransaction() const;
    // Counts Begin() calls: a cache of rows valid for one transaction compares it.
    uint64_t transactions_begun() const { return transactions_begun_; }

    int64_t LastInsertRowId() const;
    int64_t Changes() const;
    // Rows inserted, updated or deleted on this connection since it opened: a caller that
    // steps a long job compares it between steps to notice writes of others in between.
    int64_t TotalChanges() const;
    // Moves when another connection commits to the database (PRAGMA data_version); with
    // TotalChanges, every write to it since a mark.
    Result<int64_t> DataVersion();
    // The connection's latest error as text, for messages.
    std::string LastError() const;

  private:
    friend class Statement;
    explicit Db(sqlite3* db) : db_(db) {}
    // Takes back a Cached statement; false when the slot is taken (the caller finalizes).
    bool GiveBack(const char* sql, sqlite3_stmt* stmt);

    sqlite3* db_ = nullptr;
    uint64_t transactions_begun_ = 0;
    int64_t tuned_cache_kib_ = 0;
    // Idle cached statements by the address of their SQL text.
    std::unordered_map<const char*, sqlite3_stmt*> cache_;
    // CachedText's texts: a set's elements never move, so their addresses stay keys.
    std::unordered_set<std::string> texts_;
};

}  // namespace stocktake::engine
