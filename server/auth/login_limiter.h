// LoginLimiter: slows password guessing by counting failed logins per account (email) and
// per client address in a sliding window, in this process's memory. With several replicas
// each counts on its own, so the effective limit is the per-replica limit times the number
// of replicas (docs/DECISIONS.md, "Accounts and auth").
// Memory: at most `limit` timestamps per key, and keys whose failures have all expired
// are swept once the maps grow past kSweepThreshold keys.
// Thread safety: safe to use from many threads (one mutex).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace stocktake::server {

struct LoginLimits {
    int per_account = 5;   // failures per email per window
    int per_address = 20;  // failures per client address per window
    int64_t window_ms = 15 * 60 * 1000;
};

class LoginLimiter {
  public:
    explicit LoginLimiter(LoginLimits limits) : limits_(limits) {}

    // 0 when a login for email from address may be tried now; otherwise the seconds until
    // it may (for Retry-After, at least 1).
    int64_t RetryAfterSeconds(const std::string& email, const std::string& address, int64_t now_ms);
    void RecordFailure(const std::string& email, const std::string& address, int64_t now_ms);
    // A successful login clears the account's failures (not the address's: one address may
    // be guessing at many accounts).
    void RecordSuccess(const std::string& email);

  private:
    using Failures = std::unordered_map<std::string, std::deque<int64_t>>;
    static constexpr size_t kSweepThreshold = 100000;

    // ms until key's oldest counted failure leaves the window when key has limit failures
    // in it, else 0. Drops expired failures.
    int64_t WaitMs(Failures& failures, const std::string& key, int limit, int64_t now_ms);
    void Record(Failures& failures, const std::string& key, int limit, int64_t now_ms);

    const LoginLimits limits_;
    std::mutex mu_;
    Failures by_account_;  // guarded by mu_
    Failures by_address_;  // guarded by mu_
};

}  // namespace stocktake::server
