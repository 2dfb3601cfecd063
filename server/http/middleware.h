// What every request goes through, around the handlers: a request id, security headers,
// CORS for allow-listed origins only, the access log line with the request metrics,
// bodies for bare errors (JSON under /api/ and for 413, else plain text), and the
// last-resort exception handler (500 JSON with the request id; the process never dies
// from a handler's throw).
// Thread safety: installed once before the server runs; the hooks are thread-safe.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "log.h"

namespace stocktake::server {

// The security headers sent on every response.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "worker-src 'self' blob:; connect-src 'self'";

// cors_origins: origins (scheme://host[:port]) that may call the API from a browser;
// empty (the default) sends no Access-Control-Allow-* header to anyone.
// REQUIRES: logger outlives server.
void InstallMiddleware(httplib::Server& server, Logger& logger,
                       std::vector<std::string> cors_origins = {});

// The id of the request the calling thread is handling ("" outside a request). cpp-httplib
// runs each request from routing to its log line on one worker thread.
std::string CurrentRequestId();

// Names the route handling the calling thread's request, for the request metrics. label
// must come from a fixed set (a route pattern), never from the request. Requests no route
// names are counted as "other".
void SetCurrentRoute(const std::string& label);

}  // namespace stocktake::server
