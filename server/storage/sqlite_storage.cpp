// SqliteStorage: the Storage interface on one SQLite file, <data dir>/server.db.
// All of the server's SQL for this backend lives in this file; every statement that takes
// a value binds it as a parameter.
#include <sqlite3.h>

#include <filesystem>
#include <iterator>
#include <mutex>
#include <string>
#include <system_error>
#include <utility>

#include "storage/storage.h"
#include "time_text.h"

namespace stocktake::server {
namespace {

// A prepared statement that finalizes itself.
class Statement {
  public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return stmt_ != nullptr; }
    void Bind(int index, int value) { sqlite3_bind_int(stmt_, index, value); }
    void Bind(int index, const std::string& value) {
        sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                          SQLITE_TRANSIENT);
    }
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int Step() { return sqlite3_step(stmt_); }
    int ColumnInt(int index) { return sqlite3_column_int(stmt_, index); }

  private:
    sqlite3_stmt* stmt_ = nullptr;
};

Status SqlError(sqlite3* db, const std::string& what) {
    return Status(Code::kUnavailable, what + ": " + sqlite3_errmsg(db));
}

Status Exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        Status status(Code::kUnavailable, std::string("sqlite: ") + (error ? error : "?"));
        sqlite3_free(error);
        return status;
    }
    return Status::Ok();
}

// One schema change. Applied in version order, each in its own transaction together with
// its row in schema_migrations. Never edit a released migration: add a new one.
struct Migration {
    int version;
    const char* name;
    const char* sql;              // DDL, no parameters
    Status (*seed)(sqlite3* db);  // rows to insert afterwards (bound values), or nullptr
};

Status SeedServerMeta(sqlite3* db) {
    Statement insert(db, "INSERT INTO server_meta (key, value) VALUES ('created_at', ?1)");
    insert.Bind(1, NowIsoUtc());
    if (!insert.ok() || insert.Step() != SQLITE_DONE) return SqlError(db, "server_meta");
    return Status::Ok();
}

constexpr Migration kMigrations[] = {
    {1, "server_meta",
     "CREATE TABLE server_meta ("
     "  key   TEXT PRIMARY KEY,"
     "  value TEXT NOT NULL"
     ");",
     SeedServerMeta},
};

constexpr int kLatestVersion = kMigrations[std::size(kMigrations) - 1].version;

Result<int> CurrentVersion(sqlite3* db) {
    Statement stmt(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!stmt.ok()) return SqlError(db, "reading schema_migrations");
    if (stmt.Step() != SQLITE_ROW) return SqlError(db, "reading schema_migrations");
    return stmt.ColumnInt(0);
}

Status ApplyMigration(sqlite3* db, const Migration& migration) {
    Status status = Exec(db, "BEGIN IMMEDIATE");
    if (!status.ok()) return status;
    // Another process may have applied it between our read and this transaction.
    Result<int> current = CurrentVersion(db);
    if (current.ok() && *current >= migration.version) return Exec(db, "COMMIT");
    status = Exec(db, migration.sql);
    if (status.ok() && migration.seed != nullptr) status = migration.seed(db);
    if (status.ok()) {
        Statement record(db,
                         "INSERT INTO schema_migrations (version, name, applied_at) "
                         "VALUES (?1, ?2, ?3)");
        record.Bind(1, migration.version);
        record.Bind(2, std::string(migration.name));
        record.Bind(3, NowIsoUtc());
        if (!record.ok() || record.Step() != SQLITE_DONE) {
            status = SqlError(db, "recording migration");
        }
    }
    if (!status.ok()) {
        (void)Exec(db, "ROLLBACK");
        return Status(status.code(), "migration " + std::to_string(migration.version) + " (" +
                                         migration.name + ") failed: " + status.message());
    }
    return Exec(db, "COMMIT");
}

Status Migrate(sqlite3* db) {
    Status status = Exec(db,
                         "CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "  version    INTEGER PRIMARY KEY,"
                         "  name       TEXT NOT NULL,"
                         "  applied_at TEXT NOT NULL"
                         ")");
    if (!status.ok()) return status;
    Result<int> current = CurrentVersion(db);
    if (!current.ok()) return current.status();
    if (*current > kLatestVersion) {
        return Status(Code::kUnsupported, "server.db has schema version " +
                                              std::to_string(*current) +
                                              ", newer than this stocktake supports (" +
                                              std::to_string(kLatestVersion) + "): upgrade");
    }
    for (const Migration& migration : kMigrations) {
        if (migration.version <= *current) continue;
        status = ApplyMigration(db, migration);
        if (!status.ok()) return status;
    }
    return Status::Ok();
}

class SqliteStorage final : public Storage {
  public:
    explicit SqliteStorage(sqlite3* db) : db_(db) {}
    ~SqliteStorage() override { sqlite3_close_v2(db_); }
    SqliteStorage(const SqliteStorage&) = delete;
    SqliteStorage& operator=(const SqliteStorage&) = delete;

    std::string Backend() const override { return "sqlite"; }

    Result<int> CheckHealth() override {
        std::lock_guard<std::mutex> lock(mu_);
        return CurrentVersion(db_);
    }

  private:
    std::mutex mu_;  // one connection; statements on it run one at a time
    sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<Storage>> OpenSqliteStorage(const std::string& data_dir) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
        return Status::IOError("cannot create data directory " + data_dir + ": " + ec.message() +
                               " (set STOCKTAKE_DATA_DIR)");
    }
    const std::string path = (std::filesystem::path(data_dir) / "server.db").string();
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        Status status = Status::IOError("cannot open " + path + ": " +
                                        (db ? sqlite3_errmsg(db) : "out of memory"));
        sqlite3_close_v2(db);
        return status;
    }
    auto storage = std::make_unique<SqliteStorage>(db);
    sqlite3_busy_timeout(db, 5000);
    Status status = Exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
    if (status.ok()) status = Migrate(db);
    if (!status.ok()) return Status(status.code(), path + ": " + status.message());
    return std::unique_ptr<Storage>(std::move(storage));
}

}  // namespace stocktake::server
