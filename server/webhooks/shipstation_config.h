// Where the server reaches ShipStation's v1 API, with which credentials, and where stock
// that ShipStation ships leaves from. Read from APP_SHIPSTATION_* (README, "ShipStation").
// Thread safety: a value.
#pragma once

#include <map>
#include <string>

#include "config.h"
#include "stocktake/status.h"

namespace stocktake::server {

struct ShipStationConfig {
    // APP_SHIPSTATION_API_BASE: the only scheme, host and port a resource_url may name.
    std::string api_base = "https://ssapi.shipstation.com";
    std::string api_key;     // APP_SHIPSTATION_API_KEY: Basic auth user ("" = not set up)
    std::string api_secret;  // APP_SHIPSTATION_API_SECRET: Basic auth password
    // APP_SHIPSTATION_LOCATION: the location a shipment leaves from when its warehouse has
    // no entry in warehouse_locations.
    std::string default_location = "MAIN";
    // APP_SHIPSTATION_WAREHOUSES: "warehouseId=LOCATION,..." (none).
    std::map<std::string, std::string> warehouse_locations;
    int requests_per_minute = 40;  // ShipStation v1's limit per API key
    int timeout_seconds = 10;      // connect and read, each

    bool has_credentials() const { return !api_key.empty() && !api_secret.empty(); }
    // The location shipments from warehouse_id leave.
    const std::string& LocationOf(const std::string& warehouse_id) const;
};

// InvalidArgument naming the variable when one is malformed (a base that is not
// http(s)://host[:port], a warehouse list that is not id=location pairs).
Result<ShipStationConfig> ParseShipStationConfig(const EnvMap& env);

}  // namespace stocktake::server
