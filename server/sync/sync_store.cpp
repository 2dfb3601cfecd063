#include "sync/sync_store.h"

#include <utility>

#include "sync/device_store.h"

namespace stocktake::server {
namespace {

using nlohmann::json;

// "<hlc>:<device>": both parts are fixed-width lowercase hex, so comparing the texts
// orders by clock, then by device (the protocol's tie-break).
std::string Stamp(const Op& op) {
    return HlcText(op.hlc) + ":" + op.device;
}

std::string KeyWhere(const RecordTable& table, size_t first_param) {
    std::string where = "org_id = $" + std::to_string(first_param);
    for (size_t i = 0; i < table.keys.size(); ++i) {
        where +=
            std::string(" AND ") + table.keys[i] + " = $" + std::to_string(first_param + 1 + i);
    }
    return where;
}

SqlParam ParamOf(const json& value, bool integer) {
    if (value.is_null()) return nullptr;
    if (integer) return value.get<int64_t>();
    return value.get<std::string>();
}

SqlParam TextOrNull(const json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return nullptr;
    return it->get<std::string>();
}

SqlParam IntOrNull(const json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end() || !it->is_number_integer()) return nullptr;
    return it->get<int64_t>();
}

}  // namespace

Result<int64_t> PushTransaction::Begin() {
    Result<SqlRows> created = connection_.Exec(
        "INSERT INTO org_sequences (org_id, last_seq) VALUES ($1, 0) ON CONFLICT (org_id) DO "
        "NOTHING",
        {org_id_});
    if (!created.ok()) return created.status();
    // An UPDATE (not a read) so that PostgreSQL holds the row lock until COMMIT.
    Result<SqlRows> locked = connection_.Exec(
        "UPDATE org_sequences SET last_seq = last_seq WHERE org_id = $1 RETURNING last_seq",
        {org_id_});
    if (!locked.ok()) return locked.status();
    if (locked->empty()) return Status::Internal("org_sequences row vanished");
    return locked->Int(0, 0);
}

Status PushTransaction::ClaimDevice(const std::string& device, const std::string& user_id,
                                    const std::string& now) {
    Result<SqlRows> claimed = connection_.Exec(
        "INSERT INTO devices (id, org_id, last_user, first_seen, last_seen) "
        "VALUES ($1, $2, $3, $4, $4) ON CONFLICT (id) DO NOTHING",
        {device, org_id_, user_id, now});
    if (!claimed.ok()) return claimed.status();
    return DeviceStore(connection_, org_id_).CheckOwner(device);
}

Result<bool> PushTransaction::HasChange(const std::string& op_id) {
    Result<SqlRows> rows = connection_.Exec(
        "SELECT 1 FROM changes WHERE org_id = $1 AND op_id = $2", {org_id_, op_id});
    if (!rows.ok()) return rows.status();
    return !rows->empty();
}

Result<std::optional<std::vector<std::optional<std::string>>>> PushTransaction::ReadColumns(
    const RecordTable& table, const std::vector<std::string>& key,
    const std::vector<const char*>& columns) {
    std::string sql = "SELECT 1";
    for (const char* column : columns) sql += std::string(", ") + column;
    sql += std::string(" FROM ") + table.table + " WHERE " + KeyWhere(table, 1);
    std::vector<SqlParam> params = {org_id_};
    for (const std::string& part : key) params.emplace_back(part);
    Result<SqlRows> rows = connection_.Exec(sql, params);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<std::vector<std::optional<std::string>>>();
    std::vector<std::optional<std::string>> values;
    for (size_t i = 0; i < columns.size(); ++i) {
        if (rows->IsNull(0, i + 1)) {
            values.emplace_back(std::nullopt);
        } else {
            values.emplace_back(rows->Text(0, i + 1));
        }
    }
    return std::optional<std::vector<std::optional<std::string>>>(std::move(values));
}

Status PushTransaction::MergeRecord(const RecordTable& table, const Op& op, int64_t seq) {
    std::vector<SqlParam> key_params = {org_id_};
    for (const std::string& part : op.key) key_params.emplace_back(part);

    Result<SqlRows> stored = connection_.Exec(
        std::string("SELECT clocks FROM ") + table.table + " WHERE " + KeyWhere(table, 1),
        key_params);
    if (!stored.ok()) return stored.status();
    const bool exists = !stored->empty();
    json clocks = exists ? json::parse(stored->Text(0, 0), nullptr, false) : json::object();
    if (!clocks.is_object()) clocks = json::object();

    // The fields this op wins: those whose stored clock is older (or absent).
    const std::string stamp = Stamp(op);
    std::vector<std::string> columns;
    std::vector<SqlParam> values;
    for (const auto& [field, value] : op.payload.items()) {
        const auto clock = clocks.find(field);
        if (clock != clocks.end() && clock->is_string() && clock->get<std::string>() >= stamp) {
            continue;
        }
        clocks[field] = stamp;
        if (field == kDeletedField) {
            columns.emplace_back("deleted");
            values.emplace_back(int64_t{value.get<bool>() ? 1 : 0});
        } else {
            columns.push_back(field);
            values.push_back(ParamOf(value, table.FindColumn(field)->integer));
        }
    }
    if (exists && columns.empty()) return Status::Ok();  // every field has a newer value

    std::vector<SqlParam> params = key_params;
    std::string sql;
    if (!exists) {
        sql = std::string("INSERT INTO ") + table.table + " (org_id";
        std::string placeholders = "$1";
        size_t n = 1;
        for (const char* key : table.keys) {
            sql += std::string(", ") + key;
            placeholders += ", $" + std::to_string(++n);
        }
        for (size_t i = 0; i < columns.size(); ++i) {
            sql += ", " + columns[i];
            placeholders += ", $" + std::to_string(++n);
            params.push_back(values[i]);
        }
        sql += ", clocks, updated_seq) VALUES (" + placeholders + ", $" + std::to_string(n + 1) +
               ", $" + std::to_string(n + 2) + ")";
    } else {
        sql = std::string("UPDATE ") + table.table + " SET ";
        size_t n = params.size();
        for (size_t i = 0; i < columns.size(); ++i) {
            sql += columns[i] + " = $" + std::to_string(++n) + ", ";
            params.push_back(values[i]);
        }
        sql += "clocks = $" + std::to_string(n + 1) + ", updated_seq = $" + std::to_string(n + 2) +
               " WHERE " + KeyWhere(table, 1);
    }
    params.emplace_back(clocks.dump());
    params.emplace_back(seq);
    return connection_.Exec(sql, params).status();
}

Status PushTransaction::InsertMovement(const json& m, int64_t seq) {
    const std::string id = m.at("id").get<std::string>();
    Result<SqlRows> stored = connection_.Exec(
        "SELECT sku, location, delta, kind FROM movements WHERE org_id = $1 AND id = $2",
        {org_id_, id});
    if (!stored.ok()) return stored.status();
    if (!stored->empty()) {
        const bool same = stored->Text(0, 0) == m.at("sku").get<std::string>() &&
                          stored->Text(0, 1) == m.at("location").get<std::string>() &&
                          stored->Int(0, 2) == m.at("delta").get<int64_t>() &&
                          stored->Text(0, 3) == m.at("kind").get<std::string>();
        if (same) return Status::Ok();
        return Status(Code::kAlreadyExists,
                      "movement " + id + " is already recorded with other values");
    }
    return connection_
        .Exec(
            "INSERT INTO movements (org_id, id, sku, location, delta, kind, reason, reference, "
            "lot, expiry, occurred_at, recorded_by, device, seq) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            {org_id_, id, m.at("sku").get<std::string>(), m.at("location").get<std::string>(),
             m.at("delta").get<int64_t>(), m.at("kind").get<std::string>(), TextOrNull(m, "reason"),
             TextOrNull(m, "reference"), TextOrNull(m, "lot"), TextOrNull(m, "expiry"),
             TextOrNull(m, "occurred_at"), TextOrNull(m, "recorded_by"), TextOrNull(m, "device"),
             seq})
        .status();
}

Status PushTransaction::InsertCount(const json& c, int64_t seq) {
    Result<SqlRows> inserted = connection_.Exec(
        "INSERT INTO counts (org_id, id, sku, location, counted, seen_position, blind, "
        "counted_at, counted_by, expected, movement_id, seq) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
        "ON CONFLICT (org_id, id) DO NOTHING",
        {org_id_, c.at("id").get<std::string>(), c.at("sku").get<std::string>(),
         c.at("location").get<std::string>(), c.at("counted").get<int64_t>(),
         IntOrNull(c, "seen_position"),
         c.contains("blind") && c["blind"].is_boolean() ? SqlParam(int64_t{c["blind"] ? 1 : 0})
                                                        : SqlParam(nullptr),
         TextOrNull(c, "counted_at"), TextOrNull(c, "counted_by"), IntOrNull(c, "expected"),
         TextOrNull(c, "movement_id"), seq});
    return inserted.status();
}

Result<int64_t> PushTransaction::OnHand(const std::string& sku, const std::string& location) {
    Result<SqlRows> rows = connection_.Exec(
        "SELECT COALESCE(SUM(delta), 0) FROM movements "
        "WHERE org_id = $1 AND sku = $2 AND location = $3",
        {org_id_, sku, location});
    if (!rows.ok()) return rows.status();
    return rows->Int(0, 0);
}

Status PushTransaction::SetNegativeStockInsight(const std::string& sku, const std::string& location,
                                                int64_t on_hand, const std::string& now) {
    const std::string id = "negative_stock:" + json::array({sku, location}).dump();
    if (on_hand >= 0) {
        return connection_.Exec("DELETE FROM insights WHERE org_id = $1 AND id = $2", {org_id_, id})
            .status();
    }
    const std::string details =
        json{{"location", location}, {"on_hand", on_hand}, {"action", "count this SKU here"}}
            .dump();
    return connection_
        .Exec(
            "INSERT INTO insights (org_id, id, sku, channel, kind, generated_at, details) "
            "VALUES ($1, $2, $3, '', 'negative_stock', $4, $5) "
            "ON CONFLICT (org_id, id) DO UPDATE SET generated_at = $4, details = $5",
            {org_id_, id, sku, now, details})
        .status();
}

Status PushTransaction::AppendChange(int64_t seq, const Op& op, const std::string& op_text,
                                     const std::string& user_id, const std::string& now) {
    return connection_
        .Exec(
            "INSERT INTO changes (org_id, seq, op_id, device, device_seq, entity, entity_key, "
            "hlc, op, user_id, committed_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            {org_id_, seq, op.id(), op.device, op.seq, op.entity, json(op.key).dump(),
             HlcText(op.hlc), op_text, user_id, now})
        .status();
}

Status PushTransaction::Finish(int64_t last_seq, const std::string& device, int64_t device_seq,
                               const std::string& now) {
    Result<SqlRows> sequence = connection_.Exec(
        "UPDATE org_sequences SET last_seq = $2 WHERE org_id = $1", {org_id_, last_seq});
    if (!sequence.ok()) return sequence.status();
    return connection_
        .Exec(
            "UPDATE devices SET last_seq = CASE WHEN last_seq > $2 THEN last_seq ELSE $2 END, "
            "last_seen = $3 WHERE id = $1",
            {device, device_seq, now})
        .status();
}

Result<ChangePage> ReadChanges(SqlConnection& connection, const std::string& org_id, int64_t cursor,
                               int limit) {
    // One more than asked says whether another page follows.
    Result<SqlRows> rows = connection.Exec(
        "SELECT seq, op FROM changes WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        {org_id, cursor, int64_t{limit} + 1});
    if (!rows.ok()) return rows.status();
    ChangePage page;
    page.cursor = cursor;
    const size_t count = std::min(rows->size(), static_cast<size_t>(limit));
    for (size_t i = 0; i < count; ++i) {
        page.ops.push_back(rows->Text(i, 1));
        page.cursor = rows->Int(i, 0);
    }
    page.more = rows->size() > count;
    return page;
}

}  // namespace stocktake::server
