#include "webhooks/webhook_intake.h"

#include <ctime>

#include "auth/crypto.h"
#include "ops/metrics.h"
#include "webhooks/bounded_json.h"
#include "webhooks/webhook_signature.h"

namespace stocktake::server {
namespace {

// A cache of unknown organisations must not grow with every id an attacker tries.
constexpr size_t kMaxCachedOrganisations = 10000;
// A sender's delivery id is a key, not a document.
constexpr size_t kMaxDeliveryIdLength = 200;

constexpr const char* kNotAuthenticated =
    "the delivery is not signed by a secret this organisation accepts";
constexpr const char* kUnknownUrl = "unknown or revoked webhook URL";

int64_t UnixSeconds() {
    return static_cast<int64_t>(std::time(nullptr));
}

bool TokenMatches(const OrgWebhookCredentials& credentials, const std::string& token) {
    const std::string presented = Sha256Hex(token);
    bool matched = false;
    for (const std::string& hash : credentials.token_hashes) {
        matched |= ConstantTimeEquals(presented, hash);
    }
    return matched;
}

}  // namespace

void CountWebhookEvent(const char* result) {
    PerThreadSeries<Counter>(result, [&]() -> Counter& {
        return Metrics().GetCounter("stocktake_webhook_events_total",
                                    "Marketplace webhook events received, by result.",
                                    {{"result", result}});
    }).Increment();
}

WebhookIntake::WebhookIntake(DeliveryQueue& queue, WebhookCredentialStore& credentials,
                             WebhookSecrets& shared_secrets, DeliveryProcessor* processor,
                             Logger& logger, WebhookIntakeOptions options,
                             std::function<void()> on_stored)
    : queue_(queue),
      credentials_(credentials),
      shared_secrets_(shared_secrets),
      processor_(processor),
      logger_(logger),
      options_([&] {
          if (!options.now_seconds) options.now_seconds = UnixSeconds;
          return options;
      }()),
      on_stored_(std::move(on_stored)),
      throttle_(options_.events_per_second, options_.burst) {}

Result<std::shared_ptr<const OrgWebhookCredentials>> WebhookIntake::Credentials(
    const std::string& org_id) {
    const Clock::time_point now = Clock::now();
    {
        std::lock_guard<std::mutex> lock(cache_mu_);
        auto it = cache_.find(org_id);
        if (it != cache_.end() && now < it->second.expires) return it->second.credentials;
    }
    Result<OrgWebhookCredentials> loaded = credentials_.Load(org_id);
    if (!loaded.ok()) return loaded.status();
    auto shared = std::make_shared<const OrgWebhookCredentials>(std::move(loaded).value());
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (cache_.size() >= kMaxCachedOrganisations) cache_.clear();
    cache_[org_id] = {now + options_.credentials_ttl, shared};
    return shared;
}

Status WebhookIntake::Authenticate(const IncomingDelivery& delivery, const char** result) {
    *result = webhook_result::kUnauthenticated;
    const bool signed_delivery = delivery.token == nullptr;
    if (signed_delivery && (delivery.timestamp.empty() || delivery.signature.empty())) {
        return Status(Code::kUnauthenticated,
                      "a signed delivery needs X-ShipStation-Timestamp and "
                      "X-ShipStation-Signature (ShipStation's own webhooks, which sign "
                      "nothing, use the organisation's secret URL instead)");
    }
    if (signed_delivery) {
        Status fresh = CheckSignatureTimestamp(delivery.timestamp, options_.now_seconds());
        if (!fresh.ok()) {
            *result = webhook_result::kStaleTimestamp;
            return fresh;
        }
    }
    Result<std::shared_ptr<const OrgWebhookCredentials>> credentials = Credentials(delivery.org_id);
    if (!credentials.ok()) {
        *result = webhook_result::kFailed;
        return credentials.status();
    }
    const OrgWebhookCredentials& org = **credentials;
    if (!signed_delivery) {
        const bool matched = TokenMatches(org, *delivery.token);
        if (!org.org_exists || !matched) return Status(Code::kUnauthenticated, kUnknownUrl);
        return Status::Ok();
    }
    std::shared_ptr<const std::vector<std::string>> shared = shared_secrets_.Current();
    const bool by_shared =
        SignedByAny(*shared, delivery.timestamp, delivery.body, delivery.signature);
    const bool by_own =
        SignedByAny(org.secrets, delivery.timestamp, delivery.body, delivery.signature);
    if (!org.org_exists || !(by_shared || by_own)) {
        return Status(Code::kUnauthenticated, kNotAuthenticated);
    }
    return Status::Ok();
}

IntakeAnswer WebhookIntake::Rejected(const IncomingDelivery& delivery, const char* result,
                                     Status why) {
    IntakeAnswer answer;
    answer.status = Refuse(delivery.org_id, result, std::move(why), delivery.req_id);
    return answer;
}

Status WebhookIntake::Refuse(const std::string& org_id, const char* result, Status why,
                             const std::string& req_id) {
    CountWebhookEvent(result);
    const LogLevel level = why.code() == Code::kUnavailable || why.code() == Code::kInternal
                               ? LogLevel::kError
                               : LogLevel::kWarn;
    logger_.Log(
        level, "webhook refused",
        {{"org_id", org_id}, {"result", result}, {"reason", why.message()}, {"req_id", req_id}});
    return why;
}

IntakeAnswer WebhookIntake::Receive(const IncomingDelivery& delivery) {
    NewDelivery stored;
    IntakeAnswer admitted = Admit(delivery, &stored);
    if (!admitted.status.ok()) return admitted;
    return Stored(delivery, queue_.Enqueue(stored));
}

IntakeAnswer WebhookIntake::Admit(const IncomingDelivery& delivery, NewDelivery* to_store) {
    const char* auth_result = webhook_result::kUnauthenticated;
    Status authentic = Authenticate(delivery, &auth_result);
    if (!authentic.ok()) return Rejected(delivery, auth_result, authentic);

    if (delivery.delivery_id.size() > kMaxDeliveryIdLength) {
        return Rejected(
            delivery, webhook_result::kMalformed,
            Status::InvalidArgument("X-ShipStation-Delivery-Id is longer than " +
                                    std::to_string(kMaxDeliveryIdLength) + " characters"));
    }
    Result<nlohmann::json> payload = ParseBoundedJson(delivery.body, options_.max_json_depth);
    if (!payload.ok()) return Rejected(delivery, webhook_result::kMalformed, payload.status());
    if (!payload->is_object()) {
        return Rejected(delivery, webhook_result::kMalformed,
                        Status::InvalidArgument("the body must be a JSON object"));
    }
    if (processor_ != nullptr) {
        Status valid = processor_->Validate(*payload);
        if (!valid.ok()) return Rejected(delivery, webhook_result::kInvalid, valid);
    }

    IntakeAnswer answer;
    answer.retry_after_seconds = throttle_.Take(delivery.org_id);
    if (answer.retry_after_seconds > 0) {
        answer.status = Refuse(
            delivery.org_id, webhook_result::kThrottled,
            Status(Code::kRateLimited,
                   "more than " + std::to_string(static_cast<int>(options_.events_per_second)) +
                       " deliveries a second for this organisation: retry "
                       "after " +
                       std::to_string(answer.retry_after_seconds) + " s"),
            delivery.req_id);
        return answer;
    }

    to_store->org_id = delivery.org_id;
    to_store->delivery_key =
        delivery.delivery_id.empty() ? Sha256Hex(delivery.body) : delivery.delivery_id;
    to_store->body = delivery.body;
    to_store->now_ms = options_.now_seconds() * 1000;
    return answer;
}

IntakeAnswer WebhookIntake::Stored(const IncomingDelivery& delivery,
                                   const Result<EnqueueResult>& stored) {
    if (!stored.ok()) {
        return Rejected(
            delivery, webhook_result::kFailed,
            Status(Code::kUnavailable, "the delivery could not be stored (" +
                                           stored.status().message() + "): send it again"));
    }
    IntakeAnswer answer;
    answer.duplicate = stored->duplicate;
    answer.id = stored->id;
    CountWebhookEvent(stored->duplicate ? webhook_result::kDuplicate : webhook_result::kAccepted);
    if (!stored->duplicate && on_stored_) on_stored_();
    return answer;
}

}  // namespace stocktake::server
