// ShipStationProcessor: what a ShipStation delivery means (docs/API.md, "ShipStation
// deliveries"). A notification is followed to ShipStation's API (ShipStationClient) and
// the orders or shipments it lists are applied; an inline order or shipment is applied as
// it is (ShipStationEffects). Failures say what the queue should do: retry later (API down
// or rate-limited, a database failure) or park the delivery (malformed resource, a URL
// outside the configured API).
// Thread safety: Validate and Process are safe from many threads.
#pragma once

#include <functional>
#include <memory>

#include "storage/sql.h"
#include "webhooks/delivery_processor.h"
#include "webhooks/shipstation_client.h"
#include "webhooks/shipstation_config.h"
#include "webhooks/shipstation_effects.h"

namespace stocktake::server {

class ShipStationProcessor : public DeliveryProcessor {
  public:
    // REQUIRES: db outlives the processor. now_ms: the rate limiter's clock.
    ShipStationProcessor(SqlDatabase& db, const ShipStationConfig& config,
                         std::shared_ptr<ShipStationRateLimiter> limiter,
                         std::function<int64_t()> now_ms);

    Status Validate(const nlohmann::json& payload) const override;
    DeliveryResult Process(const WebhookDelivery& delivery) override;

  private:
    ShipStationClient client_;
    ShipStationEffects effects_;
};

// The processor serve runs: the system clock and the process's limiter for the API key.
std::unique_ptr<DeliveryProcessor> MakeShipStationProcessor(SqlDatabase& db,
                                                            const ShipStationConfig& config);

}  // namespace stocktake::server
