// The insight rules: which insights hold for one SKU, from its inputs and metrics, each with
// the numbers behind it (Insight::details, a JSON object). Pure; generated_at is left empty
// for the caller, which knows whether an insight is new. docs/DECISIONS.md, "Insights".
#pragma once

#include <vector>

#include "insights/inputs.h"
#include "stocktake/engine/insights.h"

namespace stocktake::engine {

// metrics: ComputeMetrics(in, context). By (channel, kind).
std::vector<Insight> InsightsOf(const SkuInputs& in, const std::vector<SkuMetrics>& metrics,
                                const InsightContext& context);

}  // namespace stocktake::engine
