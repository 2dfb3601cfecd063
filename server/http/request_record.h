// What every request leaves behind, whichever listener served it (the main
// port's middleware, the evented webhook port): its request id, the access log line and
// the request metrics (stocktake_http_requests_total, ..._duration_seconds).
// Thread safety: thread-safe.
#pragma once

#include <string>

#include "log.h"

namespace stocktake::server {

// The request id for a request whose X-Request-Id header is header_value: the caller's
// (e.g. a proxy's) when it is short and plain, else a new random one.
std::string RequestIdFor(const std::string& header_value);

// The path as logs show it. A secret webhook URL's last segment is a credential (README
// "ShipStation webhooks"), so it never reaches a log.
std::string LoggedPath(const std::string& path);

struct RequestRecord {
    std::string method;
    std::string path;   // as received; logged through LoggedPath
    std::string route;  // the route pattern (a bounded label); "" counts as "other"
    int status = 0;
    size_t bytes = 0;  // of the response body
    double seconds = 0;
    std::string req_id;
};

// Writes the access log line (when the logger's level keeps it: info, error for 5xx) and
// counts the request in the request metrics.
void RecordRequest(Logger& logger, const RequestRecord& record);

}  // namespace stocktake::server
