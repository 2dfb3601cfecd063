#include "auth/login_limiter.h"

#include <algorithm>
#include <iterator>

namespace stocktake::server {

int64_t LoginLimiter::WaitMs(Failures& failures, const std::string& key, int limit,
                             int64_t now_ms) {
    auto it = failures.find(key);
    if (it == failures.end()) return 0;
    std::deque<int64_t>& times = it->second;
    while (!times.empty() && times.front() <= now_ms - limits_.window_ms) times.pop_front();
    if (times.empty()) {
        failures.erase(it);
        return 0;
    }
    if (static_cast<int>(times.size()) < limit) return 0;
    return times.front() + limits_.window_ms - now_ms;
}

void LoginLimiter::Record(Failures& failures, const std::string& key, int limit, int64_t now_ms) {
    if (failures.size() >= kSweepThreshold) {
        for (auto it = failures.begin(); it != failures.end();) {
            const bool expired = it->second.back() <= now_ms - limits_.window_ms;
            it = expired ? failures.erase(it) : std::next(it);
        }
    }
    std::deque<int64_t>& times = failures[key];
    times.push_back(now_ms);
    // Only the newest `limit` failures decide whether the key is limited.
    while (static_cast<int>(times.size()) > limit) times.pop_front();
}

int64_t LoginLimiter::RetryAfterSeconds(const std::string& email, const std::string& address,
                                        int64_t now_ms) {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t wait_ms = std::max(WaitMs(by_account_, email, limits_.per_account, now_ms),
                                     WaitMs(by_address_, address, limits_.per_address, now_ms));
    if (wait_ms <= 0) return 0;
    return std::max<int64_t>(1, (wait_ms + 999) / 1000);
}

void LoginLimiter::RecordFailure(const std::string& email, const std::string& address,
                                 int64_t now_ms) {
    std::lock_guard<std::mutex> lock(mu_);
    Record(by_account_, email, limits_.per_account, now_ms);
    Record(by_address_, address, limits_.per_address, now_ms);
}

void LoginLimiter::RecordSuccess(const std::string& email) {
    std::lock_guard<std::mutex> lock(mu_);
    by_account_.erase(email);
}

}  // namespace stocktake::server
