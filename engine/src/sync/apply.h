// Applying ops that other devices made (relayed by the server): each op once, however
// often and in whatever order it arrives. Ledger facts merge by union; records field by
// field (sync/records.h).
#pragma once

#include <string_view>

#include "stocktake/op.h"
#include "stocktake/status.h"

namespace stocktake::engine {

class Store;

// Applies op and stores it; returns false when it was applied before (nothing changes).
// A malformed op, or a fact that contradicts one stored under the same id, is refused with
// the reason. The caller holds the transaction. References are not checked: an op may
// arrive before the op that creates what it refers to.
Result<bool> ApplyRemoteOp(Store& store, const Op& op, std::string_view now);

}  // namespace stocktake::engine
