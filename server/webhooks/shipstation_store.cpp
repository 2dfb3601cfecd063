#include "webhooks/shipstation_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "stocktake/op.h"

namespace stocktake::server {
namespace {

// The newest HLC in a record's clocks ({"field": "<hlc>:<device>"}).
uint64_t NewestClock(const std::string& clocks_text) {
    const nlohmann::json clocks = nlohmann::json::parse(clocks_text, nullptr, false);
    uint64_t newest = 0;
    if (!clocks.is_object()) return newest;
    for (const auto& [field, stamp] : clocks.items()) {
        if (!stamp.is_string()) continue;
        Result<uint64_t> hlc = ParseHlc(stamp.get<std::string>().substr(0, 16));
        if (hlc.ok()) newest = std::max(newest, *hlc);
    }
    return newest;
}

}  // namespace

Result<std::optional<StoredOrder>> ShipStationStore::ReadOrder(const std::string& id) {
    Result<SqlRows> order = connection_.Exec(
        "SELECT status, ordered_at, deleted, clocks FROM orders WHERE org_id = $1 AND id = $2",
        {org_id_, id});
    if (!order.ok()) return order.status();
    if (order->empty()) return std::optional<StoredOrder>();
    StoredOrder stored;
    stored.status = order->IsNull(0, 0) ? "" : order->Text(0, 0);
    stored.ordered_at = order->IsNull(0, 1) ? "" : order->Text(0, 1);
    stored.deleted = order->Int(0, 2) != 0;
    stored.newest_clock = NewestClock(order->Text(0, 3));
    Result<SqlRows> lines = connection_.Exec(
        "SELECT line, sku, quantity, price_minor, deleted, clocks FROM order_lines "
        "WHERE org_id = $1 AND order_id = $2",
        {org_id_, id});
    if (!lines.ok()) return lines.status();
    for (size_t i = 0; i < lines->size(); ++i) {
        StoredOrderLine& line = stored.lines[lines->Text(i, 0)];
        line.sku = lines->IsNull(i, 1) ? "" : lines->Text(i, 1);
        line.quantity = lines->IsNull(i, 2) ? 0 : lines->Int(i, 2);
        if (!lines->IsNull(i, 3)) line.price_minor = lines->Int(i, 3);
        line.deleted = lines->Int(i, 4) != 0;
        stored.newest_clock = std::max(stored.newest_clock, NewestClock(lines->Text(i, 5)));
    }
    return std::optional<StoredOrder>(std::move(stored));
}

Result<std::optional<StoredMovement>> ShipStationStore::ReadMovement(const std::string& id) {
    Result<SqlRows> rows = connection_.Exec(
        "SELECT location, delta FROM movements WHERE org_id = $1 AND id = $2", {org_id_, id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<StoredMovement>();
    return std::optional<StoredMovement>(StoredMovement{rows->Text(0, 0), rows->Int(0, 1)});
}

Result<bool> ShipStationStore::HasProduct(const std::string& sku) {
    Result<SqlRows> rows = connection_.Exec(
        "SELECT 1 FROM products WHERE org_id = $1 AND sku = $2 AND deleted = 0", {org_id_, sku});
    if (!rows.ok()) return rows.status();
    return !rows->empty();
}

Result<bool> ShipStationStore::HasLocation(const std::string& id) {
    Result<SqlRows> rows = connection_.Exec(
        "SELECT 1 FROM locations WHERE org_id = $1 AND id = $2 AND deleted = 0", {org_id_, id});
    if (!rows.ok()) return rows.status();
    return !rows->empty();
}

Result<DeviceCursor> ShipStationStore::ReadDeviceCursor(const std::string& device) {
    Result<SqlRows> seq = connection_.Exec(
        "SELECT last_seq FROM devices WHERE id = $1 AND org_id = $2", {device, org_id_});
    if (!seq.ok()) return seq.status();
    DeviceCursor cursor;
    if (seq->empty()) return cursor;
    cursor.last_seq = seq->Int(0, 0);
    // The op id "<device>:<seq>" is unique per organisation: one indexed lookup.
    Result<SqlRows> hlc =
        connection_.Exec("SELECT hlc FROM changes WHERE org_id = $1 AND op_id = $2",
                         {org_id_, device + ":" + std::to_string(cursor.last_seq)});
    if (!hlc.ok()) return hlc.status();
    if (!hlc->empty()) {
        Result<uint64_t> parsed = ParseHlc(hlc->Text(0, 0));
        if (parsed.ok()) cursor.last_hlc = *parsed;
    }
    return cursor;
}

Status ShipStationStore::FlagUnknownSku(const std::string& sku, const std::string& order_id,
                                        const std::string& now) {
    const std::string details =
        nlohmann::json{{"order", order_id},
                       {"action", "add this SKU to the catalogue, or correct it in ShipStation"}}
            .dump();
    return connection_
        .Exec(
            "INSERT INTO insights (org_id, id, sku, channel, kind, generated_at, details) "
            "VALUES ($1, $2, $3, 'shipstation', 'unknown_sku', $4, $5) "
            "ON CONFLICT (org_id, id) DO UPDATE SET generated_at = $4, details = $5",
            {org_id_, "unknown_sku:" + sku, sku, now, details})
        .status();
}

}  // namespace stocktake::server
