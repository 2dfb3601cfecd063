// Routes: registers handlers on the httplib::Server with what every route needs besides
// its handler: a bounded metrics label (the route pattern, never the raw path), a request
// body limit, and JSON answers for /api/ paths no route takes (404, or 405 when the path
// exists for another method).
//
// Typical use, in WireRoutes:
//   Routes routes(server);
//   routes.Get("/healthz", ...);
//   routes.Post("/api/v1/sync/push", ..., kSyncPushMaxBodyBytes);
//   routes.Finish(static_handler);  // after every API route
//
// Body limits: cpp-httplib has one server-wide limit, checked while it reads the body.
// Finish() sets it to the largest route limit; each route then refuses a body above its
// own limit with 413 PayloadTooLarge before its handler runs.
//
// Thread safety: register from one thread before the server runs; the installed handlers
// are thread-safe (the table is read-only once serving).
#pragma once

#include <httplib.h>

#include <cstddef>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace stocktake::server {

// The body limit of a route that does not ask for more.
inline constexpr size_t kDefaultMaxBodyBytes = size_t{1} << 20;  // 1 MiB
// For POST /api/v1/sync/push: a device's backlog of operations arrives in one request.
inline constexpr size_t kSyncPushMaxBodyBytes = size_t{8} << 20;  // 8 MiB

// The metrics route label of static files, and of requests no route took.
inline constexpr const char* kStaticRouteLabel = "static";
inline constexpr const char* kOtherRouteLabel = "other";

class Routes {
  public:
    using Handler = httplib::Server::Handler;

    // REQUIRES: server outlives the Routes' handlers (they hold only the route table).
    explicit Routes(httplib::Server& server);

    // pattern is cpp-httplib's (a regex matched against the whole path) and doubles as
    // the route's metrics label, so it must not be built from request data.
    Routes& Get(const std::string& pattern, Handler handler);
    Routes& Post(const std::string& pattern, Handler handler,
                 size_t max_body = kDefaultMaxBodyBytes);
    // A POST route whose handler reads the body itself, through the ContentReader, after
    // seeing the headers: for bodies refused by their headers (size, type) before they are
    // read. cpp-httplib's server-wide body limit does not apply to them; the handler bounds
    // its own reading.
    Routes& PostWithReader(const std::string& pattern,
                           httplib::Server::HandlerWithContentReader handler);
    Routes& Put(const std::string& pattern, Handler handler,
                size_t max_body = kDefaultMaxBodyBytes);
    Routes& Patch(const std::string& pattern, Handler handler,
                  size_t max_body = kDefaultMaxBodyBytes);
    Routes& Delete(const std::string& pattern, Handler handler);

    // Installs the /api/ fallbacks, then static_handler for every other GET/HEAD, and
    // sets the server-wide body limit. Call once, after every API route.
    void Finish(Handler static_handler);

  private:
    struct Entry {
        std::string method;
        std::regex pattern;
    };
    struct Table {
        std::vector<Entry> entries;
        size_t largest_max_body = kDefaultMaxBodyBytes;
    };
    Handler Wrap(const std::string& method, const std::string& pattern, Handler handler,
                 size_t max_body);

    httplib::Server& server_;
    std::shared_ptr<Table> table_;
};

}  // namespace stocktake::server
