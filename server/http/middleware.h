// What every request goes through, around the handlers: a request id, security headers,
// the access log line, plain-text bodies for bare errors, and the last-resort exception
// handler (500 JSON with the request id; the process never dies from a handler's throw).
// Thread safety: installed once before the server runs; the hooks are thread-safe.
#pragma once

#include <httplib.h>

#include <string>

#include "log.h"

namespace stocktake::server {

// The security headers sent on every response.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "worker-src 'self' blob:; connect-src 'self'";

// REQUIRES: logger outlives server.
void InstallMiddleware(httplib::Server& server, Logger& logger);

// The id of the request the calling thread is handling ("" outside a request). cpp-httplib
// runs each request from routing to its log line on one worker thread.
std::string CurrentRequestId();

}  // namespace stocktake::server
