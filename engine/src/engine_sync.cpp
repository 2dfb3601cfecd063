// Engine's sync methods: the outbox (this device's ops) and applying other devices' ops.
// The merge rules live in sync/; this file holds the transactions.

#include "stock/ledger.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/store.h"
#include "sync/apply.h"
#include "sync/outbox.h"

namespace stocktake::engine {

const char* OpOutcomeStateName(OpOutcome::State state) {
    switch (state) {
        case OpOutcome::State::kApplied: return "applied";
        case OpOutcome::State::kDuplicate: return "duplicate";
        case OpOutcome::State::kRejected: return "rejected";
    }
    return "rejected";
}

Result<std::string> Engine::DeviceId() const {
    Result<DeviceState> device = store_->sync().Device();
    if (!device.ok()) return device.status();
    return device->device_id;
}

Result<std::vector<Op>> Engine::LocalOps(int64_t after, int64_t limit) const {
    return ReadLocalOps(*store_, after, limit);
}

Result<std::vector<Op>> Engine::PendingOps(int64_t limit) const {
    Result<DeviceState> device = store_->sync().Device();
    if (!device.ok()) return device.status();
    return ReadLocalOps(*store_, device->acked_seq, limit);
}

Status Engine::AcknowledgeOps(int64_t seq) {
    Result<DeviceState> device = store_->sync().Device();
    if (!device.ok()) return device.status();
    if (seq < 0 || seq > device->last_seq) {
        return Status::InvalidArgument("cannot acknowledge op " + std::to_string(seq) +
                                       ": this device has made ops 1 to " +
                                       std::to_string(device->last_seq));
    }
    return store_->sync().SaveAcked(seq);
}

Result<std::vector<OpOutcome>> Engine::ApplyOps(const std::vector<Op>& ops) {
    return ApplyOpsSavingCursor(ops, std::nullopt);
}

Result<std::vector<OpOutcome>> Engine::ApplyPulledOps(const std::vector<Op>& ops, int64_t cursor) {
    return ApplyOpsSavingCursor(ops, cursor);
}

Result<int64_t> Engine::PendingOpCount() const {
    return store_->sync().PendingCount();
}

Result<SyncAccount> Engine::LoadSyncAccount() const {
    return store_->sync().Account();
}

Status Engine::SaveSyncAccount(const SyncAccount& account) {
    return store_->sync().SaveAccount(account);
}

Result<std::vector<OpOutcome>> Engine::ApplyOpsSavingCursor(const std::vector<Op>& ops,
                                                            std::optional<int64_t> cursor) {
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    std::vector<OpOutcome> outcomes;
    // An op may refer to what another op, not yet here, creates (a movement at a location
    // from another device): references are checked by the sender, not on arrival (nor by
    // SQLite: foreign keys are off, db.cpp).
    Status status = InTransaction(*store_, [&]() -> Status {
        outcomes.clear();
        for (const Op& op : ops) {
            OpOutcome outcome;
            outcome.op_id = op.id();
            // Each op in a savepoint: a rejected op leaves no trace, the others still apply.
            Status begun = store_->db().RunCached("SAVEPOINT apply_op");
            if (!begun.ok()) return begun;
            Result<bool> applied = ApplyRemoteOp(*store_, op, now);
            if (applied.ok()) {
                outcome.state =
                    applied.value() ? OpOutcome::State::kApplied : OpOutcome::State::kDuplicate;
            } else {
                Status undone = store_->db().RunCached("ROLLBACK TO apply_op");
                if (!undone.ok()) return undone;
                store_->sync().ForgetDevice();
                // Storage failures fail the batch; a bad op is only that op's problem.
                const Code code = applied.status().code();
                if (code == Code::kIOError || code == Code::kCorruption ||
                    code == Code::kInternal || code == Code::kUnavailable) {
                    return applied.status();
                }
                outcome.state = OpOutcome::State::kRejected;
                outcome.code = code;
                outcome.reason = applied.status().message();
            }
            Status released = store_->db().RunCached("RELEASE apply_op");
            if (!released.ok()) return released;
            outcomes.push_back(std::move(outcome));
        }
        return cursor ? store_->sync().SavePullCursor(*cursor) : Status::Ok();
    });
    if (!status.ok()) return status;
    ++generation_;
    return outcomes;
}

}  // namespace stocktake::engine
