// The insight rules: which insights hold for one SKU, from its inputs and metrics, each with
// the numbers behind it (Insight::details, a JSON object). Pure; generated_at is left empty
// for the caller, which knows whether an insight is new. docs/DECISIONS.md, "Insights".
#pragma once

#include <vector>

#include "insights/inputs.h"
#include "stocktake/engine/insights.h"

namespace stocktake::engine {

// Appends to out the SKU's insights, by (channel, kind); metrics: ComputeMetrics(in, context).
// Into the caller's vector: a vector per SKU, its growth and a move of each insight out of it
// were a tenth of the rules' time.
void InsightsOf(const SkuInputs& in, const std::vector<SkuMetrics>& metrics,
                const InsightContext& context, std::vector<Insight>* out);

}  // namespace stocktake::engine
