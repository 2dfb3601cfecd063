// PurchasingRepo: reads of suppliers, purchase orders and their lines, and the figures the
// ledger decides (received quantities, the status they lead to). The records themselves
// are written through the outbox (sync/entity_writes.h). The caller holds the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/engine/purchasing.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

class PurchasingRepo {
  public:
    explicit PurchasingRepo(Db* db) : db_(db) {}

    Result<std::optional<Supplier>> FindSupplier(std::string_view id);
    Result<std::vector<Supplier>> Suppliers();

    // The PO with its lines by line number, if recorded.
    Result<std::optional<PurchaseOrder>> FindPurchaseOrder(std::string_view id);
    // Newest first (created_at, then id); status "" = all.
    Result<std::vector<PurchaseOrder>> PurchaseOrders(std::string_view status);

    // The sum of the line's receive movements (ids "po:<po>:<line>:..."): what
    // quantity_received must equal.
    Result<int64_t> ReceivedOnLedger(std::string_view po_id, int64_t line);
    // Derived figures, not ops: every device computes them from what it has.
    Status SetReceived(std::string_view po_id, int64_t line, int64_t quantity);
    Status SetStatus(std::string_view po_id, std::string_view status);
    // Open quantity per SKU over ordered and partially received POs; sku "" = all.
    Result<std::vector<InboundStock>> Inbound(std::string_view sku);

    // Whether sku is in the catalogue (products).
    Result<bool> ProductExists(std::string_view sku);

  private:
    Result<std::vector<PoLine>> Lines(std::string_view po_id);

    Db* db_;
};

// The prefix of every receive movement id of one PO line: "po:<po>:<line>:".
std::string PoLineMovementPrefix(std::string_view po_id, int64_t line);

}  // namespace stocktake::engine
