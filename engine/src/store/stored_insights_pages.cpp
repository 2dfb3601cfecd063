#include "store/stored_insights_pages.h"

namespace stocktake::engine {

StoredInsight ReadStoredInsight(const Statement& s) {
    return StoredInsight{Insight{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                                 s.ColumnText(4)},
                         s.ColumnText(5)};
}

Result<std::vector<StoredInsight>> StoredInsightsPage(Db& db, const Insight* after, int64_t limit) {
    // The key as a row value: a seek into the primary key, then its order.
    Result<Statement> stmt = db.Prepare(
        after == nullptr
            ? "SELECT sku, channel, kind, generated_at, details, coalesce(resolved_at, '')"
              " FROM insights ORDER BY sku, channel, kind LIMIT ?4"
            : "SELECT sku, channel, kind, generated_at, details, coalesce(resolved_at, '')"
              " FROM insights WHERE (sku, channel, kind) > (?1, ?2, ?3)"
              " ORDER BY sku, channel, kind LIMIT ?4");
    if (!stmt.ok()) return stmt.status();
    if (after != nullptr) {
        stmt->BindText(1, after->sku);
        stmt->BindText(2, after->channel);
        stmt->BindText(3, after->kind);
    }
    stmt->BindInt64(4, limit);
    return CollectRows<StoredInsight>(stmt.value(), ReadStoredInsight);
}

}  // namespace stocktake::engine
