#include "webhooks/shipstation_effects.h"

#include <set>

#include "auth/crypto.h"
#include "stocktake/engine/stock.h"
#include "stocktake/op.h"
#include "stocktake/time.h"
#include "sync/apply_op.h"
#include "sync/sync_store.h"
#include "time_text.h"
#include "webhooks/shipstation_store.h"

namespace stocktake::server {
namespace {

using nlohmann::json;

constexpr const char* kUser = "shipstation";
constexpr const char* kChannel = "shipstation";

// The engine's three order states from ShipStation's orderStatus.
std::string OrderState(const std::string& shipstation_status) {
    if (shipstation_status == "cancelled") return "cancelled";
    if (shipstation_status == "shipped") return "shipped";
    return "open";  // awaiting_payment, awaiting_shipment, pending_fulfillment, on_hold, ...
}

std::string ShipMovementId(const std::string& shipment_id, const std::string& line_key) {
    return "shipstation:shipment:" + shipment_id + ":" + line_key + ":ship";
}

std::string VoidMovementId(const std::string& shipment_id, const std::string& line_key) {
    return "shipstation:shipment:" + shipment_id + ":" + line_key + ":void";
}

json IntOrNull(const std::optional<int64_t>& value) {
    return value ? json(*value) : json(nullptr);
}

// Builds the ops of one transaction and applies each through the sync path.
class OpWriter {
  public:
    OpWriter(PushTransaction& tx, ShipStationStore& store, const std::string& org_id,
             std::string device, int64_t org_seq, DeviceCursor cursor, std::string now)
        : tx_(tx),
          store_(store),
          actor_{kUser, org_id, {Role::kOwner}, {}},
          device_(std::move(device)),
          org_seq_(org_seq),
          device_seq_(cursor.last_seq),
          clock_(cursor.last_hlc),
          now_(std::move(now)) {}

    // Later ops must win over whatever a record holds now, whatever the wall clock says.
    void Observe(uint64_t hlc) { clock_.Observe(hlc); }

    Status Write(const char* entity, std::vector<std::string> key, json payload) {
        Op op;
        op.device = device_;
        op.seq = device_seq_ + 1;
        op.hlc = clock_.Tick(NowUnixMillis());
        op.entity = entity;
        op.key = std::move(key);
        op.payload = std::move(payload);
        Status applied = ApplyOp(tx_, actor_, op, org_seq_ + 1, now_);
        if (!applied.ok()) {
            if (applied.code() == Code::kInternal || applied.code() == Code::kUnavailable) {
                return applied;
            }
            return Status::InvalidArgument("the sync path refused " + op.entity + " " +
                                           json(op.key).dump() + ": " + applied.message());
        }
        ++org_seq_;
        ++device_seq_;
        ++summary_.ops;
        return tx_.AppendChange(org_seq_, op, OpToJson(op).dump(), actor_.user_id, now_);
    }

    Status FlagIfUnknown(const std::string& sku, const std::string& order_id) {
        Result<bool> known = store_.HasProduct(sku);
        if (!known.ok()) return known.status();
        if (*known) return Status::Ok();
        ++summary_.unknown_skus;
        return store_.FlagUnknownSku(sku, order_id, now_);
    }

    Status Finish() { return tx_.Finish(org_seq_, device_, device_seq_, now_); }

    ShipStationStore& store() { return store_; }
    const std::string& device() const { return device_; }
    const std::string& now() const { return now_; }
    const ShipStationEffectsSummary& summary() const { return summary_; }

  private:
    PushTransaction& tx_;
    ShipStationStore& store_;
    const Actor actor_;
    const std::string device_;
    int64_t org_seq_;
    int64_t device_seq_;
    HybridClock clock_;
    const std::string now_;
    ShipStationEffectsSummary summary_;
};

json NewOrderFields(const std::string& order_id, const std::string& state,
                    const std::string& ordered_at) {
    return {{"channel", kChannel},
            {"external_id", order_id},
            {"status", state},
            {"ordered_at", ordered_at},
            {kDeletedField, false}};
}

Result<std::optional<StoredOrder>> ReadOrder(OpWriter& writer, const std::string& id) {
    Result<std::optional<StoredOrder>> stored = writer.store().ReadOrder(id);
    if (stored.ok() && stored->has_value()) writer.Observe((*stored)->newest_clock);
    return stored;
}

Status ApplyOrder(OpWriter& writer, const ShipStationOrder& order) {
    const std::string id = ShipStationOrderRecordId(order.order_id);
    Result<std::optional<StoredOrder>> stored = ReadOrder(writer, id);
    if (!stored.ok()) return stored.status();
    const StoredOrder* before = stored->has_value() && !(*stored)->deleted ? &**stored : nullptr;
    std::string state = OrderState(order.status);
    // A late or replayed notification saying "awaiting shipment" must not reopen what a
    // shipment closed: only a voided label reopens a shipped order.
    if (before && before->status == "shipped" && state == "open") state = "shipped";

    json fields = json::object();
    if (!before) {
        fields = NewOrderFields(order.order_id, state,
                                order.ordered_at.empty() ? writer.now() : order.ordered_at);
    } else {
        if (before->status != state) fields["status"] = state;
        if (!order.ordered_at.empty() && order.ordered_at != before->ordered_at) {
            fields["ordered_at"] = order.ordered_at;
        }
    }
    if (!fields.empty()) {
        Status written = writer.Write("order", {id}, std::move(fields));
        if (!written.ok()) return written;
    }

    std::set<std::string> kept;
    for (const ShipStationLine& line : order.lines) {
        if (line.sku.empty()) {
            Status flagged = writer.store().FlagUnknownSku("", id, writer.now());
            if (!flagged.ok()) return flagged;
            continue;
        }
        Status flagged = writer.FlagIfUnknown(line.sku, id);
        if (!flagged.ok()) return flagged;
        kept.insert(line.key);
        const StoredOrderLine* had = nullptr;
        if (before) {
            const auto it = before->lines.find(line.key);
            if (it != before->lines.end() && !it->second.deleted) had = &it->second;
        }
        json line_fields = json::object();
        if (!had) {
            line_fields = {{"sku", line.sku},
                           {"quantity", line.quantity},
                           {"price_minor", IntOrNull(line.price_minor)},
                           {kDeletedField, false}};
        } else {
            if (had->sku != line.sku) line_fields["sku"] = line.sku;
            if (had->quantity != line.quantity) line_fields["quantity"] = line.quantity;
            if (had->price_minor != line.price_minor) {
                line_fields["price_minor"] = IntOrNull(line.price_minor);
            }
        }
        if (line_fields.empty()) continue;
        Status written = writer.Write("order_line", {id, line.key}, std::move(line_fields));
        if (!written.ok()) return written;
    }
    // Lines a revision of the order dropped stop reserving.
    if (before) {
        for (const auto& [key, line] : before->lines) {
            if (line.deleted || kept.count(key)) continue;
            Status written = writer.Write("order_line", {id, key}, {{kDeletedField, true}});
            if (!written.ok()) return written;
        }
    }
    return Status::Ok();
}

// The shipment's lines, or (when ShipStation sent none) the order's.
Result<std::vector<ShipStationLine>> ShippedLines(const ShipStationShipment& shipment,
                                                  const StoredOrder* order) {
    if (shipment.lines) return *shipment.lines;
    if (!order) {
        return Status::InvalidArgument("shipment " + shipment.shipment_id +
                                       " lists no items and its order " + shipment.order_id +
                                       " is not recorded");
    }
    std::vector<ShipStationLine> lines;
    for (const auto& [key, line] : order->lines) {
        if (!line.deleted) lines.push_back({key, line.sku, line.quantity, line.price_minor});
    }
    return lines;
}

json MovementPayload(const OpWriter& writer, const std::string& id, const std::string& sku,
                     const std::string& location, int64_t delta, engine::MovementKind kind,
                     const std::string& reason, const std::string& reference) {
    return {{"id", id},
            {"sku", sku},
            {"location", location},
            {"delta", delta},
            {"kind", engine::MovementKindName(kind)},
            {"reason", reason},
            {"reference", reference},
            {"lot", ""},
            {"expiry", ""},
            {"occurred_at", writer.now()},
            {"recorded_by", kUser},
            {"device", writer.device()}};
}

// A shipment's location becomes a record devices know, the first time stock leaves it.
Status EnsureLocation(OpWriter& writer, const std::string& location) {
    Result<bool> known = writer.store().HasLocation(location);
    if (!known.ok()) return known.status();
    if (*known) return Status::Ok();
    return writer.Write("location", {location},
                        {{"parent_id", nullptr},
                         {"name", location},
                         {"kind", "warehouse"},
                         {kDeletedField, false}});
}

Status ApplyShipment(OpWriter& writer, const ShipStationConfig& config,
                     const ShipStationShipment& shipment) {
    const std::string order_id = ShipStationOrderRecordId(shipment.order_id);
    Result<std::optional<StoredOrder>> stored = ReadOrder(writer, order_id);
    if (!stored.ok()) return stored.status();
    const StoredOrder* order = stored->has_value() && !(*stored)->deleted ? &**stored : nullptr;
    Result<std::vector<ShipStationLine>> lines = ShippedLines(shipment, order);
    if (!lines.ok()) return lines.status();
    const std::string reference = "order " + order_id + ", shipment " + shipment.shipment_id;

    bool moved = false;
    for (const ShipStationLine& line : *lines) {
        if (line.sku.empty()) continue;
        const std::string ship_id = ShipMovementId(shipment.shipment_id, line.key);
        Result<std::optional<StoredMovement>> shipped = writer.store().ReadMovement(ship_id);
        if (!shipped.ok()) return shipped.status();
        Status written = Status::Ok();
        if (!shipment.voided) {
            if (shipped->has_value()) continue;
            const std::string& location = config.LocationOf(shipment.warehouse_id);
            written = EnsureLocation(writer, location);
            if (written.ok()) written = writer.FlagIfUnknown(line.sku, order_id);
            if (written.ok()) {
                written = writer.Write("movement", {ship_id},
                                       MovementPayload(writer, ship_id, line.sku, location,
                                                       -line.quantity, engine::MovementKind::kShip,
                                                       "ShipStation shipment", reference));
            }
        } else {
            // A label voided before it was ever seen shipped moved nothing: nothing to undo.
            if (!shipped->has_value()) continue;
            const std::string void_id = VoidMovementId(shipment.shipment_id, line.key);
            Result<std::optional<StoredMovement>> undone = writer.store().ReadMovement(void_id);
            if (!undone.ok()) return undone.status();
            if (undone->has_value()) continue;
            written =
                writer.Write("movement", {void_id},
                             MovementPayload(writer, void_id, line.sku, (*shipped)->location,
                                             -(*shipped)->delta, engine::MovementKind::kAdjust,
                                             "ShipStation label voided", reference));
        }
        if (!written.ok()) return written;
        moved = true;
    }
    // The order's state follows the stock: it changes only with movements made now, so a
    // replayed shipment cannot close an order a later void reopened, nor the reverse.
    if (!moved) return Status::Ok();
    if (!shipment.voided && !order) {
        return writer.Write("order", {order_id},
                            NewOrderFields(shipment.order_id, "shipped", writer.now()));
    }
    if (!shipment.voided && order->status == "open") {
        return writer.Write("order", {order_id}, {{"status", "shipped"}});
    }
    if (shipment.voided && order && order->status == "shipped") {
        return writer.Write("order", {order_id}, {{"status", "open"}});
    }
    return Status::Ok();
}

}  // namespace

std::string ShipStationDeviceId(const std::string& org_id) {
    return Sha256Hex("stocktake shipstation device:" + org_id).substr(0, 32);
}

std::string ShipStationOrderRecordId(const std::string& order_id) {
    return std::string(kChannel) + ":" + order_id;
}

Result<ShipStationEffectsSummary> ShipStationEffects::Apply(
    const std::string& org_id, const std::vector<ShipStationOrder>& orders,
    const std::vector<ShipStationShipment>& shipments) {
    ShipStationEffectsSummary summary;
    Status status = db_.Transact(TxMode::kWriteLocked, [&](SqlConnection& connection) -> Status {
        PushTransaction tx(connection, org_id);
        Result<int64_t> org_seq = tx.Begin();
        if (!org_seq.ok()) return org_seq.status();
        const std::string now = NowIsoUtc();
        const std::string device = ShipStationDeviceId(org_id);
        Status claimed = tx.ClaimDevice(device, kUser, now);
        if (!claimed.ok()) return claimed;
        ShipStationStore store(connection, org_id);
        Result<DeviceCursor> cursor = store.ReadDeviceCursor(device);
        if (!cursor.ok()) return cursor.status();
        OpWriter writer(tx, store, org_id, device, *org_seq, *cursor, now);
        for (const ShipStationOrder& order : orders) {
            Status applied = ApplyOrder(writer, order);
            if (!applied.ok()) return applied;
        }
        for (const ShipStationShipment& shipment : shipments) {
            Status applied = ApplyShipment(writer, config_, shipment);
            if (!applied.ok()) return applied;
        }
        summary = writer.summary();
        return writer.Finish();
    });
    if (!status.ok()) return status;
    return summary;
}

}  // namespace stocktake::server
