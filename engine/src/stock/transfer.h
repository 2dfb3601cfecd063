// A transfer between two locations: a transfer_out and a transfer_in under one reference,
// the write shared by Engine::Transfer and reallocation pulls.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stocktake/engine/stock.h"
#include "stocktake/status.h"

namespace stocktake::engine {

class Store;

// Appends both legs at now (a kit is refused: its components move). The caller holds the
// transaction and has checked quantity > 0 and from != to.
Result<std::vector<Movement>> AppendTransfer(Store& store, const std::string& sku,
                                             const std::string& from, const std::string& to,
                                             int64_t quantity, const std::string& reason,
                                             const std::string& now);

}  // namespace stocktake::engine
