// Kits in the ledger and in availability: a kit has no stock of its own, so what happens to
// a kit happens to its components. Shared by the Engine's stock, order and kit methods.
#pragma once

#include <string>
#include <vector>

#include "stocktake/engine/purchasing.h"
#include "stocktake/engine/stock.h"
#include "stocktake/status.h"

namespace stocktake::engine {

class Store;

// Appends movement through AppendMovement, or, when its SKU is a kit, one movement per
// component instead: id "<id>:<component>" (so a re-send moves once), delta times the
// component's quantity, everything else alike. Only sales, ships and returns of a kit are
// expanded; any other kind is refused (InvalidArgument), as it would give the kit stock.
// Returns what was appended (or found recorded). The caller holds the transaction.
Result<std::vector<Movement>> AppendExpandingKits(Store& store, Movement movement,
                                                  const std::string& now);

// InvalidArgument when sku is a kit: `what` ("a count", "a transfer") would give it stock.
Status RefuseKit(Store& store, const std::string& sku, const char* what);

// Replaces the rows of kits (or adds them: rows of SKUs without stock are absent) by their
// figures computed from their components' rows (Engine::Availabilities); sku "" = every
// kit, else only that SKU if it is a kit. Keeps rows ordered by SKU.
Status AddKitAvailabilities(Store& store, const std::string& sku, std::vector<Availability>* rows);

// floor(available / per_kit), rounding towards minus infinity for negative stock.
int64_t KitsFrom(int64_t available, int64_t per_kit);

}  // namespace stocktake::engine
