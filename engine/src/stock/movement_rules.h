// The rules a movement must satisfy before it enters the ledger, and movement ids.
// Thread safety: NewMovementId uses a per-thread generator; the rest are pure functions.
#pragma once

#include <string>

#include "stocktake/engine/stock.h"
#include "stocktake/status.h"

namespace stocktake::engine {

// InvalidArgument, saying what to fix, for: an empty SKU or location, a zero delta, a delta
// whose sign contradicts the kind (a receipt adds stock, a sale removes it; adjustments
// and counts may go either way), an occurred_at or expiry that is not a date.
// Normalises occurred_at to ISO-8601 UTC. Stock may go negative: that is not checked here.
Status ValidateMovement(Movement* movement);

// Empty *iso becomes now; anything else must be ISO-8601 with a zone and is rewritten as
// UTC ("2026-11-23T10:00:00Z"). InvalidArgument names `what` otherwise.
Status NormalizeInstantOrNow(std::string* iso, const char* what);

// 32 lowercase hex digits (128 random bits): unique across devices without coordination.
std::string NewMovementId();

}  // namespace stocktake::engine
