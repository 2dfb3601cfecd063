#include "sync/apply_op.h"

#include "stocktake/engine/stock.h"
#include "sync/op_policy.h"

namespace stocktake::server {
namespace {

using nlohmann::json;

Status Bad(std::string reason) {
    return Status::InvalidArgument(std::move(reason));
}

bool NonEmptyText(const json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_string() && !it->get<std::string>().empty();
}

bool Integer(const json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_number_integer();
}

// A ledger fact must carry what the server stores of it; its id is the op's key.
Status CheckFact(const Op& op, std::initializer_list<const char*> texts, const char* number) {
    if (op.key.size() != 1) return Bad(op.entity + " key must be [id]");
    const json& fact = op.payload;
    for (const char* name : texts) {
        if (!NonEmptyText(fact, name)) return Bad(op.entity + " needs " + name + " (text)");
    }
    if (!Integer(fact, number)) return Bad(op.entity + " needs " + number + " (an integer)");
    if (fact["id"] != op.key[0]) return Bad(op.entity + " id differs from the op's key");
    if (op.entity == "movement" &&
        !engine::MovementKindFromName(fact.value("kind", std::string()))) {
        return Bad("unknown movement kind '" + fact.value("kind", std::string()) + "'");
    }
    return Status::Ok();
}

Status CheckRecordOp(const RecordTable& table, const Op& op) {
    if (op.key.size() != table.keys.size()) {
        return Bad(op.entity + " key must have " + std::to_string(table.keys.size()) + " parts");
    }
    for (const auto& [field, value] : op.payload.items()) {
        if (field == kDeletedField) {
            if (!value.is_boolean()) return Bad("_deleted must be true or false");
            continue;
        }
        const RecordColumn* column = table.FindColumn(field);
        if (column == nullptr) return Bad(op.entity + " has no field '" + field + "'");
        const bool fits =
            value.is_null() || (column->integer ? value.is_number_integer() : value.is_string());
        if (!fits) {
            return Bad(op.entity + "." + field + " must be " +
                       (column->integer ? "an integer" : "text") + " or null");
        }
    }
    return Status::Ok();
}

// Every channel the record names before and after the op.
Result<std::vector<std::string>> ChannelsOf(PushTransaction& tx, const RecordTable& table,
                                            const Op& op) {
    std::vector<std::string> channels;
    std::vector<const char*> stored_columns;
    for (const char* column : table.channel_columns) {
        for (size_t i = 0; i < table.keys.size(); ++i) {
            if (std::string_view(table.keys[i]) == column) channels.push_back(op.key[i]);
        }
        if (table.IsKey(column)) continue;
        stored_columns.push_back(column);
        const auto sent = op.payload.find(column);
        if (sent != op.payload.end() && sent->is_string()) channels.push_back(*sent);
    }
    if (stored_columns.empty()) return channels;
    auto stored = tx.ReadColumns(table, op.key, stored_columns);
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) {
        for (const std::optional<std::string>& value : **stored) {
            if (value) channels.push_back(*value);
        }
    }
    return channels;
}

}  // namespace

Status ApplyOp(PushTransaction& tx, const Actor& actor, const Op& op, int64_t seq,
               const std::string& now) {
    if (const RecordTable* table = RecordTableOf(op.entity)) {
        Status valid = CheckRecordOp(*table, op);
        if (!valid.ok()) return valid;
        Result<std::vector<std::string>> channels = ChannelsOf(tx, *table, op);
        if (!channels.ok()) return channels.status();
        Status allowed = AuthorizeOp(actor, op.entity, *channels);
        if (!allowed.ok()) return allowed;
        return tx.MergeRecord(*table, op, seq);
    }
    Status allowed = AuthorizeOp(actor, op.entity, {});
    if (!allowed.ok()) return allowed;
    if (op.entity == "movement") {
        Status valid = CheckFact(op, {"id", "sku", "location", "kind"}, "delta");
        if (!valid.ok()) return valid;
        Status inserted = tx.InsertMovement(op.payload, seq);
        if (!inserted.ok()) return inserted;
        // Physical facts stand even below zero; the server flags them instead.
        const std::string sku = op.payload["sku"], location = op.payload["location"];
        Result<int64_t> on_hand = tx.OnHand(sku, location);
        if (!on_hand.ok()) return on_hand.status();
        return tx.SetNegativeStockInsight(sku, location, *on_hand, now);
    }
    if (op.entity == "count") {
        Status valid = CheckFact(op, {"id", "sku", "location"}, "counted");
        if (!valid.ok()) return valid;
        return tx.InsertCount(op.payload, seq);
    }
    return Status(Code::kUnsupported, "the server does not store " + op.entity + " ops");
}

}  // namespace stocktake::server
