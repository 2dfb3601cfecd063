#include "store/orders_repo.h"

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

Result<std::vector<Availability>> OrdersRepo::Availabilities(std::string_view sku) {
    // The stock on hand and the stock reserved, each by SKU in key order, merged here.
    // Summing them in SQL (UNION ALL and GROUP BY) sorted every SKU's row again in a temporary
    // B-tree: twice the cost of both reads (docs/PERFORMANCE.md, "the reading"); a LEFT JOIN
    // of the two rescanned one per row of the other, quadratic in SKUs ("Insights at scale").
    Result<Statement> held = db_->Prepare(R"sql(
SELECT sku, sum(on_hand) FROM stock_levels WHERE ?1 = '' OR sku = ?1 GROUP BY sku ORDER BY sku)sql");
    if (!held.ok()) return held.status();
    held->BindText(1, sku);
    // For every SKU, the open orders (their partial index, migration 16) and their lines;
    // for one SKU, its lines by the SKU index and their orders by key. SQLite's own choice
    // for every SKU was the latter, a lookup per order line (5 s at 200k lines).
    const char* lines_of_orders = sku.empty()
                                      ? "orders o CROSS JOIN order_lines l ON l.order_id = o.id"
                                      : "order_lines l JOIN orders o ON o.id = l.order_id";
    // A kit's line reserves its components (kits: docs/DECISIONS.md).
    Result<Statement> promised = db_->Prepare(std::string(R"sql(
SELECT coalesce(k.component_sku, l.sku), sum(l.quantity * coalesce(k.quantity, 1))
  FROM )sql") + lines_of_orders + R"sql(
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
    Result<Statement> stmt = db_->Prepare(R"sql(
SELECT l.sku, sum(l.quantity) FROM orders o CROSS JOIN order_lines l ON l.order_id = o.id
 WHERE o.status = 'open' GROUP BY 1 ORDER BY 1)sql");
    if (!stmt.ok()) return stmt.status();
    return CollectRows<std::pair<std::string, int64_t>>(stmt.value(), [](const Statement& s) {
        return std::pair<std::string, int64_t>(s.ColumnText(0), s.ColumnInt64(1));
    });
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
