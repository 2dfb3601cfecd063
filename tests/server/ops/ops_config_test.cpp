// APP_TLS_*, APP_METRICS_TOKEN and APP_CORS_ORIGINS parsing.
#include "ops/ops_config.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "cli.h"
#include "server_test_util.h"

namespace {

using stocktake::server::ParseOpsConfig;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::WriteFile;

}  // namespace

TEST_CASE("no APP variables: plain HTTP, open metrics, no CORS", "[server][config]") {
    auto config = ParseOpsConfig({});
    REQUIRE(config.ok());
    CHECK_FALSE(config->tls());
    CHECK(config->metrics_token.empty());
    CHECK(config->cors_origins.empty());
}

TEST_CASE("TLS needs both the certificate and the key", "[server][config]") {
    TempDir dir;
    const std::string cert = (dir.path() / "cert.pem").string();
    WriteFile(cert, "-----BEGIN CERTIFICATE-----\n");
    auto only_cert = ParseOpsConfig({{"APP_TLS_CERT", cert}});
    REQUIRE_FALSE(only_cert.ok());
    CHECK_THAT(only_cert.status().message(),
               Catch::Contains("APP_TLS_CERT is set without APP_TLS_KEY"));
    auto only_key = ParseOpsConfig({{"APP_TLS_KEY", cert}});
    REQUIRE_FALSE(only_key.ok());
    CHECK_THAT(only_key.status().message(),
               Catch::Contains("APP_TLS_KEY is set without APP_TLS_CERT"));
}

TEST_CASE("TLS files that cannot be read are refused by name", "[server][config]") {
    TempDir dir;
    const std::string cert = (dir.path() / "cert.pem").string();
    const std::string missing = (dir.path() / "missing.pem").string();
    WriteFile(cert, "-----BEGIN CERTIFICATE-----\n");
    auto config = ParseOpsConfig({{"APP_TLS_CERT", cert}, {"APP_TLS_KEY", missing}});
    REQUIRE_FALSE(config.ok());
    CHECK_THAT(config.status().message(), Catch::StartsWith("APP_TLS_KEY=\"" + missing));
    CHECK_THAT(config.status().message(), Catch::Contains("cannot be read"));

    auto both = ParseOpsConfig({{"APP_TLS_CERT", cert}, {"APP_TLS_KEY", cert}});
    REQUIRE(both.ok());
    CHECK(both->tls());
}

TEST_CASE("CORS origins are a comma-separated list of exact origins", "[server][config]") {
    auto config =
        ParseOpsConfig({{"APP_CORS_ORIGINS", "https://app.example.com, http://localhost:5173"},
                        {"APP_METRICS_TOKEN", "t0k"}});
    REQUIRE(config.ok());
    CHECK(config->cors_origins ==
          std::vector<std::string>{"https://app.example.com", "http://localhost:5173"});
    CHECK(config->metrics_token == "t0k");
    for (const char* bad : {"*", "https://app.example.com/", "app.example.com", "ftp://x"}) {
        INFO(bad);
        auto refused = ParseOpsConfig({{"APP_CORS_ORIGINS", bad}});
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.status().message(), Catch::StartsWith("APP_CORS_ORIGINS"));
    }
}

TEST_CASE("serve --help lists the APP operations variables", "[server][config][cli]") {
    std::ostringstream out;
    std::ostringstream err;
    CHECK(stocktake::server::RunCli({"serve", "--help"}, {}, out, err) == 0);
    for (const char* name :
         {"APP_TLS_CERT", "APP_TLS_KEY", "APP_METRICS_TOKEN", "APP_CORS_ORIGINS"}) {
        CHECK_THAT(out.str(), Catch::Contains(name));
    }
}
