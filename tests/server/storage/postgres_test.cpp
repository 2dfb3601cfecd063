// The PostgreSQL driver's own behaviour: what a wrong URL says (never the password), a
// lost connection, errors that leave the connection usable. The URL cases need no server;
// the others use the one STOCKTAKE_TEST_POSTGRES_URL names (./test.sh always starts one).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "storage/storage.h"
#include "test_database.h"

using stocktake::Code;
using stocktake::Result;
using stocktake::Status;
using stocktake::server::OpenSqlDatabase;
using stocktake::server::OpenStorage;
using stocktake::server::SqlConnection;
using stocktake::server::SqlDatabase;
using stocktake::server::SqlRows;
using stocktake::server::TxMode;
using stocktake::server::testing::QueryInt;
using stocktake::server::testing::TestDatabase;
using stocktake::server::testing::TestPostgresUrl;

namespace {

constexpr const char* kPassword = "s3cr3t-pw";

// True when the tests have a PostgreSQL server; says so when they do not.
bool HavePostgres() {
    if (!TestPostgresUrl().empty()) return true;
    WARN(
        "STOCKTAKE_TEST_POSTGRES_URL is not set: this PostgreSQL case did not run "
        "(./test.sh sets it; see tests/server/test_database.h)");
    return false;
}

}  // namespace

TEST_CASE("a postgres server that does not answer fails at open, naming it without the password",
          "[server][storage][postgres]") {
    // Port 1 on loopback: nothing listens there.
    auto db = OpenStorage(
        std::string("postgresql://stocktake:") + kPassword + "@127.0.0.1:1/inventory", 2);
    REQUIRE_FALSE(db.ok());
    CHECK(db.status().code() == Code::kUnavailable);
    CHECK_THAT(db.status().message(), Catch::StartsWith("postgres: cannot connect to "));
    CHECK_THAT(db.status().message(), Catch::Contains("127.0.0.1:1/inventory as stocktake"));
    CHECK_THAT(db.status().message(), !Catch::Contains(kPassword));
}

TEST_CASE("a malformed postgres URL is refused without echoing its password",
          "[server][storage][postgres]") {
    const std::string urls[] = {
        std::string("postgresql://stocktake:") + kPassword + "@[::1/inventory",
        "postgresql://stocktake:***@[::1/inventory",
        std::string("postgres://stocktake@127.0.0.1:1/inventory?password=") + kPassword +
            "&nonsense=1",
    };
    for (const std::string& url : urls) {
        auto db = OpenSqlDatabase(url, 1);
        REQUIRE_FALSE(db.ok());
        CHECK(db.status().code() == Code::kInvalidArgument);
        CHECK_THAT(db.status().message(), Catch::Contains("APP_DATABASE_URL"));
        CHECK_THAT(db.status().message(), !Catch::Contains(kPassword));
    }
}

TEST_CASE("a postgres database that does not exist is named at open",
          "[server][storage][postgres]") {
    if (!HavePostgres()) return;
    std::string url = TestPostgresUrl();
    url = url.substr(0, url.find('?'));
    url = url.substr(0, url.rfind('/')) + "/st_no_such_database";
    auto db = OpenStorage(url, 1);
    REQUIRE_FALSE(db.ok());
    CHECK(db.status().code() == Code::kUnavailable);
    CHECK_THAT(db.status().message(), Catch::Contains("st_no_such_database"));
}

TEST_CASE("postgres connections say they are stocktake's", "[server][storage][postgres]") {
    if (!HavePostgres()) return;
    TestDatabase database("postgres");
    std::unique_ptr<SqlDatabase> db = database.OpenEmpty(1);
    CHECK(db->Backend() == "postgres");
    std::string name;
    REQUIRE(db->WithConnection([&](SqlConnection& c) {
                  Result<SqlRows> rows = c.Exec("SELECT current_setting('application_name')");
                  if (rows.ok()) name = rows->Text(0, 0);
                  return rows.status();
              }).ok());
    CHECK(name == "stocktake");
}

TEST_CASE("a lost postgres connection is reported unavailable and the pool opens a new one",
          "[server][storage][postgres]") {
    if (!HavePostgres()) return;
    TestDatabase database("postgres");
    std::unique_ptr<SqlDatabase> db = database.OpenEmpty(1);
    const int64_t pid = QueryInt(*db, "SELECT pg_backend_pid()");
    std::unique_ptr<SqlDatabase> admin = database.OpenEmpty(1);
    // The second argument waits (ms) until the backend has gone.
    REQUIRE(admin
                ->WithConnection([&](SqlConnection& c) {
                    return c.Exec("SELECT pg_terminate_backend($1, 5000)", {pid}).status();
                })
                .ok());

    Status lost = db->WithConnection(
        [](SqlConnection& c) { return c.Exec("SELECT pg_backend_pid()").status(); });
    CHECK(lost.code() == Code::kUnavailable);
    CHECK_THAT(lost.message(), Catch::StartsWith("postgres: "));
    CHECK(db->PoolStats().open == 0);

    const int64_t new_pid = QueryInt(*db, "SELECT pg_backend_pid()");
    CHECK(new_pid != 0);
    CHECK(new_pid != pid);
    CHECK(db->PoolStats().open == 1);
}

TEST_CASE("a failed postgres statement leaves the connection usable, in and out of transactions",
          "[server][storage][postgres]") {
    if (!HavePostgres()) return;
    TestDatabase database("postgres");
    std::unique_ptr<SqlDatabase> db = database.OpenEmpty(1);
    Status bad = db->WithConnection([](SqlConnection& c) { return c.Exec("SELEC 1").status(); });
    CHECK(bad.code() == Code::kInternal);
    CHECK_THAT(bad.message(), Catch::Contains("postgres: ") && Catch::Contains("syntax error"));
    // Fails inside the transaction (which is then aborted): Transact rolls it back.
    Status in_transaction = db->Transact(TxMode::kWrite, [](SqlConnection& c) {
        return c.Exec("SELECT * FROM no_such_table").status();
    });
    CHECK(in_transaction.code() == Code::kInternal);
    // More values than the statement has parameters: a mistake, not a lost connection.
    Status extra = db->WithConnection([](SqlConnection& c) {
        return c.Exec("SELECT $1", {int64_t{1}, int64_t{2}}).status();
    });
    CHECK(extra.code() == Code::kInternal);
    CHECK(QueryInt(*db, "SELECT 41 + 1") == 42);
    CHECK(db->PoolStats().open == 1);
}

TEST_CASE(
    "a table changed under a prepared statement is prepared again, in and out of "
    "transactions",
    "[server][storage][postgres]") {
    if (!HavePostgres()) return;
    TestDatabase database("postgres");
    std::unique_ptr<SqlDatabase> db = database.OpenEmpty(1);
    std::unique_ptr<SqlDatabase> other_server = database.OpenEmpty(1);
    auto run = [](SqlDatabase& on, const std::string& ddl) {
        REQUIRE(on.WithConnection([&](SqlConnection& c) { return c.ExecScript(ddl); }).ok());
    };
    // SELECT * is prepared with one column, then the table grows under it.
    run(*db, "CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);");
    CHECK(QueryInt(*db, "SELECT * FROM t") == 1);
    run(*other_server, "ALTER TABLE t ADD COLUMN b INTEGER NOT NULL DEFAULT 7");
    std::string seen;
    auto read_all = [&seen](SqlConnection& c) -> Status {
        Result<SqlRows> rows = c.Exec("SELECT * FROM t");
        if (!rows.ok()) return rows.status();
        seen = rows->Text(0, 0) + "," + rows->Text(0, 1);
        return Status::Ok();
    };
    CHECK(db->WithConnection(read_all).ok());
    CHECK(seen == "1,7");
    // Inside a transaction the error aborts it: Transact runs it again.
    run(*other_server, "ALTER TABLE t DROP COLUMN a; ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 9");
    seen.clear();
    CHECK(db->Transact(TxMode::kRead, read_all).ok());
    CHECK(seen == "7,9");
}

TEST_CASE("after the database drops every pooled connection a transaction still succeeds",
          "[server][storage][postgres]") {
    if (!HavePostgres()) return;
    TestDatabase database("postgres");
    std::unique_ptr<SqlDatabase> db = database.OpenEmpty(2);
    // Two connections open at once, both idle afterwards.
    std::vector<int64_t> pids;
    auto pid_of = [&pids](SqlConnection& c) -> Status {
        Result<SqlRows> rows = c.Exec("SELECT pg_backend_pid()");
        if (rows.ok()) pids.push_back(rows->Int(0, 0));
        return rows.status();
    };
    REQUIRE(db->WithConnection([&](SqlConnection& c) {
                  Status inner = db->WithConnection(pid_of);
                  return inner.ok() ? pid_of(c) : inner;
              }).ok());
    REQUIRE(pids.size() == 2);
    REQUIRE(db->PoolStats().open == 2);
    // As when PostgreSQL restarts under an idle server.
    std::unique_ptr<SqlDatabase> admin = database.OpenEmpty(1);
    for (int64_t pid : pids) {
        REQUIRE(admin
                    ->WithConnection([&](SqlConnection& c) {
                        return c.Exec("SELECT pg_terminate_backend($1, 5000)", {pid}).status();
                    })
                    .ok());
    }
    // BEGIN finds its connection lost: the pool closes both and runs fn on a new one.
    int runs = 0;
    Status status = db->Transact(TxMode::kWrite, [&](SqlConnection& c) {
        ++runs;
        return c.Exec("SELECT 1").status();
    });
    CHECK(status.ok());
    CHECK(runs == 1);
    CHECK(db->PoolStats().open == 1);
}
