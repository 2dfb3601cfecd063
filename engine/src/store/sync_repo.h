// SyncRepo: this device's identity and clock, the op log (the outbox for this device's ops,
// the record of every op applied from others), and per-record field clocks with tombstones.
// The caller holds the transaction: an op is stored with the change it describes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/engine/sync.h"
#include "stocktake/op.h"
#include "stocktake/status.h"
#include "store/batch_insert.h"
#include "store/db.h"

namespace stocktake::engine {

struct DeviceState {
    std::string device_id;
    int64_t last_seq = 0;   // the sequence number of this device's latest op
    uint64_t last_hlc = 0;  // the largest clock time made or seen here
    int64_t acked_seq = 0;  // the server has stored this device's ops up to here
};

// The clocks of one record's fields, and when deleted, its last values (a tombstone).
struct RecordClocks {
    std::string clocks;  // sync/field_clocks.h text
    bool deleted = false;
    std::string tombstone;  // JSON object of the deleted record's fields; "" when live
};

class SyncRepo {
  public:
    explicit SyncRepo(Db* db) : db_(db) {}

    Result<DeviceState> Device();
    // Device without the copy: valid until the next call that may change it (NoteLocalOp,
    // SaveSeenClock, SaveAcked, ForgetDevice, a new transaction).
    Result<const DeviceState*> CurrentDevice();
    // This device made op (last_seq, last_hlc), stored in ops: only the cache learns it.
    void NoteLocalOp(int64_t last_seq, uint64_t last_hlc);
    // A time seen in another device's op: later local ops must order after it.
    Status SaveSeenClock(uint64_t hlc);
    Status SaveAcked(int64_t acked_seq);
    // This device's outbox size: its ops after the acknowledged one.
    Result<int64_t> PendingCount();
    Result<SyncAccount> Account();
    Status SaveAccount(const SyncAccount& account);
    Status SavePullCursor(int64_t cursor);

    // Stores op unless (device, seq) is stored already; returns whether it was new. This
    // device's ops (local_ops) are kept apart from the others' (ops). With payload_stored
    // false (this device's ops only) the payload is left out: its record gives it back
    // (sync/records.h, "created ops").
    Result<bool> InsertOp(const Op& op, bool payload_stored = true);
    Result<bool> HasOp(std::string_view device, int64_t seq);
    // This device's ops with seq > after, oldest first. An op stored without its payload
    // has a null payload (sync/outbox.h ReadLocalOps fills it in).
    Result<std::vector<Op>> LocalOps(int64_t after, int64_t limit);
    // The sequence number of this device's op made at hlc, if there is one.
    Result<std::optional<int64_t>> LocalSeqAt(uint64_t hlc);
    // Stores the payload of this device's op seq if it was stored without one; returns
    // whether it was.
    Result<bool> SavePayloadIfLeftOut(int64_t seq, const nlohmann::json& payload);

    // Whether any record of entity has clocks (or a tombstone).
    Result<bool> AnyClocks(std::string_view entity);
    Result<std::optional<RecordClocks>> FindClocks(std::string_view entity, std::string_view key);
    Status SaveClocks(std::string_view entity, std::string_view key, const RecordClocks& clocks);

    // While on, this device's ops are gathered and stored BatchInsert::kRows at a time (an
    // import stores one per record it creates); InsertOp answers "new" for each. Every
    // method here that reads the log flushes first; a caller that turns batching off, or
    // commits, flushes (FlushOps) and one that rolls back drops them (DropOps) first.
    //
    // Op runs. While batching, ops stored without their payloads ("created ops") whose seq
    // and clock each follow the previous such op's by one (HybridClock::Tick within one
    // millisecond) are gathered into a run, stored as one local_ops row (migration 17):
    // seq and hlc are its last op's, first_seq its first's, payload one line per op
    // ("entity\tkey\n"). Each op keeps its own seq and clock, so the log reads and syncs
    // exactly as before; a first import stores one row per run instead of one per record.
    // An op of a run that keeps its payload (SavePayloadIfLeftOut) keeps it in
    // local_op_payloads, since the run's row holds many ops.
    static constexpr int kRunOps = 1024;
    void BatchLocalOps(bool on);
    // InsertOp(op, false) for this device's op (seq, hlc) on entity/key, without making an
    // Op, while batching: a first import stores two a row. Returns false, storing nothing,
    // when not batching (the caller stores an Op instead).
    Result<bool> AddCreatedOp(int64_t seq, uint64_t hlc, std::string_view entity,
                              std::span<const std::string_view> key);
    Status FlushOps();
    void DropOps();

    // Drops the cached device row (after rolling back to a savepoint).
    void ForgetDevice() { cached_.reset(); }

  private:
    // The local_ops row that holds seq, if any: a single op (first_seq == seq) or a run.
    struct LogRow {
        int64_t seq = 0;  // its last op's
        uint64_t hlc = 0;
        int64_t first_seq = 0;
        bool run = false;
    };
    Result<bool> IsLocal(std::string_view device);
    Result<std::optional<LogRow>> RowHolding(int64_t seq);
    // Appends the ops of a run row to ops, those with seq > after, up to limit in all.
    Status ReadRun(const LogRow& row, const std::string& lines, const std::string& device,
                   int64_t after, size_t limit, std::vector<Op>* ops);
    // A created op (stored without its payload) while batching: gathered into the run.
    Status AddToRun(int64_t seq, uint64_t hlc, std::string_view entity, std::string_view key);
    Status StoreRun();

    Db* db_;
    // The device's state as of this transaction: every op reads it, and only NoteLocalOp,
    // SaveSeenClock and SaveAcked (which keep it current) change it. Read again in a new
    // transaction, so a rolled-back one leaves nothing stale.
    std::optional<DeviceState> cached_;
    uint64_t cached_in_ = 0;                 // Db::transactions_begun() when cached_ was read
    std::unique_ptr<BatchInsert> op_batch_;  // made by the first BatchLocalOps(true)
    bool batching_ops_ = false;
    // The run being gathered: its lines and its first and last op.
    std::string run_lines_;
    int run_ops_ = 0;
    int64_t run_first_seq_ = 0;
    int64_t run_last_seq_ = 0;
    uint64_t run_last_hlc_ = 0;
    std::string key_scratch_;  // AddCreatedOp's key text
};

}  // namespace stocktake::engine
