#include "store/orders_repo.h"

#include <algorithm>

namespace stocktake::engine {

Result<std::optional<Order>> OrdersRepo::Find(std::string_view id) {
    Result<Statement> order =
        db_->Prepare("SELECT channel, external_id, status, ordered_at FROM orders WHERE id = ?1");
    if (!order.ok()) return order.status();
    order->BindText(1, id);
    Result<bool> row = order->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return std::optional<Order>();
    Order found;
    found.channel = order->ColumnText(0);
    found.external_id = order->ColumnText(1);
    found.status = order->ColumnText(2);
    found.ordered_at = order->ColumnText(3);

    Result<Statement> lines = db_->Prepare(
        "SELECT sku, quantity, price_minor FROM order_lines WHERE order_id = ?1 ORDER BY line");
    if (!lines.ok()) return lines.status();
    lines->BindText(1, id);
    Result<std::vector<OrderLine>> read =
        CollectRows<OrderLine>(lines.value(), [](const Statement& s) {
            return OrderLine{s.ColumnText(0), s.ColumnInt64(1), s.ColumnOptionalInt64(2)};
        });
    if (!read.ok()) return read.status();
    found.lines = std::move(read.value());
    return std::optional<Order>(std::move(found));
}

Result<std::vector<Order>> OrdersRepo::OpenOrders(int64_t limit) {
    Result<Statement> stmt = db_->Prepare(
        "SELECT id FROM orders WHERE status = 'open' ORDER BY ordered_at, id LIMIT ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, limit);
    Result<std::vector<std::string>> ids =
        CollectRows<std::string>(stmt.value(), [](const Statement& s) { return s.ColumnText(0); });
    if (!ids.ok()) return ids.status();
    std::vector<Order> orders;
    for (const std::string& id : ids.value()) {
        Result<std::optional<Order>> order = Find(id);
        if (!order.ok()) return order.status();
        if (order.value()) orders.push_back(std::move(*order.value()));
    }
    return orders;
}

namespace {

// SQLite's sum() fails on an overflow rather than wrap; so do the sums here.
Status AddUnits(int64_t units, int64_t* total) {
    if (__builtin_add_overflow(*total, units, total)) return Status::Internal("integer overflow");
    return Status::Ok();
}

// The stock on hand by SKU: its levels (by SKU, then location) summed here. GROUP BY in SQL
// ran an aggregate step per row, twice the cost of the scan itself.
Status OnHandBySku(Db* db, std::vector<Availability>* rows) {
    Result<Statement> levels = db->Prepare("SELECT sku, on_hand FROM stock_levels ORDER BY sku");
    if (!levels.ok()) return levels.status();
    for (;;) {
        Result<bool> row = levels->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) return Status::Ok();
        const std::string_view sku = levels->ColumnView(0);
        if (rows->empty() || rows->back().sku != sku) rows->emplace_back().sku = sku;
        Status added = AddUnits(levels->ColumnInt64(1), &rows->back().on_hand);
        if (!added.ok()) return added;
    }
}

// The units open orders reserve, by SKU: a kit's line reserves its components (kits:
// docs/DECISIONS.md). The open orders by their partial index (migration 16), each one's
// lines by key; the lines (a few per open order) summed here: SQLite's GROUP BY sorted
// them in a temporary B-tree, and joined every line with kits, most often empty.
Status ReservedBySku(Db* db, std::vector<std::pair<std::string, int64_t>>* reserved) {
    // The kits' components by kit (none: no kit is recorded).
    using Component = std::pair<std::string, std::pair<std::string, int64_t>>;
    Result<Statement> kits = db->Prepare(
        "SELECT kit_sku, component_sku, quantity FROM kits ORDER BY kit_sku, component_sku");
    if (!kits.ok()) return kits.status();
    Result<std::vector<Component>> read_components =
        CollectRows<Component>(kits.value(), [](const Statement& k) {
            return Component(k.ColumnText(0), std::pair(k.ColumnText(1), k.ColumnInt64(2)));
        });
    if (!read_components.ok()) return read_components.status();
    const std::vector<Component>& components = read_components.value();
    Result<Statement> lines = db->Prepare(
        "SELECT l.sku, l.quantity FROM orders o CROSS JOIN order_lines l ON l.order_id = o.id"
        " WHERE o.status = 'open'");
    if (!lines.ok()) return lines.status();
    std::vector<std::pair<std::string, int64_t>> units;
    for (;;) {
        Result<bool> row = lines->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        const std::string_view sku = lines->ColumnView(0);
        const int64_t quantity = lines->ColumnInt64(1);
        auto kit = std::lower_bound(components.begin(), components.end(), sku,
                                    [](const auto& c, std::string_view s) { return c.first < s; });
        if (kit == components.end() || kit->first != sku) {
            units.emplace_back(std::string(sku), quantity);
            continue;
        }
        for (; kit != components.end() && kit->first == sku; ++kit) {
            int64_t reserved_units = 0;
            if (__builtin_mul_overflow(quantity, kit->second.second, &reserved_units)) {
                return Status::Internal("integer overflow");
            }
            units.emplace_back(kit->second.first, reserved_units);
        }
    }
    std::sort(units.begin(), units.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [sku, quantity] : units) {
        if (reserved->empty() || reserved->back().first != sku) {
            reserved->emplace_back(std::move(sku), 0);
        }
        Status added = AddUnits(quantity, &reserved->back().second);
        if (!added.ok()) return added;
    }
    return Status::Ok();
}

// Every SKU's availability: the stock on hand and the stock reserved, each by SKU, merged.
Result<std::vector<Availability>> AllAvailabilities(Db* db) {
    std::vector<Availability> held;
    Status read = OnHandBySku(db, &held);
    if (!read.ok()) return read;
    std::vector<std::pair<std::string, int64_t>> reserved;
    read = ReservedBySku(db, &reserved);
    if (!read.ok()) return read;
    std::vector<Availability> rows;
    rows.reserve(held.size() + reserved.size());
    auto h = held.begin();
    auto r = reserved.begin();
    while (h != held.end() || r != reserved.end()) {
        // The smaller SKU of the two, or both when they are the same SKU.
        const bool take_held = h != held.end() && (r == reserved.end() || h->sku <= r->first);
        const bool take_reserved = r != reserved.end() && (h == held.end() || r->first <= h->sku);
        Availability row;
        if (take_held) {
            row = std::move(*h++);
        } else {
            row.sku = std::move(r->first);
        }
        if (take_reserved) row.reserved = (r++)->second;
        row.available = row.on_hand - row.reserved;
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

Result<std::vector<Availability>> OrdersRepo::Availabilities(std::string_view sku) {
    if (sku.empty()) return AllAvailabilities(db_);
    // One SKU: its stock on hand and the stock reserved for it, merged here as
    // AllAvailabilities merges every SKU's (the statements still read ?1 = '' as every SKU).
    Result<Statement> held = db_->Prepare(R"sql(
SELECT sku, sum(on_hand) FROM stock_levels WHERE ?1 = '' OR sku = ?1 GROUP BY sku ORDER BY sku)sql");
    if (!held.ok()) return held.status();
    held->BindText(1, sku);
    // Its lines by the SKU index and their orders by key; a kit's line reserves its
    // components (kits: docs/DECISIONS.md).
    Result<Statement> promised = db_->Prepare(R"sql(
SELECT coalesce(k.component_sku, l.sku), sum(l.quantity * coalesce(k.quantity, 1))
  FROM order_lines l JOIN orders o ON o.id = l.order_id
  LEFT JOIN kits k ON k.kit_sku = l.sku
 WHERE o.status = 'open'
   AND (?1 = '' OR l.sku = ?1 OR l.sku IN (SELECT kit_sku FROM kits WHERE component_sku = ?1))
   AND (?1 = '' OR coalesce(k.component_sku, l.sku) = ?1)
 GROUP BY 1 ORDER BY 1)sql");
    if (!promised.ok()) return promised.status();
    promised->BindText(1, sku);

    std::vector<Availability> rows;
    Result<bool> has_held = held->Step();
    Result<bool> has_promised = promised->Step();
    for (;;) {
        if (!has_held.ok()) return has_held.status();
        if (!has_promised.ok()) return has_promised.status();
        if (!has_held.value() && !has_promised.value()) break;
        // The smaller SKU of the two rows, or both when they are the same SKU.
        const bool take_held = has_held.value() && (!has_promised.value() ||
                                                    held->ColumnView(0) <= promised->ColumnView(0));
        const bool take_promised =
            has_promised.value() &&
            (!has_held.value() || promised->ColumnView(0) <= held->ColumnView(0));
        Availability row;
        row.sku = take_held ? held->ColumnText(0) : promised->ColumnText(0);
        if (take_held) {
            row.on_hand = held->ColumnInt64(1);
            has_held = held->Step();
        }
        if (take_promised) {
            row.reserved = promised->ColumnInt64(1);
            has_promised = promised->Step();
        }
        row.available = row.on_hand - row.reserved;
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<std::vector<std::pair<std::string, int64_t>>> OrdersRepo::ReservedWithoutKits() {
    // With no kit recorded, every line reserves its own SKU.
    std::vector<std::pair<std::string, int64_t>> reserved;
    Status read = ReservedBySku(db_, &reserved);
    if (!read.ok()) return read;
    return reserved;
}

Result<std::vector<OrderSummary>> OrdersRepo::List(const OrderQuery& query) {
    Result<Statement> stmt = db_->Prepare(R"sql(
SELECT o.channel, o.external_id, o.status, o.ordered_at,
       (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id),
       (SELECT coalesce(sum(l.quantity), 0) FROM order_lines l WHERE l.order_id = o.id)
  FROM orders o
 WHERE (?1 = '' OR o.status = ?1) AND (?2 = '' OR o.channel = ?2)
 ORDER BY o.ordered_at DESC, o.channel, o.external_id
 LIMIT ?3)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, query.status);
    stmt->BindText(2, query.channel);
    stmt->BindInt64(3, query.limit);
    return CollectRows<OrderSummary>(stmt.value(), [](const Statement& s) {
        return OrderSummary{s.ColumnText(0), s.ColumnText(1),  s.ColumnText(2),
                            s.ColumnText(3), s.ColumnInt64(4), s.ColumnInt64(5)};
    });
}

}  // namespace stocktake::engine
