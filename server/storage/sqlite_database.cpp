// The SQLite driver: one sqlite3 handle per pooled connection on one file in WAL mode, so
// readers run beside the single writer, and a busy timeout so writers queue instead of
// failing.
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "storage/drivers.h"
#include "storage/pool.h"

namespace stocktake::server {
namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr int kBusyPollMicros = 100;

// SQLite's own busy handler sleeps 1, 2, 5, 10 ... 100 ms between tries. This process's
// writers (a webhook batch, the delivery worker, a sync push) each hold the write lock for
// about a millisecond, so those sleeps, not the writes, would set the pace: poll every
// 100 µs instead, for the same 10 s in all.
int WaitForWriteLock(void*, int attempt) {
    if (attempt >= kBusyTimeoutMs * 1000 / kBusyPollMicros) return 0;  // gives SQLITE_BUSY
    std::this_thread::sleep_for(std::chrono::microseconds(kBusyPollMicros));
    return 1;
}

Code CodeOf(int rc) {
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            return (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                       ? Code::kAlreadyExists
                       : Code::kInvalidArgument;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return Code::kConflict;
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_FULL: return Code::kUnavailable;
        default: return Code::kInternal;
    }
}

class SqliteConnection final : public SqlConnection {
  public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
        sqlite3_close_v2(db_);
    }
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    SqlDialect dialect() const override { return SqlDialect::kSqlite; }

    Result<SqlRows> Exec(std::string_view sql, const std::vector<SqlParam>& params) override {
        Result<sqlite3_stmt*> prepared = Prepare(sql);
        if (!prepared.ok()) return prepared.status();
        sqlite3_stmt* stmt = *prepared;
        Status bound = Bind(stmt, params);
        if (!bound.ok()) return bound;
        SqlRows rows;
        const int columns = sqlite3_column_count(stmt);
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            rows.AddRow();
            for (int i = 0; i < columns; ++i) {
                if (sqlite3_column_type(stmt, i) == SQLITE_NULL) {
                    rows.AddCell(std::nullopt);
                } else {
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
                    rows.AddCell(std::string(text, sqlite3_column_bytes(stmt, i)));
                }
            }
        }
        if (rc != SQLITE_DONE) {
            Status status = Error(rc);
            sqlite3_reset(stmt);
            return status;
        }
        rows.set_affected(columns == 0 ? sqlite3_changes64(db_) : 0);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        return rows;
    }

    Status ExecScript(std::string_view sql) override {
        char* message = nullptr;
        const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
        if (rc == SQLITE_OK) return Status::Ok();
        Status status(CodeOf(sqlite3_extended_errcode(db_)),
                      std::string("sqlite: ") + (message ? message : sqlite3_errstr(rc)));
        sqlite3_free(message);
        return status;
    }

  private:
    Status Error(int rc) const {
        return Status(CodeOf(sqlite3_extended_errcode(db_) ? sqlite3_extended_errcode(db_) : rc),
                      std::string("sqlite: ") + sqlite3_errmsg(db_));
    }

    Result<sqlite3_stmt*> Prepare(std::string_view sql) {
        auto found = statements_.find(sql);
        if (found != statements_.end()) return found->second;
        sqlite3_stmt* stmt = nullptr;
        const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) return Error(rc);
        statements_.emplace(std::string(sql), stmt);
        return stmt;
    }

    // $N binds to parameter N whatever order the text names them in.
    Status Bind(sqlite3_stmt* stmt, const std::vector<SqlParam>& params) {
        const int count = sqlite3_bind_parameter_count(stmt);
        for (int index = 1; index <= count; ++index) {
            const char* name = sqlite3_bind_parameter_name(stmt, index);
            size_t number = 0;
            if (name == nullptr || name[0] != '$' ||
                (number = std::strtoul(name + 1, nullptr, 10)) == 0 || number > params.size()) {
                return Status::Internal(std::string("sqlite: parameter ") + (name ? name : "?") +
                                        " has no value");
            }
            const SqlParam& param = params[number - 1];
            int rc = SQLITE_OK;
            if (const auto* integer = std::get_if<int64_t>(&param)) {
                rc = sqlite3_bind_int64(stmt, index, *integer);
            } else if (const auto* text = std::get_if<std::string>(&param)) {
                rc = sqlite3_bind_text64(stmt, index, text->data(), text->size(), SQLITE_STATIC,
                                         SQLITE_UTF8);
            } else {
                rc = sqlite3_bind_null(stmt, index);
            }
            if (rc != SQLITE_OK) return Error(rc);
        }
        return Status::Ok();
    }

    sqlite3* db_;
    std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

Result<std::unique_ptr<SqlConnection>> OpenConnection(const std::string& path) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        Status status(Code::kUnavailable,
                      "cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
        sqlite3_close_v2(db);
        return status;
    }
    auto connection = std::make_unique<SqliteConnection>(db);
    sqlite3_busy_handler(db, WaitForWriteLock, nullptr);
    // NORMAL in WAL mode: a commit survives a killed process (it is in the WAL); only a
    // power cut can lose the last transactions, never corrupt the file.
    Status status = connection->ExecScript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    if (!status.ok()) return Status(Code::kUnavailable, path + ": " + status.message());
    return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace

Result<std::unique_ptr<SqlDatabase>> OpenSqliteDatabase(const std::string& path, int pool_size) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
        return Status::IOError("cannot create directory " + parent.string() + ": " + ec.message() +
                               " (set APP_DATA_DIR)");
    }
    auto database = std::make_unique<PooledDatabase>(SqlDialect::kSqlite, "sqlite", pool_size,
                                                     [path] { return OpenConnection(path); });
    // Opening one connection now reports a bad path at startup, not at the first request.
    Status keep = database->WithConnection([](SqlConnection&) { return Status::Ok(); });
    if (!keep.ok()) return keep;
    return std::unique_ptr<SqlDatabase>(std::move(database));
}

}  // namespace stocktake::server
