// The ledger's write path, shared by the Engine's stock and order methods: a transaction
// helper and the one way a movement enters the ledger.
#pragma once

#include <functional>
#include <string>

#include "stocktake/engine/stock.h"
#include "stocktake/status.h"

namespace stocktake::engine {

class Store;

// Runs body in one transaction: committed when it returns OK, rolled back otherwise.
// Refused while an import holds the database.
Status InTransaction(Store& store, const std::function<Status()>& body);

// NotFound, saying what to do, unless sku is a product in the catalogue ("<role> <sku> is
// not in the catalogue..."). Local writes check it; ops from other devices are not refused
// for it (their product may arrive later).
Status RequireProduct(Store& store, const std::string& sku, const std::string& role);

// Validates movement, resolves its location, and appends it with its stock_levels update,
// unless its id is recorded already (then the stored movement is returned; other values
// under that id are a conflict). The caller holds the transaction.
// Every movement appended here is also recorded in the outbox (one "movement" op).
Result<Movement> AppendMovement(Store& store, Movement movement, const std::string& now);

// Writes a location (validated by the caller) as a record, through the outbox.
Status WriteLocation(Store& store, const Location& location, const std::string& now);

// Stores a count (its adjustment, if any, appended before with AppendMovement) and records
// it in the outbox. The caller holds the transaction.
Status InsertCount(Store& store, const Count& count);

}  // namespace stocktake::engine
