// The outbox: every local change is recorded as an op, in the same transaction as the
// change, ready for the sync protocol (docs/ARCHITECTURE.md, "Sync protocol").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/op.h"
#include "stocktake/status.h"

namespace stocktake::engine {

class Store;

// Makes this device's next op (the next sequence number, a clock time after every time made
// or seen here) and stores it. The caller holds the transaction and makes the change.
Result<Op> RecordLocalOp(Store& store, std::string entity, std::vector<std::string> key,
                         nlohmann::json payload);
// RecordLocalOp in two steps, for a writer that needs the op's clock before it writes (an
// import's new record carries it). An op made and never stored leaves nothing behind: the
// next op gets its sequence number.
Result<Op> MakeLocalOp(Store& store, std::string entity, std::vector<std::string> key,
                       nlohmann::json payload);
// The sequence number and clock time MakeLocalOp would give this device's next op, without
// making it; with clock, also appends the op's ClockOf (sync/field_clocks.h). For a writer
// that makes millions (a first import: two a row, sync/records.h StoreNewRecordOp).
struct OpStamp {
    int64_t seq = 0;
    uint64_t hlc = 0;
};
// wall_ms: the wall clock to tick from, for a writer that reads it once for many ops (in
// wasm each read is a call out to JavaScript); by default it is read here.
Result<OpStamp> NextLocalOp(Store& store, std::string* clock = nullptr, int64_t wall_ms = -1);
// kFromRecord: the op of a record it created, whose payload that record gives back
// (sync/records.h, "created ops").
enum class PayloadStorage { kStored, kFromRecord };
Status StoreLocalOp(Store& store, const Op& op, PayloadStorage payload = PayloadStorage::kStored);
// This device's ops with seq > after, oldest first, each with its payload.
Result<std::vector<Op>> ReadLocalOps(Store& store, int64_t after, int64_t limit);

// A local write of some fields of a last-writer-wins record (or its deletion: {"_deleted":
// true}). It becomes an op and is applied exactly as an op from another device would be, so
// local and remote writes merge by one rule. The caller holds the transaction and has
// validated the values.
Status WriteRecord(Store& store, std::string entity, std::vector<std::string> key,
                   nlohmann::json fields, std::string_view now);

}  // namespace stocktake::engine
