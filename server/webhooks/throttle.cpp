#include "webhooks/throttle.h"

#include <algorithm>
#include <cmath>

namespace stocktake::server {

Throttle::Throttle(double rate_per_second, double burst, std::function<Clock::time_point()> now)
    : rate_(rate_per_second), burst_(burst), now_(std::move(now)) {}

int Throttle::Take(const std::string& key) {
    const Clock::time_point now = now_();
    std::lock_guard<std::mutex> lock(mu_);
    auto [it, added] = buckets_.try_emplace(key, Bucket{burst_, now});
    Bucket& bucket = it->second;
    if (!added) {
        const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
        bucket.tokens = std::min(burst_, bucket.tokens + std::max(0.0, elapsed) * rate_);
        bucket.refilled = now;
    }
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / rate_)));
}

}  // namespace stocktake::server
