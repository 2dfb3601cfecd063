#include "webhooks/shipstation_payload.h"

#include <array>
#include <cmath>
#include <set>

#include "stocktake/engine/purchasing.h"
#include "stocktake/time.h"

namespace stocktake::server {
namespace {

using nlohmann::json;

Status Bad(const std::string& where, const std::string& what) {
    return Status::InvalidArgument(where + " " + what);
}

const json* Member(const json& object, const char* name) {
    const auto it = object.find(name);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

// An id ShipStation sends as a number (orderId) and relays may send as text.
Result<std::string> IdText(const json& object, const char* name, const std::string& where) {
    const json* value = Member(object, name);
    if (value && value->is_number_integer()) return std::to_string(value->get<int64_t>());
    if (value && value->is_string() && !value->get<std::string>().empty()) {
        return value->get<std::string>();
    }
    return Bad(where + "." + name, "must be a non-empty string or an integer");
}

// Absent or null reads as "".
Result<std::string> OptionalText(const json& object, const char* name, const std::string& where) {
    const json* value = Member(object, name);
    if (!value) return std::string();
    if (!value->is_string()) return Bad(where + "." + name, "must be a string or null");
    return value->get<std::string>();
}

Result<int64_t> Quantity(const json& object, const char* name, const std::string& where) {
    const json* value = Member(object, name);
    if (!value || !value->is_number_integer() || value->get<int64_t>() < 1 ||
        value->get<int64_t>() > engine::kMaxPurchaseQuantity) {
        return Bad(where + "." + name, "must be an integer from 1 to 1000000000");
    }
    return value->get<int64_t>();
}

// A unit price in currency units (9.99) as cents; nullopt when absent or null.
Result<std::optional<int64_t>> PriceMinor(const json& object, const char* name,
                                          const std::string& where) {
    const json* value = Member(object, name);
    if (!value) return std::optional<int64_t>();
    if (!value->is_number() || value->get<double>() < 0 || value->get<double>() > 1e12) {
        return Bad(where + "." + name, "must be a number from 0 (a unit price) or null");
    }
    return std::optional<int64_t>(std::llround(value->get<double>() * 100));
}

Result<const json*> ArrayMember(const json& object, const char* name, const std::string& where) {
    const json* value = Member(object, name);
    if (!value || !value->is_array()) return Bad(where + "." + name, "must be an array");
    return value;
}

std::string Indexed(const std::string& where, const char* name, size_t i) {
    return where + "." + name + "[" + std::to_string(i) + "]";
}

// ---- ShipStation's own shapes (GET /orders, GET /shipments) -----------------------------

// A line's key: lineItemKey when the marketplace gave one (and no earlier line of the list
// has it), else ShipStation's orderItemId. A key that repeated would make two lines one
// record, rewritten by every delivery.
Result<std::string> ApiLineKey(const json& item, const std::string& where,
                               const std::set<std::string>& taken) {
    const json* key = Member(item, "lineItemKey");
    if (key && key->is_string() && !key->get<std::string>().empty() &&
        !taken.count(key->get<std::string>())) {
        return key->get<std::string>();
    }
    const json* item_id = Member(item, "orderItemId");
    if (item_id && item_id->is_number_integer()) {
        std::string by_id = "item-" + std::to_string(item_id->get<int64_t>());
        if (!taken.count(by_id)) return by_id;
    }
    return Bad(where, "needs a lineItemKey (text) or an orderItemId (integer) no other line has");
}

Result<ShipStationLine> ApiLine(const json& item, const std::string& where, bool priced,
                                const std::set<std::string>& taken) {
    if (!item.is_object()) return Bad(where, "must be an object");
    ShipStationLine line;
    Result<std::string> key = ApiLineKey(item, where, taken);
    if (!key.ok()) return key.status();
    line.key = std::move(key).value();
    Result<std::string> sku = OptionalText(item, "sku", where);
    if (!sku.ok()) return sku.status();
    line.sku = std::move(sku).value();
    Result<int64_t> quantity = Quantity(item, "quantity", where);
    if (!quantity.ok()) return quantity.status();
    line.quantity = *quantity;
    if (priced) {
        Result<std::optional<int64_t>> price = PriceMinor(item, "unitPrice", where);
        if (!price.ok()) return price.status();
        line.price_minor = *price;
    }
    return line;
}

// Adjustment items (discounts, fees) are money, not goods: they never reserve or ship.
bool IsAdjustment(const json& item) {
    const json* adjustment = item.is_object() ? Member(item, "adjustment") : nullptr;
    return adjustment && adjustment->is_boolean() && adjustment->get<bool>();
}

Result<std::vector<ShipStationLine>> ApiLines(const json& items, const std::string& where,
                                              const char* name, bool priced) {
    std::vector<ShipStationLine> lines;
    std::set<std::string> taken;
    for (size_t i = 0; i < items.size(); ++i) {
        if (IsAdjustment(items[i])) continue;
        Result<ShipStationLine> line = ApiLine(items[i], Indexed(where, name, i), priced, taken);
        if (!line.ok()) return line.status();
        taken.insert(line->key);
        lines.push_back(std::move(line).value());
    }
    return lines;
}

// ShipStation's times name no zone; they are US Pacific. Read as UTC-8 (standard time):
// during daylight time an order's date is an hour early, which nothing here depends on.
Result<std::string> ApiInstant(const json& object, const char* name, const std::string& where) {
    Result<std::string> text = OptionalText(object, name, where);
    if (!text.ok() || text->empty()) return text;
    DateOptions pacific;
    pacific.default_offset_minutes = -8 * 60;
    pacific.zoneless_time_uses_default = true;
    Result<int64_t> when = ParseDateTime(*text, pacific);
    if (!when.ok())
        return Bad(where + "." + name, "is not a date-time: " + when.status().message());
    return FormatIso8601Utc(*when);
}

Result<ShipStationOrder> ApiOrder(const json& object, const std::string& where) {
    if (!object.is_object()) return Bad(where, "must be an object");
    ShipStationOrder order;
    Result<std::string> id = IdText(object, "orderId", where);
    if (!id.ok()) return id.status();
    order.order_id = std::move(id).value();
    Result<std::string> number = OptionalText(object, "orderNumber", where);
    if (!number.ok()) return number.status();
    order.order_number = std::move(number).value();
    Result<std::string> status = OptionalText(object, "orderStatus", where);
    if (!status.ok()) return status.status();
    if (status->empty()) return Bad(where + ".orderStatus", "must be a non-empty string");
    order.status = std::move(status).value();
    Result<std::string> ordered_at = ApiInstant(object, "orderDate", where);
    if (!ordered_at.ok()) return ordered_at.status();
    order.ordered_at = std::move(ordered_at).value();
    if (const json* options = Member(object, "advancedOptions"); options && options->is_object()) {
        Result<std::string> source = OptionalText(*options, "source", where + ".advancedOptions");
        if (source.ok()) order.store = std::move(source).value();
        const json* store_id = Member(*options, "storeId");
        if (order.store.empty() && store_id && store_id->is_number_integer()) {
            order.store = "store " + std::to_string(store_id->get<int64_t>());
        }
    }
    Result<const json*> items = ArrayMember(object, "items", where);
    if (!items.ok()) return items.status();
    Result<std::vector<ShipStationLine>> lines = ApiLines(**items, where, "items", true);
    if (!lines.ok()) return lines.status();
    order.lines = std::move(lines).value();
    return order;
}

Result<ShipStationShipment> ApiShipment(const json& object, const std::string& where) {
    if (!object.is_object()) return Bad(where, "must be an object");
    ShipStationShipment shipment;
    Result<std::string> id = IdText(object, "shipmentId", where);
    if (!id.ok()) return id.status();
    shipment.shipment_id = std::move(id).value();
    Result<std::string> order_id = IdText(object, "orderId", where);
    if (!order_id.ok()) return order_id.status();
    shipment.order_id = std::move(order_id).value();
    if (const json* warehouse = Member(object, "warehouseId")) {
        if (!warehouse->is_number_integer()) {
            return Bad(where + ".warehouseId", "must be an integer or null");
        }
        shipment.warehouse_id = std::to_string(warehouse->get<int64_t>());
    }
    const json* voided = Member(object, "voided");
    if (voided && !voided->is_boolean()) return Bad(where + ".voided", "must be true or false");
    shipment.voided = voided && voided->get<bool>();
    if (Member(object, "shipmentItems")) {
        Result<const json*> items = ArrayMember(object, "shipmentItems", where);
        if (!items.ok()) return items.status();
        Result<std::vector<ShipStationLine>> lines =
            ApiLines(**items, where, "shipmentItems", false);
        if (!lines.ok()) return lines.status();
        shipment.lines = std::move(lines).value();
    }
    return shipment;
}

// ---- The inline forms (docs/API.md) -----------------------------------------------------

constexpr std::array<const char*, 6> kOrderStatuses = {
    "awaiting_payment", "awaiting_shipment", "pending_fulfillment",
    "on_hold",          "shipped",           "cancelled"};

Result<std::vector<ShipStationLine>> InlineLines(const json& object, const std::string& where,
                                                 bool priced) {
    Result<const json*> items = ArrayMember(object, "lines", where);
    if (!items.ok()) return items.status();
    std::vector<ShipStationLine> lines;
    for (size_t i = 0; i < (*items)->size(); ++i) {
        const json& item = (**items)[i];
        const std::string at = Indexed(where, "lines", i);
        if (!item.is_object()) return Bad(at, "must be an object");
        ShipStationLine line;
        Result<std::string> key = IdText(item, "line_item_key", at);
        if (!key.ok()) return key.status();
        for (const ShipStationLine& earlier : lines) {
            if (earlier.key == *key) return Bad(at + ".line_item_key", "repeats an earlier line's");
        }
        line.key = std::move(key).value();
        Result<std::string> sku = OptionalText(item, "sku", at);
        if (!sku.ok()) return sku.status();
        line.sku = std::move(sku).value();
        Result<int64_t> quantity = Quantity(item, "quantity", at);
        if (!quantity.ok()) return quantity.status();
        line.quantity = *quantity;
        if (priced) {
            Result<std::optional<int64_t>> price = PriceMinor(item, "unit_price", at);
            if (!price.ok()) return price.status();
            line.price_minor = *price;
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

Result<ShipStationOrder> InlineOrder(const json& object) {
    const std::string where = "order";
    if (!object.is_object()) return Bad(where, "must be an object");
    ShipStationOrder order;
    Result<std::string> id = IdText(object, "order_id", where);
    if (!id.ok()) return id.status();
    order.order_id = std::move(id).value();
    Result<std::string> number = OptionalText(object, "order_number", where);
    if (!number.ok()) return number.status();
    order.order_number = std::move(number).value();
    Result<std::string> status = OptionalText(object, "status", where);
    if (!status.ok()) return status.status();
    bool known = false;
    for (const char* name : kOrderStatuses) known = known || *status == name;
    if (!known) {
        return Bad(where + ".status",
                   "must be one of awaiting_payment, awaiting_shipment, pending_fulfillment, "
                   "on_hold, shipped, cancelled");
    }
    order.status = std::move(status).value();
    Result<std::string> date = OptionalText(object, "order_date", where);
    if (!date.ok()) return date.status();
    if (!date->empty()) {
        Result<int64_t> when = ParseIso8601(*date);
        if (!when.ok()) return Bad(where + ".order_date", "must be ISO-8601 with a zone");
        order.ordered_at = FormatIso8601Utc(*when);
    }
    Result<std::string> store = OptionalText(object, "store", where);
    if (!store.ok()) return store.status();
    order.store = std::move(store).value();
    Result<std::vector<ShipStationLine>> lines = InlineLines(object, where, true);
    if (!lines.ok()) return lines.status();
    order.lines = std::move(lines).value();
    return order;
}

Result<ShipStationShipment> InlineShipment(const json& object) {
    const std::string where = "shipment";
    if (!object.is_object()) return Bad(where, "must be an object");
    ShipStationShipment shipment;
    Result<std::string> id = IdText(object, "shipment_id", where);
    if (!id.ok()) return id.status();
    shipment.shipment_id = std::move(id).value();
    Result<std::string> order_id = IdText(object, "order_id", where);
    if (!order_id.ok()) return order_id.status();
    shipment.order_id = std::move(order_id).value();
    if (Member(object, "warehouse_id")) {
        Result<std::string> warehouse = IdText(object, "warehouse_id", where);
        if (!warehouse.ok()) return warehouse.status();
        shipment.warehouse_id = std::move(warehouse).value();
    }
    const json* voided = Member(object, "voided");
    if (voided && !voided->is_boolean()) return Bad(where + ".voided", "must be true or false");
    shipment.voided = voided && voided->get<bool>();
    Result<std::vector<ShipStationLine>> lines = InlineLines(object, where, false);
    if (!lines.ok()) return lines.status();
    shipment.lines = std::move(lines).value();
    return shipment;
}

Result<ShipStationNotification> Notification(const json& payload) {
    ShipStationNotification notification;
    const json* url = Member(payload, "resource_url");
    if (!url || !url->is_string() || url->get<std::string>().empty()) {
        return Bad("resource_url", "must be a non-empty string");
    }
    notification.resource_url = url->get<std::string>();
    const json* type = Member(payload, "resource_type");
    const std::string name = type && type->is_string() ? type->get<std::string>() : "";
    if (name == "ORDER_NOTIFY" || name == "ITEM_ORDER_NOTIFY") {
        notification.resource = ShipStationResource::kOrders;
    } else if (name == "SHIP_NOTIFY" || name == "ITEM_SHIP_NOTIFY") {
        notification.resource = ShipStationResource::kShipments;
    } else {
        return Bad("resource_type",
                   "must be ORDER_NOTIFY, ITEM_ORDER_NOTIFY, SHIP_NOTIFY or ITEM_SHIP_NOTIFY");
    }
    notification.resource_type = name;
    return notification;
}

}  // namespace

Result<ShipStationPayload> ParseShipStationPayload(const json& payload) {
    if (!payload.is_object()) return Status::InvalidArgument("the payload must be a JSON object");
    const bool notification = payload.contains("resource_url") || payload.contains("resource_type");
    const int shapes =
        int{notification} + int{payload.contains("order")} + int{payload.contains("shipment")};
    if (shapes != 1) {
        return Status::InvalidArgument(
            "the payload must be exactly one of: a ShipStation notification {resource_url, "
            "resource_type}, an inline {\"order\": {...}} or an inline {\"shipment\": {...}}");
    }
    ShipStationPayload parsed;
    if (notification) {
        Result<ShipStationNotification> read = Notification(payload);
        if (!read.ok()) return read.status();
        parsed.notification = std::move(read).value();
    } else if (payload.contains("order")) {
        Result<ShipStationOrder> read = InlineOrder(payload["order"]);
        if (!read.ok()) return read.status();
        parsed.order = std::move(read).value();
    } else {
        Result<ShipStationShipment> read = InlineShipment(payload["shipment"]);
        if (!read.ok()) return read.status();
        parsed.shipment = std::move(read).value();
    }
    return parsed;
}

Result<ShipStationPage> ParseShipStationPage(const json& body, ShipStationResource resource) {
    const std::string where = "the answer";
    if (!body.is_object()) return Bad(where, "is not a JSON object");
    ShipStationPage page;
    for (auto [name, out] : {std::pair{"page", &page.page}, std::pair{"pages", &page.pages}}) {
        const json* value = Member(body, name);
        if (!value || !value->is_number_integer() || value->get<int64_t>() < 0) {
            return Bad(where + "." + name, "must be an integer from 0");
        }
        *out = value->get<int64_t>();
    }
    const char* list = resource == ShipStationResource::kOrders ? "orders" : "shipments";
    Result<const json*> items = ArrayMember(body, list, where);
    if (!items.ok()) return items.status();
    for (size_t i = 0; i < (*items)->size(); ++i) {
        const std::string at = Indexed(where, list, i);
        if (resource == ShipStationResource::kOrders) {
            Result<ShipStationOrder> order = ApiOrder((**items)[i], at);
            if (!order.ok()) return order.status();
            page.orders.push_back(std::move(order).value());
        } else {
            Result<ShipStationShipment> shipment = ApiShipment((**items)[i], at);
            if (!shipment.ok()) return shipment.status();
            page.shipments.push_back(std::move(shipment).value());
        }
    }
    return page;
}

}  // namespace stocktake::server
