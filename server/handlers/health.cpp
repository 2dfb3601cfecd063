#include "handlers/health.h"

#include <nlohmann/json.hpp>

#include "http/errors.h"
#include "http/middleware.h"
#include "storage/migrations.h"
#include "version.h"

namespace stocktake::server {
namespace {

void WriteJson(const nlohmann::ordered_json& body, int status, httplib::Response& res) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
}

}  // namespace

void HandleHealth(const httplib::Request&, httplib::Response& res) {
    WriteJson({{"status", "ok"}, {"version", kVersion}}, 200, res);
}

void HandleReady(SqlDatabase& db, const httplib::Request&, httplib::Response& res) {
    Result<int> schema = SchemaVersion(db);
    if (schema.ok()) {
        WriteJson({{"status", "ok"},
                   {"version", kVersion},
                   {"schema", *schema},
                   {"storage", db.Backend()}},
                  200, res);
        return;
    }
    WriteJson({{"status", "unavailable"},
               {"version", kVersion},
               {"reason", schema.status().message()},
               {"req_id", CurrentRequestId()}},
              503, res);
}

}  // namespace stocktake::server
