#include "webhooks/shipstation_config.h"

#include <catch2/catch.hpp>

namespace stocktake::server {
namespace {

TEST_CASE("ShipStation settings come from APP_SHIPSTATION_*", "[server][shipstation][config]") {
    Result<ShipStationConfig> defaults = ParseShipStationConfig({});
    REQUIRE(defaults.ok());
    CHECK(defaults->api_base == "https://ssapi.shipstation.com");
    CHECK_FALSE(defaults->has_credentials());
    CHECK(defaults->LocationOf("123") == "MAIN");

    Result<ShipStationConfig> set =
        ParseShipStationConfig({{"APP_SHIPSTATION_API_BASE", "http://127.0.0.1:9000"},
                                {"APP_SHIPSTATION_API_KEY", "k"},
                                {"APP_SHIPSTATION_API_SECRET", "s"},
                                {"APP_SHIPSTATION_LOCATION", "DOCK"},
                                {"APP_SHIPSTATION_WAREHOUSES", "777=WEST,778=EAST/A"}});
    REQUIRE(set.ok());
    CHECK(set->has_credentials());
    CHECK(set->LocationOf("777") == "WEST");
    CHECK(set->LocationOf("778") == "EAST/A");
    CHECK(set->LocationOf("") == "DOCK");

    for (const char* base : {"ftp://x", "https://ssapi.shipstation.com/v1", "https://a@b"}) {
        INFO(base);
        Result<ShipStationConfig> bad =
            ParseShipStationConfig({{"APP_SHIPSTATION_API_BASE", base}});
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.status().message().find("APP_SHIPSTATION_API_BASE") == 0);
    }
    Result<ShipStationConfig> bad_map =
        ParseShipStationConfig({{"APP_SHIPSTATION_WAREHOUSES", "777=WEST,778"}});
    REQUIRE_FALSE(bad_map.ok());
    CHECK(bad_map.status().message().find("(\"778\")") != std::string::npos);
}

}  // namespace
}  // namespace stocktake::server
