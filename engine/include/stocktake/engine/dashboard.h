// The dashboard's own figures: stock on hand and its value at cost from the ledger's
// maintained levels, and units sold per day from the sales summary. Plain values; the
// insight counts (slow movers, aged...) come from Engine::Insights and the restock plan.
#pragma once

#include <cstdint>
#include <string>

namespace stocktake::engine {

struct StockValuation {
    int64_t skus = 0;           // products in the catalogue
    int64_t skus_in_stock = 0;  // SKUs with a positive on-hand over all locations
    int64_t units_on_hand = 0;  // positive on-hand summed over SKUs (oversold SKUs add 0)
    int64_t value_at_cost_e4 =
        0;  // units x product cost (10^-4, as products.cost), SKUs with a cost
    int64_t skus_without_cost = 0;  // in stock but no cost: left out of the value
};

// Units sold on one UTC day (a sale: an order line of an order not cancelled).
struct DailyUnits {
    std::string day;  // "2026-11-24"
    int64_t units = 0;
};

}  // namespace stocktake::engine
