// Files the engine writes for the seller to download.
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "stocktake/engine/insights.h"
#include "stocktake/engine/types.h"

namespace stocktake::engine {

// The rejected rows of an import as a CSV a spreadsheet opens as UTF-8 (with a BOM):
// columns line, column, value, problem. Cells that a spreadsheet would run as a formula
// are prefixed with ' so opening the file is safe.
std::string RowErrorsCsv(const std::vector<RowError>& errors);

// Insights (Engine::Insights, any kind) as such a CSV: sku, channel (empty = every
// channel), kind, generated_at, details (the JSON object's text).
std::string InsightsCsv(const std::vector<Insight>& insights);

// The restock plan as such a CSV: one row per line with every number of its derivation
// (costs in currency units with 4 places, as vendor prices are kept), and the derivation.
std::string RestockPlanCsv(const RestockPlan& plan);

}  // namespace stocktake::engine
