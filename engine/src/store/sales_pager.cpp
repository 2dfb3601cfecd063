#include "store/sales_pager.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace stocktake::engine {

namespace {

// The date part of an instant: the summary's day.
std::string DayOf(std::string_view instant) {
    return std::string(instant.substr(0, 10));
}

// The days read line by line, ascending: each window's first day and until's day, partly
// in and partly out. Whole days come from the summary.
std::vector<std::string> EdgeDays(const std::array<std::string, kSalesWindows>& since_day,
                                  const std::string& until_day) {
    std::set<std::string> edges(since_day.begin(), since_day.end());
    edges.insert(until_day);
    return {edges.begin(), edges.end()};
}

// The lines of one edge day up to until, as (at, channel, sku, quantity) rows.
constexpr const char* kEdgeLinesSql = R"sql(
SELECT o.ordered_at, o.channel, l.sku, l.quantity
  FROM orders o JOIN order_lines l ON l.order_id = o.id
 WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND substr(o.ordered_at, 1, 10) = ?1
   AND o.status <> 'cancelled' AND o.ordered_at <= ?3)sql";

// ?2 is past every instant of day ?1: the day followed by the last code point. The texts
// are bound without a copy: past_day must outlive the statement's run.
void BindEdgeDay(Statement& lines, const std::string& day, std::string* past_day,
                 const std::string& until) {
    *past_day = day + "\xF4\x8F\xBF\xBF";
    lines.BindText(1, day);
    lines.BindText(2, *past_day);
    lines.BindText(3, until);
}

}  // namespace

// The totals being summed, in the order they were first seen, found by SKU and channel.
// Every read comes by SKU and channel, so while the keys have come in ascending order the
// rows are their own index (an append, or a binary search for a key seen before): no hash
// node and no key copied per row. A key out of order builds the hash index once.
class SalesTotalsBySku {
  public:
    SalesTotals& Of(std::string_view sku, std::string_view channel) {
        if (sorted_) {
            if (rows_.empty() || KeyLess(rows_.back(), sku, channel)) {
                rows_.push_back(SalesTotals{std::string(sku), std::string(channel), {}, ""});
                return rows_.back();
            }
            // Not past the last key: lower_bound finds a row.
            auto it = std::lower_bound(rows_.begin(), rows_.end(), std::pair(sku, channel),
                                       [](const SalesTotals& t, const auto& key) {
                                           return KeyLess(t, key.first, key.second);
                                       });
            if (it->sku == sku && it->channel == channel) return *it;
            sorted_ = false;
            index_.reserve(rows_.size() + 1);
            for (size_t i = 0; i < rows_.size(); ++i) {
                index_.try_emplace(Key(rows_[i].sku, rows_[i].channel), i);
            }
        }
        auto [it, fresh] = index_.try_emplace(Key(sku, channel), rows_.size());
        if (fresh) rows_.push_back(SalesTotals{std::string(sku), std::string(channel), {}, ""});
        return rows_[it->second];
    }
    // The totals of (sku, channel) for keys that come in ascending order: a search from
    // *cursor (0 before the first key) while the rows are sorted; else Of. A day's rows are
    // a few of the page's keys apart: steps of 1, 2, 4, ... from the cursor, then a binary
    // search within the last step. (A walk row by row compared every key of the page once
    // per day, ten times the rows read at 100k SKUs.)
    SalesTotals& Seek(size_t* cursor, std::string_view sku, std::string_view channel) {
        if (sorted_) {
            // Every row before `from` is less than the key.
            size_t from = *cursor;
            size_t step = 1;
            while (from + step - 1 < rows_.size() &&
                   KeyLess(rows_[from + step - 1], sku, channel)) {
                from += step;
                step *= 2;
            }
            const auto first = rows_.begin() + static_cast<ptrdiff_t>(from);
            const auto last =
                rows_.begin() + static_cast<ptrdiff_t>(std::min(from + step, rows_.size()));
            const auto at = std::lower_bound(first, last, std::pair(sku, channel),
                                             [](const SalesTotals& t, const auto& key) {
                                                 return KeyLess(t, key.first, key.second);
                                             });
            *cursor = static_cast<size_t>(at - rows_.begin());
            if (at != rows_.end() && at->sku == sku && at->channel == channel) return *at;
        }
        return Of(sku, channel);
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
    static bool KeyLess(const SalesTotals& t, std::string_view sku, std::string_view channel) {
        // One three-way comparison of the SKUs: `<` then `==` compared them twice.
        const int order = std::string_view(t.sku).compare(sku);
        return order < 0 || (order == 0 && std::string_view(t.channel) < channel);
    }
    static std::string Key(std::string_view sku, std::string_view channel) {
        std::string key(sku);
        key.push_back('\0');
        key.append(channel);
        return key;
    }

    std::vector<SalesTotals> rows_;
    std::unordered_map<std::string, size_t> index_;  // only once a key came out of order
    bool sorted_ = true;
};

namespace {

// Adds a line of an edge day to its totals, each window by the line's instant.
void AddEdgeLine(const SalesEdgeLine& line, const std::array<std::string, kSalesWindows>& since,
                 SalesTotals* t) {
    for (size_t i = 0; i < kSalesWindows; ++i) {
        if (line.at >= since[i]) t->units[i] += line.quantity;
    }
    if (line.at > t->last_sale_at) t->last_sale_at = line.at;
}

// The totals at `indexes`, whose latest sale is later than until: the latest sale of the
// latest day before until's day (that day's own sales come from its lines).
Status LastSalesBefore(Db* db, const std::string& until_day, const std::vector<size_t>& indexes,
                       std::vector<SalesTotals>* rows) {
    Result<Statement> before = db->Cached(
        "SELECT last_sale_at FROM sales_days WHERE sku = ?1 AND channel = ?2 AND day < ?3"
        " ORDER BY day DESC LIMIT 1");
    if (!before.ok()) return before.status();
    for (size_t index : indexes) {
        SalesTotals& t = (*rows)[index];
        before->Reset();
        before->BindText(1, t.sku);
        before->BindText(2, t.channel);
        before->BindText(3, until_day);
        Result<bool> row = before->Step();
        if (!row.ok()) return row.status();
        if (row.value()) t.last_sale_at = std::max(t.last_sale_at, before->ColumnText(0));
    }
    return Status::Ok();
}

}  // namespace

SalesPager::SalesPager(Db* db, std::array<std::string, kSalesWindows> since, std::string until,
                       int64_t page_skus)
    : db_(db),
      since_(std::move(since)),
      until_(std::move(until)),
      page_skus_(std::max<int64_t>(page_skus, 1)) {
    // Whole days come from the summary. A window's first day and until's day are partly in
    // and partly out: their sales come from the order lines, each instant compared.
    for (size_t i = 0; i < kSalesWindows; ++i) since_day_[i] = DayOf(since_[i]);
    until_day_ = DayOf(until_);
    edges_ = EdgeDays(since_day_, until_day_);
}

Status SalesPager::Next(std::vector<SalesTotals>* rows) {
    if (done_) return Status::Ok();
    if (!days_found_) return FindDays();
    if (next_edge_ < edges_.size()) return ReadEdge(edges_[next_edge_++]);
    if (!edges_sorted_) {
        // By SKU and channel, as the totals' rows: AddEdgeLines walks them with a cursor.
        std::sort(edge_lines_.begin(), edge_lines_.end(),
                  [](const SalesEdgeLine& a, const SalesEdgeLine& b) {
                      return std::tie(a.sku, a.channel) < std::tie(b.sku, b.channel);
                  });
        edges_sorted_ = true;
    }
    return ReadPage(rows);
}

// The days with sales from the first window's first day up to until's, by one seek each,
// so that a page reads each day's rows of its SKUs by key instead of scanning the window.
// Days are the summary's keys as text (whatever an order's instant looks like).
Status SalesPager::FindDays() {
    Result<Statement> next =
        db_->Prepare("SELECT day FROM sales_days WHERE day > ?1 AND day < ?2 ORDER BY day LIMIT 1");
    if (!next.ok()) return next.status();
    std::string day = edges_.front();
    for (;;) {
        next->Reset();
        next->BindText(1, day);
        next->BindText(2, until_day_);
        Result<bool> row = next->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        day = next->ColumnText(0);
        if (!std::binary_search(edges_.begin(), edges_.end(), day)) whole_days_.push_back(day);
    }
    days_found_ = true;
    return Status::Ok();
}

Status SalesPager::ReadEdge(const std::string& day) {
    Result<Statement> lines = db_->Prepare(kEdgeLinesSql);
    if (!lines.ok()) return lines.status();
    std::string past_day;
    BindEdgeDay(*lines, day, &past_day, until_);
    for (;;) {
        Result<bool> row = lines->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        edge_lines_.push_back(SalesEdgeLine{lines->ColumnText(2), lines->ColumnText(1),
                                            lines->ColumnText(0), lines->ColumnInt64(3)});
    }
    return Status::Ok();
}

Status SalesPager::ReadPage(std::vector<SalesTotals>* rows) {
    // The page: the next page_skus SKUs that have ever sold (all of them are in sales_last),
    // with their latest sales, read until the first SKU past them. The first page starts at
    // "" itself, the others after the previous page's last SKU. (Counting the page's SKUs in
    // a statement of its own first read each of their rows twice.)
    // Cached, as the days' statement: a generation reads a page per 2,048 SKUs.
    static constexpr const char* kLast[] = {
        "SELECT sku, channel, last_sale_at FROM sales_last WHERE sku > ?1 ORDER BY sku, channel",
        "SELECT sku, channel, last_sale_at FROM sales_last WHERE sku >= ?1"
        " ORDER BY sku, channel"};
    static constexpr const char* kDays[] = {
        "SELECT sku, channel, units FROM sales_days WHERE day = ?3 AND sku > ?1 AND sku <= ?2"
        " ORDER BY sku, channel",
        "SELECT sku, channel, units FROM sales_days WHERE day = ?3 AND sku >= ?1 AND sku <= ?2"
        " ORDER BY sku, channel"};
    Result<Statement> last = db_->Cached(kLast[first_page_ ? 1 : 0]);
    if (!last.ok()) return last.status();
    last->BindText(1, after_sku_);
    SalesTotalsBySku totals;
    // The SKUs' latest sales; those later than until (an "as of" in the past) are found
    // again below among the days before until's.
    std::vector<size_t> later_than_until;
    int64_t skus = 0;
    for (;;) {
        Result<bool> row = last->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        const std::string_view sku = last->ColumnView(0);
        if (totals.rows().empty() || totals.rows().back().sku != sku) {
            if (skus == page_skus_) break;  // the next page's first SKU
            ++skus;
        }
        SalesTotals& t = totals.Of(sku, last->ColumnView(1));
        std::string at = last->ColumnText(2);
        if (at <= until_) {
            t.last_sale_at = std::move(at);
        } else {
            later_than_until.push_back(totals.rows().size() - 1);
        }
    }
    if (skus == 0) {
        // Lines of SKUs the summary does not know (none while its triggers keep it).
        SalesTotalsBySku rest;
        AddEdgeLines(&rest, nullptr);
        for (SalesTotals& t : rest.Take()) rows->push_back(std::move(t));
        done_ = true;
        return Status::Ok();
    }
    const std::string last_sku = totals.rows().back().sku;

    Result<Statement> days = db_->Cached(kDays[first_page_ ? 1 : 0]);
    if (!days.ok()) return days.status();
    for (const std::string& day : whole_days_) {
        days->Reset();
        days->BindText(1, after_sku_);
        days->BindText(2, last_sku);
        days->BindText(3, day);
        // The windows the day is in, compared once per day rather than per row.
        std::array<int64_t, kSalesWindows> in{};
        for (size_t i = 0; i < kSalesWindows; ++i) in[i] = day > since_day_[i] ? 1 : 0;
        size_t cursor = 0;  // a day's rows come by SKU and channel, as totals' rows
        for (;;) {
            Result<bool> row = days->Step();
            if (!row.ok()) return row.status();
            if (!row.value()) break;
            SalesTotals& t = totals.Seek(&cursor, days->ColumnView(0), days->ColumnView(1));
            const int64_t units = days->ColumnInt64(2);
            for (size_t i = 0; i < kSalesWindows; ++i) t.units[i] += units * in[i];
        }
    }

    AddEdgeLines(&totals, &last_sku);

    Status before = LastSalesBefore(db_, until_day_, later_than_until, &totals.rows());
    if (!before.ok()) return before;
    for (SalesTotals& t : totals.Take()) rows->push_back(std::move(t));
    after_sku_ = last_sku;
    first_page_ = false;
    return Status::Ok();
}

void SalesPager::AddEdgeLines(SalesTotalsBySku* totals, const std::string* last_sku) {
    size_t cursor = 0;  // the lines come by SKU and channel, as the totals' rows
    for (; next_edge_line_ < edge_lines_.size() &&
           (last_sku == nullptr || edge_lines_[next_edge_line_].sku <= *last_sku);
         ++next_edge_line_) {
        const SalesEdgeLine& line = edge_lines_[next_edge_line_];
        AddEdgeLine(line, since_, &totals->Seek(&cursor, line.sku, line.channel));
    }
}

SkuSalesReader::SkuSalesReader(Db* db, std::array<std::string, kSalesWindows> since,
                               std::string until, std::vector<std::string> skus)
    : db_(db), since_(std::move(since)), until_(std::move(until)), skus_(std::move(skus)) {
    for (size_t i = 0; i < kSalesWindows; ++i) since_day_[i] = DayOf(since_[i]);
    until_day_ = DayOf(until_);
    edges_ = EdgeDays(since_day_, until_day_);
}

Status SkuSalesReader::ReadEdges() {
    Result<Statement> lines = db_->Prepare(kEdgeLinesSql);
    if (!lines.ok()) return lines.status();
    std::string past_day;
    for (const std::string& day : edges_) {
        lines->Reset();
        BindEdgeDay(*lines, day, &past_day, until_);
        for (;;) {
            Result<bool> row = lines->Step();
            if (!row.ok()) return row.status();
            if (!row.value()) break;
            const std::string_view sku = lines->ColumnView(2);
            if (!std::binary_search(skus_.begin(), skus_.end(), sku)) continue;
            edge_lines_.push_back(SalesEdgeLine{std::string(sku), lines->ColumnText(1),
                                                lines->ColumnText(0), lines->ColumnInt64(3)});
        }
    }
    std::stable_sort(edge_lines_.begin(), edge_lines_.end(),
                     [](const SalesEdgeLine& a, const SalesEdgeLine& b) { return a.sku < b.sku; });
    return Status::Ok();
}

Status SkuSalesReader::Of(const std::string& sku, std::vector<SalesTotals>* rows) {
    // As SalesPager::ReadPage for a page of this one SKU, each step in its order.
    SalesTotalsBySku totals;
    Result<Statement> last =
        db_->Cached("SELECT channel, last_sale_at FROM sales_last WHERE sku = ?1 ORDER BY channel");
    if (!last.ok()) return last.status();
    last->BindText(1, sku);
    std::vector<size_t> later_than_until;
    for (;;) {
        Result<bool> row = last->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        SalesTotals& t = totals.Of(sku, last->ColumnView(0));
        std::string at = last->ColumnText(1);
        if (at <= until_) {
            t.last_sale_at = std::move(at);
        } else {
            later_than_until.push_back(totals.rows().size() - 1);
        }
    }
    // The whole days: those after the first edge and before until's, not edges themselves;
    // by channel (every channel with a day row has its sales_last row), so that the SKU
    // index seeks the window's days only, not every day the SKU ever sold.
    std::vector<std::string> channels;
    for (const SalesTotals& t : totals.rows()) channels.push_back(t.channel);
    Result<Statement> days = db_->Cached(
        "SELECT day, units FROM sales_days WHERE sku = ?1 AND channel = ?2 AND day > ?3"
        " AND day < ?4 ORDER BY day");
    if (!days.ok()) return days.status();
    for (const std::string& channel : channels) {
        days->Reset();
        days->BindText(1, sku);
        days->BindText(2, channel);
        days->BindText(3, edges_.front());
        days->BindText(4, until_day_);
        SalesTotals& t = totals.Of(sku, channel);
        for (;;) {
            Result<bool> row = days->Step();
            if (!row.ok()) return row.status();
            if (!row.value()) break;
            const std::string_view day = days->ColumnView(0);
            if (std::binary_search(edges_.begin(), edges_.end(), day)) continue;
            const int64_t units = days->ColumnInt64(1);
            for (size_t i = 0; i < kSalesWindows; ++i) {
                if (day > since_day_[i]) t.units[i] += units;
            }
        }
    }
    auto line =
        std::lower_bound(edge_lines_.begin(), edge_lines_.end(), sku,
                         [](const SalesEdgeLine& l, const std::string& s) { return l.sku < s; });
    for (; line != edge_lines_.end() && line->sku == sku; ++line) {
        AddEdgeLine(*line, since_, &totals.Of(sku, line->channel));
    }
    Status before = LastSalesBefore(db_, until_day_, later_than_until, &totals.rows());
    if (!before.ok()) return before;
    for (SalesTotals& t : totals.Take()) rows->push_back(std::move(t));
    return Status::Ok();
}

}  // namespace stocktake::engine
