// Liveness and readiness, for load balancers and orchestrators.
// GET /healthz: the process serves HTTP. 200 {"status":"ok","version":..}; it never touches
//   the database, so a slow or failed database does not get a live process restarted.
// GET /readyz: the process can do its work. 200 {"status":"ok","version":..,"schema":N,
//   "storage":..} when the database answers, 503 {"status":"unavailable","reason":..} when
//   it does not, so traffic goes to another replica until it recovers.
#pragma once

#include <httplib.h>

#include "storage/storage.h"

namespace stocktake::server {

void HandleHealth(const httplib::Request& req, httplib::Response& res);

void HandleReady(SqlDatabase& db, const httplib::Request& req, httplib::Response& res);

}  // namespace stocktake::server
