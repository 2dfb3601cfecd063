#include "store/migrations.h"

#include <catch2/catch.hpp>
#include <string>

#include "engine/test_util.h"
#include "store/db.h"

namespace stocktake::engine {
namespace {

using testing::TempDbFile;

int64_t QueryInt(Db& db, const std::string& sql) {
    Result<Statement> stmt = db.Prepare(sql);
    REQUIRE(stmt.ok());
    Result<bool> row = stmt->Step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    return stmt->ColumnInt64(0);
}

TEST_CASE("a fresh database gets every migration once", "[engine][store][migrations]") {
    Result<std::unique_ptr<Db>> db = Db::Open(":memory:");
    REQUIRE(db.ok());
    Result<int> version = ApplyMigrations(*db.value(), "2024-01-01T00:00:00Z");
    REQUIRE(version.ok());
    CHECK(version.value() == LatestSchemaVersion());
    CHECK(version.value() >= 1);
    Db& d = *db.value();
    CHECK(QueryInt(d, "SELECT count(*) FROM schema_migrations") == LatestSchemaVersion());
    CHECK(QueryInt(d,
                   "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
                   " ('products', 'listings', 'import_jobs', 'import_errors')") == 4);
    CHECK(QueryInt(d, "PRAGMA foreign_keys") == 1);

    // Applying again finds nothing pending.
    Result<int> again = ApplyMigrations(d, "2024-02-01T00:00:00Z");
    REQUIRE(again.ok());
    CHECK(again.value() == version.value());
    CHECK(QueryInt(d, "SELECT count(*) FROM schema_migrations") == LatestSchemaVersion());
}

TEST_CASE("reopening a database file keeps its version and re-applies nothing",
          "[engine][store][migrations]") {
    TempDbFile file("reopen");
    {
        std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path());
        CHECK(engine->SchemaVersion() == LatestSchemaVersion());
    }
    std::string applied_at;
    {
        Result<std::unique_ptr<Db>> db = Db::Open(file.path());
        REQUIRE(db.ok());
        Result<Statement> stmt =
            db.value()->Prepare("SELECT applied_at FROM schema_migrations WHERE version = 1");
        REQUIRE(stmt.ok());
        REQUIRE(stmt->Step().value());
        applied_at = stmt->ColumnText(0);
        // Mark the row so that a re-applied migration would be visible.
        REQUIRE(db.value()->Exec("UPDATE schema_migrations SET applied_at = 'marker'").ok());
    }
    {
        std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path());
        CHECK(engine->SchemaVersion() == LatestSchemaVersion());
    }
    Result<std::unique_ptr<Db>> db = Db::Open(file.path());
    REQUIRE(db.ok());
    CHECK(QueryInt(*db.value(), "SELECT count(*) FROM schema_migrations") == LatestSchemaVersion());
    CHECK(QueryInt(*db.value(),
                   "SELECT count(*) FROM schema_migrations WHERE applied_at = 'marker'") ==
          LatestSchemaVersion());
    CHECK(applied_at.size() == 20);  // "2024-01-01T00:00:00Z"
    CHECK(applied_at.back() == 'Z');
}

TEST_CASE("a database from a newer build is refused, not modified", "[engine][store][migrations]") {
    TempDbFile file("newer");
    { std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path()); }
    {
        Result<std::unique_ptr<Db>> db = Db::Open(file.path());
        REQUIRE(db.ok());
        REQUIRE(db.value()
                    ->Exec("INSERT INTO schema_migrations VALUES (999, 'future', '2099-01-01')")
                    .ok());
    }
    Result<std::unique_ptr<Engine>> engine = Engine::Open(file.path());
    REQUIRE_FALSE(engine.ok());
    CHECK(engine.status().code() == Code::kUnsupported);
    CHECK(engine.status().message().find("999") != std::string::npos);
}

TEST_CASE("a file that is not a database fails to open with a clear status", "[engine][store]") {
    TempDbFile file("garbage");
    {
        std::ofstream out(file.path(), std::ios::binary);
        out << "this is not an SQLite database, just some text that is long enough......"
               "................................................................";
    }
    Result<std::unique_ptr<Engine>> engine = Engine::Open(file.path());
    REQUIRE_FALSE(engine.ok());
    CHECK(engine.status().code() == Code::kCorruption);
}

}  // namespace
}  // namespace stocktake::engine
