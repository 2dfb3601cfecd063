// The ShipStation payloads the server takes, as plain values: the v1 webhook notification
// (a resource URL to fetch), the compact inline order and shipment forms (docs/API.md,
// "ShipStation deliveries"), and the order and shipment lists the v1 API answers with.
// Parsing checks every member it uses and says which one is wrong; members it does not
// use are ignored, so ShipStation adding fields breaks nothing.
// Thread safety: pure functions over values.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "stocktake/status.h"

namespace stocktake::server {

// What a notification's resource URL lists.
enum class ShipStationResource { kOrders, kShipments };

struct ShipStationNotification {
    std::string resource_url;
    std::string resource_type;  // ORDER_NOTIFY, ITEM_ORDER_NOTIFY, SHIP_NOTIFY, ITEM_SHIP_NOTIFY
    ShipStationResource resource = ShipStationResource::kOrders;
};

// An order or shipment line. key is the line's identity within its order: ShipStation's
// lineItemKey, else its orderItemId; the same line keeps it in every delivery.
struct ShipStationLine {
    std::string key;
    std::string sku;  // "" when the line names none (it is flagged, not stocked)
    int64_t quantity = 0;
    std::optional<int64_t> price_minor;  // unit price in cents
};

struct ShipStationOrder {
    std::string order_id;      // ShipStation's orderId: the order's key
    std::string order_number;  // the seller's (or marketplace's) number, for people
    std::string status;        // ShipStation's orderStatus: awaiting_shipment, shipped, ...
    std::string ordered_at;    // ISO-8601 UTC
    std::string store;         // the store or channel it came from, "" when unknown
    std::vector<ShipStationLine> lines;
};

struct ShipStationShipment {
    std::string shipment_id;  // the shipment's key
    std::string order_id;
    std::string warehouse_id;  // "" when unknown: the default location
    bool voided = false;
    // nullopt when the answer carried no items (shipmentItems null): the order's lines ship.
    std::optional<std::vector<ShipStationLine>> lines;
};

// A delivery's body: exactly one of the three.
struct ShipStationPayload {
    std::optional<ShipStationNotification> notification;
    std::optional<ShipStationOrder> order;
    std::optional<ShipStationShipment> shipment;
};

// InvalidArgument naming the member at fault when payload is none of the accepted shapes.
Result<ShipStationPayload> ParseShipStationPayload(const nlohmann::json& payload);

// One page of GET /orders or GET /shipments: {"orders"|"shipments": [...], "page", "pages"}.
struct ShipStationPage {
    std::vector<ShipStationOrder> orders;
    std::vector<ShipStationShipment> shipments;
    int64_t page = 1;
    int64_t pages = 1;
};

// InvalidArgument (the resource is malformed: retrying cannot help) naming what is wrong.
Result<ShipStationPage> ParseShipStationPage(const nlohmann::json& body,
                                             ShipStationResource resource);

}  // namespace stocktake::server
