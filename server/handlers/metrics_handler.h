// GET /metrics: every metric in the Prometheus text format, the pool and process gauges
// read at that moment. When a token is configured (APP_METRICS_TOKEN) the scraper must
// send "Authorization: Bearer <token>"; without one the endpoint is open, for a private
// network or a proxy that keeps it internal.
#pragma once

#include <httplib.h>

#include <string>

#include "storage/storage.h"

namespace stocktake::server {

void HandleMetrics(const SqlDatabase& db, const std::string& token, const httplib::Request& req,
                   httplib::Response& res);

}  // namespace stocktake::server
