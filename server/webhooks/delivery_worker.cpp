#include "webhooks/delivery_worker.h"

#include <pthread.h>

#include <algorithm>

namespace stocktake::server {
namespace {

int64_t SystemNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

int64_t RetryDelayMs(const DeliveryWorkerOptions& options, int attempts_made,
                     int retry_after_seconds) {
    int64_t backoff = options.base_backoff_ms;
    for (int i = 1; i < attempts_made && backoff < options.max_backoff_ms; ++i) backoff *= 2;
    backoff = std::min(backoff, options.max_backoff_ms);
    // The upstream's own wait wins even past the cap: retrying sooner only fails again.
    return std::max(backoff, int64_t{retry_after_seconds} * 1000);
}

DeliveryWorker::DeliveryWorker(DeliveryQueue& queue, DeliveryProcessor& processor, Logger& logger,
                               DeliveryWorkerOptions options)
    : queue_(queue), processor_(processor), logger_(logger), options_(std::move(options)) {
    if (!options_.now_ms) options_.now_ms = SystemNowMs;
}

DeliveryWorker::~DeliveryWorker() {
    Stop();
}

void DeliveryWorker::Start() {
    thread_ = std::thread([this] {
        // Named, so per-thread CPU (top -H, /proc/PID/task) tells the worker apart.
        pthread_setname_np(pthread_self(), "webhook-worker");
        Loop();
    });
}

void DeliveryWorker::Stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void DeliveryWorker::Wake() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        // Already woken: the worker will look anyway, so the other wake-ups of a storm cost
        // no signal (and no thread switch while it gathers).
        if (woken_) return;
        woken_ = true;
    }
    cv_.notify_all();
}

void DeliveryWorker::Loop() {
    for (;;) {
        Result<int> ran = RunOnce();
        if (!ran.ok()) {
            logger_.Error("webhook queue: cannot claim deliveries",
                          {{"error", ran.status().message()}});
        }
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
        if (stopping_) return;
        if (woken_ && options_.gather.count() > 0) {
            cv_.wait_for(lock, options_.gather, [this] { return stopping_; });
            if (stopping_) return;
        }
        woken_ = false;
    }
}

Result<int> DeliveryWorker::RunOnce() {
    int processed = 0;
    // The previous batch's outcomes, written in the same transaction as the next claim.
    std::vector<FinishedDelivery> finished;
    for (;;) {
        bool stopping = false;
        {
            std::lock_guard<std::mutex> lock(mu_);
            stopping = stopping_;
        }
        if (stopping) {
            LogUnrecorded(finished, queue_.Record(finished));
            return processed;
        }
        Result<std::vector<WebhookDelivery>> claimed =
            queue_.RecordAndClaim(finished, options_.now_ms(), options_.lease_ms, options_.batch);
        if (!claimed.ok()) {
            if (finished.empty()) return claimed.status();
            LogUnrecorded(finished, claimed.status());
            finished.clear();
            continue;
        }
        finished.clear();
        if (claimed->empty()) return processed;
        for (const WebhookDelivery& delivery : *claimed) {
            finished.push_back(Finish(delivery, processor_.Process(delivery)));
            ++processed;
        }
    }
}

void DeliveryWorker::LogUnrecorded(const std::vector<FinishedDelivery>& finished,
                                   const Status& status) {
    if (status.ok()) return;
    // The leases run out and the deliveries are tried again: processing is idempotent.
    logger_.Error("webhook queue: cannot record outcomes",
                  {{"deliveries", finished.size()}, {"error", status.message()}});
}

FinishedDelivery DeliveryWorker::Finish(const WebhookDelivery& delivery,
                                        const DeliveryResult& result) {
    const int attempts_made = delivery.attempts + 1;
    LogFields fields = {
        {"delivery_id", delivery.id}, {"org_id", delivery.org_id}, {"attempt", attempts_made}};
    FinishedDelivery finished;
    finished.id = delivery.id;
    if (result.outcome == DeliveryOutcome::kDone) {
        finished.state = FinishedDelivery::State::kDone;
        logger_.Debug("webhook delivery processed", fields);
    } else if (result.outcome == DeliveryOutcome::kRetry && attempts_made < options_.max_attempts) {
        const int64_t delay = RetryDelayMs(options_, attempts_made, result.retry_after_seconds);
        finished.state = FinishedDelivery::State::kRetry;
        finished.next_attempt_at = options_.now_ms() + delay;
        finished.reason = result.reason;
        fields["reason"] = result.reason;
        fields["retry_in_ms"] = delay;
        logger_.Warn("webhook delivery failed: will retry", fields);
    } else {
        finished.state = FinishedDelivery::State::kDead;
        finished.reason =
            result.outcome == DeliveryOutcome::kRetry
                ? "gave up after " + std::to_string(attempts_made) + " attempts: " + result.reason
                : result.reason;
        fields["reason"] = finished.reason;
        logger_.Warn("webhook delivery dead-lettered", fields);
    }
    return finished;
}

}  // namespace stocktake::server
