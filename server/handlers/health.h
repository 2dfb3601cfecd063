// GET /healthz: is this server able to serve? 200 {"status":"ok","version":..,"schema":N}
// when the database answers, 503 {"status":"unavailable","reason":..} when it does not.
#pragma once

#include <httplib.h>

#include "storage/storage.h"

namespace stocktake::server {

void HandleHealth(SqlDatabase& db, const httplib::Request& req, httplib::Response& res);

}  // namespace stocktake::server
