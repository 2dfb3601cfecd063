#include "handlers/health.h"

#include <nlohmann/json.hpp>

#include "http/errors.h"
#include "http/middleware.h"
#include "storage/migrations.h"
#include "version.h"

namespace stocktake::server {

void HandleHealth(SqlDatabase& db, const httplib::Request&, httplib::Response& res) {
    Result<int> schema = SchemaVersion(db);
    nlohmann::ordered_json body;
    if (schema.ok()) {
        body = {{"status", "ok"},
                {"version", kVersion},
                {"schema", *schema},
                {"storage", db.Backend()}};
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
