// The restock formula for one SKU (stocktake/engine/insights.h RestockLine has it in full):
// demand over lead time plus review period, plus safety stock, less what is available and
// inbound, rounded up to the vendor's MOQ and pack size. Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "insights/inputs.h"
#include "stocktake/engine/insights.h"
#include "stocktake/engine/purchasing.h"
#include "stocktake/engine/types.h"

namespace stocktake::engine {

// prices: the SKU's vendor prices; suppliers: every supplier by id (a price of a supplier
// that is not recorded is not valid: no PO can be made out to it). nullopt for a kit.
std::optional<RestockLine> PlanRestockLine(const SkuInputs& in, const SkuMetrics& all,
                                           const std::vector<VendorPrice>& prices,
                                           const std::map<std::string, Supplier>& suppliers,
                                           const InsightSettings& settings);

// The plan of every SKU, one SKU at a time (Add), so that a generation of the insights can
// make it from the inputs and metrics it has already: the same plan as Engine::PlanRestock.
class RestockPlanner {
  public:
    RestockPlanner(std::vector<VendorPrice> prices, std::vector<Supplier> suppliers,
                   const InsightSettings& settings);
    // all: the SKU's metrics over all channels.
    void Add(const SkuInputs& in, const SkuMetrics& all);
    // The lines so far, by supplier then SKU (SKUs are added in SKU order).
    RestockPlan Finish(const std::string& planned_at);

  private:
    std::map<std::string, std::vector<VendorPrice>> prices_by_sku_;
    std::map<std::string, Supplier> supplier_by_id_;
    InsightSettings settings_;
    std::vector<RestockLine> lines_;
};

}  // namespace stocktake::engine
