// WebhookIntake: everything between a ShipStation (or relay) delivery arriving over HTTP
// and the durable queue. It decides, in this order, whether a delivery is authentic (a
// signature under an active secret within the time window, or an active secret-URL token),
// well formed (JSON within a nesting limit that the DeliveryProcessor's Validate accepts),
// within the organisation's rate, and new (its idempotency key not stored before); then
// stores it for the queue worker and says so. Every refusal is logged with its reason and
// counted in stocktake_webhook_events_total{result} (a fixed set of results, below).
//
// An unknown organisation is refused exactly like a bad signature or token, so answers do
// not reveal which organisations exist, and no answer says which secret came close.
//
// Credentials (per-organisation secrets and token hashes) are cached per organisation for
// options.credentials_ttl, so a revoked token or secret stops working within that time.
//
// Thread safety: Receive() and Refuse() may be called from many threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "log.h"
#include "stocktake/status.h"
#include "webhooks/delivery_processor.h"
#include "webhooks/throttle.h"
#include "webhooks/webhook_config.h"
#include "webhooks/webhook_credentials.h"
#include "webhooks/webhook_queue.h"
#include "webhooks/webhook_secrets.h"

namespace stocktake::server {

// The result labels of stocktake_webhook_events_total, one per way a delivery ends.
namespace webhook_result {
inline constexpr const char* kAccepted = "accepted";
inline constexpr const char* kDuplicate = "duplicate";
inline constexpr const char* kUnauthenticated = "unauthenticated";
inline constexpr const char* kStaleTimestamp = "stale_timestamp";
inline constexpr const char* kTooLarge = "too_large";
inline constexpr const char* kUnsupportedMediaType = "unsupported_media_type";
inline constexpr const char* kMalformed = "malformed";
inline constexpr const char* kInvalid = "invalid";
inline constexpr const char* kThrottled = "throttled";
inline constexpr const char* kFailed = "failed";
}  // namespace webhook_result

struct WebhookIntakeOptions {
    size_t max_payload = kDefaultWebhookMaxPayload;
    double events_per_second = 100;  // per organisation, per process
    double burst = 100;              // events an idle organisation may send at once
    std::chrono::milliseconds credentials_ttl{5000};
    int max_json_depth = 32;
    // Unix seconds, for the signature window; tests pass their own.
    std::function<int64_t()> now_seconds;
};

// One delivery as it arrived. token: the secret URL's token, or null for a signed delivery.
struct IncomingDelivery {
    std::string org_id;
    const std::string* token = nullptr;
    std::string timestamp;    // X-ShipStation-Timestamp
    std::string signature;    // X-ShipStation-Signature
    std::string delivery_id;  // X-ShipStation-Delivery-Id ("" when absent)
    std::string body;
    std::string req_id;  // for the log
};

struct IntakeAnswer {
    Status status;                // OK: stored or a duplicate
    bool duplicate = false;       // OK and stored before: nothing changed
    int64_t id = 0;               // OK and new: the stored delivery's id
    int retry_after_seconds = 0;  // kRateLimited: for Retry-After
};

class WebhookIntake {
  public:
    // processor: null while no processor is configured (deliveries are stored, not
    // checked beyond being a JSON object, and stay pending). on_stored runs after each new
    // delivery is stored (wakes the queue worker); may be empty.
    // REQUIRES: every reference outlives the intake.
    WebhookIntake(DeliveryQueue& queue, WebhookCredentialStore& credentials,
                  WebhookSecrets& shared_secrets, DeliveryProcessor* processor, Logger& logger,
                  WebhookIntakeOptions options, std::function<void()> on_stored = {});

    const WebhookIntakeOptions& options() const { return options_; }

    IntakeAnswer Receive(const IncomingDelivery& delivery);

    // Receive in two halves, for a caller that stores many deliveries in one call
    // (DeliveryQueue::EnqueueMany): Admit runs every check (the refusal, logged and
    // counted, or OK with *to_store filled in); once the store returned, Stored gives the
    // answer (and counts it). Receive is Admit, Enqueue, Stored.
    IntakeAnswer Admit(const IncomingDelivery& delivery, NewDelivery* to_store);
    IntakeAnswer Stored(const IncomingDelivery& delivery, const Result<EnqueueResult>& stored);

    // Records a refusal decided before the body was read (size, media type): logged and
    // counted as result. Returns why, for the answer.
    Status Refuse(const std::string& org_id, const char* result, Status why,
                  const std::string& req_id);

  private:
    using Clock = std::chrono::steady_clock;
    struct CachedCredentials {
        Clock::time_point expires;
        std::shared_ptr<const OrgWebhookCredentials> credentials;
    };

    Result<std::shared_ptr<const OrgWebhookCredentials>> Credentials(const std::string& org_id);
    // OK or the refusal (Unauthenticated), with *result set to its label.
    Status Authenticate(const IncomingDelivery& delivery, const char** result);
    IntakeAnswer Rejected(const IncomingDelivery& delivery, const char* result, Status why);

    DeliveryQueue& queue_;
    WebhookCredentialStore& credentials_;
    WebhookSecrets& shared_secrets_;
    DeliveryProcessor* processor_;
    Logger& logger_;
    const WebhookIntakeOptions options_;
    const std::function<void()> on_stored_;
    Throttle throttle_;
    std::mutex cache_mu_;
    std::unordered_map<std::string, CachedCredentials> cache_;  // guarded by cache_mu_
};

// Counts one webhook event under result (stocktake_webhook_events_total).
void CountWebhookEvent(const char* result);

}  // namespace stocktake::server
