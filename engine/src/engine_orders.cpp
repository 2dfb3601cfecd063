// Engine's order methods: orders reserve stock while open; shipping appends the ship
// movements through the ledger (stock/ledger.h), a kit's as its components' (stock/kits.h);
// SQL in store/orders_repo.
#include <algorithm>
#include <map>

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
    // The SKUs whose insights inputs this write changes: the lines' before and after
    // (store.h InsightsWrites; a kit's components are not named: while a kit is recorded
    // every generation computes every SKU).
    std::vector<std::string> skus;
    for (const OrderLine& line : order.lines) skus.push_back(line.sku);
    const int64_t changes_before = store_->db().TotalChanges();
    Status status = InTransaction(*store_, [&]() -> Status {
        Result<std::optional<Order>> existing = store_->orders().Find(id);
        if (!existing.ok()) return existing.status();
        if (existing.value() && (*existing)->status != "open") {
            return Status(Code::kConflict, "order " + id + " is " + (*existing)->status +
                                               " and can no longer change");
        }
        if (existing.value()) {
            for (const OrderLine& line : (*existing)->lines) skus.push_back(line.sku);
        }
        return WriteOrder(*store_, id, order, now);
    });
    store_->insights_writes().Note(skus, store_->db().TotalChanges() - changes_before);
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

Result<std::vector<OrderSummary>> Engine::Orders(const OrderQuery& query) const {
    if (!query.status.empty() && query.status != "open" && query.status != "shipped" &&
        query.status != "cancelled") {
        return Status::InvalidArgument("unknown order status \"" + query.status +
                                       "\": use open, shipped or cancelled");
    }
    if (query.limit <= 0) return Status::InvalidArgument("an order list needs a limit above 0");
    return store_->orders().List(query);
}

Result<std::optional<OrderDetail>> Engine::FindOrder(const std::string& channel,
                                                     const std::string& external_id) const {
    const std::string id = OrderId(channel, external_id);
    Result<std::optional<Order>> found = store_->orders().Find(id);
    if (!found.ok()) return found.status();
    if (!found.value()) return std::optional<OrderDetail>();
    const Order& order = **found;
    OrderDetail detail{order.channel, order.external_id, order.status, order.ordered_at, {}, {}};

    // The SKUs whose movements can name the order: each line's, and a kit's components.
    std::vector<std::string> skus;
    auto add_sku = [&skus](const std::string& sku) {
        if (std::find(skus.begin(), skus.end(), sku) == skus.end()) skus.push_back(sku);
    };
    for (const OrderLine& line : order.lines) {
        add_sku(line.sku);
        Result<std::optional<Kit>> kit = store_->kits().FindKit(line.sku);
        if (!kit.ok()) return kit.status();
        if (kit.value()) {
            for (const KitComponent& c : (*kit)->components) add_sku(c.sku);
        }
    }
    std::map<std::string, int64_t> shipped_by_sku;  // units out, net of voids
    for (const std::string& sku : skus) {
        Result<std::vector<Movement>> moved =
            store_->stock().MovementsReferencing(sku, "order " + id);
        if (!moved.ok()) return moved.status();
        for (Movement& m : moved.value()) {
            shipped_by_sku[m.sku] -= m.delta;
            detail.movements.push_back(std::move(m));
        }
    }
    std::sort(detail.movements.begin(), detail.movements.end(),
              [](const Movement& a, const Movement& b) { return a.position < b.position; });

    // A SKU on several lines: its shipped units fill the lines in order.
    for (size_t i = 0; i < order.lines.size(); ++i) {
        const OrderLine& line = order.lines[i];
        OrderLineDetail d;
        d.line = static_cast<int64_t>(i + 1);
        d.sku = line.sku;
        d.quantity = line.quantity;
        d.price_minor = line.price_minor;
        d.reserved = order.status == "open" ? line.quantity : 0;
        int64_t& left = shipped_by_sku[line.sku];
        d.shipped = std::clamp<int64_t>(left, 0, line.quantity);
        left -= d.shipped;
        detail.lines.push_back(std::move(d));
    }
    return std::optional<OrderDetail>(std::move(detail));
}

}  // namespace stocktake::engine
