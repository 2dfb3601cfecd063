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
    CHECK(QueryInt(d, "SELECT count(*) FROM schema_migrations") == MigrationCount());
    CHECK(QueryInt(d,
                   "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
                   " ('products', 'listings', 'import_jobs', 'import_errors')") == 4);
    // Off: the engine checks references itself, as synced records may arrive before what
    // they refer to (db.cpp).
    CHECK(QueryInt(d, "PRAGMA foreign_keys") == 0);

    // Applying again finds nothing pending.
    Result<int> again = ApplyMigrations(d, "2024-02-01T00:00:00Z");
    REQUIRE(again.ok());
    CHECK(again.value() == version.value());
    CHECK(QueryInt(d, "SELECT count(*) FROM schema_migrations") == MigrationCount());
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
    CHECK(QueryInt(*db.value(), "SELECT count(*) FROM schema_migrations") == MigrationCount());
    CHECK(QueryInt(*db.value(),
                   "SELECT count(*) FROM schema_migrations WHERE applied_at = 'marker'") ==
          MigrationCount());
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

TEST_CASE("a migration missing below the newest applied one is applied",
          "[engine][store][migrations]") {
    // Branches reserve numbers: 10 and 11 landed before 8. A database made in between has
    // 9, 10 and 11 but not 8.
    TempDbFile file("gap");
    { std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path()); }
    {
        Result<std::unique_ptr<Db>> db = Db::Open(file.path());
        REQUIRE(db.ok());
        REQUIRE(db.value()
                    ->Exec("DROP TABLE settings; DROP TABLE channel_fees; DROP TABLE product_plans;"
                           "DROP TABLE insights; DELETE FROM schema_migrations WHERE version = 8;"
                           "UPDATE schema_migrations SET applied_at = 'marker'")
                    .ok());
    }
    std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path());
    CHECK(engine->SchemaVersion() == LatestSchemaVersion());
    Result<std::unique_ptr<Db>> db = Db::Open(file.path());
    REQUIRE(db.ok());
    CHECK(QueryInt(*db.value(), "SELECT count(*) FROM schema_migrations") == MigrationCount());
    CHECK(QueryInt(*db.value(),
                   "SELECT count(*) FROM schema_migrations WHERE applied_at <> 'marker'") == 1);
    CHECK(QueryInt(*db.value(), "SELECT count(*) FROM sqlite_schema WHERE name = 'insights'") == 1);
    // And the engine works with what it added.
    CHECK(engine->GetInsightSettings().ok());
}

TEST_CASE("ops made before the local op log moved keep their place in the outbox",
          "[engine][store][migrations]") {
    TempDbFile file("local_op_log");
    std::string device;
    {
        std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path());
        REQUIRE(engine->SaveProduct(ProductEdit{"MUG-1", "Mug", {}, {}, {}, 999}).ok());
        REQUIRE(engine->SaveProduct(ProductEdit{"MUG-2", "Big mug", {}, {}, {}, {}}).ok());
        device = engine->DeviceId().value();
    }
    {
        // Back to how version 7 kept them: every device's ops in one table.
        Result<std::unique_ptr<Db>> db = Db::Open(file.path());
        REQUIRE(db.ok());
        REQUIRE(db.value()
                    ->Exec("INSERT INTO ops (device, seq, hlc, entity, key, payload)"
                           " SELECT (SELECT device_id FROM sync_device), seq, hlc, entity, key,"
                           " payload FROM local_ops;"
                           "INSERT INTO ops (device, seq, hlc, entity, key, payload) VALUES"
                           " ('0123456789abcdef0123456789abcdef', 7, 1, 'product', '[\"X\"]',"
                           " '{\"name\":\"x\"}');"
                           "DROP TABLE local_ops;"
                           "DROP TABLE local_op_payloads;"
                           "DELETE FROM schema_migrations WHERE version IN (10, 17);")
                    .ok());
    }
    std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path());
    const std::vector<Op> pending = engine->PendingOps(100).value();
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].device == device);
    CHECK(pending[0].seq == 1);
    CHECK(pending[0].payload["name"] == "Mug");
    CHECK(pending[1].payload["name"] == "Big mug");
    // The next op follows them, and another device's op stayed its own.
    REQUIRE(engine->SaveProduct(ProductEdit{"MUG-3", "Cup", {}, {}, {}, {}}).ok());
    CHECK(engine->PendingOps(100).value().back().seq == 3);
    Op again;
    again.device = "0123456789abcdef0123456789abcdef";
    again.seq = 7;
    again.hlc = 1;
    again.entity = "product";
    again.key = {"X"};
    again.payload = {{"name", "x"}};
    const std::vector<OpOutcome> outcome = engine->ApplyOps({again}).value();
    REQUIRE(outcome.size() == 1);
    CHECK(outcome[0].state == OpOutcome::State::kDuplicate);
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

namespace stocktake::engine {
namespace {

// A database as schema version 1 left it, with a product and its listing.
constexpr const char* kVersion1WithData = R"sql(
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL,
    applied_at TEXT NOT NULL);
INSERT INTO schema_migrations VALUES (1, 'catalog_and_import_jobs', '2026-01-01T00:00:00Z');
CREATE TABLE products (sku TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '', product_id TEXT NOT NULL DEFAULT '',
    product_id_type TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE listings (
    sku TEXT NOT NULL REFERENCES products(sku) ON UPDATE CASCADE ON DELETE CASCADE,
    channel TEXT NOT NULL, marketplace TEXT NOT NULL DEFAULT '',
    listing_id TEXT NOT NULL DEFAULT '', asin TEXT NOT NULL DEFAULT '', price_minor INTEGER NULL,
    quantity INTEGER NULL, fulfillment TEXT NOT NULL DEFAULT 'merchant',
    status TEXT NOT NULL DEFAULT '', opened_at TEXT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (sku, channel, marketplace));
CREATE TABLE import_jobs (id INTEGER PRIMARY KEY, file_name TEXT NOT NULL, format TEXT NOT NULL,
    encoding TEXT NOT NULL DEFAULT '', state TEXT NOT NULL CHECK (state IN ('running',
    'succeeded', 'failed')), total INTEGER NOT NULL DEFAULT 0,
    successful INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL, finished_at TEXT NULL);
CREATE TABLE import_errors (job_id INTEGER NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
    line INTEGER NOT NULL, column_name TEXT NOT NULL DEFAULT '', message TEXT NOT NULL);
INSERT INTO products VALUES ('MUG-1', 'Mug', '', '', '', '2026-01-01T00:00:00Z',
    '2026-01-01T00:00:00Z');
INSERT INTO listings VALUES ('MUG-1', 'amazon', '', 'L1', 'B01', 999, 3, 'merchant', 'Active',
    NULL, '2026-01-01T00:00:00Z');
)sql";

TEST_CASE("upgrading a version 1 database keeps its products and listings",
          "[engine][store][migrations]") {
    TempDbFile file("upgrade_v1");
    {
        Result<std::unique_ptr<Db>> db = Db::Open(file.path());
        REQUIRE(db.ok());
        REQUIRE(db.value()->Exec(kVersion1WithData).ok());
    }
    // Rebuilding products (migration 3) must not cascade into listings.
    std::unique_ptr<Engine> engine = testing::OpenOrDie(file.path());
    CHECK(engine->SchemaVersion() == LatestSchemaVersion());
    const std::optional<ListingRow> mug = testing::FindListing(*engine, "MUG-1");
    REQUIRE(mug);
    CHECK(mug->name == "Mug");
    CHECK(mug->price_minor == 999);
    CHECK(mug->quantity == 3);
    // And the upgraded tables take new imports.
    Result<ImportReport> report = engine->ImportFile(
        "more.txt",
        "item-name\tseller-sku\tprice\tquantity\tfulfillment-channel\tstatus\n"
        "Mug\tMUG-1\t10.49\t3\tDEFAULT\tActive\nCup\tCUP-1\t4.50\t8\tDEFAULT\tActive\n");
    REQUIRE(report.ok());
    CHECK(report->created == 1);
    CHECK(report->changed == 1);
}

}  // namespace
}  // namespace stocktake::engine
