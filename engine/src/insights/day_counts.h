// Day counts of an insight's details, derived where they are shown. Stored details keep the
// dates behind an insight (the local day its idle days count from, the day its oldest
// listing opened), not counts of days, so an insight whose inputs did not change is not
// rewritten a day later. Engine::Insights adds the counts as of the local day of the last
// generation (InsightsRepo::GenerationDay). docs/DECISIONS.md, "Insights: dates, not day
// counts".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stocktake/engine/insights.h"

namespace stocktake::engine {

// A day (days since 1970-01-01) as "YYYY-MM-DD", and back (nullopt: not such a date).
std::string DayText(int64_t day);
std::optional<int64_t> DayOfText(std::string_view text);

// Adds to insight->details the counts of days its dates imply as of `today`:
// days_without_sale from idle_since (slow_mover, reallocation_candidate; null when the date
// is null) and listing_age_days from listed_on (aged_listing). Details without those dates
// (written before they were kept) are left as they are.
void AddDayCounts(Insight* insight, int64_t today);

}  // namespace stocktake::engine
