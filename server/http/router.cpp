#include "http/router.h"

#include "handlers/auth_handlers.h"
#include "handlers/health.h"
#include "handlers/static_handler.h"
#include "handlers/sync_handlers.h"
#include "http/middleware.h"
#include "http/require_actor.h"

namespace stocktake::server {

// Request bodies are small until the sync and webhook endpoints set their own limits.
constexpr size_t kMaxPayloadBytes = 1 << 20;

void WireRoutes(httplib::Server& server, const Services& services) {
    InstallMiddleware(server, *services.logger);
    server.set_payload_max_length(kMaxPayloadBytes);

    SqlDatabase& db = *services.db;
    StaticFiles& files = *services.static_files;

    // GET routes also answer HEAD (cpp-httplib dispatches HEAD to them, sending no body).
    server.Get("/healthz", [&db](const httplib::Request& req, httplib::Response& res) {
        HandleHealth(db, req, res);
    });

    if (services.auth != nullptr) {
        AuthService& auth = *services.auth;
        server.Post("/api/v1/auth/register",
                    [&auth](const httplib::Request& req, httplib::Response& res) {
                        HandleRegister(auth, req, res);
                    });
        server.Post("/api/v1/auth/login",
                    [&auth](const httplib::Request& req, httplib::Response& res) {
                        HandleLogin(auth, req, res);
                    });
        server.Post("/api/v1/auth/refresh",
                    [&auth](const httplib::Request& req, httplib::Response& res) {
                        HandleRefresh(auth, req, res);
                    });
        server.Post("/api/v1/auth/logout",
                    RequireActor(auth, [&auth](const Actor& actor, const httplib::Request& req,
                                               httplib::Response& res) {
                        HandleLogout(auth, actor, req, res);
                    }));
        server.Get("/api/v1/auth/me", RequireActor(auth, HandleMe));
        if (services.sync != nullptr) {
            SyncService& sync = *services.sync;
            server.Post("/api/v1/sync/push",
                        RequireActor(auth, [&sync](const Actor& actor, const httplib::Request& req,
                                                   httplib::Response& res) {
                            HandleSyncPush(sync, actor, req, res);
                        }));
            server.Get("/api/v1/sync/pull",
                       RequireActor(auth, [&sync](const Actor& actor, const httplib::Request& req,
                                                  httplib::Response& res) {
                           HandleSyncPull(sync, actor, req, res);
                       }));
        }
    }

    // Everything else is a file from the public directory.
    server.Get(".*", [&files](const httplib::Request& req, httplib::Response& res) {
        HandleStatic(files, req, res);
    });
}

}  // namespace stocktake::server
