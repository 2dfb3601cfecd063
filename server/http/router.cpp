#include "http/router.h"

#include "handlers/auth_handlers.h"
#include "handlers/health.h"
#include "handlers/metrics_handler.h"
#include "handlers/static_handler.h"
#include "handlers/sync_handlers.h"
#include "handlers/webhook_handlers.h"
#include "handlers/webhook_reply.h"
#include "http/middleware.h"
#include "http/require_actor.h"
#include "http/routes.h"

namespace stocktake::server {
namespace {

void WireAuth(Routes& routes, AuthService& auth) {
    routes.Post("/api/v1/auth/register",
                [&auth](const httplib::Request& req, httplib::Response& res) {
                    HandleRegister(auth, req, res);
                });
    routes.Post("/api/v1/auth/login", [&auth](const httplib::Request& req, httplib::Response& res) {
        HandleLogin(auth, req, res);
    });
    routes.Post("/api/v1/auth/refresh",
                [&auth](const httplib::Request& req, httplib::Response& res) {
                    HandleRefresh(auth, req, res);
                });
    routes.Post("/api/v1/auth/logout",
                RequireActor(auth, [&auth](const Actor& actor, const httplib::Request& req,
                                           httplib::Response& res) {
                    HandleLogout(auth, actor, req, res);
                }));
    routes.Get("/api/v1/auth/me", RequireActor(auth, HandleMe));
}

void WireSync(Routes& routes, AuthService& auth, SyncService& sync) {
    routes.Post(
        "/api/v1/sync/push",
        RequireActor(auth,
                     [&sync](const Actor& actor, const httplib::Request& req,
                             httplib::Response& res) { HandleSyncPush(sync, actor, req, res); }),
        kSyncPushMaxBodyBytes);
    routes.Get("/api/v1/sync/pull",
               RequireActor(auth, [&sync](const Actor& actor, const httplib::Request& req,
                                          httplib::Response& res) {
                   HandleSyncPull(sync, actor, req, res);
               }));
    routes.Get("/api/v1/devices",
               RequireActor(auth, [&sync](const Actor& actor, const httplib::Request& req,
                                          httplib::Response& res) {
                   HandleListDevices(sync, actor, req, res);
               }));
}

void WireWebhookIntake(Routes& routes, WebhookIntake& intake) {
    auto receive = [&intake](const httplib::Request& req, httplib::Response& res,
                             const httplib::ContentReader& reader) {
        HandleShipStationWebhook(intake, req, res, reader);
    };
    // The token route's label is its pattern, so the token never reaches /metrics.
    routes.PostWithReader(kSignedWebhookRoute, receive);
    routes.PostWithReader(kSecretUrlWebhookRoute, receive);
}

void WireDeliveries(Routes& routes, AuthService& auth, DeliveryQueue& queue,
                    const std::function<void()>& wake) {
    routes.Get("/api/v1/webhooks/deliveries",
               RequireActor(auth, [&queue](const Actor& actor, const httplib::Request& req,
                                           httplib::Response& res) {
                   HandleListDeliveries(queue, actor, req, res);
               }));
    routes.Post("/api/v1/webhooks/deliveries/([^/]+)/replay",
                RequireActor(auth, [&queue, wake](const Actor& actor, const httplib::Request& req,
                                                  httplib::Response& res) {
                    HandleReplayDelivery(queue, wake, actor, req, res);
                }));
}

}  // namespace

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

    if (services.auth != nullptr) {
        WireAuth(routes, *services.auth);
        if (services.sync != nullptr) WireSync(routes, *services.auth, *services.sync);
        if (services.webhook_queue != nullptr) {
            WireDeliveries(routes, *services.auth, *services.webhook_queue,
                           services.wake_delivery_worker);
        }
    }
    if (services.webhook_intake != nullptr) WireWebhookIntake(routes, *services.webhook_intake);

    // Unknown /api/ paths answer JSON 404/405; everything else is a file from public.
    routes.Finish([&files](const httplib::Request& req, httplib::Response& res) {
        HandleStatic(files, req, res);
    });
}

}  // namespace stocktake::server
