// Last-writer-wins records: applies an op's fields to its record, each field only when the
// op's clock is newer than the clock that set the field's current value. A deletion is the
// field "_deleted" like any other, and the deleted record's values are kept as a
// tombstone, so every device ends with the same record whatever order the ops came in.
#pragma once

#include <string_view>

#include "stocktake/op.h"
#include "stocktake/status.h"
#include "store/record_table.h"
#include "store/record_write.h"
#include "sync/outbox.h"

namespace stocktake::engine {

class Store;

// REQUIRES: op.entity is spec's entity. The caller holds the transaction.
Status ApplyRecordOp(Store& store, const TableSpec& spec, const Op& op, std::string_view now);

// For a writer that stored the fields itself (an import, through RecordTable): records
// them as this device's op and sets their clocks, as WriteRecord would have. A record that
// was deleted is written again through WriteRecord, so the values its tombstone kept come
// back the same way on every device. The caller holds the transaction.
Status RecordWrittenFields(Store& store, const TableSpec& spec, std::vector<std::string> key,
                           nlohmann::json fields, std::string_view now);
// The same for a RecordWrite an import applied: every field it sets (the file asserts them
// all, changed or not; nothing is recorded for a row that changed nothing).
Status RecordWrittenFields(Store& store, const TableSpec& spec, const RecordWrite& write,
                           std::string_view now);

// Created clocks. A first import creates up to millions of records that no op has touched
// yet; storing a record_clocks row for each cost as much as the record itself. Instead, for a
// table with TableSpec::has_created_clock, the import makes the new record's op first
// (NextLocalOp: not stored yet, and without a payload, see "created ops" below),
// writes the record with the op's clock (CreatedRecord: its time alone), then stores the op
// (StoreNewRecordOp). Until a later op touches the record, its clocks
// are implied: the created clock on every field that differs from the fallback, i.e. exactly the
// fields the op set. The first later op (local or remote) stores them like any record's.
//
// Stores the op stamp (NextLocalOp) of the record write created, without its payload: as
// StoreLocalOp with PayloadStorage::kFromRecord would store an Op made of them, without
// making one while the outbox batches (two a row of a first import).
Status StoreNewRecordOp(Store& store, const TableSpec& spec, const RecordWrite& write,
                        const OpStamp& stamp);

// Created ops. The op of a record created that way is stored without its payload
// (StoreLocalOp with PayloadStorage::kFromRecord): its payload is the record's fields that
// differ from the fallback, as long as nothing changed the record, and storing it doubled
// what a first import wrote. Whatever first changes such a record (an op applied to it,
// local or remote, or a later import row) stores the op's payload first, from the values
// the record had until then (KeepCreatedPayload); until then ReadLocalOps rebuilds it.
//
// The clock text of the op that created record (CreatedRecord::has_clock): ClockOf its time
// and this device, or the text a record created before migration 21 stored.
Result<std::string> CreatedClock(Store& store, const CreatedRecord& record);

// Stores the payload of the op that created record (its values before any change), if
// that op was stored without one. A no-op for a record without a created clock.
Status KeepCreatedPayload(Store& store, const TableSpec& spec, const CreatedRecord& record);
// The payload of op, stored without one: its record's fields that differ from the fallback.
// REQUIRES: op is this device's, stored with PayloadStorage::kFromRecord and not kept since.
Result<nlohmann::json> CreatedPayload(Store& store, const Op& op);

}  // namespace stocktake::engine
