// DeliveryProcessor: the seam between webhook intake and what a delivery means.
//
// The intake (signature or URL token, size limit, throttle, idempotency) stores each
// accepted delivery in the durable queue and answers the sender at once; a queue worker
// later hands the stored delivery to a DeliveryProcessor, which turns it into effects
// (ShipStation orders and shipments into the organisation's tables and sync log) and says
// whether the queue should forget it, try again later, or park it as a dead letter.
//
// Thread safety: implementations are called from the queue's worker thread(s) and from
// request threads (Validate, replays), so they must be thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "stocktake/status.h"

namespace stocktake::server {

// A delivery as the intake stored it.
struct WebhookDelivery {
    int64_t id = 0;
    std::string org_id;
    std::string delivery_key;  // X-ShipStation-Delivery-Id, else the SHA-256 of the body
    std::string body;          // the raw body as received
    std::string received_at;   // ISO-8601 UTC
    int attempts = 0;          // attempts made before this one
};

enum class DeliveryOutcome {
    kDone,        // every effect applied (or had been already)
    kRetry,       // failed for now (upstream down, rate-limited): try again later
    kDeadLetter,  // cannot succeed as it is (malformed resource): park it with the reason
};

struct DeliveryResult {
    DeliveryOutcome outcome = DeliveryOutcome::kDone;
    std::string reason;           // why, for kRetry and kDeadLetter: logged and stored
    int retry_after_seconds = 0;  // kRetry: wait at least this long; 0 = the queue's backoff
};

class DeliveryProcessor {
  public:
    virtual ~DeliveryProcessor() = default;

    // At intake, before anything is stored: InvalidArgument (a 400 for the sender, with
    // the reason) when the parsed body is none of the payload shapes this processor
    // takes. Cheap: no I/O.
    virtual Status Validate(const nlohmann::json& payload) const = 0;

    // Applies the delivery's effects exactly once: every effect is keyed (order id + line
    // item key, shipment id), so processing a delivery again, after a crash or a replay,
    // changes nothing more.
    virtual DeliveryResult Process(const WebhookDelivery& delivery) = 0;
};

}  // namespace stocktake::server
