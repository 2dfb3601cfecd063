// Engine's reads for the catalogue screens: locations, stock value, units sold per day.
// SQL in store/stock_repo and store/sales_repo; this file turns days into a full series.

#include <string>

#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/store.h"

namespace stocktake::engine {

namespace {

constexpr int64_t kMaxSalesDays = 366;
constexpr int64_t kSecondsPerDay = 86400;

// "2026-11-24" of an instant (seconds since the epoch).
std::string DayOfInstant(int64_t unix_seconds) {
    return FormatIso8601Utc(unix_seconds).substr(0, 10);
}

}  // namespace

Result<StockValuation> Engine::ValueStock() const {
    return store_->stock().Valuation();
}

Result<std::vector<DailyUnits>> Engine::UnitsSoldPerDay(int64_t days,
                                                        const std::string& now) const {
    if (days < 1 || days > kMaxSalesDays) {
        return Status::InvalidArgument("units sold per day covers 1 to 366 days, not " +
                                       std::to_string(days));
    }
    int64_t end = NowUnixSeconds();
    if (!now.empty()) {
        Result<int64_t> parsed = ParseIso8601(now);
        if (!parsed.ok()) return parsed.status();
        end = parsed.value();
    }
    const int64_t first = end - (days - 1) * kSecondsPerDay;
    Result<std::vector<DailyUnits>> sold =
        store_->sales().UnitsPerDay(DayOfInstant(first), DayOfInstant(end));
    if (!sold.ok()) return sold.status();
    // Every day gets an entry, so a chart's x axis is time, not "days that had sales".
    std::vector<DailyUnits> series;
    series.reserve(static_cast<size_t>(days));
    size_t next = 0;
    for (int64_t d = 0; d < days; ++d) {
        DailyUnits day{DayOfInstant(first + d * kSecondsPerDay), 0};
        if (next < sold->size() && (*sold)[next].day == day.day) day.units = (*sold)[next++].units;
        series.push_back(std::move(day));
    }
    return series;
}

}  // namespace stocktake::engine
