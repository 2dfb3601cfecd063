// `stocktake migrate` and `stocktake serve --help`, on every test backend.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_test_util.h"
#include "storage/migrations.h"
#include "test_database.h"

using stocktake::server::EnvMap;
using stocktake::server::ServerMigrations;
using stocktake::server::testing::CliRun;
using stocktake::server::testing::QueryInt;
using stocktake::server::testing::RunWithEnv;
using stocktake::server::testing::TestBackends;
using stocktake::server::testing::TestDatabase;

TEST_CASE("migrate applies every migration once and reports it, then finds nothing to do",
          "[server][cli][storage]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    TestDatabase database(backend);
    const EnvMap env = {{"APP_DATABASE_URL", database.url()}};
    const int latest = ServerMigrations().back().version;

    CliRun first = RunWithEnv({"migrate", "--json"}, env);
    INFO(first.err);
    REQUIRE(first.code == 0);
    const nlohmann::json doc = nlohmann::json::parse(first.out);
    CHECK(doc["backend"] == backend);
    CHECK(doc["from"] == 0);
    CHECK(doc["to"] == latest);
    REQUIRE(doc["applied"].size() == ServerMigrations().size());
    CHECK(doc["applied"][0] == nlohmann::json({{"version", 1}, {"name", "server_meta"}}));
    CHECK(QueryInt(*database.OpenEmpty(1), "SELECT COUNT(*) FROM schema_migrations") ==
          static_cast<int64_t>(ServerMigrations().size()));

    CliRun again = RunWithEnv({"migrate"}, env);
    CHECK(again.code == 0);
    CHECK(again.out ==
          backend + " database is up to date at schema version " + std::to_string(latest) + "\n");
    const nlohmann::json none = nlohmann::json::parse(RunWithEnv({"migrate", "--json"}, env).out);
    CHECK(none["from"] == latest);
    CHECK(none["applied"].empty());
}

TEST_CASE("migrate in text lists what it applied", "[server][cli][storage]") {
    TestDatabase database("sqlite");
    CliRun run = RunWithEnv({"migrate"}, {{"APP_DATABASE_URL", database.url()}});
    CHECK(run.code == 0);
    CHECK_THAT(run.out, Catch::StartsWith("applied 1 server_meta\napplied 2 accounts\n"));
    CHECK_THAT(run.out, Catch::EndsWith("sqlite database migrated from schema version 0 to " +
                                        std::to_string(ServerMigrations().back().version) + "\n"));
}

TEST_CASE("migrate defaults to server.db in APP_DATA_DIR", "[server][cli][storage]") {
    TestDatabase scratch("sqlite");
    const auto data_dir = scratch.dir().path() / "data";
    CliRun run = RunWithEnv({"migrate", "--json"}, {{"APP_DATA_DIR", data_dir.string()}});
    CHECK(run.code == 0);
    CHECK(std::filesystem::is_regular_file(data_dir / "server.db"));
}

TEST_CASE("migrate reports a database it cannot reach and exits 1, without the password",
          "[server][cli][storage]") {
    CliRun run = RunWithEnv(
        {"migrate"}, {{"APP_DATABASE_URL", "postgresql://stocktake:hunter2@127.0.0.1:1/db"}});
    CHECK(run.code == 1);
    CHECK_THAT(run.err, Catch::Contains("cannot connect to 127.0.0.1:1/db"));
    CHECK_THAT(run.err, !Catch::Contains("hunter2"));
}

TEST_CASE("migrate takes only --json", "[server][cli][storage]") {
    CliRun run = RunWithEnv({"migrate", "--force"}, {});
    CHECK(run.code == 2);
    CHECK_THAT(run.err, Catch::Contains("migrate takes only --json"));
}

TEST_CASE("serve --help lists every APP_ variable with its default", "[server][cli]") {
    CliRun run = RunWithEnv({"serve", "--help"}, {{"APP_PORT", "not checked for help"}});
    CHECK(run.code == 0);
    for (const char* variable : {"APP_HOST", "APP_PORT", "APP_DATA_DIR", "APP_PUBLIC_DIR",
                                 "APP_LOG_LEVEL", "APP_DATABASE_URL", "APP_DB_POOL_SIZE"}) {
        CHECK_THAT(run.out, Catch::Contains(variable));
    }
    CHECK_THAT(run.out, Catch::Contains("(8080)") && Catch::Contains("(8)") &&
                            Catch::Contains("sqlite:$APP_DATA_DIR/server.db"));
}
