// Engine's order methods: orders reserve stock while open; shipping appends the ship
// movements through the ledger (stock/ledger.h), a kit's as its components' (stock/kits.h);
// SQL in store/orders_repo.
#include "stock/kits.h"
#include "stock/ledger.h"
#include "stock/movement_rules.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/store.h"
#include "sync/entity_writes.h"

namespace stocktake::engine {

namespace {

// One id per channel order: "amazon:113-1234567-1234567".
std::string OrderId(const std::string& channel, const std::string& external_id) {
    return channel + ":" + external_id;
}

Status ValidateOrder(Order* order) {
    if (order->channel.empty() || order->external_id.empty()) {
        return Status::InvalidArgument("an order needs its channel and the channel's order number");
    }
    if (order->lines.empty()) {
        return Status::InvalidArgument("order " + order->external_id + " has no lines");
    }
    for (const OrderLine& line : order->lines) {
        if (line.sku.empty() || line.quantity <= 0) {
            return Status::InvalidArgument("order " + order->external_id +
                                           " has a line without a SKU or a positive quantity");
        }
    }
    Status ordered_at_ok = NormalizeInstantOrNow(&order->ordered_at, "ordered_at");
    if (!ordered_at_ok.ok()) return ordered_at_ok;
    return Status::Ok();
}

// The stored open order, or why it cannot change.
Result<Order> FindOpen(Store& store, const std::string& id) {
    Result<std::optional<Order>> found = store.orders().Find(id);
    if (!found.ok()) return found.status();
    if (!found.value()) return Status::NotFound("order " + id + " is not recorded");
    if ((*found)->status != "open") {
        return Status(Code::kConflict,
                      "order " + id + " is " + (*found)->status + " and can no longer change");
    }
    return std::move(**found);
}

}  // namespace

Status Engine::RecordOrder(const Order& input) {
    Order order = input;
    Status valid = ValidateOrder(&order);
    if (!valid.ok()) return valid;
    order.status = "open";
    const std::string id = OrderId(order.channel, order.external_id);
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<std::optional<Order>> existing = store_->orders().Find(id);
        if (!existing.ok()) return existing.status();
        if (existing.value() && (*existing)->status != "open") {
            return Status(Code::kConflict, "order " + id + " is " + (*existing)->status +
                                               " and can no longer change");
        }
        return WriteOrder(*store_, id, order, now);
    });
    if (status.ok()) ++generation_;
    return status;
}

Result<std::vector<Movement>> Engine::ShipOrder(const std::string& channel,
                                                const std::string& external_id,
                                                const std::string& location) {
    const std::string id = OrderId(channel, external_id);
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    std::vector<Movement> shipped;
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<std::optional<Order>> found = store_->orders().Find(id);
        if (!found.ok()) return found.status();
        if (!found.value()) return Status::NotFound("order " + id + " is not recorded");
        const Order& order = **found;
        if (order.status == "cancelled") {
            return Status(Code::kConflict, "order " + id + " was cancelled; nothing to ship");
        }
        // Derived ids: a second ShipOrder (a redelivered notification) finds them recorded.
        // A kit line ships its components ("ship:<order>:<line>:<component>").
        for (size_t i = 0; i < order.lines.size(); ++i) {
            Movement m;
            m.id = "ship:" + id + ":" + std::to_string(i + 1);
            m.sku = order.lines[i].sku;
            m.location = location;
            m.delta = -order.lines[i].quantity;
            m.kind = MovementKind::kShip;
            m.reference = "order " + id;
            m.occurred_at = order.status == "shipped" ? std::string() : now;
            Result<std::vector<Movement>> appended =
                AppendExpandingKits(*store_, std::move(m), now);
            if (!appended.ok()) return appended.status();
            for (Movement& one : appended.value()) shipped.push_back(std::move(one));
        }
        return WriteOrderStatus(*store_, id, "shipped", now);
    });
    if (!status.ok()) return status;
    ++generation_;
    return shipped;
}

Status Engine::CancelOrder(const std::string& channel, const std::string& external_id) {
    const std::string id = OrderId(channel, external_id);
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<Order> open = FindOpen(*store_, id);
        if (!open.ok()) return open.status();
        return WriteOrderStatus(*store_, id, "cancelled", now);
    });
    if (status.ok()) ++generation_;
    return status;
}

Result<std::vector<Availability>> Engine::Availabilities(const std::string& sku) const {
    Result<std::vector<Availability>> rows = store_->orders().Availabilities(sku);
    if (!rows.ok()) return rows;
    Status kits = AddKitAvailabilities(*store_, sku, &rows.value());
    if (!kits.ok()) return kits;
    return rows;
}

Result<std::vector<Order>> Engine::OpenOrders(int64_t limit) const {
    return store_->orders().OpenOrders(limit);
}

}  // namespace stocktake::engine
