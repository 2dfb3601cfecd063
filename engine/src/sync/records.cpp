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

}  // namespace

Status ApplyRecordOp(Store& store, const TableSpec& spec, const Op& op, std::string_view now) {
    Status valid = CheckFields(spec, op.payload);
    if (!valid.ok()) return valid;
    const std::string key = KeyText(op.key);
    Result<std::optional<RecordClocks>> found = store.sync().FindClocks(spec.entity, key);
    if (!found.ok()) return found.status();
    RecordClocks record = found.value().value_or(RecordClocks{});
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
                           nlohmann::json fields, std::string_view now, bool known_new) {
    const std::string key_text = KeyText(key);
    RecordClocks record;
    if (!known_new) {
        Result<std::optional<RecordClocks>> found = store.sync().FindClocks(spec.entity, key_text);
        if (!found.ok()) return found.status();
        if (found.value() && found.value()->deleted) {
            fields[kDeletedField] = false;
            return WriteRecord(store, spec.entity, std::move(key), std::move(fields), now);
        }
        if (found.value()) record = std::move(**found);
    }
    Result<Op> op = RecordLocalOp(store, spec.entity, std::move(key), std::move(fields));
    if (!op.ok()) return op.status();
    const std::string clock = ClockOf(op->hlc, op->device);
    if (record.clocks.empty()) {
        // Every field has this op's clock: FieldClocks' text without building its map (a
        // first import writes a million of these).
        std::vector<std::string_view> names;
        for (const auto& [field, value] : op->payload.items()) names.push_back(field);
        record.clocks = FieldClocks::TextOfOne(clock, names);
    } else {
        FieldClocks clocks = FieldClocks::Parse(record.clocks);
        for (const auto& [field, value] : op->payload.items()) clocks.Set(field, clock);
        record.clocks = clocks.Text();
    }
    return store.sync().SaveClocks(spec.entity, key_text, record);
}

Status RecordWrittenFields(Store& store, const TableSpec& spec, const RecordWrite& write,
                           std::string_view now, bool known_new) {
    std::vector<std::string> key;
    for (size_t i = 0; i < spec.keys.size(); ++i) key.emplace_back(write.key[i]);
    json fields = json::object();
    for (const auto& [column, value] : write.fields) {
        const ColumnSpec& spec_column = spec.columns[static_cast<size_t>(column)];
        // A new record's empty fields are what every device fills in anyway: not sent.
        if (known_new && value.kind == spec_column.fallback.kind &&
            value.integer == spec_column.fallback.integer &&
            value.text == spec_column.fallback.text) {
            continue;
        }
        json& field = fields[spec_column.name];
        switch (value.kind) {
            case FieldValue::Kind::kNull: field = nullptr; break;
            case FieldValue::Kind::kInt: field = value.integer; break;
            case FieldValue::Kind::kText: field = std::string(value.text); break;
        }
    }
    return RecordWrittenFields(store, spec, std::move(key), std::move(fields), now, known_new);
}

}  // namespace stocktake::engine
