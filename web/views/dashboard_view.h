// DashboardView: the seller's figures at a glance. KPI tiles (SKUs, units on hand, stock
// value at cost, out of stock, slow movers, aged listings, to reorder), each opening the
// screen with the rows behind it, and units sold per day over the last 30 or 90 days. Draws
// App's cached reads (DashboardState, InsightsState); with no products it says to import.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "views/view.h"

namespace stocktake::web {

class DashboardView {
  public:
    void Draw(const ViewContext& ctx);
    // SKUs with an insight of each kind shown on a tile, as last derived (-1 before).
    int64_t out_of_stock() const { return out_of_stock_; }
    int64_t slow_movers() const { return slow_movers_; }
    int64_t aged() const { return aged_; }

  private:
    void Derive(const InsightsState& insights);
    void DrawEmptyState(const ViewContext& ctx);
    void DrawTiles(const ViewContext& ctx);
    void DrawSales(const ViewContext& ctx);

    uint64_t derived_revision_ = UINT64_MAX;
    int64_t out_of_stock_ = -1;
    int64_t slow_movers_ = -1;
    int64_t aged_ = -1;
};

}  // namespace stocktake::web
