// Metrics of one SKU from its inputs: units sold over 7/30/90 days, velocity, days of
// cover, turnover, sell-through, last sale, listing age, margin after the channel's fee, and
// the score with its components. Pure: the same inputs give the same figures.
#pragma once

#include <string>
#include <vector>

#include "insights/inputs.h"
#include "stocktake/engine/insights.h"

namespace stocktake::engine {

// The SKU over all channels (channel "") first, then each channel it sold or is listed on.
std::vector<SkuMetrics> ComputeMetrics(const SkuInputs& in, const InsightContext& context);

// value with `places` decimals ("2.50"), rounded half away from zero, without locale or
// floating-point formatting (the same text natively and in wasm).
std::string Fixed(double value, int places);

}  // namespace stocktake::engine
