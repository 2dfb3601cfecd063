// Running a server test once per database backend: SQLite always, and PostgreSQL when
// STOCKTAKE_TEST_POSTGRES_URL names a server (./test.sh starts a throwaway one with
// scripts/test-postgres and sets it). By hand:
//   dir=$(scripts/test-postgres start)
//   export STOCKTAKE_TEST_POSTGRES_URL=$(scripts/test-postgres url "$dir")
//   build/native/tests/server/server_tests
//   scripts/test-postgres stop "$dir"
//
// Usage, in any test:
//   TEST_CASE("...", "[server][...]") {
//       const std::string backend = GENERATE(from_range(TestBackends()));
//       TestDatabase database(backend);            // fresh and empty, removed at scope end
//       std::unique_ptr<SqlDatabase> db = database.Open();  // migrated, like serve
//       RunningServer server(public_dir, data_dir, database.Open());  // or a whole server
//       ... database.url() is what APP_DATABASE_URL would be (e.g. for RunCli) ...
//   }
// Catch2 runs the test case once per backend (SECTIONs inside it once per backend too);
// put `INFO("backend: " << backend);` first so a failure says which backend it was on.
//
// Isolation: on SQLite each TestDatabase is a file in its own temp dir; on PostgreSQL it is
// a schema of its own (st_<random hex>) in the test database, selected by search_path in
// the URL's options, so every table a test makes or migrates is private to it and is
// dropped with the schema at the end. A schema costs a few milliseconds, a database far
// more. Anything failing here throws: the test fails, loudly, rather than skipping.
//
// Thread safety: a TestDatabase is used by one test; the databases it opens are
// SqlDatabases (safe from many threads).
#pragma once

#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "server_test_util.h"
#include "storage/sql.h"
#include "storage/storage.h"

namespace stocktake::server::testing {

// The environment variable naming the PostgreSQL server the tests may use.
constexpr const char* kTestPostgresUrlVariable = "STOCKTAKE_TEST_POSTGRES_URL";

// The PostgreSQL URL the tests may use, or "" when they run on SQLite only.
inline std::string TestPostgresUrl() {
    const char* url = std::getenv(kTestPostgresUrlVariable);
    return url ? url : "";
}

// "sqlite", then "postgres" when TestPostgresUrl() is set. For GENERATE(from_range(...)).
inline std::vector<std::string> TestBackends() {
    std::vector<std::string> backends = {"sqlite"};
    if (!TestPostgresUrl().empty()) backends.push_back("postgres");
    return backends;
}

// url with a libpq query parameter added.
inline std::string WithUrlParameter(const std::string& url, const std::string& parameter) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + parameter;
}

// The first cell of sql's first row as an integer (0 when no row); throws on failure.
inline int64_t QueryInt(SqlDatabase& db, const std::string& sql) {
    int64_t value = 0;
    Status status = db.WithConnection([&](SqlConnection& c) {
        Result<SqlRows> rows = c.Exec(sql);
        if (rows.ok() && !rows->empty()) value = rows->Int(0, 0);
        return rows.status();
    });
    if (!status.ok()) throw std::runtime_error(status.ToString());
    return value;
}

class TestDatabase {
  public:
    // backend: "sqlite" or "postgres" (one of TestBackends()).
    explicit TestDatabase(const std::string& backend) : backend_(backend) {
        if (backend == "sqlite") {
            url_ = "sqlite:" + (dir_.path() / "server.db").string();
            return;
        }
        if (backend != "postgres") throw std::runtime_error("unknown backend " + backend);
        const std::string base = TestPostgresUrl();
        if (base.empty()) {
            throw std::runtime_error(std::string(kTestPostgresUrlVariable) + " is not set");
        }
        schema_ = "st_" + RandomHex();
        admin_ = OpenOrThrow(base, 1);
        Status made = admin_->WithConnection(
            [&](SqlConnection& c) { return c.ExecScript("CREATE SCHEMA " + schema_); });
        if (!made.ok()) throw std::runtime_error(made.ToString());
        url_ = WithUrlParameter(base, "options=-csearch_path%3D" + schema_);
    }

    ~TestDatabase() {
        if (!admin_) return;
        (void)admin_->WithConnection(
            [&](SqlConnection& c) { return c.ExecScript("DROP SCHEMA " + schema_ + " CASCADE"); });
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const std::string& backend() const { return backend_; }
    // What APP_DATABASE_URL would be: "sqlite:/tmp/.../server.db" or "postgresql://...".
    const std::string& url() const { return url_; }
    // A scratch directory for the test's other files (on SQLite, the database's too).
    const TempDir& dir() const { return dir_; }

    // The database migrated to the latest schema (OpenStorage), as `serve` opens it.
    std::unique_ptr<SqlDatabase> Open(int pool_size = 4) const {
        Result<std::unique_ptr<SqlDatabase>> db = OpenStorage(url_, pool_size);
        if (!db.ok()) throw std::runtime_error(db.status().ToString());
        return std::move(db).value();
    }

    // The database as it is, no migrations applied (for tests of the SQL layer itself).
    std::unique_ptr<SqlDatabase> OpenEmpty(int pool_size = 4) const {
        return OpenOrThrow(url_, pool_size);
    }

  private:
    static std::unique_ptr<SqlDatabase> OpenOrThrow(const std::string& url, int pool_size) {
        Result<std::unique_ptr<SqlDatabase>> db = OpenSqlDatabase(url, pool_size);
        if (!db.ok()) throw std::runtime_error(db.status().ToString());
        return std::move(db).value();
    }

    static std::string RandomHex() {
        std::random_device random;
        const char* digits = "0123456789abcdef";
        std::string hex;
        for (int i = 0; i < 16; ++i) hex += digits[random() % 16];
        return hex;
    }

    std::string backend_;
    TempDir dir_;
    std::string url_;
    std::string schema_;                  // postgres only
    std::unique_ptr<SqlDatabase> admin_;  // postgres only: makes and drops the schema
};

}  // namespace stocktake::server::testing
