#include "sync/apply.h"

#include "stock/movement_rules.h"
#include "stock/po_receipts.h"
#include "store/store.h"
#include "sync/entities.h"
#include "sync/ledger_json.h"
#include "sync/records.h"

namespace stocktake::engine {

namespace {

Status CheckSingleKey(const Op& op, const std::string& id) {
    if (op.key.size() != 1 || op.key[0] != id) {
        return Status::InvalidArgument(op.entity + " op key must be [\"" + id + "\"]");
    }
    return Status::Ok();
}

// A movement is a fact: stored once by id. The same id with other facts is refused.
Status ApplyMovement(Store& store, const Op& op, std::string_view now) {
    Result<Movement> movement = MovementFromJson(op.payload);
    if (!movement.ok()) return movement.status();
    Status key_ok = CheckSingleKey(op, movement->id);
    if (!key_ok.ok()) return key_ok;
    Status valid = ValidateMovement(&movement.value());
    if (!valid.ok()) return valid;
    Result<std::optional<Movement>> existing = store.stock().FindMovement(movement->id);
    if (!existing.ok()) return existing.status();
    if (existing.value()) {
        const Movement& stored = **existing;
        if (stored.sku != movement->sku || stored.location != movement->location ||
            stored.delta != movement->delta || stored.kind != movement->kind) {
            return Status(Code::kConflict,
                          "movement " + movement->id + " is already recorded with other values");
        }
        return Status::Ok();
    }
    Result<int64_t> position = store.stock().Append(movement.value(), now);
    return position.ok() ? Status::Ok() : position.status();
}

// A count is an observation; its adjustment travels as its own movement op.
Status ApplyCount(Store& store, const Op& op) {
    Result<Count> count = CountFromJson(op.payload);
    if (!count.ok()) return count.status();
    Status key_ok = CheckSingleKey(op, count->id);
    if (!key_ok.ok()) return key_ok;
    Result<std::optional<Count>> existing = store.stock().FindCount(count->id);
    if (!existing.ok()) return existing.status();
    if (existing.value()) return Status::Ok();
    return store.stock().InsertCount(count.value());
}

// The PO a receive movement belongs to ("po:<po>:<line>:<receipt>"), or "".
std::string ReceiptPo(const Op& op) {
    const std::string& id = op.key.front();
    if (id.rfind("po:", 0) != 0) return "";
    const size_t end = id.find(':', 3);
    return end == std::string::npos ? "" : id.substr(3, end - 3);
}

// What other records derive from an applied op: a PO's received quantities and status.
Status RefreshDerived(Store& store, const Op& op) {
    std::string po;
    if (op.entity == "movement") {
        po = ReceiptPo(op);
    } else if (op.entity == "purchase_order" || op.entity == "po_line") {
        po = op.key.front();
    }
    return po.empty() ? Status::Ok() : RefreshReceipts(store, po);
}

Status ApplyByEntity(Store& store, const Op& op, std::string_view now) {
    if (op.entity == "movement") return ApplyMovement(store, op, now);
    if (op.entity == "count") return ApplyCount(store, op);
    const TableSpec* spec = RecordSpecOf(op.entity);
    if (!spec) {
        return Status::Unsupported("this version of Stocktake does not store " + op.entity +
                                   " records yet");
    }
    return ApplyRecordOp(store, *spec, op, now);
}

}  // namespace

Result<bool> ApplyRemoteOp(Store& store, const Op& op, std::string_view now) {
    Result<bool> seen = store.sync().HasOp(op.device, op.seq);
    if (!seen.ok()) return seen.status();
    if (seen.value()) return false;
    Status applied = ApplyByEntity(store, op, now);
    if (applied.ok()) applied = RefreshDerived(store, op);
    if (!applied.ok()) return applied;
    // Later local ops must order after what was seen here.
    Status saved = store.sync().SaveSeenClock(op.hlc);
    if (!saved.ok()) return saved;
    Result<bool> inserted = store.sync().InsertOp(op);
    if (!inserted.ok()) return inserted.status();
    return true;
}

}  // namespace stocktake::engine
