// DeliveryQueue: the durable queue of accepted webhook deliveries (webhook_deliveries) and
// its dead letters (webhook_dead_letters), the same on SQLite and PostgreSQL.
//
// Life of a delivery: Enqueue stores it "pending" and due now (a second one with the same
// (org, key) is a duplicate and stores nothing); Claim leases due ones to a worker (their
// next_attempt_at moves a lease ahead, so a worker that dies mid-way only delays them);
// then Record writes what became of each: done, due again later, or dead (with a row
// saying why). Replay makes a dead letter pending and due again.
//
// On PostgreSQL, Claim locks the rows it takes with FOR UPDATE SKIP LOCKED, so replicas
// claiming at once take different deliveries; on SQLite one writer runs at a time.
//
// Group commit: concurrent Enqueue calls share transactions. While one caller writes a
// batch, the others queue theirs; the next one to find the writer free writes every
// waiting delivery in one transaction, so a burst costs one commit, not one each (SQLite
// has one writer at a time, and a commit per delivery capped intake at ~1,200/s). Every
// caller returns only after the transaction holding its delivery committed.
//
// Times: now_ms and next attempts are unix milliseconds from the caller's clock.
// Thread safety: safe from many threads (SqlDatabase is).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "stocktake/status.h"
#include "storage/sql.h"
#include "webhooks/delivery_processor.h"

namespace stocktake::server {

// What became of one claimed delivery, for DeliveryQueue::Record.
struct FinishedDelivery {
    enum class State { kDone, kRetry, kDead };
    int64_t id = 0;
    State state = State::kDone;
    int64_t next_attempt_at = 0;  // kRetry: unix ms it is due again
    std::string reason;           // kRetry: the last error; kDead: why it was given up
};

// A delivery to store: Enqueue's arguments.
struct NewDelivery {
    std::string org_id;
    std::string delivery_key;
    std::string body;
    int64_t now_ms = 0;
};

struct EnqueueResult {
    int64_t id = 0;          // the stored delivery's id (0 for a duplicate)
    bool duplicate = false;  // (org, key) was stored before: nothing changed
};

// A delivery as the deliveries API lists it.
struct DeliverySummary {
    int64_t id = 0;
    std::string delivery_key;
    std::string received_at;
    std::string status;  // "pending", "done" or "dead"
    int attempts = 0;
    int64_t next_attempt_at = 0;  // unix ms
    std::string last_error;       // the latest failure ("" when none)
    std::string dead_reason;      // why it was parked ("" unless dead)
};

class DeliveryQueue {
  public:
    // REQUIRES: db outlives the queue.
    explicit DeliveryQueue(SqlDatabase& db) : db_(db) {}

    Result<EnqueueResult> Enqueue(const std::string& org_id, const std::string& delivery_key,
                                  const std::string& body, int64_t now_ms);
    Result<EnqueueResult> Enqueue(const NewDelivery& delivery);
    // Enqueue for several deliveries at once, each result in the order given: for a caller
    // that gathers deliveries itself (one event loop answering many connections).
    std::vector<Result<EnqueueResult>> EnqueueMany(const std::vector<NewDelivery>& deliveries);

    // Up to limit pending deliveries due at now_ms, oldest due first, each leased until
    // now_ms + lease_ms and its attempts counted. WebhookDelivery::attempts is the count
    // before this attempt.
    Result<std::vector<WebhookDelivery>> Claim(int64_t now_ms, int64_t lease_ms, int limit);

    // Writes the outcomes of claimed deliveries in one transaction (a worker finishes a
    // claimed batch with one commit, not one per delivery). A delivery replayed or finished
    // by someone else meanwhile is left as it is.
    Status Record(const std::vector<FinishedDelivery>& finished);

    // Record, then Claim, in one transaction: a worker that drains a backlog pays one
    // commit per batch instead of two. If it fails, neither happened.
    Result<std::vector<WebhookDelivery>> RecordAndClaim(
        const std::vector<FinishedDelivery>& finished, int64_t now_ms, int64_t lease_ms, int limit);

    // org_id's pending and dead deliveries, newest first; status "" for both, or one of
    // them. InvalidArgument for another status.
    Result<std::vector<DeliverySummary>> List(const std::string& org_id, const std::string& status,
                                              int limit, int offset);

    // Makes org_id's dead letter id pending and due at now_ms. NotFound when org_id has no
    // delivery id (another organisation's id included); Conflict when it is not dead.
    Status Replay(const std::string& org_id, int64_t id, int64_t now_ms);

  private:
    // A caller waiting for its deliveries' group commits. Shared with the writers, which
    // wake it after releasing batch_mu_ (a caller woken while the writer still held
    // batch_mu_ went straight back to sleep on it) and must not find it gone by then.
    struct Waiter {
        std::mutex mu;
        std::condition_variable wake;
        size_t unwritten = 0;   // its deliveries not yet in a committed batch; guarded by mu
        bool may_lead = false;  // the writer was free when woken; guarded by mu
    };
    struct PendingInsert {
        const NewDelivery* delivery = nullptr;
        bool taken = false;  // in a batch being written; guarded by batch_mu_
        // Set by the batch's writer before its waiter's count drops; read by the caller
        // after the count is 0.
        Result<EnqueueResult> result = Status::Internal("not written");
        std::shared_ptr<Waiter> waiter;
    };
    using Pending = std::shared_ptr<PendingInsert>;
    // Queues deliveries for the group commit and returns once every one is committed.
    std::vector<Result<EnqueueResult>> Submit(const NewDelivery* deliveries, size_t count);
    // Writes the waiting deliveries (mine among them) in one transaction, wakes their
    // callers, and tells the first caller still waiting that the writer is free.
    // REQUIRES: lock holds batch_mu_ and writing_ is false; returns with it released.
    void Lead(std::unique_lock<std::mutex>& lock);
    // Writes batch in one transaction and sets each one's result.
    void WriteBatch(const std::vector<Pending>& batch);
    // The next delivery id: time-ordered, so inserts append to the table and its primary
    // key (docs/DECISIONS.md, "Time-ordered delivery ids"). Only the batch writer calls it.
    Result<int64_t> NextId(int64_t unix_seconds);
    // After a clash with another process's ids: move this process's sequence away.
    Status JumpIds();

    SqlDatabase& db_;
    std::mutex batch_mu_;
    std::vector<Pending> waiting_;  // guarded by batch_mu_
    bool writing_ = false;          // guarded by batch_mu_
    int64_t last_id_ = 0;           // the batch writer's alone
};

}  // namespace stocktake::server
