// ShipStation deliveries through the processor: notifications followed to a fake API on
// loopback (paging, rate limits, failures), inline forms, and the effects each has on the
// organisation's tables and change log. The end-to-end tests are in
// shipstation_engine_test.cpp.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "ops/metrics.h"
#include "webhooks/shipstation_effects.h"
#include "webhooks/shipstation_test_util.h"

namespace stocktake::server::testing {
namespace {

using nlohmann::json;

json InlineOrder(const std::string& status, int quantity = 2) {
    return {{"order",
             {{"order_id", "9001"},
              {"order_number", "A-1001"},
              {"status", status},
              {"order_date", "2026-11-20T09:15:00Z"},
              {"lines",
               {{{"line_item_key", "L1"},
                 {"sku", "SKU-1"},
                 {"quantity", quantity},
                 {"unit_price", 9.99}}}}}}};
}

json InlineShipment(bool voided) {
    return {{"shipment",
             {{"shipment_id", "555"},
              {"order_id", "9001"},
              {"voided", voided},
              {"lines", {{{"line_item_key", "L1"}, {"sku", "SKU-1"}, {"quantity", 2}}}}}}};
}

// Two orders, one a page.
void ServeTwoPagesOfOrders(ShipStationRig& rig) {
    rig.api().Serve("orders",
                    {ApiOrder(1, "awaiting_shipment", {{"SKU-1", 1}}),
                     ApiOrder(2, "awaiting_shipment", {{"SKU-2", 1}})},
                    1);
}

// Order 1 (2 × SKU-1) notified, then its shipment 70 from warehouse 777.
void OrderThenShipment(ShipStationRig& rig) {
    rig.api().Serve("orders", {ApiOrder(1, "awaiting_shipment", {{"SKU-1", 2}})}, 100);
    rig.api().Serve("shipments", {ApiShipment(70, 1, {{"SKU-1", 2}})}, 100);
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
    CheckDone(rig.Deliver(rig.Notification("shipments", "SHIP_NOTIFY")));
}

std::string OrderStatus(ShipStationRig& rig, const std::string& id) {
    SqlRows rows = rig.sync().Exec("SELECT status FROM orders WHERE org_id = 'org-a' AND id = $1",
                                   {std::string(id)});
    return rows.empty() ? "" : rows.Text(0, 0);
}

TEST_CASE("An order notification is followed through every page into orders and lines",
          "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    rig.api().Serve("orders",
                    {ApiOrder(1, "awaiting_shipment", {{"SKU-1", 2}}),
                     ApiOrder(2, "awaiting_payment", {{"SKU-2", 1}, {"SKU-3", 4}}),
                     ApiOrder(3, "awaiting_shipment", {{"SKU-1", 1}})},
                    2);
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));

    const std::vector<std::string> targets = rig.api().targets();
    REQUIRE(targets.size() == 2);
    CHECK(targets[0].find("storeID=12345") != std::string::npos);
    CHECK(targets[0].find("page=1") != std::string::npos);
    CHECK(targets[1].find("page=2") != std::string::npos);
    CHECK(rig.api().last_authorization() == "Basic U2hpcFN0YXRpb246Um9ja3M=");
    CHECK(rig.Count("SELECT COUNT(*) FROM orders WHERE status = 'open'") == 3);
    CHECK(rig.Count("SELECT COUNT(*) FROM order_lines WHERE deleted = 0") == 4);
    CHECK(rig.Count("SELECT quantity FROM order_lines WHERE order_id = 'shipstation:2' "
                    "AND line = 'LK-2-1'") == 4);
    CHECK(rig.Count("SELECT price_minor FROM order_lines WHERE order_id = 'shipstation:1'") ==
          1250);
    // Every record change is an op in the log: 3 orders + 4 lines.
    CHECK(rig.Changes() == 7);
}

TEST_CASE(
    "A shipment notification asks for its items and ships them at the warehouse's "
    "location",
    "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    OrderThenShipment(rig);

    CHECK(rig.api().targets().back().find("includeShipmentItems=true") != std::string::npos);
    CHECK(rig.Count("SELECT delta FROM movements WHERE sku = 'SKU-1' AND location = 'WEST' "
                    "AND kind = 'ship'") == -2);
    CHECK(OrderStatus(rig, "shipstation:1") == "shipped");
    CHECK(rig.Count("SELECT COUNT(*) FROM locations WHERE id = 'WEST'") == 1);
}

TEST_CASE("An inline order is applied as it is", "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    CHECK(rig.processor().Validate(InlineOrder("awaiting_shipment")).ok());
    json unkeyed = InlineOrder("awaiting_shipment");
    unkeyed["order"].erase("order_id");
    const Status refused = rig.processor().Validate(unkeyed);
    CHECK(refused.code() == Code::kInvalidArgument);
    CHECK(refused.message() == "order.order_id must be a non-empty string or an integer");
    CheckDone(rig.Deliver(InlineOrder("awaiting_shipment")));
    CHECK(OrderStatus(rig, "shipstation:9001") == "open");
    CHECK(rig.Count("SELECT quantity FROM order_lines WHERE order_id = 'shipstation:9001' "
                    "AND line = 'L1'") == 2);
    CHECK(rig.api().requests() == 0);
}

TEST_CASE("A resource_url outside the configured API is never fetched", "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    FakeShipStation elsewhere;
    elsewhere.Serve("orders", {ApiOrder(1, "awaiting_shipment", {{"SKU-1", 2}})}, 100);
    const std::string port = std::to_string(rig.api().port());
    for (const std::string& url :
         {elsewhere.base() + "/orders?storeID=1",        // another port
          "http://localhost:" + port + "/orders",        // another host name
          "https://127.0.0.1:" + port + "/orders",       // another scheme
          "http://user@127.0.0.1:" + port + "/orders",   // user info
          rig.api().base() + "/accounts/listtags",       // another path
          rig.api().base() + "/shipments?storeID=1"}) {  // not what the type lists
        INFO(url);
        const DeliveryResult result =
            rig.Deliver({{"resource_url", url}, {"resource_type", "ORDER_NOTIFY"}});
        CHECK(result.outcome == DeliveryOutcome::kDeadLetter);
        CHECK(result.reason.find("not fetched") != std::string::npos);
    }
    CHECK(elsewhere.requests() == 0);
    CHECK(rig.api().requests() == 0);
    CHECK(rig.Changes() == 0);
}

TEST_CASE("ShipStation's rate limit turns into a retry after its reset", "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    ServeTwoPagesOfOrders(rig);

    SECTION("a 429 answer: retry after X-Rate-Limit-Reset") {
        Counter& limited =
            Metrics().GetCounter("stocktake_shipstation_requests_total", "", {{"status", "429"}});
        const double limited_before = limited.Value();
        rig.api().Script({429,
                          R"({"message":"Too Many Requests"})",
                          {{"X-Rate-Limit-Remaining", "0"}, {"X-Rate-Limit-Reset", "17"}}});
        const DeliveryResult result = rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY"));
        CHECK(result.outcome == DeliveryOutcome::kRetry);
        CHECK(result.retry_after_seconds == 17);
        CHECK(rig.Changes() == 0);
        // Nothing more is sent before the reset, even for another delivery.
        CHECK(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")).retry_after_seconds == 17);
        CHECK(rig.api().requests() == 1);
        CHECK(limited.Value() == limited_before + 1);
        rig.AdvanceSeconds(17);
        CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
        CHECK(rig.Count("SELECT COUNT(*) FROM orders") == 2);
    }
    SECTION("X-Rate-Limit-Remaining: 0 stops paging until the reset") {
        rig.api().SetRateLimit(0, 25);
        const DeliveryResult result = rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY"));
        CHECK(result.outcome == DeliveryOutcome::kRetry);
        CHECK(result.retry_after_seconds == 25);
        CHECK(rig.api().requests() == 1);  // page 2 waits
        rig.api().SetRateLimit(39, 60);
        rig.AdvanceSeconds(25);
        CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
        CHECK(rig.Count("SELECT COUNT(*) FROM orders") == 2);
    }
}

TEST_CASE("The process keeps to 40 requests a minute per API key", "[server][shipstation]") {
    ShipStationRig rig(3);  // a budget of 3 a minute, so the test sends few requests
    INFO("backend: " << rig.sync().backend());
    ServeTwoPagesOfOrders(rig);
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));  // 2 requests
    rig.AdvanceSeconds(10);
    const DeliveryResult result = rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY"));
    CHECK(result.outcome == DeliveryOutcome::kRetry);
    CHECK(result.retry_after_seconds == 50);  // the first request leaves the window then
    CHECK(rig.api().requests() == 3);

    // Eight workers asking at once get 40 requests in the minute between them.
    ShipStationRateLimiter shared(40);
    std::atomic<int> sent{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < 8; ++w) {
        workers.emplace_back([&] {
            for (int i = 0; i < 20; ++i) sent += shared.TryAcquire(0) == 0;
        });
    }
    for (std::thread& worker : workers) worker.join();
    CHECK(sent == 40);
    CHECK(shared.TryAcquire(59'999) == 1);
    CHECK(shared.TryAcquire(60'000) == 0);
    CHECK(SharedShipStationLimiter("key-a", 40) == SharedShipStationLimiter("key-a", 40));
    CHECK(SharedShipStationLimiter("key-a", 40) != SharedShipStationLimiter("key-b", 40));
}

TEST_CASE("An API that is down is retried; a malformed resource is parked",
          "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    ServeTwoPagesOfOrders(rig);
    SECTION("500") {
        rig.api().Script({500, "oops", {}});
        const DeliveryResult result = rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY"));
        CHECK(result.outcome == DeliveryOutcome::kRetry);
        CHECK(result.retry_after_seconds == 0);
        CHECK(result.reason.find("HTTP 500") != std::string::npos);
    }
    SECTION("a failure on the second page stores nothing of the first") {
        rig.api().Script(
            {200, ApiListPage("orders", ApiOrder(1, "awaiting_shipment", {{"S", 1}})), {}});
        rig.api().Script({503, "", {}});
        CHECK(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")).outcome ==
              DeliveryOutcome::kRetry);
    }
    SECTION("unreachable") {
        int closed_port = 0;
        {
            FakeShipStation gone;
            closed_port = gone.port();
        }
        ShipStationConfig config =
            ShipStationRig::Config("http://127.0.0.1:" + std::to_string(closed_port));
        ShipStationProcessor processor(rig.sync().db(), config,
                                       std::make_shared<ShipStationRateLimiter>(40),
                                       [] { return int64_t{0}; });
        WebhookDelivery delivery;
        delivery.org_id = "org-a";
        delivery.body = json{{"resource_url", config.api_base + "/orders?storeID=1"},
                             {"resource_type", "ORDER_NOTIFY"}}
                            .dump();
        const DeliveryResult result = processor.Process(delivery);
        CHECK(result.outcome == DeliveryOutcome::kRetry);
        CHECK(result.reason.find("unreachable") != std::string::npos);
    }
    SECTION("not JSON") {
        rig.api().Script({200, "<html>maintenance</html>", {}});
        const DeliveryResult result = rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY"));
        CHECK(result.outcome == DeliveryOutcome::kDeadLetter);
        CHECK(result.reason.find("not JSON") != std::string::npos);
    }
    SECTION("JSON of another shape") {
        rig.api().Script({200, R"({"orders": [{"orderId": 1}], "page": 1, "pages": 1})", {}});
        const DeliveryResult result = rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY"));
        CHECK(result.outcome == DeliveryOutcome::kDeadLetter);
        CHECK(result.reason.find("orders[0].orderStatus") != std::string::npos);
    }
    SECTION("a delivery body that is not a payload") {
        WebhookDelivery delivery;
        delivery.org_id = "org-a";
        delivery.body = "{not json";
        CHECK(rig.processor().Process(delivery).outcome == DeliveryOutcome::kDeadLetter);
    }
    CHECK(rig.Changes() == 0);
}

TEST_CASE("The same order or shipment processed again changes nothing", "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    OrderThenShipment(rig);
    const int64_t changes = rig.Changes();

    // The same resource again, another notification naming it, the ITEM_ variants.
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
    CheckDone(rig.Deliver(rig.Notification("orders", "ITEM_ORDER_NOTIFY")));
    CheckDone(rig.Deliver(rig.Notification("shipments", "SHIP_NOTIFY")));
    CheckDone(rig.Deliver(rig.Notification("shipments", "ITEM_SHIP_NOTIFY")));
    CHECK(rig.Changes() == changes);
    CHECK(rig.Count("SELECT COUNT(*) FROM movements") == 1);
    CHECK(OrderStatus(rig, "shipstation:1") == "shipped");
}

TEST_CASE("The same shipment processed by eight workers at once moves stock once",
          "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    rig.api().Serve("orders", {ApiOrder(1, "awaiting_shipment", {{"SKU-1", 2}})}, 100);
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
    rig.api().Serve("shipments", {ApiShipment(70, 1, {{"SKU-1", 2}})}, 100);
    WebhookDelivery delivery;
    delivery.org_id = "org-a";
    delivery.body = rig.Notification("shipments", "SHIP_NOTIFY").dump();
    std::atomic<int> done{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < 8; ++w) {
        workers.emplace_back(
            [&] { done += rig.processor().Process(delivery).outcome == DeliveryOutcome::kDone; });
    }
    for (std::thread& worker : workers) worker.join();
    CHECK(done == 8);
    CHECK(rig.Count("SELECT COUNT(*) FROM movements") == 1);
    CHECK(rig.Count("SELECT SUM(delta) FROM movements") == -2);
    // The order and its line, then the location, the movement and the order's status.
    CHECK(rig.Changes() == 5);
}

TEST_CASE("A revised order changes only what differs; dropped lines stop reserving",
          "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    rig.api().Serve("orders", {ApiOrder(1, "awaiting_shipment", {{"SKU-1", 2}, {"SKU-2", 1}})},
                    100);
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
    const int64_t before = rig.Changes();
    rig.api().Serve("orders", {ApiOrder(1, "awaiting_shipment", {{"SKU-1", 5}})}, 100);
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
    CHECK(rig.Changes() == before + 2);  // SKU-1's quantity, SKU-2's line deleted
    CHECK(rig.Count("SELECT quantity FROM order_lines WHERE line = 'LK-1-0'") == 5);
    CHECK(rig.Count("SELECT deleted FROM order_lines WHERE line = 'LK-1-1'") == 1);
}

TEST_CASE(
    "A cancelled order releases its reservation; a late notification does not reopen "
    "a shipped one",
    "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    CheckDone(rig.Deliver(InlineOrder("awaiting_shipment")));
    CheckDone(rig.Deliver(InlineOrder("cancelled")));
    CHECK(OrderStatus(rig, "shipstation:9001") == "cancelled");
    CHECK(rig.Count("SELECT COUNT(*) FROM movements") == 0);

    CheckDone(rig.Deliver(InlineOrder("awaiting_shipment")));  // restored in ShipStation
    CHECK(OrderStatus(rig, "shipstation:9001") == "open");
    CheckDone(rig.Deliver(InlineShipment(false)));
    CheckDone(rig.Deliver(InlineOrder("awaiting_shipment")));  // stale
    CHECK(OrderStatus(rig, "shipstation:9001") == "shipped");
}

TEST_CASE("A voided shipment is reversed by compensating movements, once",
          "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    CheckDone(rig.Deliver(InlineOrder("awaiting_shipment")));
    CheckDone(rig.Deliver(InlineShipment(false)));
    CheckDone(rig.Deliver(InlineShipment(true)));
    const int64_t changes = rig.Changes();
    CheckDone(rig.Deliver(InlineShipment(true)));
    CheckDone(rig.Deliver(InlineShipment(false)));  // an old delivery replayed
    CHECK(rig.Changes() == changes);

    CHECK(rig.Count("SELECT COUNT(*) FROM movements") == 2);  // nothing deleted
    CHECK(rig.Count("SELECT SUM(delta) FROM movements WHERE sku = 'SKU-1' AND location = "
                    "'MAIN'") == 0);
    CHECK(rig.Count("SELECT delta FROM movements WHERE kind = 'adjust'") == 2);
    CHECK(OrderStatus(rig, "shipstation:9001") == "open");

    // A label voided before it was ever seen moves nothing.
    json unseen = InlineShipment(true);
    unseen["shipment"]["shipment_id"] = "556";
    CheckDone(rig.Deliver(unseen));
    CHECK(rig.Changes() == changes);
}

TEST_CASE("Unknown SKUs are recorded and flagged, not dropped", "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    CheckDone(rig.Deliver(InlineOrder("awaiting_shipment")));  // SKU-1 is in no catalogue
    CHECK(rig.Count("SELECT COUNT(*) FROM order_lines WHERE sku = 'SKU-1'") == 1);
    SqlRows flagged = rig.sync().Exec(
        "SELECT kind, channel, details FROM insights WHERE org_id = 'org-a' AND sku = 'SKU-1'");
    REQUIRE(flagged.size() == 1);
    CHECK(flagged.Text(0, 0) == "unknown_sku");
    CHECK(flagged.Text(0, 1) == "shipstation");
    CHECK(flagged.Text(0, 2).find("shipstation:9001") != std::string::npos);
}

TEST_CASE("A shipment without items ships its recorded order's lines, or is parked",
          "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    json bare = ApiShipment(71, 1, {});
    bare["shipmentItems"] = nullptr;
    rig.api().Serve("shipments", {bare}, 100);
    const DeliveryResult parked = rig.Deliver(rig.Notification("shipments", "SHIP_NOTIFY"));
    CHECK(parked.outcome == DeliveryOutcome::kDeadLetter);
    CHECK(parked.reason.find("lists no items") != std::string::npos);

    rig.api().Serve("orders", {ApiOrder(1, "awaiting_shipment", {{"SKU-1", 3}})}, 100);
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
    CheckDone(rig.Deliver(rig.Notification("shipments", "SHIP_NOTIFY")));
    CHECK(rig.Count("SELECT delta FROM movements WHERE kind = 'ship'") == -3);
}

TEST_CASE("The server's ShipStation device is one per organisation", "[server][shipstation]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    rig.sync().AddOrg("org-b");
    CheckDone(rig.Deliver(InlineOrder("awaiting_shipment"), "org-a"));
    CheckDone(rig.Deliver(InlineOrder("awaiting_shipment"), "org-b"));
    CHECK(ShipStationDeviceId("org-a").size() == 32);
    CHECK(ShipStationDeviceId("org-a") != ShipStationDeviceId("org-b"));
    CHECK(rig.Count("SELECT COUNT(*) FROM devices") == 2);
    CHECK(rig.Count("SELECT COUNT(*) FROM changes WHERE org_id = 'org-b'") == 2);
}

}  // namespace
}  // namespace stocktake::server::testing
