#include "store/channel_sales.h"

#include "store/db.h"

namespace stocktake::engine {

Result<std::map<std::pair<std::string, std::string>, int64_t>> UnitsSoldByChannel(
    Db& db, std::string_view from, std::string_view to) {
    // ordered_at is stored normalised ("2026-11-24T10:00:00Z"), so text order is time order.
    Result<Statement> stmt = db.Prepare(R"sql(
SELECT o.channel, l.sku, sum(l.quantity)
  FROM orders o JOIN order_lines l ON l.order_id = o.id
 WHERE o.status <> 'cancelled' AND o.ordered_at >= ?1 AND o.ordered_at < ?2
 GROUP BY o.channel, l.sku)sql");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, from);
    stmt->BindText(2, to);
    std::map<std::pair<std::string, std::string>, int64_t> units;
    for (;;) {
        Result<bool> row = stmt->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) return units;
        units[{stmt->ColumnText(0), stmt->ColumnText(1)}] = stmt->ColumnInt64(2);
    }
}

}  // namespace stocktake::engine
