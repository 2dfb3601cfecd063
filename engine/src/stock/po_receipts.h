// What receipts decide about a purchase order: each line's received quantity is the sum of
// its receive movements, and an ordered PO's status follows from those quantities. Shared
// by local receiving and by ops applied from other devices, so both decide alike.
#pragma once

#include <string>

#include "stocktake/engine/purchasing.h"
#include "stocktake/status.h"

namespace stocktake::engine {

class Store;

// received once every line has all it ordered, partially_received once any has some,
// else ordered.
std::string StatusAfterReceipts(const PurchaseOrder& po);

// Recomputes each line's quantity_received from the ledger and, unless the PO is a draft
// or cancelled, its status from those. Nothing happens for a PO not (yet) stored here.
// The caller holds the transaction.
Status RefreshReceipts(Store& store, const std::string& po_id);

}  // namespace stocktake::engine
