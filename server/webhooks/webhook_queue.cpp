#include "webhooks/webhook_queue.h"

#include <algorithm>
#include <cstring>
#include <ctime>

#include "auth/crypto.h"
#include "time_text.h"

namespace stocktake::server {
namespace {

// Ids stay below 2^53 so a browser's JSON numbers hold them exactly: the seconds since
// 2026-01-01 above kSequenceBits bits of sequence (2^32 s, past the year 2150). Each second
// starts its sequence at a random point in its lower half, so two processes on one
// PostgreSQL rarely meet; a clash is a primary-key error (not the (org, key) conflict), and
// the writer jumps its sequence and writes the batch again.
constexpr int64_t kIdEpochSeconds = 1767225600;
constexpr int kSequenceBits = 21;
constexpr int kIdDraws = 4;
// Rows per INSERT statement: each distinct count is a statement SQLite keeps prepared.
constexpr size_t kRowsPerInsert = 64;

Result<int64_t> RandomBelow(int64_t bound) {
    Result<std::string> bytes = RandomBytes(sizeof(uint32_t));
    if (!bytes.ok()) return bytes.status();
    uint32_t value = 0;
    std::memcpy(&value, bytes->data(), sizeof value);
    return static_cast<int64_t>(value) % bound;
}

std::string InsertSql(size_t rows) {
    std::string sql =
        "INSERT INTO webhook_deliveries (id, org_id, delivery_key, body, received_at, status, "
        "attempts, next_attempt_at) VALUES ";
    for (size_t row = 0; row < rows; ++row) {
        const size_t p = row * 6;
        if (row > 0) sql += ", ";
        sql += "($" + std::to_string(p + 1) + ", $" + std::to_string(p + 2) + ", $" +
               std::to_string(p + 3) + ", $" + std::to_string(p + 4) + ", $" +
               std::to_string(p + 5) + ", 'pending', 0, $" + std::to_string(p + 6) + ")";
    }
    return sql + " ON CONFLICT (org_id, delivery_key) DO NOTHING RETURNING id";
}

constexpr const char* kClaimPostgres =
    "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $2 "
    "WHERE id IN (SELECT id FROM webhook_deliveries "
    "             WHERE status = 'pending' AND next_attempt_at <= $1 "
    "             ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) "
    "RETURNING id, org_id, delivery_key, body, received_at, attempts - 1";
constexpr const char* kClaimSqlite =
    "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $2 "
    "WHERE id IN (SELECT id FROM webhook_deliveries "
    "             WHERE status = 'pending' AND next_attempt_at <= $1 "
    "             ORDER BY next_attempt_at LIMIT $3) "
    "RETURNING id, org_id, delivery_key, body, received_at, attempts - 1";

// An organisation's pending and dead deliveries, newest first. Each state is read by its
// own partial index (migration 8): the pending ones by scanning the queue's index, which
// holds every organisation's pending deliveries (the work not yet done) with their org_id;
// the dead ones by organisation. No index by organisation covers every state any more (it
// cost a page written per stored delivery), so SQLite is told which index to use: it would
// otherwise seek the idempotency index by org_id, which reads the done deliveries too.
std::string ListSql(SqlDialect dialect) {
    const bool sqlite = dialect == SqlDialect::kSqlite;
    const std::string columns =
        "SELECT id, delivery_key, received_at, status, attempts, next_attempt_at, last_error "
        "FROM webhook_deliveries ";
    return "SELECT d.id, d.delivery_key, d.received_at, d.status, d.attempts, "
           "d.next_attempt_at, d.last_error, l.reason FROM (" +
           columns + (sqlite ? "INDEXED BY webhook_deliveries_pending " : "") +
           "WHERE status = 'pending' AND org_id = $1 AND $2 IN ('', 'pending') UNION ALL " +
           columns + (sqlite ? "INDEXED BY webhook_deliveries_dead " : "") +
           "WHERE status = 'dead' AND org_id = $1 AND $2 IN ('', 'dead')) d "
           "LEFT JOIN webhook_dead_letters l ON l.delivery_id = d.id "
           "ORDER BY d.received_at DESC, d.id DESC LIMIT $3 OFFSET $4";
}

Status MarkDone(SqlConnection& c, int64_t id, const std::string& now) {
    return c
        .Exec(
            "UPDATE webhook_deliveries SET status = 'done', processed_at = $2, "
            "last_error = NULL WHERE id = $1",
            {id, now})
        .status();
}

Status ScheduleRetry(SqlConnection& c, int64_t id, int64_t next_attempt_at,
                     const std::string& error) {
    return c
        .Exec(
            "UPDATE webhook_deliveries SET next_attempt_at = $2, last_error = $3 "
            "WHERE id = $1 AND status = 'pending'",
            {id, next_attempt_at, error})
        .status();
}

Status DeadLetter(SqlConnection& c, int64_t id, const std::string& reason, const std::string& now) {
    Result<SqlRows> moved = c.Exec(
        "UPDATE webhook_deliveries SET status = 'dead', last_error = $2 "
        "WHERE id = $1 AND status = 'pending' RETURNING org_id, attempts",
        {id, reason});
    if (!moved.ok()) return moved.status();
    if (moved->empty()) return Status::Ok();  // replayed or finished meanwhile
    return c
        .Exec(
            "INSERT INTO webhook_dead_letters (delivery_id, org_id, reason, attempts, "
            "dead_at) VALUES ($1, $2, $3, $4, $5) "
            "ON CONFLICT (delivery_id) DO UPDATE SET reason = $3, attempts = $4, "
            "dead_at = $5",
            {id, moved->Text(0, 0), reason, moved->Int(0, 1), now})
        .status();
}

// Writes the outcomes of claimed deliveries within c's transaction.
Status RecordIn(SqlConnection& c, const std::vector<FinishedDelivery>& finished,
                const std::string& now) {
    for (const FinishedDelivery& f : finished) {
        Status written;
        switch (f.state) {
            case FinishedDelivery::State::kDone: written = MarkDone(c, f.id, now); break;
            case FinishedDelivery::State::kRetry:
                written = ScheduleRetry(c, f.id, f.next_attempt_at, f.reason);
                break;
            case FinishedDelivery::State::kDead:
                written = DeadLetter(c, f.id, f.reason, now);
                break;
        }
        if (!written.ok()) return written;
    }
    return Status::Ok();
}

}  // namespace

Result<EnqueueResult> DeliveryQueue::Enqueue(const std::string& org_id,
                                             const std::string& delivery_key,
                                             const std::string& body, int64_t now_ms) {
    return Enqueue(NewDelivery{org_id, delivery_key, body, now_ms});
}

Result<EnqueueResult> DeliveryQueue::Enqueue(const NewDelivery& delivery) {
    return std::move(Submit(&delivery, 1).front());
}

std::vector<Result<EnqueueResult>> DeliveryQueue::EnqueueMany(
    const std::vector<NewDelivery>& deliveries) {
    if (deliveries.empty()) return {};
    return Submit(deliveries.data(), deliveries.size());
}

std::vector<Result<EnqueueResult>> DeliveryQueue::Submit(const NewDelivery* deliveries,
                                                         size_t count) {
    auto waiter = std::make_shared<Waiter>();
    waiter->unwritten = count;
    std::vector<Pending> mine;
    mine.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        auto insert = std::make_shared<PendingInsert>();
        insert->delivery = &deliveries[i];
        insert->waiter = waiter;
        mine.push_back(std::move(insert));
    }
    std::unique_lock<std::mutex> lock(batch_mu_);
    waiting_.insert(waiting_.end(), mine.begin(), mine.end());
    // The caller that finds the writer free writes every waiting delivery itself: no writer
    // thread to hand over to and back from. The others sleep until their batch committed,
    // or until the writer is free and they may be the next to write.
    while (true) {
        const bool any_waiting = std::any_of(mine.begin(), mine.end(),
                                             [](const Pending& insert) { return !insert->taken; });
        if (!writing_ && any_waiting) {
            Lead(lock);
        } else {
            lock.unlock();
        }
        std::unique_lock<std::mutex> own(waiter->mu);
        waiter->wake.wait(own, [&] { return waiter->unwritten == 0 || waiter->may_lead; });
        if (waiter->unwritten == 0) break;
        waiter->may_lead = false;
        own.unlock();
        lock.lock();
    }
    std::vector<Result<EnqueueResult>> results;
    results.reserve(count);
    for (Pending& insert : mine) results.push_back(std::move(insert->result));
    return results;
}

void DeliveryQueue::Lead(std::unique_lock<std::mutex>& lock) {
    writing_ = true;
    std::vector<Pending> batch;
    batch.swap(waiting_);
    for (const Pending& insert : batch) insert->taken = true;
    lock.unlock();
    WriteBatch(batch);
    lock.lock();
    writing_ = false;
    std::shared_ptr<Waiter> next = waiting_.empty() ? nullptr : waiting_.front()->waiter;
    lock.unlock();
    // Each caller is woken once, when all its deliveries are committed or when it may write
    // the next batch (waking every waiter at each commit cost more than the inserts). The
    // next writer first, so its commit overlaps this batch's wake-ups.
    if (next != nullptr) {
        {
            std::lock_guard<std::mutex> own(next->mu);
            next->may_lead = true;
        }
        next->wake.notify_one();
    }
    for (const Pending& insert : batch) {
        Waiter& waiter = *insert->waiter;
        bool done = false;
        {
            std::lock_guard<std::mutex> own(waiter.mu);
            done = --waiter.unwritten == 0;
        }
        if (done) waiter.wake.notify_one();
    }
}

Result<int64_t> DeliveryQueue::NextId(int64_t unix_seconds) {
    const int64_t second = (unix_seconds - kIdEpochSeconds) << kSequenceBits;
    if (last_id_ < second) {
        Result<int64_t> start = RandomBelow(int64_t{1} << (kSequenceBits - 1));
        if (!start.ok()) return start.status();
        last_id_ = second + *start;
    }
    // Past a second's 2^21 ids (or a clock set back) the sequence runs on: still unique.
    return ++last_id_;
}

Status DeliveryQueue::JumpIds() {
    Result<int64_t> jump = RandomBelow(int64_t{1} << 16);
    if (!jump.ok()) return jump.status();
    last_id_ += 1 + *jump;
    return Status::Ok();
}

void DeliveryQueue::WriteBatch(const std::vector<Pending>& batch) {
    const std::string received_at = NowIsoUtc();
    const int64_t unix_seconds = static_cast<int64_t>(std::time(nullptr));
    Status done;
    for (int draw = 0; draw < kIdDraws; ++draw) {
        done = db_.Transact(TxMode::kWrite, [&](SqlConnection& c) {
            // One statement for up to kRowsPerInsert deliveries: RETURNING names the rows
            // inserted, the others were already stored (by an earlier delivery, or by one
            // in the same group).
            for (size_t first = 0; first < batch.size(); first += kRowsPerInsert) {
                const size_t rows = std::min(kRowsPerInsert, batch.size() - first);
                std::vector<SqlParam> params;
                params.reserve(rows * 6);
                std::vector<int64_t> ids(rows);
                for (size_t i = 0; i < rows; ++i) {
                    Result<int64_t> id = NextId(unix_seconds);
                    if (!id.ok()) return id.status();
                    ids[i] = *id;
                    const NewDelivery& delivery = *batch[first + i]->delivery;
                    params.emplace_back(*id);
                    params.emplace_back(delivery.org_id);
                    params.emplace_back(delivery.delivery_key);
                    params.emplace_back(delivery.body);
                    params.emplace_back(received_at);
                    params.emplace_back(delivery.now_ms);
                }
                Result<SqlRows> inserted = c.Exec(InsertSql(rows), params);
                if (!inserted.ok()) return inserted.status();
                std::vector<int64_t> stored;
                stored.reserve(inserted->size());
                for (size_t r = 0; r < inserted->size(); ++r) stored.push_back(inserted->Int(r, 0));
                for (size_t i = 0; i < rows; ++i) {
                    const bool is_new =
                        std::find(stored.begin(), stored.end(), ids[i]) != stored.end();
                    batch[first + i]->result =
                        is_new ? EnqueueResult{ids[i], false} : EnqueueResult{0, true};
                }
            }
            return Status::Ok();
        });
        // A clash of ids with another process (not of keys) aborts the batch: move this
        // process's ids away and write it again.
        if (done.code() != Code::kAlreadyExists) break;
        Status jumped = JumpIds();
        if (!jumped.ok()) {
            done = jumped;
            break;
        }
    }
    if (done.ok()) return;
    for (const Pending& insert : batch) insert->result = done;
}

Result<std::vector<WebhookDelivery>> DeliveryQueue::Claim(int64_t now_ms, int64_t lease_ms,
                                                          int limit) {
    return RecordAndClaim({}, now_ms, lease_ms, limit);
}

Status DeliveryQueue::Record(const std::vector<FinishedDelivery>& finished) {
    if (finished.empty()) return Status::Ok();
    return db_.Transact(TxMode::kWrite,
                        [&](SqlConnection& c) { return RecordIn(c, finished, NowIsoUtc()); });
}

Result<std::vector<WebhookDelivery>> DeliveryQueue::RecordAndClaim(
    const std::vector<FinishedDelivery>& finished, int64_t now_ms, int64_t lease_ms, int limit) {
    const std::string now = finished.empty() ? std::string() : NowIsoUtc();
    std::vector<WebhookDelivery> claimed;
    Status done = db_.Transact(TxMode::kWrite, [&](SqlConnection& c) {
        claimed.clear();
        Status recorded = RecordIn(c, finished, now);
        if (!recorded.ok()) return recorded;
        const char* sql = c.dialect() == SqlDialect::kPostgres ? kClaimPostgres : kClaimSqlite;
        Result<SqlRows> rows = c.Exec(sql, {now_ms, now_ms + lease_ms, int64_t{limit}});
        if (!rows.ok()) return rows.status();
        for (size_t i = 0; i < rows->size(); ++i) {
            WebhookDelivery d;
            d.id = rows->Int(i, 0);
            d.org_id = rows->Text(i, 1);
            d.delivery_key = rows->Text(i, 2);
            d.body = rows->Text(i, 3);
            d.received_at = rows->Text(i, 4);
            d.attempts = static_cast<int>(rows->Int(i, 5));
            claimed.push_back(std::move(d));
        }
        return Status::Ok();
    });
    if (!done.ok()) return done;
    return claimed;
}

Result<std::vector<DeliverySummary>> DeliveryQueue::List(const std::string& org_id,
                                                         const std::string& status, int limit,
                                                         int offset) {
    if (!status.empty() && status != "pending" && status != "dead") {
        return Status::InvalidArgument("status: \"" + status + "\" is not pending or dead");
    }
    std::vector<DeliverySummary> list;
    Status done = db_.WithConnection([&](SqlConnection& c) {
        Result<SqlRows> rows =
            c.Exec(ListSql(c.dialect()), {org_id, status, int64_t{limit}, int64_t{offset}});
        if (!rows.ok()) return rows.status();
        for (size_t i = 0; i < rows->size(); ++i) {
            list.push_back({rows->Int(i, 0), rows->Text(i, 1), rows->Text(i, 2), rows->Text(i, 3),
                            static_cast<int>(rows->Int(i, 4)), rows->Int(i, 5), rows->Text(i, 6),
                            rows->Text(i, 7)});
        }
        return Status::Ok();
    });
    if (!done.ok()) return done;
    return list;
}

Status DeliveryQueue::Replay(const std::string& org_id, int64_t id, int64_t now_ms) {
    return db_.Transact(TxMode::kWrite, [&](SqlConnection& c) {
        Result<SqlRows> found = c.Exec(
            "SELECT status FROM webhook_deliveries WHERE org_id = $1 AND id = $2", {org_id, id});
        if (!found.ok()) return found.status();
        if (found->empty()) {
            return Status::NotFound("no webhook delivery " + std::to_string(id));
        }
        if (found->Text(0, 0) != "dead") {
            return Status(Code::kConflict, "webhook delivery " + std::to_string(id) + " is " +
                                               found->Text(0, 0) +
                                               ": only a dead letter can be replayed");
        }
        Status removed =
            c.Exec("DELETE FROM webhook_dead_letters WHERE delivery_id = $1", {id}).status();
        if (!removed.ok()) return removed;
        return c
            .Exec(
                "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, "
                "next_attempt_at = $2 WHERE id = $1",
                {id, now_ms})
            .status();
    });
}

}  // namespace stocktake::server
