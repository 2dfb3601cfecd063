// SalesRepo: the one definition of a sale, for the insights, the metrics and the restock
// plan alike. A sale is an order line of an order whose status is not 'cancelled'; its
// instant is orders.ordered_at and its channel orders.channel. The caller holds the
// transaction when it needs one.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/engine/dashboard.h"
#include "stocktake/engine/insights.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

// How many instants UnitsSoldSince sums from at once (the metrics' 7, 30 and 90 days and
// the velocity window).
inline constexpr size_t kSalesWindows = 4;

struct SalesTotals {
    std::string sku;
    std::string channel;
    std::array<int64_t, kSalesWindows> units{};  // units sold at or after since[i]
    std::string last_sale_at;                    // the latest sale ever
};

class SalesRepo {
  public:
    explicit SalesRepo(Db* db) : db_(db) {}

    // Units sold per SKU and channel at or after each instant of since (ISO-8601 UTC, as
    // orders store them) and not after until, with the SKU's latest sale on that channel
    // up to until; by SKU, then channel, for every SKU with a sale. Sales after until are
    // left out so that figures "as of" an instant do not see the future. Read from the
    // sales summary (migration 13) for whole days, from the order lines for the days a
    // window starts or ends in.
    Result<std::vector<SalesTotals>> UnitsSoldSince(
        const std::array<std::string, kSalesWindows>& since, std::string_view until);
    // The order lines behind those figures: sku's sales at or after since, on channel
    // ("" = any), oldest first.
    Result<std::vector<SaleLine>> Sales(std::string_view sku, std::string_view channel,
                                        std::string_view since);

    // Whether an order (any status) is dated after `after` and not after `until`: sales
    // between two instants "as of" which figures were made.
    Result<bool> AnyOrderBetween(std::string_view after, std::string_view until);
    // The SKUs of the lines of orders dated from `from` to `until`, both included, whatever
    // their status (a generation's dirty set, insights_job.h: a superset is safe). Appended
    // to skus, unsorted, possibly repeated.
    Status SkusOrderedBetween(std::string_view from, std::string_view until,
                              std::vector<std::string>* skus);

    // Units sold per day from first_day to last_day (UTC dates, inclusive), only days with
    // sales, oldest first.
    Result<std::vector<DailyUnits>> UnitsPerDay(std::string_view first_day,
                                                std::string_view last_day);

  private:
    Db* db_;
};

}  // namespace stocktake::engine
