// The stored insights a page at a time, in key order, for the comparison of a generation
// spread over frames (insights_job.h): one statement over the whole table was its longest
// step. docs/DECISIONS.md, "Insights read in pages". The caller holds the transaction when
// it needs one.
#pragma once

#include <cstdint>
#include <vector>

#include "stocktake/engine/insights.h"
#include "stocktake/status.h"
#include "store/db.h"
#include "store/insights_repo.h"

namespace stocktake::engine {

// A row of sku, channel, kind, generated_at, details, coalesce(resolved_at, ''): the
// columns every read of stored insights selects (this page, InsightsRepo::StoredOf).
StoredInsight ReadStoredInsight(const Statement& s);

// Stored insights, resolved or not, by (sku, channel, kind): at most limit of them, those
// after the key of `after` (nullptr: from the first).
Result<std::vector<StoredInsight>> StoredInsightsPage(Db& db, const Insight* after, int64_t limit);

}  // namespace stocktake::engine
