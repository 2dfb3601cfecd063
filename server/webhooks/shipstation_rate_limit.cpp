#include "webhooks/shipstation_rate_limit.h"

#include <map>

namespace stocktake::server {

int64_t ShipStationRateLimiter::TryAcquire(int64_t now_ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (now_ms < blocked_until_ms_) return blocked_until_ms_ - now_ms;
    while (!sent_.empty() && sent_.front() <= now_ms - kWindowMs) sent_.pop_front();
    if (sent_.size() >= static_cast<size_t>(per_minute_)) {
        return sent_.front() + kWindowMs - now_ms;
    }
    sent_.push_back(now_ms);
    return 0;
}

void ShipStationRateLimiter::Observe(int64_t now_ms, std::optional<int64_t> remaining,
                                     std::optional<int64_t> reset_seconds) {
    if (!remaining || *remaining > 0) return;
    std::lock_guard<std::mutex> lock(mutex_);
    // Without a reset time, a whole window is the safe guess.
    const int64_t wait_ms =
        reset_seconds && *reset_seconds >= 0 ? *reset_seconds * 1000 : kWindowMs;
    blocked_until_ms_ = std::max(blocked_until_ms_, now_ms + wait_ms);
}

std::shared_ptr<ShipStationRateLimiter> SharedShipStationLimiter(const std::string& api_key,
                                                                 int per_minute) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<ShipStationRateLimiter>>* limiters =
        new std::map<std::string, std::shared_ptr<ShipStationRateLimiter>>();
    std::lock_guard<std::mutex> lock(mutex);
    std::shared_ptr<ShipStationRateLimiter>& limiter = (*limiters)[api_key];
    if (!limiter) limiter = std::make_shared<ShipStationRateLimiter>(per_minute);
    return limiter;
}

}  // namespace stocktake::server
