#include "http/router.h"

#include "handlers/health.h"
#include "handlers/metrics_handler.h"
#include "handlers/static_handler.h"
#include "http/middleware.h"
#include "http/routes.h"

namespace stocktake::server {

void WireRoutes(httplib::Server& server, const Services& services) {
    InstallMiddleware(server, *services.logger, services.cors_origins);

    SqlDatabase& db = *services.db;
    StaticFiles& files = *services.static_files;
    Routes routes(server);

    // GET routes also answer HEAD (cpp-httplib dispatches HEAD to them, sending no body).
    routes.Get("/healthz", HandleHealth);
    routes.Get("/readyz", [&db](const httplib::Request& req, httplib::Response& res) {
        HandleReady(db, req, res);
    });
    routes.Get("/metrics", [&db, token = services.metrics_token](const httplib::Request& req,
                                                                 httplib::Response& res) {
        HandleMetrics(db, token, req, res);
    });

    // API routes go above this line. Routes with large bodies pass their limit, e.g.
    // routes.Post("/api/v1/sync/push", ..., kSyncPushMaxBodyBytes).

    // Unknown /api/ paths answer JSON 404/405; everything else is a file from public.
    routes.Finish([&files](const httplib::Request& req, httplib::Response& res) {
        HandleStatic(files, req, res);
    });
}

}  // namespace stocktake::server
