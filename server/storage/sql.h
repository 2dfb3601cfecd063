// SqlDatabase: the server's one way to reach its database, the same on SQLite and on
// PostgreSQL, so every store (accounts, sync, audit, webhooks) is written once.
//
// The SQL a store writes must run on both backends:
//   - parameters are $1, $2, ... (SQLite reads them as named parameters; the drivers bind
//     by number on both);
//   - types: BIGINT, INTEGER, TEXT (booleans as INTEGER 0/1, times as BIGINT unix ms or
//     TEXT ISO-8601 UTC), no SERIAL/AUTOINCREMENT (ids are made by the caller or taken
//     from a counter row);
//   - INSERT ... ON CONFLICT (...) DO NOTHING / DO UPDATE, and RETURNING, work on both;
//   - PostgreSQL infers each parameter's type from where it stands; where it cannot
//     ("SELECT $1", "$1 IS NULL"), write CAST($1 AS BIGINT) or CAST($1 AS TEXT);
//   - a condition selected as a value is 1/0 on SQLite but "t"/"f" on PostgreSQL: select
//     CASE WHEN cond THEN 1 ELSE 0 END instead.
// Where a migration's DDL must differ, it says so per dialect (storage/migrations.h).
//
// Thread safety: SqlDatabase is safe to use from many threads (a pool of connections). A
// SqlConnection is used by one thread at a time, only inside the callback it was lent to.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "stocktake/status.h"

namespace stocktake::server {

enum class SqlDialect { kSqlite, kPostgres };

// A value bound to one parameter.
using SqlParam = std::variant<std::nullptr_t, int64_t, std::string>;

// The rows a statement returned, every cell as text (NULL kept apart), and how many rows
// an INSERT/UPDATE/DELETE changed.
class SqlRows {
  public:
    size_t size() const { return rows_.size(); }
    bool empty() const { return rows_.empty(); }
    bool IsNull(size_t row, size_t column) const { return !rows_[row][column].has_value(); }
    // "" for NULL.
    const std::string& Text(size_t row, size_t column) const;
    // 0 for NULL or text that is not an integer.
    int64_t Int(size_t row, size_t column) const;
    int64_t affected() const { return affected_; }

    // For drivers.
    void AddRow() { rows_.emplace_back(); }
    void AddCell(std::optional<std::string> cell) { rows_.back().push_back(std::move(cell)); }
    void set_affected(int64_t affected) { affected_ = affected; }

  private:
    std::vector<std::vector<std::optional<std::string>>> rows_;
    int64_t affected_ = 0;
};

class SqlConnection {
  public:
    virtual ~SqlConnection() = default;
    virtual SqlDialect dialect() const = 0;

    // Runs one statement to completion with params bound to $1.. in order. Each distinct
    // sql text is prepared once per connection and reused. Errors: kAlreadyExists for a
    // unique or primary-key violation, kConflict for a serialization failure, deadlock or
    // busy database (Transact retries those), kUnavailable when the connection is lost,
    // kInternal for anything else (the message has the database's own words).
    virtual Result<SqlRows> Exec(std::string_view sql, const std::vector<SqlParam>& params) = 0;
    Result<SqlRows> Exec(std::string_view sql) { return Exec(sql, {}); }

    // Runs several statements without parameters (migrations' DDL).
    virtual Status ExecScript(std::string_view sql) = 0;
};

enum class TxMode {
    kRead,   // reads only
    kWrite,  // may write; on SQLite takes the write lock at BEGIN (BEGIN IMMEDIATE)
    // May write, and fn first locks (UPDATE) a row that every writer of the data it reads
    // also locks first, so those writers already run one at a time: READ COMMITTED on
    // PostgreSQL, without SERIALIZABLE's retries of every clash; as kWrite on SQLite.
    kWriteLocked,
};

struct SqlPoolStats {
    int size = 0;          // connections the pool holds at most
    int open = 0;          // connections open now
    int in_use = 0;        // lent out now
    int64_t acquired = 0;  // times a connection was lent, ever
    int64_t waited = 0;    // of those, times the borrower had to wait for one
    int64_t wait_ms = 0;   // total time borrowers waited
};

class SqlDatabase {
  public:
    virtual ~SqlDatabase() = default;
    virtual SqlDialect dialect() const = 0;
    // "sqlite" or "postgres", for logs, /readyz and /metrics.
    virtual std::string Backend() const = 0;

    // Lends a connection for one transaction: BEGIN, fn, then COMMIT when fn returns OK
    // or ROLLBACK otherwise. When a statement or the COMMIT fails with kConflict the whole
    // transaction is rolled back and fn runs again (a few times, with backoff), so fn must
    // have no effects outside the database it does not redo safely.
    virtual Status Transact(TxMode mode, const std::function<Status(SqlConnection&)>& fn) = 0;

    // Lends a connection outside any transaction (each statement commits on its own).
    virtual Status WithConnection(const std::function<Status(SqlConnection&)>& fn) = 0;

    virtual SqlPoolStats PoolStats() const = 0;
};

// url: "postgresql://..." or "postgres://..." opens PostgreSQL; "sqlite:PATH" or a plain
// path opens (creating) that SQLite file in WAL mode with a busy timeout. pool_size
// connections at most. Migrations are not applied here (storage/migrations.h).
Result<std::unique_ptr<SqlDatabase>> OpenSqlDatabase(const std::string& url, int pool_size);

}  // namespace stocktake::server
