// Throttle: a token bucket per key (an organisation), refilled at a steady rate, so a
// sender may burst up to `burst` events and then `rate_per_second` on average.
//
// Per process: each server replica keeps its own buckets, so N replicas behind a load
// balancer let an organisation through at up to N times the rate (docs/DECISIONS.md).
//
// Thread safety: Take() may be called from many threads.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace stocktake::server {

class Throttle {
  public:
    using Clock = std::chrono::steady_clock;

    // now: the clock (tests pass their own). REQUIRES: rate_per_second > 0, burst >= 1.
    Throttle(
        double rate_per_second, double burst,
        std::function<Clock::time_point()> now = [] { return Clock::now(); });

    // Takes one token from key's bucket. 0 when taken; otherwise the whole seconds (at
    // least 1) until a token will be there, for Retry-After.
    int Take(const std::string& key);

  private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point refilled;
    };
    const double rate_;
    const double burst_;
    const std::function<Clock::time_point()> now_;
    std::mutex mu_;
    std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
};

}  // namespace stocktake::server
