#include "store/sales_repo.h"

namespace stocktake::engine {

Result<std::vector<SalesTotals>> SalesRepo::UnitsSoldSince(
    std::string_view sku, const std::array<std::string, kSalesWindows>& since,
    std::string_view until) {
    Result<Statement> stmt = db_->Prepare(R"sql(
SELECT l.sku, o.channel,
       sum(CASE WHEN o.ordered_at >= ?2 THEN l.quantity ELSE 0 END),
       sum(CASE WHEN o.ordered_at >= ?3 THEN l.quantity ELSE 0 END),
       sum(CASE WHEN o.ordered_at >= ?4 THEN l.quantity ELSE 0 END),
       sum(CASE WHEN o.ordered_at >= ?5 THEN l.quantity ELSE 0 END),
       max(o.ordered_at)
  FROM order_lines l JOIN orders o ON o.id = l.order_id
 WHERE o.status <> 'cancelled' AND (?1 = '' OR l.sku = ?1) AND o.ordered_at <= ?6
 GROUP BY l.sku, o.channel ORDER BY l.sku, o.channel)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, sku);
    for (size_t i = 0; i < kSalesWindows; ++i) stmt->BindText(static_cast<int>(i) + 2, since[i]);
    stmt->BindText(6, until);
    return CollectRows<SalesTotals>(stmt.value(), [](const Statement& s) {
        SalesTotals totals;
        totals.sku = s.ColumnText(0);
        totals.channel = s.ColumnText(1);
        for (size_t i = 0; i < kSalesWindows; ++i) {
            totals.units[i] = s.ColumnInt64(static_cast<int>(i) + 2);
        }
        totals.last_sale_at = s.ColumnText(2 + static_cast<int>(kSalesWindows));
        return totals;
    });
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

}  // namespace stocktake::engine
