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

// Validates movement, resolves its location, and appends it with its stock_levels update,
// unless its id is recorded already (then the stored movement is returned; other values
// under that id are a conflict). The caller holds the transaction.
Result<Movement> AppendMovement(Store& store, Movement movement, const std::string& now);

}  // namespace stocktake::engine
