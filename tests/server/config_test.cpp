#include "config.h"

#include <catch2/catch.hpp>

using stocktake::server::BaseUrl;
using stocktake::server::Config;
using stocktake::server::EnvMap;
using stocktake::server::LogLevel;
using stocktake::server::ParseConfig;

TEST_CASE("config without variables uses the documented defaults", "[server][config]") {
    auto config = ParseConfig({});
    REQUIRE(config.ok());
    CHECK(config->host == "127.0.0.1");
    CHECK(config->port == 8080);
    CHECK(config->data_dir == "./data");
    CHECK(config->public_dir == "./public");
    CHECK(config->log_level == LogLevel::kInfo);
    CHECK(config->database_url == "sqlite:./data/server.db");
    CHECK(config->db_pool_size == 8);
}

TEST_CASE("the default database is server.db in the data dir", "[server][config]") {
    auto config = ParseConfig({{"APP_DATA_DIR", "/var/lib/stocktake"}});
    REQUIRE(config.ok());
    CHECK(config->database_url == "sqlite:/var/lib/stocktake/server.db");
}

TEST_CASE("config takes every APP_ variable that is set", "[server][config]") {
    EnvMap env = {{"APP_HOST", "0.0.0.0"},
                  {"APP_PORT", "9090"},
                  {"APP_DATA_DIR", "/var/lib/stocktake"},
                  {"APP_PUBLIC_DIR", "/srv/public"},
                  {"APP_LOG_LEVEL", "debug"},
                  {"APP_DATABASE_URL", "postgresql://stocktake@db.internal/stocktake"},
                  {"APP_DB_POOL_SIZE", "20"},
                  {"UNRELATED", "x"}};
    auto config = ParseConfig(env);
    REQUIRE(config.ok());
    CHECK(config->host == "0.0.0.0");
    CHECK(config->port == 9090);
    CHECK(config->data_dir == "/var/lib/stocktake");
    CHECK(config->public_dir == "/srv/public");
    CHECK(config->log_level == LogLevel::kDebug);
    CHECK(config->database_url == "postgresql://stocktake@db.internal/stocktake");
    CHECK(config->db_pool_size == 20);
}

TEST_CASE("config treats an empty variable as unset", "[server][config]") {
    auto config = ParseConfig({{"APP_PORT", ""}, {"APP_DATA_DIR", ""}});
    REQUIRE(config.ok());
    CHECK(config->port == 8080);
    CHECK(config->data_dir == "./data");
}

TEST_CASE("config accepts the port range's edges", "[server][config]") {
    CHECK(ParseConfig({{"APP_PORT", "1"}})->port == 1);
    CHECK(ParseConfig({{"APP_PORT", "65535"}})->port == 65535);
}

TEST_CASE("config refuses a malformed port and names the variable and range", "[server][config]") {
    const std::string bad = GENERATE("abc", "0", "70000", "65536", "-1", "80x", " 80", "8080.5",
                                     "99999999999999999999");
    auto config = ParseConfig({{"APP_PORT", bad}});
    REQUIRE_FALSE(config.ok());
    CHECK(config.status().code() == stocktake::Code::kInvalidArgument);
    CHECK_THAT(config.status().message(), Catch::Contains("APP_PORT"));
    CHECK_THAT(config.status().message(), Catch::Contains("1 to 65535"));
    CHECK_THAT(config.status().message(), Catch::Contains(bad));
}

TEST_CASE("config refuses a pool size out of range and names the variable", "[server][config]") {
    const std::string bad = GENERATE("0", "1001", "eight", "-3");
    auto config = ParseConfig({{"APP_DB_POOL_SIZE", bad}});
    REQUIRE_FALSE(config.ok());
    CHECK(config.status().code() == stocktake::Code::kInvalidArgument);
    CHECK_THAT(config.status().message(), Catch::Contains("APP_DB_POOL_SIZE=\"" + bad + "\""));
    CHECK_THAT(config.status().message(), Catch::Contains("1 to 1000"));
}

TEST_CASE("config refuses an unknown log level and lists the accepted ones", "[server][config]") {
    auto config = ParseConfig({{"APP_LOG_LEVEL", "loud"}});
    REQUIRE_FALSE(config.ok());
    CHECK_THAT(config.status().message(), Catch::Contains("APP_LOG_LEVEL"));
    CHECK_THAT(config.status().message(), Catch::Contains("debug, info, warn or error"));
}

TEST_CASE("base url brackets IPv6 hosts", "[server][config]") {
    CHECK(BaseUrl("127.0.0.1", 8080) == "http://127.0.0.1:8080");
    CHECK(BaseUrl("::1", 8080) == "http://[::1]:8080");
}
