#include "sync/records.h"

#include "store/store.h"
#include "sync/entities.h"
#include "sync/field_clocks.h"
#include "sync/outbox.h"

namespace stocktake::engine {

namespace {

using nlohmann::json;

Status CheckFields(const TableSpec& spec, const json& payload) {
    for (const auto& [field, value] : payload.items()) {
        if (field == kDeletedField) {
            if (!value.is_boolean())
                return Status::InvalidArgument("_deleted must be true or false");
        } else if (!FindColumn(spec, field)) {
            return Status::InvalidArgument(std::string(spec.entity) + " has no field '" + field +
                                           "'");
        }
    }
    return Status::Ok();
}

bool IsFallback(const ColumnSpec& column, const json& value) {
    const FieldValue& fallback = column.fallback;
    switch (fallback.kind) {
        case FieldValue::Kind::kNull: return value.is_null();
        case FieldValue::Kind::kInt: return value.is_number_integer() && value == fallback.integer;
        case FieldValue::Kind::kText: return value.is_string() && value == fallback.text;
    }
    return false;
}

// The payload of the op StoreNewRecordOp stored for a record created with these values: every field
// that differs from the fallback (a field the write left out, or set to its fallback, has it).
json CreatedFields(const TableSpec& spec, const json& values) {
    json fields = json::object();
    for (const ColumnSpec& column : spec.columns) {
        const auto value = values.find(column.name);
        if (value != values.end() && !IsFallback(column, *value)) fields[column.name] = *value;
    }
    return fields;
}

// The record's clocks: stored, or for a record an import created (and nothing changed
// since, or they would be stored), its created clock on every field its op set, which were
// those that differ from the table's fallback (StoreNewRecordOp).
Result<RecordClocks> LoadClocks(Store& store, const TableSpec& spec,
                                const std::vector<std::string>& key, const std::string& key_text) {
    Result<std::optional<RecordClocks>> found = store.sync().FindClocks(spec.entity, key_text);
    if (!found.ok()) return found.status();
    if (found.value()) return std::move(**found);
    RecordClocks record;
    Result<std::optional<CreatedRecord>> created = store.records().ReadCreated(spec, key);
    if (!created.ok()) return created.status();
    if (!created.value() || !created.value()->has_clock()) return record;
    const CreatedRecord& stored = **created;
    // Whoever loads the clocks is about to change the record: its op's payload is now or never.
    Status kept = KeepCreatedPayload(store, spec, stored);
    if (!kept.ok()) return kept;
    Result<std::string> clock = CreatedClock(store, stored);
    if (!clock.ok()) return clock.status();
    FieldClocks clocks;
    for (const ColumnSpec& column : spec.columns) {
        const auto value = stored.values.find(column.name);
        if (value != stored.values.end() && !IsFallback(column, *value)) {
            clocks.Set(column.name, clock.value());
        }
    }
    record.clocks = clocks.Text();
    return record;
}

json FieldJson(const FieldValue& value) {
    switch (value.kind) {
        case FieldValue::Kind::kNull: return nullptr;
        case FieldValue::Kind::kInt: return value.integer;
        case FieldValue::Kind::kText: return std::string(value.text);
    }
    return nullptr;
}

std::vector<std::string> WriteKey(const TableSpec& spec, const RecordWrite& write) {
    std::vector<std::string> key;
    for (size_t i = 0; i < spec.keys.size(); ++i) key.emplace_back(write.key[i]);
    return key;
}

}  // namespace

Status ApplyRecordOp(Store& store, const TableSpec& spec, const Op& op, std::string_view now) {
    Status valid = CheckFields(spec, op.payload);
    if (!valid.ok()) return valid;
    const std::string key = KeyText(op.key);
    Result<RecordClocks> found = LoadClocks(store, spec, op.key, key);
    if (!found.ok()) return found.status();
    RecordClocks record = std::move(found.value());
    FieldClocks clocks = FieldClocks::Parse(record.clocks);

    // The fields this op wins; a field set by a newer op keeps its value.
    const std::string clock = ClockOf(op.hlc, op.device);
    json winners = json::object();
    for (const auto& [field, value] : op.payload.items()) {
        if (clock > clocks.Of(field)) {
            winners[field] = value;
            clocks.Set(field, clock);
        }
    }
    if (winners.empty()) return Status::Ok();

    const bool was_deleted = record.deleted;
    const auto deleted_field = winners.find(kDeletedField);
    const bool deleted = deleted_field != winners.end() ? deleted_field->get<bool>() : was_deleted;
    winners.erase(kDeletedField);
    record.clocks = clocks.Text();
    record.deleted = deleted;

    if (deleted) {
        // Keep every value in the tombstone: an older update arriving later lands there, and
        // a later re-creation starts from the same values on every device.
        json values = json::object();
        if (was_deleted) {
            values = json::parse(record.tombstone, nullptr, false);
            if (!values.is_object()) values = json::object();
        } else {
            Result<std::optional<json>> stored = store.records().Read(spec, op.key);
            if (!stored.ok()) return stored.status();
            // Only values some op set: the others are the table's fallbacks, which a
            // re-creation gets anyway (and every device's tombstone stays the same).
            if (stored.value()) {
                for (const auto& [field, value] : stored.value()->items()) {
                    if (!clocks.Of(field).empty()) values[field] = value;
                }
            }
            Status removed = store.records().Delete(spec, op.key);
            if (!removed.ok()) return removed;
        }
        values.update(winners);
        record.tombstone = values.dump(-1, ' ', false, json::error_handler_t::replace);
        return store.sync().SaveClocks(spec.entity, key, record);
    }
    if (was_deleted) {
        json values = json::parse(record.tombstone, nullptr, false);
        if (values.is_object()) {
            values.update(winners);
            winners = std::move(values);
        }
        record.tombstone.clear();
    }
    Status written = store.records().Upsert(spec, op.key, winners, now);
    if (!written.ok()) return written;
    return store.sync().SaveClocks(spec.entity, key, record);
}

Status RecordWrittenFields(Store& store, const TableSpec& spec, std::vector<std::string> key,
                           nlohmann::json fields, std::string_view now) {
    const std::string key_text = KeyText(key);
    Result<RecordClocks> found = LoadClocks(store, spec, key, key_text);
    if (!found.ok()) return found.status();
    RecordClocks record = std::move(found.value());
    if (record.deleted) {
        fields[kDeletedField] = false;
        return WriteRecord(store, spec.entity, std::move(key), std::move(fields), now);
    }
    FieldClocks clocks = FieldClocks::Parse(record.clocks);
    Result<Op> op = RecordLocalOp(store, spec.entity, std::move(key), std::move(fields));
    if (!op.ok()) return op.status();
    const std::string clock = ClockOf(op->hlc, op->device);
    for (const auto& [field, value] : op->payload.items()) clocks.Set(field, clock);
    record.clocks = clocks.Text();
    return store.sync().SaveClocks(spec.entity, key_text, record);
}

Status RecordWrittenFields(Store& store, const TableSpec& spec, const RecordWrite& write,
                           std::string_view now) {
    json fields = json::object();
    for (const auto& [column, value] : write.fields) {
        fields[spec.columns[static_cast<size_t>(column)].name] = FieldJson(value);
    }
    return RecordWrittenFields(store, spec, WriteKey(spec, write), std::move(fields), now);
}

Status StoreNewRecordOp(Store& store, const TableSpec& spec, const RecordWrite& write,
                        const OpStamp& stamp) {
    const std::span<const std::string_view> key(write.key.data(), spec.keys.size());
    Result<bool> added = store.sync().AddCreatedOp(stamp.seq, stamp.hlc, spec.entity, key);
    if (!added.ok()) return added.status();
    if (added.value()) {
        store.sync().NoteLocalOp(stamp.seq, stamp.hlc);
        return Status::Ok();
    }
    Result<const DeviceState*> device = store.sync().CurrentDevice();
    if (!device.ok()) return device.status();
    Op op;
    op.device = device.value()->device_id;
    op.seq = stamp.seq;
    op.hlc = stamp.hlc;
    op.entity = spec.entity;
    op.key = WriteKey(spec, write);
    // No payload: the record gives it (CreatedPayload), so none is built to be dropped.
    op.payload = json();
    return StoreLocalOp(store, op, PayloadStorage::kFromRecord);
}

Result<std::string> CreatedClock(Store& store, const CreatedRecord& record) {
    if (record.hlc == 0) return record.clock;
    Result<const DeviceState*> device = store.sync().CurrentDevice();
    if (!device.ok()) return device.status();
    return ClockOf(record.hlc, device.value()->device_id);
}

Status KeepCreatedPayload(Store& store, const TableSpec& spec, const CreatedRecord& record) {
    uint64_t created_hlc = record.hlc;
    if (created_hlc == 0) {
        // A text clock, from before migration 21.
        if (record.clock.size() < 16) return Status::Ok();
        Result<const DeviceState*> device = store.sync().CurrentDevice();
        if (!device.ok()) return device.status();
        // Only this device's imports create records with created clocks.
        if (std::string_view(record.clock).substr(16) != device.value()->device_id) {
            return Status::Ok();
        }
        Result<uint64_t> hlc = ParseHlc(std::string_view(record.clock).substr(0, 16));
        if (!hlc.ok()) {
            return Status::Corruption("created clock '" + record.clock + "' is unreadable");
        }
        created_hlc = hlc.value();
    }
    Result<std::optional<int64_t>> seq = store.sync().LocalSeqAt(created_hlc);
    if (!seq.ok()) return seq.status();
    if (!seq.value()) return Status::Ok();
    Result<bool> saved =
        store.sync().SavePayloadIfLeftOut(**seq, CreatedFields(spec, record.values));
    return saved.status();
}

Result<json> CreatedPayload(Store& store, const Op& op) {
    const TableSpec* spec = RecordSpecOf(op.entity);
    if (spec == nullptr || !spec->has_created_clock) {
        return Status::Corruption("op " + op.id() + " has no payload and no record to give it");
    }
    Result<std::optional<CreatedRecord>> created = store.records().ReadCreated(*spec, op.key);
    if (!created.ok()) return created.status();
    bool same_op = false;
    if (created.value() && created.value()->has_clock()) {
        Result<std::string> clock = CreatedClock(store, **created);
        if (!clock.ok()) return clock.status();
        same_op = clock.value() == ClockOf(op.hlc, op.device);
    }
    if (!same_op) {
        return Status::Corruption("op " + op.id() +
                                  " has no payload and its record changed without keeping it");
    }
    return CreatedFields(*spec, created.value()->values);
}

}  // namespace stocktake::engine
