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
// (MakeNewRecordOp: the fields that differ from the table's fallback, not stored yet),
// writes the record with ClockOf(op) as its created_clock, then stores the op
// (StoreLocalOp). Until a later op touches the record, its clocks are implied: the created
// clock on every field that differs from the fallback, i.e. exactly the fields the op set.
// The first later op (local or remote) stores them like any record's.
Result<Op> MakeNewRecordOp(Store& store, const TableSpec& spec, const RecordWrite& write);

}  // namespace stocktake::engine
