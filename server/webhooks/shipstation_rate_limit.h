// Keeps the server inside ShipStation v1's request budget: at most N requests (40) in any
// 60 seconds per API key, and none before the window resets once ShipStation has said
// (X-Rate-Limit-Remaining: 0) that nothing remains. One limiter per API key is shared by
// the whole process (SharedShipStationLimiter), so concurrent deliveries, and replays from
// request threads, draw on one budget.
// Thread safety: every method is safe from many threads.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace stocktake::server {

class ShipStationRateLimiter {
  public:
    explicit ShipStationRateLimiter(int per_minute) : per_minute_(per_minute) {}

    // 0 when a request may be sent at now_ms (it is counted), else the milliseconds to
    // wait before asking again.
    int64_t TryAcquire(int64_t now_ms);

    // What an answer's X-Rate-Limit-Remaining and X-Rate-Limit-Reset (seconds) said at now_ms.
    void Observe(int64_t now_ms, std::optional<int64_t> remaining,
                 std::optional<int64_t> reset_seconds);

  private:
    static constexpr int64_t kWindowMs = 60'000;

    const int per_minute_;
    std::mutex mutex_;
    std::deque<int64_t> sent_;  // request times within the last window, oldest first
    int64_t blocked_until_ms_ = 0;
};

// The process's limiter for api_key, made on first use with per_minute.
std::shared_ptr<ShipStationRateLimiter> SharedShipStationLimiter(const std::string& api_key,
                                                                 int per_minute);

}  // namespace stocktake::server
