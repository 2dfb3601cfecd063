#include "stock/transfer.h"

#include "stock/kits.h"
#include "stock/ledger.h"
#include "stock/movement_rules.h"

namespace stocktake::engine {

Result<std::vector<Movement>> AppendTransfer(Store& store, const std::string& sku,
                                             const std::string& from, const std::string& to,
                                             int64_t quantity, const std::string& reason,
                                             const std::string& now) {
    Status not_kit = RefuseKit(store, sku, "a transfer");
    if (!not_kit.ok()) return not_kit;
    // Both legs carry one reference, so the pair reads as one transfer.
    const std::string reference = "transfer " + NewMovementId().substr(0, 12);
    std::vector<Movement> recorded;
    for (const bool out : {true, false}) {
        Movement m;
        m.sku = sku;
        m.location = out ? from : to;
        m.delta = out ? -quantity : quantity;
        m.kind = out ? MovementKind::kTransferOut : MovementKind::kTransferIn;
        m.reason = reason;
        m.reference = reference;
        m.occurred_at = now;
        Result<Movement> appended = AppendMovement(store, std::move(m), now);
        if (!appended.ok()) return appended.status();
        recorded.push_back(std::move(appended.value()));
    }
    return recorded;
}

}  // namespace stocktake::engine
