#include <string>

#include "storage/migrations.h"
#include "time_text.h"

namespace stocktake::server {
namespace {

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "  version    INTEGER PRIMARY KEY,"
    "  name       TEXT NOT NULL,"
    "  applied_at TEXT NOT NULL"
    ")";

Result<bool> IsApplied(SqlConnection& connection, int version) {
    Result<SqlRows> rows =
        connection.Exec("SELECT 1 FROM schema_migrations WHERE version = $1", {int64_t{version}});
    if (!rows.ok()) return rows.status();
    return !rows->empty();
}

// *applied_now: whether this call applied it (false: it was already applied).
Status Apply(SqlConnection& connection, const Migration& migration, bool* applied_now) {
    *applied_now = false;
    // Serialises concurrent migrators: SQLite's BEGIN IMMEDIATE already holds the write
    // lock; on PostgreSQL a second process blocks here until the first commits.
    if (connection.dialect() == SqlDialect::kPostgres) {
        Result<SqlRows> lock =
            connection.Exec("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE");
        if (!lock.ok()) return lock.status();
    }
    Result<bool> applied = IsApplied(connection, migration.version);
    if (!applied.ok() || *applied) return applied.status();
    const char* sql = connection.dialect() == SqlDialect::kPostgres && migration.postgres_sql
                          ? migration.postgres_sql
                          : migration.sql;
    Status status = connection.ExecScript(sql);
    if (!status.ok()) return status;
    Result<SqlRows> recorded = connection.Exec(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        {int64_t{migration.version}, std::string(migration.name), NowIsoUtc()});
    *applied_now = recorded.ok();
    return recorded.status();
}

Status CreateMigrationsTable(SqlDatabase& db) {
    Status status = db.WithConnection(
        [](SqlConnection& connection) { return connection.ExecScript(kCreateMigrationsTable); });
    // Two PostgreSQL processes creating it at once: the loser sees a duplicate; it exists.
    return status.code() == Code::kAlreadyExists ? Status::Ok() : status;
}

}  // namespace

Status Migrate(SqlDatabase& db, MigrationReport* report) {
    MigrationReport unused;
    if (report == nullptr) report = &unused;
    Status status = CreateMigrationsTable(db);
    if (!status.ok()) return status;
    Result<int> current = SchemaVersion(db);
    if (!current.ok()) return current.status();
    const std::vector<Migration>& migrations = ServerMigrations();
    const int latest = migrations.back().version;
    if (*current > latest) {
        return Status(Code::kUnsupported, "the database has schema version " +
                                              std::to_string(*current) +
                                              ", newer than this stocktake supports (" +
                                              std::to_string(latest) + "): upgrade stocktake");
    }
    report->from = *current;
    for (const Migration& migration : migrations) {
        bool applied_now = false;
        status = db.Transact(TxMode::kWrite, [&](SqlConnection& connection) {
            return Apply(connection, migration, &applied_now);
        });
        if (!status.ok()) {
            return Status(status.code(), "migration " + std::to_string(migration.version) + " (" +
                                             migration.name + ") failed: " + status.message());
        }
        if (applied_now) report->applied.push_back(migration);
    }
    report->to = latest;
    return Status::Ok();
}

Result<int> SchemaVersion(SqlDatabase& db) {
    int version = 0;
    Status status = db.WithConnection([&](SqlConnection& connection) {
        Result<SqlRows> rows =
            connection.Exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        if (!rows.ok()) return rows.status();
        version = static_cast<int>(rows->Int(0, 0));
        return Status::Ok();
    });
    if (!status.ok()) return Status(Code::kUnavailable, status.message());
    return version;
}

}  // namespace stocktake::server
