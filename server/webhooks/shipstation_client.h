// Follows a ShipStation v1 notification: GETs its resource_url with Basic auth, page after
// page, inside the API's rate limit, and says what a failure means for the delivery
// (try again later, or park it). It fetches only from the configured API's scheme, host
// and port, and only its /orders or /shipments list, so a notification cannot make the
// server fetch anything else.
// Thread safety: Fetch is safe from many threads (each call makes its own connection; the
// rate limiter is shared and locked).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "webhooks/delivery_processor.h"
#include "webhooks/shipstation_config.h"
#include "webhooks/shipstation_payload.h"
#include "webhooks/shipstation_rate_limit.h"

namespace stocktake::server {

class ShipStationClient {
  public:
    static constexpr int64_t kMaxPages = 200;  // 200 pages of 100: far beyond one batch

    // now_ms: the clock the limiter reads (tests pass a fake one).
    ShipStationClient(ShipStationConfig config, std::shared_ptr<ShipStationRateLimiter> limiter,
                      std::function<int64_t()> now_ms);

    // Every page of the notification's resource into *out (orders or shipments appended in
    // page order). kDone when all were read; kRetry for rate limits (retry_after_seconds
    // set), an unreachable or failing API (5xx) and refused credentials; kDeadLetter for a
    // URL outside the API and for answers that are not the documented JSON.
    DeliveryResult Fetch(const ShipStationNotification& notification, ShipStationPage* out);

  private:
    ShipStationConfig config_;
    std::shared_ptr<ShipStationRateLimiter> limiter_;
    std::function<int64_t()> now_ms_;
};

}  // namespace stocktake::server
