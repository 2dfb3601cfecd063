#include "store/sales_repo.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace stocktake::engine {

namespace {

// The date part of an instant: the summary's day.
std::string DayOf(std::string_view instant) {
    return std::string(instant.substr(0, 10));
}

// The totals being summed, in the order they were first seen, found by SKU and channel.
class Totals {
  public:
    SalesTotals& Of(const std::string& sku, const std::string& channel) {
        key_.assign(sku).push_back('\0');
        key_.append(channel);
        auto [it, fresh] = index_.try_emplace(key_, rows_.size());
        if (fresh) {
            sorted_ = sorted_ &&
                      (rows_.empty() ||
                       std::tie(rows_.back().sku, rows_.back().channel) < std::tie(sku, channel));
            rows_.push_back(SalesTotals{sku, channel, {}, ""});
        }
        return rows_[it->second];
    }
    std::vector<SalesTotals>& rows() { return rows_; }
    // By SKU, then channel, without the SKUs that had no sale up to until.
    std::vector<SalesTotals> Take() {
        std::vector<SalesTotals> rows;
        rows.reserve(rows_.size());
        for (SalesTotals& t : rows_) {
            if (!t.last_sale_at.empty()) rows.push_back(std::move(t));
        }
        if (!sorted_) {
            std::sort(rows.begin(), rows.end(), [](const SalesTotals& a, const SalesTotals& b) {
                return std::tie(a.sku, a.channel) < std::tie(b.sku, b.channel);
            });
        }
        return rows;
    }

  private:
    std::vector<SalesTotals> rows_;
    std::unordered_map<std::string, size_t> index_;
    std::string key_;
    bool sorted_ = true;
};

}  // namespace

Result<std::vector<SalesTotals>> SalesRepo::UnitsSoldSince(
    const std::array<std::string, kSalesWindows>& since, std::string_view until) {
    // Whole days come from the summary. A window's first day and until's day are partly in
    // and partly out: their sales come from the order lines, each instant compared.
    std::array<std::string, kSalesWindows> since_day;
    for (size_t i = 0; i < kSalesWindows; ++i) since_day[i] = DayOf(since[i]);
    const std::string until_day = DayOf(until);
    std::set<std::string> edges(since_day.begin(), since_day.end());
    edges.insert(until_day);

    Totals totals;
    // Every SKU's latest sale; those later than until (an "as of" in the past) are found
    // again below among the days before until's.
    Result<Statement> last =
        db_->Prepare("SELECT sku, channel, last_sale_at FROM sales_last ORDER BY sku, channel");
    if (!last.ok()) return last.status();
    std::vector<size_t> later_than_until;
    for (;;) {
        Result<bool> row = last->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        SalesTotals& t = totals.Of(last->ColumnText(0), last->ColumnText(1));
        std::string at = last->ColumnText(2);
        if (at <= until) {
            t.last_sale_at = std::move(at);
        } else {
            later_than_until.push_back(totals.rows().size() - 1);
        }
    }

    Result<Statement> days = db_->Prepare(
        "SELECT day, sku, channel, units FROM sales_days WHERE day >= ?1 AND day < ?2");
    if (!days.ok()) return days.status();
    days->BindText(1, *std::min_element(since_day.begin(), since_day.end()));
    days->BindText(2, until_day);
    for (;;) {
        Result<bool> row = days->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        const std::string day = days->ColumnText(0);
        if (edges.count(day) != 0) continue;
        SalesTotals& t = totals.Of(days->ColumnText(1), days->ColumnText(2));
        const int64_t units = days->ColumnInt64(3);
        for (size_t i = 0; i < kSalesWindows; ++i) {
            if (day > since_day[i]) t.units[i] += units;
        }
    }

    // ?2 is past every instant of day ?1: the day followed by the last code point.
    Result<Statement> lines = db_->Prepare(R"sql(
SELECT o.ordered_at, o.channel, l.sku, l.quantity
  FROM orders o JOIN order_lines l ON l.order_id = o.id
 WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND substr(o.ordered_at, 1, 10) = ?1
   AND o.status <> 'cancelled' AND o.ordered_at <= ?3)sql");
    if (!lines.ok()) return lines.status();
    for (const std::string& day : edges) {
        const std::string past_day = day + "\xF4\x8F\xBF\xBF";
        lines->Reset();
        lines->BindText(1, day);
        lines->BindText(2, past_day);
        lines->BindText(3, until);
        for (;;) {
            Result<bool> row = lines->Step();
            if (!row.ok()) return row.status();
            if (!row.value()) break;
            const std::string at = lines->ColumnText(0);
            SalesTotals& t = totals.Of(lines->ColumnText(2), lines->ColumnText(1));
            const int64_t quantity = lines->ColumnInt64(3);
            for (size_t i = 0; i < kSalesWindows; ++i) {
                if (at >= since[i]) t.units[i] += quantity;
            }
            if (at > t.last_sale_at) t.last_sale_at = at;
        }
    }

    // The latest day before until's (whose own sales were just read from its lines).
    Result<Statement> before = db_->Prepare(
        "SELECT last_sale_at FROM sales_days WHERE sku = ?1 AND channel = ?2 AND day < ?3"
        " ORDER BY day DESC LIMIT 1");
    if (!before.ok()) return before.status();
    for (size_t index : later_than_until) {
        SalesTotals& t = totals.rows()[index];
        before->Reset();
        before->BindText(1, t.sku);
        before->BindText(2, t.channel);
        before->BindText(3, until_day);
        Result<bool> row = before->Step();
        if (!row.ok()) return row.status();
        if (row.value()) t.last_sale_at = std::max(t.last_sale_at, before->ColumnText(0));
    }
    return totals.Take();
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
