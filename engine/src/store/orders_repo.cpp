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

Status OrdersRepo::Save(std::string_view id, const Order& order, std::string_view now) {
    Result<Statement> upsert = db_->Prepare(
        "INSERT INTO orders (id, channel, external_id, status, ordered_at, updated_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET"
        " status = excluded.status, ordered_at = excluded.ordered_at,"
        " updated_at = excluded.updated_at");
    if (!upsert.ok()) return upsert.status();
    upsert->BindText(1, id);
    upsert->BindText(2, order.channel);
    upsert->BindText(3, order.external_id);
    upsert->BindText(4, order.status);
    upsert->BindText(5, order.ordered_at);
    upsert->BindText(6, now);
    Status status = upsert->Run();
    if (!status.ok()) return status;

    Result<Statement> clear = db_->Prepare("DELETE FROM order_lines WHERE order_id = ?1");
    if (!clear.ok()) return clear.status();
    clear->BindText(1, id);
    status = clear->Run();
    if (!status.ok()) return status;
    Result<Statement> insert = db_->Prepare(
        "INSERT INTO order_lines (order_id, line, sku, quantity, price_minor)"
        " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert.ok()) return insert.status();
    for (size_t i = 0; i < order.lines.size(); ++i) {
        const OrderLine& line = order.lines[i];
        insert->BindText(1, id);
        insert->BindInt64(2, static_cast<int64_t>(i + 1));
        insert->BindText(3, line.sku);
        insert->BindInt64(4, line.quantity);
        insert->BindOptionalInt64(5, line.price_minor);
        status = insert->Run();
        if (!status.ok()) return status;
    }
    return Status::Ok();
}

Status OrdersRepo::SetStatus(std::string_view id, std::string_view status_name,
                             std::string_view now) {
    Result<Statement> stmt =
        db_->Prepare("UPDATE orders SET status = ?2, updated_at = ?3 WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, id);
    stmt->BindText(2, status_name);
    stmt->BindText(3, now);
    return stmt->Run();
}

Result<std::vector<Availability>> OrdersRepo::Availabilities(std::string_view sku) {
    Result<Statement> stmt = db_->Prepare(R"sql(
WITH on_hand AS (SELECT sku, sum(on_hand) AS units FROM stock_levels
                 WHERE ?1 = '' OR sku = ?1 GROUP BY sku),
     reserved AS (SELECT l.sku, sum(l.quantity) AS units
                    FROM order_lines l JOIN orders o ON o.id = l.order_id
                   WHERE o.status = 'open' AND (?1 = '' OR l.sku = ?1) GROUP BY l.sku),
     skus AS (SELECT sku FROM on_hand UNION SELECT sku FROM reserved)
SELECT s.sku, coalesce(h.units, 0), coalesce(r.units, 0)
  FROM skus s LEFT JOIN on_hand h USING (sku) LEFT JOIN reserved r USING (sku)
 ORDER BY s.sku)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    return CollectRows<Availability>(stmt.value(), [](const Statement& s) {
        const int64_t on_hand = s.ColumnInt64(1);
        const int64_t reserved = s.ColumnInt64(2);
        return Availability{s.ColumnText(0), on_hand, reserved, on_hand - reserved};
    });
}

}  // namespace stocktake::engine
