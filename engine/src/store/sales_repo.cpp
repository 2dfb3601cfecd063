#include "store/sales_repo.h"

#include <map>
#include <utility>

namespace stocktake::engine {

namespace {

// The orders that count as sales, in id order, one at a time.
class SalesOrders {
  public:
    explicit SalesOrders(Statement stmt) : stmt_(std::move(stmt)) {}
    // Moves to the first order whose id is >= order_id; false when there is none.
    Result<bool> SeekTo(const std::string& order_id) {
        while (!done_ && (!started_ || id_ < order_id)) {
            started_ = true;
            Result<bool> row = stmt_.Step();
            if (!row.ok()) return row.status();
            done_ = !row.value();
            if (!done_) {
                id_ = stmt_.ColumnText(0);
                channel_ = stmt_.ColumnText(1);
                ordered_at_ = stmt_.ColumnText(2);
            }
        }
        return !done_;
    }
    const std::string& id() const { return id_; }
    const std::string& channel() const { return channel_; }
    const std::string& ordered_at() const { return ordered_at_; }

  private:
    Statement stmt_;
    bool started_ = false;
    bool done_ = false;
    std::string id_, channel_, ordered_at_;
};

}  // namespace

Result<std::vector<SalesTotals>> SalesRepo::UnitsSoldSince(
    std::string_view sku, const std::array<std::string, kSalesWindows>& since,
    std::string_view until) {
    // Both tables are stored in order id order (orders by id, order_lines by (order_id,
    // line)), so one pass over each in step joins them with no lookups and no sort. A SQL
    // join probed orders once per line and sorted for its GROUP BY: several times slower
    // at 2M lines (docs/PERFORMANCE.md, "Insights at scale").
    Result<Statement> orders = db_->Prepare(
        "SELECT id, channel, ordered_at FROM orders"
        " WHERE status <> 'cancelled' AND ordered_at <= ?1 ORDER BY id");
    if (!orders.ok()) return orders.status();
    orders->BindText(1, until);
    Result<Statement> lines = db_->Prepare(
        "SELECT order_id, sku, quantity FROM order_lines WHERE ?1 = '' OR sku = ?1"
        " ORDER BY order_id, line");
    if (!lines.ok()) return lines.status();
    lines->BindText(1, sku);
    SalesOrders sales(std::move(orders.value()));
    std::map<std::pair<std::string, std::string>, SalesTotals> totals;
    for (;;) {
        Result<bool> row = lines->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        const std::string order_id = lines->ColumnText(0);
        Result<bool> found = sales.SeekTo(order_id);
        if (!found.ok()) return found.status();
        if (!found.value() || sales.id() != order_id) continue;  // cancelled, or later
        auto [it, fresh] = totals.try_emplace({lines->ColumnText(1), sales.channel()});
        SalesTotals& t = it->second;
        if (fresh) {
            t.sku = it->first.first;
            t.channel = it->first.second;
        }
        const int64_t quantity = lines->ColumnInt64(2);
        for (size_t i = 0; i < kSalesWindows; ++i) {
            if (sales.ordered_at() >= since[i]) t.units[i] += quantity;
        }
        if (sales.ordered_at() > t.last_sale_at) t.last_sale_at = sales.ordered_at();
    }
    std::vector<SalesTotals> rows;
    rows.reserve(totals.size());
    for (auto& [key, t] : totals) rows.push_back(std::move(t));
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

}  // namespace stocktake::engine
