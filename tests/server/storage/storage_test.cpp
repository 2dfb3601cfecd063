// The SQL layer and migrations, on every test backend (test_database.h): SQLite, and
// PostgreSQL when the test script provides one. The SQLite file cases are SQLite-only;
// PostgreSQL's own (URLs, lost connections) are in postgres_test.cpp.
#include "storage/storage.h"

#include <sqlite3.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "server_test_util.h"
#include "storage/migrations.h"
#include "test_database.h"

using stocktake::Code;
using stocktake::Result;
using stocktake::Status;
using stocktake::server::DefaultDatabaseUrl;
using stocktake::server::Migrate;
using stocktake::server::OpenStorage;
using stocktake::server::SchemaVersion;
using stocktake::server::ServerMigrations;
using stocktake::server::SqlConnection;
using stocktake::server::SqlDatabase;
using stocktake::server::SqlRows;
using stocktake::server::TxMode;
using stocktake::server::testing::QueryInt;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::TestBackends;
using stocktake::server::testing::TestDatabase;
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
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    TestDatabase database(backend);
    {
        std::unique_ptr<SqlDatabase> first = database.Open(1);
        CHECK(first->Backend() == backend);
    }
    std::unique_ptr<SqlDatabase> second = database.Open(1);
    REQUIRE(Migrate(*second).ok());
    CHECK(QueryInt(*second, "SELECT COUNT(*) FROM schema_migrations") ==
          static_cast<int64_t>(ServerMigrations().size()));
    auto schema = SchemaVersion(*second);
    REQUIRE(schema.ok());
    CHECK(*schema == ServerMigrations().back().version);
}

TEST_CASE(
    "two processes migrating one fresh database at once both succeed, applying each "
    "migration once",
    "[server][storage]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    TestDatabase database(backend);
    // Separate OpenStorage calls, as two replicas starting together would make.
    std::vector<Status> results(3);
    std::vector<std::thread> threads;
    for (Status& result : results) {
        threads.emplace_back([&database, &result] {
            Result<std::unique_ptr<SqlDatabase>> db = OpenStorage(database.url(), 2);
            result = db.status();
        });
    }
    for (std::thread& thread : threads) thread.join();
    for (const Status& result : results) CHECK(result.ToString() == Status::Ok().ToString());
    std::unique_ptr<SqlDatabase> db = database.OpenEmpty(1);
    CHECK(QueryInt(*db, "SELECT COUNT(*) FROM schema_migrations") ==
          static_cast<int64_t>(ServerMigrations().size()));
    CHECK(QueryInt(*db, "SELECT COUNT(DISTINCT version) FROM schema_migrations") ==
          static_cast<int64_t>(ServerMigrations().size()));
}

// Switching a file to WAL needs the write lock, and SQLite does not call the busy handler
// for it (the connection already reads the file), so a replica that opens while another
// creates the schema used to fail with "database is locked".
TEST_CASE("sqlite storage opens a fresh file while another process holds its write lock",
          "[server][storage]") {
    TestDatabase database("sqlite");
    const std::string path = database.url().substr(std::string("sqlite:").size());
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
    // Its COMMIT waits out the SHARED lock each retry of the switch takes, as a replica's
    // would: without a busy timeout it failed whenever one was held, and kept the lock.
    sqlite3_busy_timeout(other, 10000);
    REQUIRE(sqlite3_exec(other, "CREATE TABLE held (n INTEGER); BEGIN IMMEDIATE;", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    int committed = SQLITE_ERROR;
    std::thread release([other, &committed] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        committed = sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
    });
    Result<std::unique_ptr<SqlDatabase>> db = OpenStorage(database.url(), 1);
    release.join();
    sqlite3_close(other);
    CHECK(committed == SQLITE_OK);
    REQUIRE(db.status().ToString() == Status::Ok().ToString());
    Result<int> schema = SchemaVersion(**db);
    REQUIRE(schema.ok());
    CHECK(*schema == ServerMigrations().back().version);
}

TEST_CASE("a database newer than this binary is refused with a clear message",
          "[server][storage]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    TestDatabase database(backend);
    std::unique_ptr<SqlDatabase> db = database.Open(1);
    REQUIRE(db->WithConnection([](SqlConnection& c) {
                  return c
                      .Exec(
                          "INSERT INTO schema_migrations (version, name, applied_at) "
                          "VALUES ($1, $2, $3)",
                          {int64_t{9999}, std::string("future"), std::string("now")})
                      .status();
              }).ok());
    Status status = Migrate(*db);
    CHECK(status.code() == Code::kUnsupported);
    CHECK_THAT(status.message(), Catch::Contains("upgrade stocktake"));
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
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    TestDatabase database(backend);
    std::unique_ptr<SqlDatabase> db = database.OpenEmpty(2);
    Status status = db->WithConnection([](SqlConnection& c) -> Status {
        Status made =
            c.ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT NOT NULL, note TEXT)");
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
        // The same text again runs the statement prepared the first time, with new values.
        Result<SqlRows> none = c.Exec("SELECT k, n, note FROM t WHERE k = $1", {std::string("b")});
        REQUIRE(none.ok());
        CHECK(none->empty());
        Result<SqlRows> updated =
            c.Exec("UPDATE t SET n = n + $1, note = $2", {int64_t{-50}, std::string("it's")});
        REQUIRE(updated.ok());
        CHECK(updated->affected() == 1);
        Result<SqlRows> after = c.Exec("SELECT n, note FROM t");
        REQUIRE(after.ok());
        CHECK(after->Int(0, 0) == -8);
        CHECK(after->Text(0, 1) == "it's");
        // Where PostgreSQL cannot infer a parameter's type, a CAST says it on both.
        // A condition read back goes through CASE: PostgreSQL would return a boolean "t".
        Result<SqlRows> cast = c.Exec(
            "SELECT CAST($1 AS BIGINT) + 1, CASE WHEN CAST($2 AS TEXT) IS NULL THEN 1 ELSE 0 END",
            {int64_t{41}, nullptr});
        REQUIRE(cast.ok());
        CHECK(cast->Int(0, 0) == 42);
        CHECK(cast->Int(0, 1) == 1);
        // Other constraints are the caller's mistake.
        Result<SqlRows> missing =
            c.Exec("INSERT INTO t (k, n) VALUES ($1, NULL)", {std::string("z")});
        CHECK(missing.status().code() == Code::kInvalidArgument);
        // Several statements at once, as migrations run them.
        CHECK(c.ExecScript("CREATE TABLE u (a INTEGER); INSERT INTO u VALUES (1); "
                           "INSERT INTO u VALUES (2);")
                  .ok());
        Result<SqlRows> two = c.Exec("SELECT COUNT(*) FROM u");
        REQUIRE(two.ok());
        CHECK(two->Int(0, 0) == 2);
        return Status::Ok();
    });
    CHECK(status.ok());
}

TEST_CASE("a transaction rolls back when its function fails, and commits otherwise",
          "[server][storage]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    TestDatabase database(backend);
    std::unique_ptr<SqlDatabase> db = database.OpenEmpty(2);
    REQUIRE(db->WithConnection([](SqlConnection& c) {
                  return c.ExecScript("CREATE TABLE t (n BIGINT)");
              }).ok());
    Status failed = db->Transact(TxMode::kWrite, [](SqlConnection& c) -> Status {
        Result<SqlRows> inserted = c.Exec("INSERT INTO t (n) VALUES (1)");
        if (!inserted.ok()) return inserted.status();
        return Status::InvalidArgument("changed my mind");
    });
    CHECK(failed.code() == Code::kInvalidArgument);
    CHECK(db->Transact(TxMode::kWrite, [](SqlConnection& c) {
                return c.Exec("INSERT INTO t (n) VALUES (2)").status();
            }).ok());
    CHECK(QueryInt(*db, "SELECT COALESCE(SUM(n), 0) FROM t") == 2);
}

TEST_CASE("concurrent write transactions on a pool each commit exactly once", "[server][storage]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    TestDatabase database(backend);
    std::unique_ptr<SqlDatabase> db = database.OpenEmpty(4);
    REQUIRE(db->WithConnection([](SqlConnection& c) {
                  return c.ExecScript(
                      "CREATE TABLE counter (n BIGINT); INSERT INTO counter VALUES (0);");
              }).ok());
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                Status status = db->Transact(TxMode::kWrite, [](SqlConnection& c) -> Status {
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
    // On PostgreSQL the clashing read-then-write transactions fail to serialize and are
    // retried; none may be lost or applied twice.
    CHECK(QueryInt(*db, "SELECT n FROM counter") == 200);
    CHECK(db->PoolStats().size == 4);
    CHECK(db->PoolStats().in_use == 0);
}

TEST_CASE("sqlite checkpoints its WAL into the database file while commits go on",
          "[server][storage]") {
    TestDatabase database("sqlite");
    const std::string path = database.url().substr(std::string("sqlite:").size());
    std::unique_ptr<SqlDatabase> db = database.OpenEmpty(2);
    REQUIRE(db->WithConnection([](SqlConnection& c) {
                  return c.ExecScript("CREATE TABLE blobs (n BIGINT, data TEXT)");
              }).ok());
    // 1,500 commits of ~8 KB each put some 4,500 pages through the WAL: past the
    // checkpoint threshold (1,000) and the RESTART one (4,000), short of the backstop at
    // which a commit would checkpoint itself.
    const std::string data(8000, 'x');
    for (int i = 0; i < 1500; ++i) {
        REQUIRE(
            db->Transact(TxMode::kWrite, [&](SqlConnection& c) {
                  return c.Exec("INSERT INTO blobs VALUES ($1, $2)", {int64_t{i}, data}).status();
              }).ok());
    }
    // The background thread copies the pages into the file while the connections are
    // still open (closing the last one would checkpoint anyway).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::filesystem::file_size(path) < 6'000'000 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(std::filesystem::file_size(path) >= 6'000'000);
    CHECK(QueryInt(*db, "SELECT COUNT(*) FROM blobs") == 1500);
}
