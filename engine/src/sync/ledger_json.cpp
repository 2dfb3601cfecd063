#include "sync/ledger_json.h"

namespace stocktake::engine {

namespace {

using nlohmann::json;

// Reads member name into *out; missing text reads as "", missing numbers are an error.
Status Text(const json& j, const char* name, std::string* out) {
    const auto it = j.find(name);
    if (it == j.end() || it->is_null()) return Status::Ok();
    if (!it->is_string()) return Status::InvalidArgument(std::string(name) + " must be text");
    *out = it->get<std::string>();
    return Status::Ok();
}

Status Integer(const json& j, const char* name, int64_t* out) {
    const auto it = j.find(name);
    if (it == j.end() || !it->is_number_integer()) {
        return Status::InvalidArgument(std::string(name) + " must be an integer");
    }
    *out = it->get<int64_t>();
    return Status::Ok();
}

// The first failure of several reads.
Status FirstError(std::initializer_list<Status> statuses) {
    for (const Status& status : statuses) {
        if (!status.ok()) return status;
    }
    return Status::Ok();
}

}  // namespace

json MovementToJson(const Movement& m) {
    return {{"id", m.id},
            {"sku", m.sku},
            {"location", m.location},
            {"delta", m.delta},
            {"kind", MovementKindName(m.kind)},
            {"reason", m.reason},
            {"reference", m.reference},
            {"lot", m.lot},
            {"expiry", m.expiry},
            {"occurred_at", m.occurred_at},
            {"recorded_by", m.recorded_by},
            {"device", m.device}};
}

Result<Movement> MovementFromJson(const json& j) {
    if (!j.is_object()) return Status::InvalidArgument("a movement must be a JSON object");
    Movement m;
    std::string kind;
    Status read = FirstError(
        {Text(j, "id", &m.id), Text(j, "sku", &m.sku), Text(j, "location", &m.location),
         Integer(j, "delta", &m.delta), Text(j, "kind", &kind), Text(j, "reason", &m.reason),
         Text(j, "reference", &m.reference), Text(j, "lot", &m.lot), Text(j, "expiry", &m.expiry),
         Text(j, "occurred_at", &m.occurred_at), Text(j, "recorded_by", &m.recorded_by),
         Text(j, "device", &m.device)});
    if (!read.ok()) return read;
    const std::optional<MovementKind> parsed = MovementKindFromName(kind);
    if (!parsed) return Status::InvalidArgument("unknown movement kind '" + kind + "'");
    m.kind = *parsed;
    if (m.id.empty()) return Status::InvalidArgument("a movement needs its id");
    return m;
}

json CountToJson(const Count& c) {
    return {{"id", c.id},
            {"sku", c.sku},
            {"location", c.location},
            {"counted", c.counted},
            {"seen_position", c.seen_position},
            {"blind", c.blind},
            {"counted_at", c.counted_at},
            {"counted_by", c.counted_by},
            {"expected", c.expected},
            {"movement_id", c.movement_id}};
}

Result<Count> CountFromJson(const json& j) {
    if (!j.is_object()) return Status::InvalidArgument("a count must be a JSON object");
    Count c;
    Status read = FirstError(
        {Text(j, "id", &c.id), Text(j, "sku", &c.sku), Text(j, "location", &c.location),
         Integer(j, "counted", &c.counted), Integer(j, "seen_position", &c.seen_position),
         Text(j, "counted_at", &c.counted_at), Text(j, "counted_by", &c.counted_by),
         Integer(j, "expected", &c.expected), Text(j, "movement_id", &c.movement_id)});
    if (!read.ok()) return read;
    const auto blind = j.find("blind");
    if (blind != j.end() && !blind->is_boolean()) {
        return Status::InvalidArgument("blind must be true or false");
    }
    c.blind = blind != j.end() && blind->get<bool>();
    if (c.id.empty() || c.sku.empty() || c.location.empty()) {
        return Status::InvalidArgument("a count needs its id, SKU and location");
    }
    return c;
}

}  // namespace stocktake::engine
