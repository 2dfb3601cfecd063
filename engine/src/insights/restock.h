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

}  // namespace stocktake::engine
