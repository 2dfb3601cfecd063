// Test support for ShipStation processing: a migrated database with organisation "org-a"
// (once per backend), a fake ShipStation API, and a processor wired to both with a clock
// the test moves.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "sync/sync_test_util.h"
#include "webhooks/fake_shipstation.h"
#include "webhooks/shipstation_processor.h"

namespace stocktake::server::testing {

class ShipStationRig {
  public:
    explicit ShipStationRig(int requests_per_minute = 40)
        : limiter_(std::make_shared<ShipStationRateLimiter>(requests_per_minute)),
          processor_(sync_.db(), Config(api_.base()), limiter_, [this] { return now_ms_; }) {}

    static ShipStationConfig Config(const std::string& base) {
        ShipStationConfig config;
        config.api_base = base;
        config.api_key = "ShipStation";
        config.api_secret = "Rocks";
        config.default_location = "MAIN";
        config.warehouse_locations = {{"777", "WEST"}};
        return config;
    }

    SyncDb& sync() { return sync_; }
    FakeShipStation& api() { return api_; }
    ShipStationProcessor& processor() { return processor_; }
    void AdvanceSeconds(int64_t seconds) { now_ms_ += seconds * 1000; }

    DeliveryResult Deliver(const nlohmann::json& body, const std::string& org = "org-a") {
        WebhookDelivery delivery;
        delivery.id = ++deliveries_;
        delivery.org_id = org;
        delivery.delivery_key = "delivery-" + std::to_string(deliveries_);
        delivery.body = body.dump();
        return processor_.Process(delivery);
    }

    // A notification of resource_type for GET <api>/<list>?storeID=12345.
    nlohmann::json Notification(const std::string& list, const std::string& type) const {
        return {{"resource_url", api_.base() + "/" + list + "?storeID=12345&importBatch=b1"},
                {"resource_type", type}};
    }

    int64_t Count(const std::string& sql) { return QueryInt(sync_.db(), sql); }
    int64_t Changes() { return Count("SELECT COUNT(*) FROM changes WHERE org_id = 'org-a'"); }

  private:
    SyncDb sync_;
    FakeShipStation api_;
    int64_t now_ms_ = 1'795'000'000'000;
    std::shared_ptr<ShipStationRateLimiter> limiter_;
    ShipStationProcessor processor_;
    int64_t deliveries_ = 0;
};

inline void CheckDone(const DeliveryResult& result) {
    INFO(result.reason);
    CHECK(result.outcome == DeliveryOutcome::kDone);
}

}  // namespace stocktake::server::testing
