// The SQL layer and migrations on SQLite. (The same suite runs on PostgreSQL when the test
// script provides one: tests/server/storage/postgres_test.cpp.)
#include "storage/storage.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "server_test_util.h"
#include "storage/migrations.h"

using stocktake::Code;
using stocktake::Result;
using stocktake::Status;
using stocktake::server::DefaultDatabaseUrl;
using stocktake::server::Migrate;
using stocktake::server::OpenSqlDatabase;
using stocktake::server::OpenStorage;
using stocktake::server::SchemaVersion;
using stocktake::server::ServerMigrations;
using stocktake::server::SqlConnection;
using stocktake::server::SqlRows;
using stocktake::server::TxMode;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::WriteFile;

TEST_CASE("sqlite storage creates the data dir and server.db at the latest schema",
          "[server][storage]") {
    TempDir tmp;
    const auto data_dir = tmp.path() / "nested" / "data";
    auto db = OpenStorage(DefaultDatabaseUrl(data_dir.string()), 2);
    REQUIRE(db.ok());
    CHECK(std::filesystem::is_regular_file(data_dir / "server.db"));
    CHECK((*db)->Backend() == "sqlite");
    auto schema = SchemaVersion(**db);
    REQUIRE(schema.ok());
    CHECK(*schema == ServerMigrations().back().version);
}

TEST_CASE("storage reopens an existing database without reapplying migrations",
          "[server][storage]") {
    TempDir tmp;
    {
        auto first = OpenStorage(DefaultDatabaseUrl(tmp.str()), 1);
        REQUIRE(first.ok());
    }
    auto second = OpenStorage(DefaultDatabaseUrl(tmp.str()), 1);
    REQUIRE(second.ok());
    REQUIRE(Migrate(**second).ok());
    int rows = 0;
    REQUIRE((*second)
                ->WithConnection([&](SqlConnection& connection) {
                    Result<SqlRows> all = connection.Exec("SELECT version FROM schema_migrations");
                    if (all.ok()) rows = static_cast<int>(all->size());
                    return all.status();
                })
                .ok());
    CHECK(rows == static_cast<int>(ServerMigrations().size()));
}

TEST_CASE("storage reports a data dir it cannot create", "[server][storage]") {
    TempDir tmp;
    WriteFile(tmp.path() / "file", "not a directory");
    auto db = OpenStorage(DefaultDatabaseUrl((tmp.path() / "file" / "data").string()), 1);
    REQUIRE_FALSE(db.ok());
    CHECK_THAT(db.status().message(), Catch::Contains("APP_DATA_DIR"));
}

TEST_CASE("storage refuses a file that is not a database", "[server][storage]") {
    TempDir tmp;
    WriteFile(tmp.path() / "server.db", std::string(4096, 'x'));
    auto db = OpenStorage(DefaultDatabaseUrl(tmp.str()), 1);
    REQUIRE_FALSE(db.ok());
    CHECK_THAT(db.status().message(), Catch::Contains("not a database"));
}

TEST_CASE("sql binds $N by number, returns rows and NULLs, and maps unique violations",
          "[server][storage]") {
    TempDir tmp;
    auto db = OpenSqlDatabase("sqlite:" + tmp.str() + "/t.db", 2);
    REQUIRE(db.ok());
    Status status = (*db)->WithConnection([](SqlConnection& c) -> Status {
        Status made = c.ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, note TEXT)");
        if (!made.ok()) return made;
        // Parameters named out of order still bind by number.
        Result<SqlRows> inserted = c.Exec("INSERT INTO t (n, k, note) VALUES ($2, $1, $3)",
                                          {std::string("a"), int64_t{42}, nullptr});
        if (!inserted.ok()) return inserted.status();
        CHECK(inserted->affected() == 1);
        Result<SqlRows> again =
            c.Exec("INSERT INTO t (k, n) VALUES ($1, $2)", {std::string("a"), int64_t{1}});
        CHECK(again.status().code() == Code::kAlreadyExists);
        Result<SqlRows> rows = c.Exec("SELECT k, n, note FROM t WHERE k = $1", {std::string("a")});
        REQUIRE(rows.ok());
        REQUIRE(rows->size() == 1);
        CHECK(rows->Text(0, 0) == "a");
        CHECK(rows->Int(0, 1) == 42);
        CHECK(rows->IsNull(0, 2));
        return Status::Ok();
    });
    CHECK(status.ok());
}

TEST_CASE("a transaction rolls back when its function fails, and commits otherwise",
          "[server][storage]") {
    TempDir tmp;
    auto db = OpenSqlDatabase("sqlite:" + tmp.str() + "/t.db", 2);
    REQUIRE(db.ok());
    REQUIRE((*db)
                ->WithConnection(
                    [](SqlConnection& c) { return c.ExecScript("CREATE TABLE t (n BIGINT)"); })
                .ok());
    Status failed = (*db)->Transact(TxMode::kWrite, [](SqlConnection& c) -> Status {
        Result<SqlRows> inserted = c.Exec("INSERT INTO t (n) VALUES (1)");
        if (!inserted.ok()) return inserted.status();
        return Status::InvalidArgument("changed my mind");
    });
    CHECK(failed.code() == Code::kInvalidArgument);
    CHECK((*db)
              ->Transact(
                  TxMode::kWrite,
                  [](SqlConnection& c) { return c.Exec("INSERT INTO t (n) VALUES (2)").status(); })
              .ok());
    int64_t sum = 0;
    REQUIRE((*db)
                ->WithConnection([&](SqlConnection& c) {
                    Result<SqlRows> rows = c.Exec("SELECT COALESCE(SUM(n), 0) FROM t");
                    if (rows.ok()) sum = rows->Int(0, 0);
                    return rows.status();
                })
                .ok());
    CHECK(sum == 2);
}

TEST_CASE("concurrent write transactions on a pool each commit exactly once", "[server][storage]") {
    TempDir tmp;
    auto db = OpenSqlDatabase("sqlite:" + tmp.str() + "/t.db", 4);
    REQUIRE(db.ok());
    REQUIRE((*db)
                ->WithConnection([](SqlConnection& c) {
                    return c.ExecScript(
                        "CREATE TABLE counter (n BIGINT); INSERT INTO counter VALUES (0);");
                })
                .ok());
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                Status status = (*db)->Transact(TxMode::kWrite, [](SqlConnection& c) -> Status {
                    Result<SqlRows> read = c.Exec("SELECT n FROM counter");
                    if (!read.ok()) return read.status();
                    return c.Exec("UPDATE counter SET n = $1", {read->Int(0, 0) + 1}).status();
                });
                if (!status.ok()) ++failures;
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    CHECK(failures == 0);
    int64_t n = 0;
    REQUIRE((*db)
                ->WithConnection([&](SqlConnection& c) {
                    Result<SqlRows> rows = c.Exec("SELECT n FROM counter");
                    if (rows.ok()) n = rows->Int(0, 0);
                    return rows.status();
                })
                .ok());
    CHECK(n == 200);
    CHECK((*db)->PoolStats().size == 4);
    CHECK((*db)->PoolStats().in_use == 0);
}
