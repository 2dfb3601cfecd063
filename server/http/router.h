// The route table: every URL the server answers, wired in one place.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <vector>

#include "auth/auth_service.h"
#include "http/static_files.h"
#include "log.h"
#include "storage/storage.h"
#include "sync/sync_service.h"
#include "webhooks/webhook_intake.h"
#include "webhooks/webhook_queue.h"

namespace stocktake::server {

// What the handlers use. REQUIRES: all non-null and outliving the httplib::Server, except
// auth, which only tests serving no API leave null (then no /api/v1/auth routes exist).
struct Services {
    SqlDatabase* db = nullptr;
    StaticFiles* static_files = nullptr;
    Logger* logger = nullptr;
    AuthService* auth = nullptr;
    SyncService* sync = nullptr;  // null: no /api/v1/sync routes (tests of other parts)
    // Both null: no /api/v1/webhooks routes. The deliveries API needs auth too.
    WebhookIntake* webhook_intake = nullptr;
    DeliveryQueue* webhook_queue = nullptr;
    std::function<void()> wake_delivery_worker;  // after a replay; may be empty
    std::string metrics_token;                   // "": /metrics is open (see metrics_handler.h)
    std::vector<std::string> cors_origins;       // empty: no CORS headers for anyone
};

// Installs the middleware and every route on server (through Routes, which labels each
// for the metrics and enforces its body limit).
void WireRoutes(httplib::Server& server, const Services& services);

}  // namespace stocktake::server
