#include "handlers/health.h"

#include <nlohmann/json.hpp>

#include "http/errors.h"
#include "http/middleware.h"
#include "version.h"

namespace stocktake::server {

void HandleHealth(Storage& storage, const httplib::Request&, httplib::Response& res) {
    Result<int> schema = storage.CheckHealth();
    nlohmann::ordered_json body;
    if (schema.ok()) {
        body = {{"status", "ok"},
                {"version", kVersion},
                {"schema", *schema},
                {"storage", storage.Backend()}};
        res.status = 200;
    } else {
        body = {{"status", "unavailable"},
                {"version", kVersion},
                {"reason", schema.status().message()},
                {"req_id", CurrentRequestId()}};
        res.status = 503;
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
}

}  // namespace stocktake::server
