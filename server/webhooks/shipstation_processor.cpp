#include "webhooks/shipstation_processor.h"

#include "stocktake/time.h"

namespace stocktake::server {

ShipStationProcessor::ShipStationProcessor(SqlDatabase& db, const ShipStationConfig& config,
                                           std::shared_ptr<ShipStationRateLimiter> limiter,
                                           std::function<int64_t()> now_ms)
    : client_(config, std::move(limiter), std::move(now_ms)), effects_(db, config) {}

Status ShipStationProcessor::Validate(const nlohmann::json& payload) const {
    return ParseShipStationPayload(payload).status();
}

DeliveryResult ShipStationProcessor::Process(const WebhookDelivery& delivery) {
    const nlohmann::json body = nlohmann::json::parse(delivery.body, nullptr, false);
    Result<ShipStationPayload> payload =
        body.is_discarded()
            ? Result<ShipStationPayload>(Status::InvalidArgument("the body is not JSON"))
            : ParseShipStationPayload(body);
    if (!payload.ok()) return {DeliveryOutcome::kDeadLetter, payload.status().message(), 0};

    ShipStationPage items;
    if (payload->notification) {
        DeliveryResult fetched = client_.Fetch(*payload->notification, &items);
        if (fetched.outcome != DeliveryOutcome::kDone) return fetched;
    }
    if (payload->order) items.orders.push_back(*payload->order);
    if (payload->shipment) items.shipments.push_back(*payload->shipment);

    Result<ShipStationEffectsSummary> applied =
        effects_.Apply(delivery.org_id, items.orders, items.shipments);
    if (applied.ok()) return {};
    const Status& why = applied.status();
    // A database that failed may work on the next attempt; a delivery whose effects are
    // refused as they are will not.
    const bool lasting = why.code() == Code::kInvalidArgument ||
                         why.code() == Code::kPermissionDenied ||
                         why.code() == Code::kAlreadyExists;
    return {lasting ? DeliveryOutcome::kDeadLetter : DeliveryOutcome::kRetry, why.ToString(), 0};
}

std::unique_ptr<DeliveryProcessor> MakeShipStationProcessor(SqlDatabase& db,
                                                            const ShipStationConfig& config) {
    return std::make_unique<ShipStationProcessor>(
        db, config, SharedShipStationLimiter(config.api_key, config.requests_per_minute),
        [] { return NowUnixMillis(); });
}

}  // namespace stocktake::server
