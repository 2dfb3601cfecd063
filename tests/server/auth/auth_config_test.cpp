// APP_SECRET_KEY, APP_DEV_MODE and APP_ALLOW_REGISTRATION (auth/auth_config.h).
#include "auth/auth_config.h"

#include <catch2/catch.hpp>

using stocktake::Code;
using stocktake::server::EnvMap;
using stocktake::server::ParseAuthConfig;

namespace {
const std::string kStrongKey = "3f9a0c1d7e2b4a6c8e0f1a3b5c7d9e1f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d";
}

TEST_CASE("a strong APP_SECRET_KEY is taken as given", "[server][auth][config]") {
    auto config = ParseAuthConfig({{"APP_SECRET_KEY", kStrongKey}});
    REQUIRE(config.ok());
    CHECK(config->secret_key == kStrongKey);
    CHECK_FALSE(config->dev_mode);
    CHECK_FALSE(config->key_generated);
    CHECK_FALSE(config->allow_registration);  // closed by default outside dev mode
}

TEST_CASE("without APP_SECRET_KEY the server refuses unless in dev mode",
          "[server][auth][config]") {
    auto missing = ParseAuthConfig({});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.status().code() == Code::kInvalidArgument);
    CHECK_THAT(missing.status().message(), Catch::Contains("APP_SECRET_KEY is not set"));
    CHECK_THAT(missing.status().message(), Catch::Contains("openssl rand -hex 32"));
    CHECK_FALSE(ParseAuthConfig({{"APP_SECRET_KEY", ""}}).ok());

    auto dev = ParseAuthConfig({{"APP_DEV_MODE", "1"}});
    REQUIRE(dev.ok());
    CHECK(dev->dev_mode);
    CHECK(dev->key_generated);
    CHECK(dev->secret_key.size() >= 32);
    CHECK(dev->allow_registration);  // open by default in dev mode
    // A new key per process (per parse).
    CHECK(ParseAuthConfig({{"APP_DEV_MODE", "1"}})->secret_key != dev->secret_key);
}

TEST_CASE("a weak APP_SECRET_KEY is refused even in dev mode", "[server][auth][config]") {
    for (const std::string& weak :
         {std::string("changeme"), std::string("secret"), std::string("short-but-random-9f3a"),
          std::string("changeme-changeme-changeme-changeme"), std::string(40, 'a'),
          std::string("my-super-SECRET-value-for-production-use")}) {
        INFO(weak);
        for (const char* dev : {"0", "1"}) {
            auto config = ParseAuthConfig({{"APP_SECRET_KEY", weak}, {"APP_DEV_MODE", dev}});
            REQUIRE_FALSE(config.ok());
            CHECK_THAT(config.status().message(), Catch::Contains("APP_SECRET_KEY"));
            CHECK_THAT(config.status().message(), Catch::Contains("openssl rand -hex 32"));
        }
    }
}

TEST_CASE("registration and dev mode flags accept 1/0 only", "[server][auth][config]") {
    auto open = ParseAuthConfig({{"APP_SECRET_KEY", kStrongKey}, {"APP_ALLOW_REGISTRATION", "1"}});
    REQUIRE(open.ok());
    CHECK(open->allow_registration);
    auto closed = ParseAuthConfig({{"APP_DEV_MODE", "1"}, {"APP_ALLOW_REGISTRATION", "0"}});
    REQUIRE(closed.ok());
    CHECK_FALSE(closed->allow_registration);
    auto bad = ParseAuthConfig({{"APP_SECRET_KEY", kStrongKey}, {"APP_DEV_MODE", "yes"}});
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.status().message(), Catch::Contains("APP_DEV_MODE=\"yes\""));
}
