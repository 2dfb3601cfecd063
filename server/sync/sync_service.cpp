#include "sync/sync_service.h"

#include <algorithm>

#include "ops/metrics.h"
#include "stocktake/op.h"
#include "sync/apply_op.h"
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
        Status applied = ApplyOp(tx_, actor_, *op, *last_seq + 1, now_);
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

    PushTransaction& tx_;
    const Actor& actor_;
    const std::string& device_;
    const std::string now_ = NowIsoUtc();
    int64_t max_device_seq_ = 0;
};

}  // namespace

Result<PushOutcome> SyncService::Push(const Actor& actor, const std::string& device,
                                      const std::vector<json>& ops,
                                      const std::string& device_name) {
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
        claimed = DeviceStore(connection, actor.org_id)
                      .RecordPush(device, device_name, actor.user_id, pusher.now());
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

Result<ChangePage> SyncService::Pull(const Actor& actor, int64_t cursor, int limit,
                                     const std::string& device, const std::string& device_name) {
    if (cursor < 0) return Bad("cursor must be 0 or more");
    if (!device.empty() && !IsDeviceId(device)) {
        return Bad("device must be 32 lowercase hex digits");
    }
    limit = std::clamp(limit, 1, kMaxPullLimit);
    ChangePage page;
    Status status = db_.WithConnection([&](SqlConnection& connection) -> Status {
        Result<ChangePage> read = ReadChanges(connection, actor.org_id, cursor, limit);
        if (!read.ok()) return read.status();
        page = std::move(read).value();
        return Status::Ok();
    });
    if (!status.ok()) return status;
    if (device.empty()) return page;
    status = db_.Transact(TxMode::kWrite, [&](SqlConnection& connection) -> Status {
        return DeviceStore(connection, actor.org_id)
            .RecordPull(device, device_name, actor.user_id, page.cursor, NowIsoUtc());
    });
    if (!status.ok()) return status;
    return page;
}

Result<std::vector<DeviceRecord>> SyncService::Devices(const Actor& actor) {
    std::vector<DeviceRecord> devices;
    Status status = db_.WithConnection([&](SqlConnection& connection) -> Status {
        Result<std::vector<DeviceRecord>> listed = DeviceStore(connection, actor.org_id).List();
        if (!listed.ok()) return listed.status();
        devices = std::move(listed).value();
        return Status::Ok();
    });
    if (!status.ok()) return status;
    return devices;
}

}  // namespace stocktake::server
