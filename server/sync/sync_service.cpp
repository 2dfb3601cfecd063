#include "sync/sync_service.h"

#include <algorithm>

#include "ops/metrics.h"
#include "stocktake/engine/stock.h"
#include "stocktake/op.h"
#include "sync/op_policy.h"
#include "time_text.h"

namespace stocktake::server {
namespace {

using nlohmann::json;

bool IsDeviceId(const std::string& text) {
    return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

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

// stocktake_sync_ops_total{result}: what devices' ops came to.
void CountOps(const PushOutcome& outcome) {
    static const char* const kHelp = "Sync operations pushed by devices, by result.";
    MetricsRegistry& metrics = Metrics();
    metrics.GetCounter("stocktake_sync_ops_total", kHelp, {{"result", "accepted"}})
        .Increment(outcome.accepted);
    metrics.GetCounter("stocktake_sync_ops_total", kHelp, {{"result", "duplicate"}})
        .Increment(outcome.duplicates);
    metrics.GetCounter("stocktake_sync_ops_total", kHelp, {{"result", "rejected"}})
        .Increment(outcome.rejected);
}

class Pusher {
  public:
    Pusher(PushTransaction& tx, const Actor& actor, const std::string& device)
        : tx_(tx), actor_(actor), device_(device) {}

    // Refusals are the op's outcome; a non-OK return is a database failure.
    Status PushOne(const json& sent, int64_t* last_seq, OpOutcome* outcome) {
        if (sent.is_object() && sent.contains("id") && sent["id"].is_string()) {
            outcome->id = sent["id"];
        }
        Result<Op> op = OpFromJson(sent);
        if (!op.ok()) return Refuse(op.status(), outcome);
        if (op->device != device_) {
            return Refuse(Bad("op of device " + op->device + " pushed by device " + device_),
                          outcome);
        }
        Result<bool> known = tx_.HasChange(op->id());
        if (!known.ok()) return known.status();
        if (*known) {
            outcome->accepted = outcome->duplicate = true;
            return Status::Ok();
        }
        Status applied = Apply(*op, *last_seq + 1);
        if (applied.code() == Code::kInternal || applied.code() == Code::kUnavailable ||
            applied.code() == Code::kConflict) {
            return applied;
        }
        if (!applied.ok()) return Refuse(applied, outcome);
        *last_seq += 1;
        outcome->accepted = true;
        max_device_seq_ = std::max(max_device_seq_, op->seq);
        return tx_.AppendChange(*last_seq, *op, OpToJson(*op).dump(), actor_.user_id, now_);
    }

    int64_t max_device_seq() const { return max_device_seq_; }
    const std::string& now() const { return now_; }

  private:
    static Status Refuse(const Status& why, OpOutcome* outcome) {
        outcome->code = why.code();
        outcome->reason = why.message();
        return Status::Ok();
    }

    // Validates, authorizes and applies; InvalidArgument/PermissionDenied/AlreadyExists
    // refuse the op.
    Status Apply(const Op& op, int64_t seq) {
        if (const RecordTable* table = RecordTableOf(op.entity)) {
            Status valid = CheckRecordOp(*table, op);
            if (!valid.ok()) return valid;
            Result<std::vector<std::string>> channels = ChannelsOf(tx_, *table, op);
            if (!channels.ok()) return channels.status();
            Status allowed = AuthorizeOp(actor_, op.entity, *channels);
            if (!allowed.ok()) return allowed;
            return tx_.MergeRecord(*table, op, seq);
        }
        Status allowed = AuthorizeOp(actor_, op.entity, {});
        if (!allowed.ok()) return allowed;
        if (op.entity == "movement") {
            Status valid = CheckFact(op, {"id", "sku", "location", "kind"}, "delta");
            if (!valid.ok()) return valid;
            Status inserted = tx_.InsertMovement(op.payload, seq);
            if (!inserted.ok()) return inserted;
            // Physical facts stand even below zero; the server flags them instead.
            const std::string sku = op.payload["sku"], location = op.payload["location"];
            Result<int64_t> on_hand = tx_.OnHand(sku, location);
            if (!on_hand.ok()) return on_hand.status();
            return tx_.SetNegativeStockInsight(sku, location, *on_hand, now_);
        }
        if (op.entity == "count") {
            Status valid = CheckFact(op, {"id", "sku", "location"}, "counted");
            if (!valid.ok()) return valid;
            return tx_.InsertCount(op.payload, seq);
        }
        return Status(Code::kUnsupported, "the server does not store " + op.entity + " ops");
    }

    PushTransaction& tx_;
    const Actor& actor_;
    const std::string& device_;
    const std::string now_ = NowIsoUtc();
    int64_t max_device_seq_ = 0;
};

}  // namespace

Result<PushOutcome> SyncService::Push(const Actor& actor, const std::string& device,
                                      const std::vector<json>& ops) {
    if (!IsDeviceId(device)) return Bad("device must be 32 lowercase hex digits");
    if (ops.size() > static_cast<size_t>(kMaxOpsPerPush)) {
        return Status(Code::kPayloadTooLarge, "at most " + std::to_string(kMaxOpsPerPush) +
                                                  " ops per push: send the rest in another");
    }
    if (!actor.AtLeast(Role::kStaff)) {
        return Status(Code::kPermissionDenied, "a viewer cannot push changes");
    }
    PushOutcome outcome;
    // Every writer of an organisation's sync data takes its org_sequences row first.
    Status status = db_.Transact(TxMode::kWriteLocked, [&](SqlConnection& connection) -> Status {
        outcome = PushOutcome();
        PushTransaction tx(connection, actor.org_id);
        Result<int64_t> last_seq = tx.Begin();
        if (!last_seq.ok()) return last_seq.status();
        Pusher pusher(tx, actor, device);
        Status claimed = tx.ClaimDevice(device, actor.user_id, pusher.now());
        if (!claimed.ok()) return claimed;
        for (const json& sent : ops) {
            OpOutcome& op = outcome.ops.emplace_back();
            Status pushed = pusher.PushOne(sent, &*last_seq, &op);
            if (!pushed.ok()) return pushed;
            outcome.accepted += op.accepted && !op.duplicate;
            outcome.duplicates += op.duplicate;
            outcome.rejected += !op.accepted;
        }
        outcome.cursor = *last_seq;
        return tx.Finish(*last_seq, device, pusher.max_device_seq(), pusher.now());
    });
    if (!status.ok()) return status;
    CountOps(outcome);
    return outcome;
}

Result<ChangePage> SyncService::Pull(const Actor& actor, int64_t cursor, int limit) {
    if (cursor < 0) return Bad("cursor must be 0 or more");
    limit = std::clamp(limit, 1, kMaxPullLimit);
    ChangePage page;
    Status status = db_.WithConnection([&](SqlConnection& connection) -> Status {
        Result<ChangePage> read = ReadChanges(connection, actor.org_id, cursor, limit);
        if (!read.ok()) return read.status();
        page = std::move(read).value();
        return Status::Ok();
    });
    if (!status.ok()) return status;
    return page;
}

}  // namespace stocktake::server
