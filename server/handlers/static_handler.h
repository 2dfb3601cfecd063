// GET/HEAD for everything that is not an API route: files from the public directory with
// gzip when the client accepts it, validators (ETag, Last-Modified) and 304s.
#pragma once

#include <httplib.h>

#include "http/static_files.h"

namespace stocktake::server {

void HandleStatic(StaticFiles& files, const httplib::Request& req, httplib::Response& res);

// Helpers for the handler, exposed for tests.
// True when Accept-Encoding lists gzip (or *) without q=0.
bool AcceptsGzip(const std::string& accept_encoding);
// True when an If-None-Match list names etag (weak or strong) or is "*".
bool EtagMatches(const std::string& if_none_match, const std::string& etag);

}  // namespace stocktake::server
