#include "webhooks/shipstation_payload.h"

#include <catch2/catch.hpp>

#include "webhooks/shipstation_url.h"

namespace stocktake::server {
namespace {

using nlohmann::json;

json InlineOrder() {
    return {
        {"order",
         {{"order_id", "9001"},
          {"order_number", "A-1001"},
          {"status", "awaiting_shipment"},
          {"order_date", "2026-11-20T09:15:00Z"},
          {"store", "amazon"},
          {"lines",
           {{{"line_item_key", "L1"}, {"sku", "SKU-1"}, {"quantity", 2}, {"unit_price", 9.99}}}}}}};
}

std::string Reason(const json& payload) {
    Result<ShipStationPayload> parsed = ParseShipStationPayload(payload);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Code::kInvalidArgument);
    return parsed.status().message();
}

TEST_CASE("A ShipStation notification names a resource to fetch", "[server][shipstation]") {
    Result<ShipStationPayload> parsed = ParseShipStationPayload(
        {{"resource_url", "https://ssapi.shipstation.com/shipments?storeID=12&batchId=99"},
         {"resource_type", "ITEM_SHIP_NOTIFY"}});
    REQUIRE(parsed.ok());
    REQUIRE(parsed->notification);
    CHECK(parsed->notification->resource == ShipStationResource::kShipments);
    CHECK_FALSE(parsed->order);

    CHECK(Reason({{"resource_url", "https://ssapi.shipstation.com/orders"},
                  {"resource_type", "FULFILLMENT_SHIPPED"}})
              .find("resource_type must be ORDER_NOTIFY") != std::string::npos);
    CHECK(Reason({{"resource_type", "ORDER_NOTIFY"}}) == "resource_url must be a non-empty string");
}

TEST_CASE("The inline order form is read with its lines", "[server][shipstation]") {
    Result<ShipStationPayload> parsed = ParseShipStationPayload(InlineOrder());
    REQUIRE(parsed.ok());
    REQUIRE(parsed->order);
    const ShipStationOrder& order = *parsed->order;
    CHECK(order.order_id == "9001");
    CHECK(order.ordered_at == "2026-11-20T09:15:00Z");
    REQUIRE(order.lines.size() == 1);
    CHECK(order.lines[0].key == "L1");
    CHECK(order.lines[0].quantity == 2);
    CHECK(order.lines[0].price_minor == 999);
}

TEST_CASE("A malformed inline form is refused with the member at fault", "[server][shipstation]") {
    json order = InlineOrder();
    order["order"]["lines"][0]["quantity"] = 0;
    CHECK(Reason(order) == "order.lines[0].quantity must be an integer from 1 to 1000000000");
    order = InlineOrder();
    order["order"]["status"] = "lost";
    CHECK(Reason(order).find("order.status must be one of") == 0);
    order = InlineOrder();
    order["order"]["order_date"] = "2026-11-20T09:15:00";
    CHECK(Reason(order) == "order.order_date must be ISO-8601 with a zone");
    order = InlineOrder();
    order["order"]["lines"][0].erase("line_item_key");
    CHECK(Reason(order) == "order.lines[0].line_item_key must be a non-empty string or an integer");
    CHECK(Reason({{"shipment", {{"shipment_id", 5}, {"lines", json::array()}}}}) ==
          "shipment.order_id must be a non-empty string or an integer");
    CHECK(Reason({{"shipment", {{"shipment_id", 5}, {"order_id", 9}, {"voided", "yes"}}}}) ==
          "shipment.voided must be true or false");
    order = InlineOrder();
    order["order"]["lines"].push_back(order["order"]["lines"][0]);
    CHECK(Reason(order) == "order.lines[1].line_item_key repeats an earlier line's");
    CHECK(Reason(json::array()) == "the payload must be a JSON object");
    json both = InlineOrder();
    both["resource_url"] = "https://ssapi.shipstation.com/orders";
    CHECK(Reason(both).find("exactly one of") != std::string::npos);
    CHECK(Reason({{"hello", 1}}).find("exactly one of") != std::string::npos);
}

TEST_CASE(
    "A page of GET /orders: ShipStation's shape, zone-less Pacific dates, adjustments "
    "skipped",
    "[server][shipstation]") {
    const json body = {{"orders",
                        {{{"orderId", 123},
                          {"orderNumber", "A-1"},
                          {"orderStatus", "awaiting_shipment"},
                          {"orderDate", "2026-01-15T13:05:13.4930000"},
                          {"advancedOptions", {{"storeId", 7}, {"source", nullptr}}},
                          {"items",
                           {{{"orderItemId", 55},
                             {"lineItemKey", nullptr},
                             {"sku", "S"},
                             {"quantity", 3},
                             {"unitPrice", 1.5},
                             {"adjustment", false}},
                            {{"orderItemId", 56},
                             {"sku", nullptr},
                             {"quantity", 1},
                             {"unitPrice", -1},
                             {"adjustment", true}}}}}}},
                       {"total", 1},
                       {"page", 1},
                       {"pages", 1}};
    Result<ShipStationPage> page = ParseShipStationPage(body, ShipStationResource::kOrders);
    REQUIRE(page.ok());
    REQUIRE(page->orders.size() == 1);
    const ShipStationOrder& order = page->orders[0];
    CHECK(order.order_id == "123");
    CHECK(order.ordered_at == "2026-01-15T21:05:13Z");  // PST is UTC-8
    CHECK(order.store == "store 7");
    REQUIRE(order.lines.size() == 1);
    CHECK(order.lines[0].key == "item-55");
    CHECK(order.lines[0].price_minor == 150);

    // A lineItemKey two items share: the second is keyed by its orderItemId.
    json twice = body;
    twice["orders"][0]["items"][0]["lineItemKey"] = "K";
    twice["orders"][0]["items"][1] = twice["orders"][0]["items"][0];
    twice["orders"][0]["items"][1]["orderItemId"] = 57;
    Result<ShipStationPage> keyed = ParseShipStationPage(twice, ShipStationResource::kOrders);
    REQUIRE(keyed.ok());
    REQUIRE(keyed->orders[0].lines.size() == 2);
    CHECK(keyed->orders[0].lines[0].key == "K");
    CHECK(keyed->orders[0].lines[1].key == "item-57");

    json broken = body;
    broken["orders"][0]["items"][0]["quantity"] = "3";
    Result<ShipStationPage> refused = ParseShipStationPage(broken, ShipStationResource::kOrders);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().message() ==
          "the answer.orders[0].items[0].quantity must be an integer from 1 to 1000000000");
    CHECK_FALSE(ParseShipStationPage(body, ShipStationResource::kShipments).ok());
}

TEST_CASE("Resource URLs are parsed strictly", "[server][shipstation]") {
    Result<HttpUrl> url = ParseHttpUrl("HTTPS://SSAPI.shipstation.com/orders?storeID=1");
    REQUIRE(url.ok());
    CHECK(url->scheme == "https");
    CHECK(url->host == "ssapi.shipstation.com");
    CHECK(url->port == 443);
    CHECK(url->path == "/orders");
    CHECK(url->query == "storeID=1");
    CHECK(SameOrigin(*url, ParseHttpUrl("https://ssapi.shipstation.com:443").value()));
    CHECK_FALSE(SameOrigin(*url, ParseHttpUrl("https://ssapi.shipstation.com:8443").value()));
    CHECK_FALSE(ParseHttpUrl("https://ssapi.shipstation.com@evil.example/orders").ok());
    CHECK_FALSE(ParseHttpUrl("https://ssapi.shipstation.com/orders#x").ok());
    CHECK_FALSE(ParseHttpUrl("file:///etc/passwd").ok());
    CHECK_FALSE(ParseHttpUrl("https://host:99999/").ok());
    CHECK(ParseHttpUrl("http://[::1]:8080/orders")->host == "[::1]");
    CHECK(WithQueryParameters("storeID=1&PAGE=4&importBatch=x", {{"page", "2"}}) ==
          "storeID=1&importBatch=x&page=2");
}

}  // namespace
}  // namespace stocktake::server
