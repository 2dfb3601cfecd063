// The route table: every URL the server answers, wired in one place.
#pragma once

#include <httplib.h>

#include "http/static_files.h"
#include "log.h"
#include "storage/storage.h"

namespace stocktake::server {

// What the handlers use. REQUIRES: all non-null and outliving the httplib::Server.
struct Services {
    SqlDatabase* db = nullptr;
    StaticFiles* static_files = nullptr;
    Logger* logger = nullptr;
};

// Installs the middleware and every route on server.
void WireRoutes(httplib::Server& server, const Services& services);

}  // namespace stocktake::server
