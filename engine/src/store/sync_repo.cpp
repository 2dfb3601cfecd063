#include "store/sync_repo.h"

#include <algorithm>
#include <utility>

#include "stocktake/json_text.h"

namespace stocktake::engine {

namespace {

// Columns: hlc, entity, key, payload (the device and seq are the caller's).
Result<Op> ReadOp(const Statement& s, std::string device, int64_t seq) {
    Op op;
    op.device = std::move(device);
    op.seq = seq;
    op.hlc = static_cast<uint64_t>(s.ColumnInt64(0));
    op.entity = s.ColumnText(1);
    const nlohmann::json key = nlohmann::json::parse(s.ColumnText(2), nullptr, false);
    const std::string payload_text = s.ColumnText(3);
    // "" is a payload left out (InsertOp): null until its record gives it back.
    nlohmann::json payload = payload_text.empty()
                                 ? nlohmann::json()
                                 : nlohmann::json::parse(payload_text, nullptr, false);
    if (!key.is_array() || !(payload.is_object() || payload_text.empty())) {
        return Status::Corruption("op " + op.id() + " is stored with an unreadable key or payload");
    }
    for (const nlohmann::json& part : key) op.key.push_back(part.get<std::string>());
    op.payload = std::move(payload);
    return op;
}

}  // namespace

Result<DeviceState> SyncRepo::Device() {
    Result<const DeviceState*> device = CurrentDevice();
    if (!device.ok()) return device.status();
    return *device.value();
}

Result<const DeviceState*> SyncRepo::CurrentDevice() {
    if (cached_ && cached_in_ == db_->transactions_begun() && db_->InTransaction()) {
        return &*cached_;
    }
    Status flushed = FlushOps();  // the latest op may be pending
    if (!flushed.ok()) return flushed;
    Result<Statement> stmt = db_->Cached("SELECT device_id, seen_hlc, acked_seq FROM sync_device");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return Status::Corruption("sync_device has no row");
    DeviceState state{stmt->ColumnText(0), 0, static_cast<uint64_t>(stmt->ColumnInt64(1)),
                      stmt->ColumnInt64(2)};
    // This device's latest op: its sequence number, and its time if after any seen.
    Result<Statement> latest =
        db_->Cached("SELECT seq, hlc FROM local_ops ORDER BY seq DESC LIMIT 1");
    if (!latest.ok()) return latest.status();
    row = latest->Step();
    if (!row.ok()) return row.status();
    if (row.value()) {
        state.last_seq = latest->ColumnInt64(0);
        state.last_hlc = std::max(state.last_hlc, static_cast<uint64_t>(latest->ColumnInt64(1)));
    }
    cached_ = std::move(state);
    cached_in_ = db_->transactions_begun();
    return &*cached_;
}

void SyncRepo::NoteLocalOp(int64_t last_seq, uint64_t last_hlc) {
    if (!cached_) return;
    cached_->last_seq = last_seq;
    cached_->last_hlc = std::max(cached_->last_hlc, last_hlc);
}

Status SyncRepo::SaveSeenClock(uint64_t hlc) {
    Result<Statement> stmt = db_->Cached("UPDATE sync_device SET seen_hlc = max(seen_hlc, ?1)");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, static_cast<int64_t>(hlc));
    Status status = stmt->Run();
    if (!status.ok()) {
        cached_.reset();
    } else if (cached_) {
        cached_->last_hlc = std::max(cached_->last_hlc, hlc);
    }
    return status;
}

Status SyncRepo::SaveAcked(int64_t acked_seq) {
    Result<Statement> stmt = db_->Prepare("UPDATE sync_device SET acked_seq = max(acked_seq, ?1)");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, acked_seq);
    cached_.reset();
    return stmt->Run();
}

Result<bool> SyncRepo::IsLocal(std::string_view device) {
    Result<const DeviceState*> state = CurrentDevice();
    if (!state.ok()) return state.status();
    return device == state.value()->device_id;
}

Result<bool> SyncRepo::InsertOp(const Op& op, bool payload_stored) {
    Result<bool> local = IsLocal(op.device);
    if (!local.ok()) return local.status();
    // Bound without copying: the texts must outlive Run().
    const std::string key = JsonStringArray(op.key);
    if (local.value() && batching_ops_ && !payload_stored) {
        Status added = AddToRun(op.seq, op.hlc, op.entity, key);
        if (!added.ok()) return added;
        return true;
    }
    const std::string payload = payload_stored || !local.value() ? JsonText(op.payload) : "";
    if (local.value() && op_batch_ && batching_ops_) {
        // Its seq follows the latest op's (MakeLocalOp): new unless the log is corrupt,
        // which the batch's Flush reports.
        op_batch_->AddInt(static_cast<int64_t>(op.hlc));
        op_batch_->AddText(op.entity);
        op_batch_->AddText(key);
        op_batch_->AddText(payload);
        op_batch_->AddInt(op.seq);
        Status status = op_batch_->EndRow();
        if (!status.ok()) return status;
        return true;
    }
    Result<Statement> stmt =
        local.value()
            ? db_->Cached(
                  "INSERT INTO local_ops (hlc, entity, key, payload, seq)"
                  " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (seq) DO NOTHING")
            : db_->Cached(
                  "INSERT INTO ops (hlc, entity, key, payload, seq, device)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (device, seq) DO NOTHING");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, static_cast<int64_t>(op.hlc));
    stmt->BindText(2, op.entity);
    stmt->BindText(3, key);
    stmt->BindText(4, payload);
    stmt->BindInt64(5, op.seq);
    if (!local.value()) stmt->BindText(6, op.device);
    Status status = stmt->Run();
    if (!status.ok()) return status;
    return db_->Changes() > 0;
}

Result<bool> SyncRepo::AddCreatedOp(int64_t seq, uint64_t hlc, std::string_view entity,
                                    std::span<const std::string_view> key) {
    if (!batching_ops_) return false;
    key_scratch_.clear();
    AppendJsonStringArray(key, &key_scratch_);
    Status added = AddToRun(seq, hlc, entity, key_scratch_);
    if (!added.ok()) return added;
    return true;
}

Result<bool> SyncRepo::HasOp(std::string_view device, int64_t seq) {
    Result<bool> local = IsLocal(device);
    if (!local.ok()) return local.status();
    Status flushed = FlushOps();
    if (!flushed.ok()) return flushed;
    if (local.value()) {
        Result<std::optional<LogRow>> row = RowHolding(seq);
        if (!row.ok()) return row.status();
        return row->has_value();
    }
    Result<Statement> stmt = db_->Cached("SELECT 1 FROM ops WHERE seq = ?1 AND device = ?2");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, seq);
    stmt->BindText(2, device);
    Result<bool> row = stmt->Step();
    stmt->Reset();
    return row;
}

Result<std::vector<Op>> SyncRepo::LocalOps(int64_t after, int64_t limit) {
    Result<DeviceState> device = Device();
    if (!device.ok()) return device.status();
    Status flushed = FlushOps();
    if (!flushed.ok()) return flushed;
    // Each row holds at least one op after `after` (its last), so limit rows are enough.
    Result<Statement> stmt = db_->Prepare(
        "SELECT hlc, entity, key, payload, seq, first_seq FROM local_ops WHERE seq > ?1"
        " ORDER BY seq LIMIT ?2");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, after);
    stmt->BindInt64(2, limit);
    std::vector<Op> ops;
    const size_t wanted = static_cast<size_t>(std::max<int64_t>(limit, 0));
    while (ops.size() < wanted) {
        Result<bool> row = stmt->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) break;
        if (!stmt->ColumnIsNull(5)) {
            LogRow run{stmt->ColumnInt64(4), static_cast<uint64_t>(stmt->ColumnInt64(0)),
                       stmt->ColumnInt64(5), true};
            Status read = ReadRun(run, stmt->ColumnText(3), device->device_id, after, wanted, &ops);
            if (!read.ok()) return read;
            continue;
        }
        Result<Op> op = ReadOp(stmt.value(), device->device_id, stmt->ColumnInt64(4));
        if (!op.ok()) return op.status();
        ops.push_back(std::move(op.value()));
    }
    return ops;
}

Result<std::optional<int64_t>> SyncRepo::LocalSeqAt(uint64_t hlc) {
    Result<DeviceState> device = Device();
    if (!device.ok()) return device.status();
    Status flushed = FlushOps();
    if (!flushed.ok()) return flushed;
    // Every local op is made after the latest one (HybridClock::Tick), so hlc grows with seq:
    // bisect seq instead of keeping an index of hlc for ops that are rarely looked up. A run
    // holds the clocks from its last op's back by one per op.
    Result<Statement> stmt = db_->Cached(
        "SELECT seq, hlc, coalesce(first_seq, seq) FROM local_ops WHERE seq >= ?1 ORDER BY seq"
        " LIMIT 1");
    if (!stmt.ok()) return stmt.status();
    int64_t low = 1;
    int64_t high = device->last_seq;
    while (low <= high) {
        const int64_t mid = low + (high - low) / 2;
        stmt->BindInt64(1, mid);
        Result<bool> row = stmt->Step();
        if (!row.ok()) return row.status();
        if (!row.value()) {
            stmt->Reset();
            high = mid - 1;
            continue;
        }
        const int64_t seq = stmt->ColumnInt64(0);
        const uint64_t at = static_cast<uint64_t>(stmt->ColumnInt64(1));
        const int64_t first = stmt->ColumnInt64(2);
        stmt->Reset();
        const uint64_t first_at = at - static_cast<uint64_t>(seq - first);
        if (first_at <= hlc && hlc <= at) {
            return std::optional<int64_t>(first + static_cast<int64_t>(hlc - first_at));
        }
        if (at < hlc) {
            low = seq + 1;
        } else {
            high = std::min(mid, first) - 1;
        }
    }
    return std::optional<int64_t>();
}

Result<bool> SyncRepo::SavePayloadIfLeftOut(int64_t seq, const nlohmann::json& payload) {
    Status flushed = FlushOps();
    if (!flushed.ok()) return flushed;
    Result<std::optional<LogRow>> row = RowHolding(seq);
    if (!row.ok()) return row.status();
    if (!row.value()) return false;
    Result<Statement> stmt =
        row.value()->run
            ? db_->Cached(
                  "INSERT INTO local_op_payloads (seq, payload) VALUES (?1, ?2)"
                  " ON CONFLICT (seq) DO NOTHING")
            : db_->Cached("UPDATE local_ops SET payload = ?2 WHERE seq = ?1 AND payload = ''");
    if (!stmt.ok()) return stmt.status();
    const std::string text = JsonText(payload);
    stmt->BindInt64(1, seq);
    stmt->BindText(2, text);
    Status status = stmt->Run();
    if (!status.ok()) return status;
    return db_->Changes() > 0;
}

void SyncRepo::BatchLocalOps(bool on) {
    if (on && !op_batch_) {
        op_batch_ = std::make_unique<BatchInsert>(
            db_, "INSERT INTO local_ops (hlc, entity, key, payload, seq)", 5,
            " ON CONFLICT (seq) DO NOTHING");
    }
    batching_ops_ = on;
}

Status SyncRepo::FlushOps() {
    Status status = StoreRun();
    if (!status.ok()) {
        DropOps();  // the transaction must be rolled back
        return status;
    }
    return op_batch_ ? op_batch_->Flush() : Status::Ok();
}

void SyncRepo::DropOps() {
    run_lines_.clear();
    run_ops_ = 0;
    if (op_batch_) op_batch_->Drop();
}

Result<bool> SyncRepo::AnyClocks(std::string_view entity) {
    Result<Statement> stmt = db_->Prepare("SELECT 1 FROM record_clocks WHERE entity = ?1 LIMIT 1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, entity);
    return stmt->Step();
}

Result<std::optional<RecordClocks>> SyncRepo::FindClocks(std::string_view entity,
                                                         std::string_view key) {
    Result<Statement> stmt = db_->Cached(
        "SELECT clocks, deleted, tombstone FROM record_clocks WHERE entity = ?1 AND key = ?2");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, entity);
    stmt->BindText(2, key);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    std::optional<RecordClocks> found;
    if (row.value()) {
        found = RecordClocks{stmt->ColumnText(0), stmt->ColumnInt64(1) != 0, stmt->ColumnText(2)};
    }
    stmt->Reset();
    return found;
}

Status SyncRepo::SaveClocks(std::string_view entity, std::string_view key,
                            const RecordClocks& clocks) {
    Result<Statement> stmt = db_->Cached(
        "INSERT INTO record_clocks (entity, key, clocks, deleted, tombstone)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (entity, key) DO UPDATE SET"
        " clocks = excluded.clocks, deleted = excluded.deleted, tombstone = excluded.tombstone");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, entity);
    stmt->BindText(2, key);
    stmt->BindText(3, clocks.clocks);
    stmt->BindInt64(4, clocks.deleted ? 1 : 0);
    stmt->BindTextOrNull(5, clocks.tombstone);
    return stmt->Run();
}

Result<int64_t> SyncRepo::PendingCount() {
    Result<DeviceState> device = Device();
    if (!device.ok()) return device.status();
    Status flushed = FlushOps();
    if (!flushed.ok()) return flushed;
    // A run counts its ops after acked_seq.
    Result<Statement> stmt = db_->Prepare(
        "SELECT coalesce(sum(seq - max(coalesce(first_seq, seq), ?1 + 1) + 1), 0) FROM local_ops"
        " WHERE seq > ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, device->acked_seq);
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    return stmt->ColumnInt64(0);
}

Result<SyncAccount> SyncRepo::Account() {
    Result<Statement> stmt = db_->Prepare(
        "SELECT email, org_id, access_token, refresh_token, pull_cursor, last_sync_at "
        "FROM sync_account");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!row.value()) return Status::Corruption("sync_account has no row");
    SyncAccount account;
    account.email = stmt->ColumnText(0);
    account.org_id = stmt->ColumnText(1);
    account.access_token = stmt->ColumnText(2);
    account.refresh_token = stmt->ColumnText(3);
    account.pull_cursor = stmt->ColumnInt64(4);
    account.last_sync_at = stmt->ColumnText(5);
    return account;
}

Status SyncRepo::SaveAccount(const SyncAccount& account) {
    Result<Statement> stmt = db_->Prepare(
        "UPDATE sync_account SET email = ?1, org_id = ?2, access_token = ?3, "
        "refresh_token = ?4, pull_cursor = ?5, last_sync_at = ?6");
    if (!stmt.ok()) return stmt.status();
    stmt->BindText(1, account.email);
    stmt->BindText(2, account.org_id);
    stmt->BindText(3, account.access_token);
    stmt->BindText(4, account.refresh_token);
    stmt->BindInt64(5, account.pull_cursor);
    stmt->BindText(6, account.last_sync_at);
    return stmt->Run();
}

Status SyncRepo::SavePullCursor(int64_t cursor) {
    Result<Statement> stmt = db_->Prepare("UPDATE sync_account SET pull_cursor = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->BindInt64(1, cursor);
    return stmt->Run();
}

}  // namespace stocktake::engine
