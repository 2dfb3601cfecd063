#include "webhooks/shipstation_config.h"

#include "webhooks/shipstation_url.h"

namespace stocktake::server {
namespace {

const std::string* Lookup(const EnvMap& env, const char* name) {
    auto it = env.find(name);
    if (it == env.end() || it->second.empty()) return nullptr;
    return &it->second;
}

Status ParseWarehouses(const std::string& text, std::map<std::string, std::string>* out) {
    for (const std::string& pair : SplitCommaList(text)) {
        const size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
            return Status::InvalidArgument("APP_SHIPSTATION_WAREHOUSES=\"" + text +
                                           "\" is not a list of warehouseId=LOCATION pairs "
                                           "separated by commas (\"" +
                                           pair + "\")");
        }
        (*out)[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    return Status::Ok();
}

}  // namespace

const std::string& ShipStationConfig::LocationOf(const std::string& warehouse_id) const {
    const auto it = warehouse_locations.find(warehouse_id);
    return it == warehouse_locations.end() ? default_location : it->second;
}

Result<ShipStationConfig> ParseShipStationConfig(const EnvMap& env) {
    ShipStationConfig config;
    if (const std::string* v = Lookup(env, "APP_SHIPSTATION_API_BASE")) {
        Result<HttpUrl> base = ParseHttpUrl(*v);
        if (!base.ok() || !base->path.empty() || !base->query.empty()) {
            return Status::InvalidArgument("APP_SHIPSTATION_API_BASE=\"" + *v +
                                           "\" is not http(s)://HOST[:PORT]");
        }
        config.api_base = *v;
    }
    if (const std::string* v = Lookup(env, "APP_SHIPSTATION_API_KEY")) config.api_key = *v;
    if (const std::string* v = Lookup(env, "APP_SHIPSTATION_API_SECRET")) config.api_secret = *v;
    if (const std::string* v = Lookup(env, "APP_SHIPSTATION_LOCATION")) {
        config.default_location = *v;
    }
    if (const std::string* v = Lookup(env, "APP_SHIPSTATION_WAREHOUSES")) {
        Status parsed = ParseWarehouses(*v, &config.warehouse_locations);
        if (!parsed.ok()) return parsed;
    }
    return config;
}

}  // namespace stocktake::server
