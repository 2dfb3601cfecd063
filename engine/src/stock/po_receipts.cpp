#include "stock/po_receipts.h"

#include "store/store.h"

namespace stocktake::engine {

std::string StatusAfterReceipts(const PurchaseOrder& po) {
    bool all = true;
    bool any = false;
    for (const PoLine& line : po.lines) {
        all = all && line.quantity_received >= line.quantity_ordered;
        any = any || line.quantity_received > 0;
    }
    if (all) return kPoReceived;
    return any ? kPoPartiallyReceived : kPoOrdered;
}

Status RefreshReceipts(Store& store, const std::string& po_id) {
    Result<std::optional<PurchaseOrder>> found = store.purchasing().FindPurchaseOrder(po_id);
    if (!found.ok()) return found.status();
    if (!found.value()) return Status::Ok();
    PurchaseOrder& po = **found;
    for (PoLine& line : po.lines) {
        Result<int64_t> received = store.purchasing().ReceivedOnLedger(po_id, line.line);
        if (!received.ok()) return received.status();
        if (received.value() == line.quantity_received) continue;
        line.quantity_received = received.value();
        Status saved = store.purchasing().SetReceived(po_id, line.line, line.quantity_received);
        if (!saved.ok()) return saved;
    }
    if (po.status == kPoDraft || po.status == kPoCancelled) return Status::Ok();
    const std::string status = StatusAfterReceipts(po);
    return status == po.status ? Status::Ok() : store.purchasing().SetStatus(po_id, status);
}

}  // namespace stocktake::engine
