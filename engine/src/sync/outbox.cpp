#include "sync/outbox.h"

#include "stocktake/time.h"
#include "store/store.h"
#include "sync/entities.h"
#include "sync/field_clocks.h"
#include "sync/records.h"

namespace stocktake::engine {

Result<OpStamp> NextLocalOp(Store& store, std::string* clock, int64_t wall_ms) {
    Result<const DeviceState*> device = store.sync().CurrentDevice();
    if (!device.ok()) return device.status();
    HybridClock hlc(device.value()->last_hlc);
    const OpStamp stamp{device.value()->last_seq + 1,
                        hlc.Tick(wall_ms >= 0 ? wall_ms : NowUnixMillis())};
    if (clock != nullptr) {
        AppendClockOf(stamp.hlc, device.value()->device_id, clock);
    }
    return stamp;
}

Result<Op> MakeLocalOp(Store& store, std::string entity, std::vector<std::string> key,
                       nlohmann::json payload) {
    Result<OpStamp> stamp = NextLocalOp(store);
    if (!stamp.ok()) return stamp.status();
    Result<const DeviceState*> device = store.sync().CurrentDevice();
    if (!device.ok()) return device.status();
    Op op;
    op.device = device.value()->device_id;
    op.seq = stamp->seq;
    op.hlc = stamp->hlc;
    op.entity = std::move(entity);
    op.key = std::move(key);
    op.payload = std::move(payload);
    return op;
}

Status StoreLocalOp(Store& store, const Op& op, PayloadStorage payload) {
    Result<bool> inserted = store.sync().InsertOp(op, payload == PayloadStorage::kStored);
    if (!inserted.ok()) return inserted.status();
    if (!inserted.value()) {
        return Status::Corruption("op " + op.id() +
                                  " is stored already: the outbox's sequence "
                                  "number went back");
    }
    store.sync().NoteLocalOp(op.seq, op.hlc);
    return Status::Ok();
}

Result<std::vector<Op>> ReadLocalOps(Store& store, int64_t after, int64_t limit) {
    Result<std::vector<Op>> ops = store.sync().LocalOps(after, limit);
    if (!ops.ok()) return ops;
    for (Op& op : ops.value()) {
        if (!op.payload.is_null()) continue;
        Result<nlohmann::json> payload = CreatedPayload(store, op);
        if (!payload.ok()) return payload.status();
        op.payload = std::move(payload.value());
    }
    return ops;
}

Result<Op> RecordLocalOp(Store& store, std::string entity, std::vector<std::string> key,
                         nlohmann::json payload) {
    Result<Op> op = MakeLocalOp(store, std::move(entity), std::move(key), std::move(payload));
    if (!op.ok()) return op.status();
    Status stored = StoreLocalOp(store, op.value());
    if (!stored.ok()) return stored;
    return op;
}

Status WriteRecord(Store& store, std::string entity, std::vector<std::string> key,
                   nlohmann::json fields, std::string_view now) {
    const TableSpec* spec = RecordSpecOf(entity);
    if (!spec) return Status::Internal("no table for entity " + entity);
    Result<Op> op = RecordLocalOp(store, std::move(entity), std::move(key), std::move(fields));
    if (!op.ok()) return op.status();
    return ApplyRecordOp(store, *spec, op.value(), now);
}

}  // namespace stocktake::engine
