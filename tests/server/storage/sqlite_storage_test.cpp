#include <catch2/catch.hpp>

#include "server_test_util.h"
#include "storage/storage.h"

using stocktake::server::OpenSqliteStorage;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::WriteFile;

TEST_CASE("sqlite storage creates the data dir and server.db at the latest schema",
          "[server][storage]") {
    TempDir tmp;
    const auto data_dir = tmp.path() / "nested" / "data";
    auto storage = OpenSqliteStorage(data_dir.string());
    REQUIRE(storage.ok());
    CHECK(std::filesystem::is_regular_file(data_dir / "server.db"));
    CHECK((*storage)->Backend() == "sqlite");
    auto schema = (*storage)->CheckHealth();
    REQUIRE(schema.ok());
    CHECK(*schema == 1);
}

TEST_CASE("sqlite storage reopens an existing database without reapplying migrations",
          "[server][storage]") {
    TempDir tmp;
    {
        auto first = OpenSqliteStorage(tmp.str());
        REQUIRE(first.ok());
    }
    auto second = OpenSqliteStorage(tmp.str());
    REQUIRE(second.ok());
    auto schema = (*second)->CheckHealth();
    REQUIRE(schema.ok());
    CHECK(*schema == 1);
}

TEST_CASE("sqlite storage reports a data dir it cannot create", "[server][storage]") {
    TempDir tmp;
    WriteFile(tmp.path() / "file", "not a directory");
    auto storage = OpenSqliteStorage((tmp.path() / "file" / "data").string());
    REQUIRE_FALSE(storage.ok());
    CHECK_THAT(storage.status().message(), Catch::Contains("STOCKTAKE_DATA_DIR"));
}

TEST_CASE("sqlite storage refuses a file that is not a database", "[server][storage]") {
    TempDir tmp;
    WriteFile(tmp.path() / "server.db", std::string(4096, 'x'));
    auto storage = OpenSqliteStorage(tmp.str());
    REQUIRE_FALSE(storage.ok());
    CHECK_THAT(storage.status().message(), Catch::Contains("server.db"));
}
