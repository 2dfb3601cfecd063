// The webhook routes: ShipStation deliveries (signed, or on the secret URL) into the
// intake, and the deliveries API over the queue (listing, replaying dead letters).
// Thread safety: the handlers may run on many threads at once.
#pragma once

#include <httplib.h>

#include <functional>

#include "auth/actor.h"
#include "webhooks/webhook_intake.h"
#include "webhooks/webhook_queue.h"

namespace stocktake::server {

// POST /api/v1/webhooks/shipstation/{org_id} and .../{org_id}/{token}: the route's
// pattern captures the org id, then the token on the secret URL. Refuses a body that is
// not JSON (415) or over the intake's limit (413, from Content-Length before reading, or
// as soon as a chunked body passes it) without reading it whole.
void HandleShipStationWebhook(WebhookIntake& intake, const httplib::Request& req,
                              httplib::Response& res, const httplib::ContentReader& reader);

// GET /api/v1/webhooks/deliveries?status=pending|dead&limit=N&offset=M: the actor's
// organisation's pending and dead deliveries, newest first. Managers and above.
void HandleListDeliveries(DeliveryQueue& queue, const Actor& actor, const httplib::Request& req,
                          httplib::Response& res);

// POST /api/v1/webhooks/deliveries/{id}/replay: a dead letter back to pending, then
// wake_worker() (may be empty). Managers and above; 404 for another organisation's id.
void HandleReplayDelivery(DeliveryQueue& queue, const std::function<void()>& wake_worker,
                          const Actor& actor, const httplib::Request& req, httplib::Response& res);

}  // namespace stocktake::server
