#include "store/sales_repo.h"

#include "store/sales_pager.h"

namespace stocktake::engine {

Result<std::vector<SalesTotals>> SalesRepo::UnitsSoldSince(
    const std::array<std::string, kSalesWindows>& since, std::string_view until) {
    // One caller's whole read: pages large enough that the per-page seeks cost little.
    SalesPager pager(db_, since, std::string(until), int64_t{1} << 14);
    std::vector<SalesTotals> rows;
    while (!pager.done()) {
        Status status = pager.Next(&rows);
        if (!status.ok()) return status;
    }
    return rows;
}

Result<std::vector<SaleLine>> SalesRepo::Sales(std::string_view sku, std::string_view channel,
                                               std::string_view since) {
    Result<Statement> stmt = db_->Prepare(R"sql(
SELECT o.id, o.channel, o.ordered_at, l.sku, l.quantity
  FROM order_lines l JOIN orders o ON o.id = l.order_id
 WHERE l.sku = ?1 AND o.status <> 'cancelled' AND (?2 = '' OR o.channel = ?2)
   AND o.ordered_at >= ?3
 ORDER BY o.ordered_at, o.id, l.line)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    stmt->BindText(2, channel);
    stmt->BindText(3, since);
    return CollectRows<SaleLine>(stmt.value(), [](const Statement& s) {
        return SaleLine{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                        s.ColumnInt64(4)};
    });
}

Result<bool> SalesRepo::AnyOrderBetween(std::string_view after, std::string_view until) {
    Result<Statement> stmt =
        db_->Prepare("SELECT 1 FROM orders WHERE ordered_at > ?1 AND ordered_at <= ?2 LIMIT 1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, after);
    stmt->BindText(2, until);
    return stmt->Step();
}

Status SalesRepo::SkusOrderedBetween(std::string_view from, std::string_view until,
                                     std::vector<std::string>* skus) {
    // The orders by their instant (orders_by_ordered_at), then their lines by key.
    Result<Statement> stmt = db_->Prepare(
        "SELECT l.sku FROM orders o CROSS JOIN order_lines l ON l.order_id = o.id"
        " WHERE o.ordered_at >= ?1 AND o.ordered_at <= ?2");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, from);
    stmt->BindText(2, until);
    for (;;) {
        Result<bool> row = stmt->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) return Status::Ok();
        skus->push_back(stmt->ColumnText(0));
    }
}

Result<std::vector<DailyUnits>> SalesRepo::UnitsPerDay(std::string_view first_day,
                                                       std::string_view last_day) {
    Result<Statement> stmt = db_->Prepare(
        "SELECT day, sum(units) FROM sales_days WHERE day >= ?1 AND day <= ?2"
        " GROUP BY day ORDER BY day");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, first_day);
    stmt->BindText(2, last_day);
    return CollectRows<DailyUnits>(stmt.value(), [](const Statement& s) {
        return DailyUnits{s.ColumnText(0), s.ColumnInt64(1)};
    });
}

}  // namespace stocktake::engine
