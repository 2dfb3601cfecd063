// DeliveryWorker: the queue's consumer. A thread that claims due deliveries, hands each to
// the DeliveryProcessor and records the outcome: done; a retry after exponential backoff
// (at least the processor's retry_after_seconds); or, when the processor says it cannot
// succeed or the attempts run out, a dead letter with the reason.
//
// Several workers (one per replica) may share one PostgreSQL database: claims skip rows
// another worker holds, and a claimed delivery is leased, so a worker that dies mid-way
// only delays it until the lease ends.
//
// Thread safety: Start/Stop from one thread; Wake from any; RunOnce from one thread at a
// time (the worker's own, or a test's while no thread runs).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "log.h"
#include "webhooks/delivery_processor.h"
#include "webhooks/webhook_queue.h"

namespace stocktake::server {

struct DeliveryWorkerOptions {
    std::chrono::milliseconds poll_interval{1000};  // how often to look for due retries
    int64_t lease_ms = 5 * 60 * 1000;  // a claimed delivery's time before others may retry it
    // Deliveries claimed at once. A batch's outcomes are written with the next batch's
    // claim, one commit a batch. Bigger batches mean fewer commits under a storm; the
    // rate limiter turns what ShipStation's 40 requests a minute cannot take into retries
    // at once, so a batch of 256 still finishes well inside the lease.
    int batch = 256;
    // After a wake-up, how long the worker lets new deliveries gather before it claims.
    // Under a storm every stored delivery wakes it: claiming at once took a delivery or two
    // each time, for two write transactions and two thread switches each. A delay this
    // short is nothing to a sender (already answered) and fills the batches.
    std::chrono::milliseconds gather{20};
    int64_t base_backoff_ms = 10 * 1000;  // the wait after the first failed attempt, doubling
    int64_t max_backoff_ms = 60 * 60 * 1000;
    int max_attempts = 10;            // then a dead letter
    std::function<int64_t()> now_ms;  // unix ms; the system clock when empty
};

// The wait before the next attempt after attempts_made attempts (>= 1), the latest asking
// to wait at least retry_after_seconds.
int64_t RetryDelayMs(const DeliveryWorkerOptions& options, int attempts_made,
                     int retry_after_seconds);

class DeliveryWorker {
  public:
    // REQUIRES: queue, processor and logger outlive the worker.
    DeliveryWorker(DeliveryQueue& queue, DeliveryProcessor& processor, Logger& logger,
                   DeliveryWorkerOptions options = {});
    ~DeliveryWorker();
    DeliveryWorker(const DeliveryWorker&) = delete;
    DeliveryWorker& operator=(const DeliveryWorker&) = delete;

    void Start();
    // Finishes the delivery in hand, then returns (idempotent).
    void Stop();
    // Makes the thread look for due deliveries now (a new delivery was stored).
    void Wake();

    // Claims and processes due deliveries until none is due. Returns how many it processed.
    Result<int> RunOnce();

  private:
    void Loop();
    FinishedDelivery Finish(const WebhookDelivery& delivery, const DeliveryResult& result);
    // Logs outcomes that could not be written (status not ok).
    void LogUnrecorded(const std::vector<FinishedDelivery>& finished, const Status& status);

    DeliveryQueue& queue_;
    DeliveryProcessor& processor_;
    Logger& logger_;
    DeliveryWorkerOptions options_;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;  // guarded by mu_
    bool woken_ = false;     // guarded by mu_
};

}  // namespace stocktake::server
