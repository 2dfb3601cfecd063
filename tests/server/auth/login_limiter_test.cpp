// The in-memory login rate limit (auth/login_limiter.h), with time passed in.
#include "auth/login_limiter.h"

#include <catch2/catch.hpp>

using stocktake::server::LoginLimiter;
using stocktake::server::LoginLimits;

namespace {
constexpr int64_t kMinute = 60 * 1000;
}

TEST_CASE("five failures for an account block it until the oldest leaves the window",
          "[server][auth][limiter]") {
    LoginLimiter limiter(LoginLimits{});
    for (int i = 0; i < 5; ++i) {
        CHECK(limiter.RetryAfterSeconds("a@x.test", "10.0.0.1", i * kMinute) == 0);
        limiter.RecordFailure("a@x.test", "10.0.0.1", i * kMinute);
    }
    // The first failure (t=0) leaves the 15-minute window at t=15 min.
    CHECK(limiter.RetryAfterSeconds("a@x.test", "10.0.0.9", 5 * kMinute) == 10 * 60);
    CHECK(limiter.RetryAfterSeconds("b@x.test", "10.0.0.1", 5 * kMinute) == 0);
    CHECK(limiter.RetryAfterSeconds("a@x.test", "10.0.0.1", 15 * kMinute - 1) == 1);
    CHECK(limiter.RetryAfterSeconds("a@x.test", "10.0.0.1", 15 * kMinute) == 0);
}

TEST_CASE("a success clears the account but not the address", "[server][auth][limiter]") {
    LoginLimiter limiter(LoginLimits{2, 3, 15 * kMinute});
    limiter.RecordFailure("a@x.test", "10.0.0.1", 0);
    limiter.RecordFailure("a@x.test", "10.0.0.1", 0);
    CHECK(limiter.RetryAfterSeconds("a@x.test", "10.0.0.2", 0) > 0);
    limiter.RecordSuccess("a@x.test");
    CHECK(limiter.RetryAfterSeconds("a@x.test", "10.0.0.2", 0) == 0);
    limiter.RecordFailure("c@x.test", "10.0.0.1", 0);
    // Three failures from 10.0.0.1 over two accounts: the address is blocked for any.
    CHECK(limiter.RetryAfterSeconds("new@x.test", "10.0.0.1", 0) == 15 * 60);
    CHECK(limiter.RetryAfterSeconds("new@x.test", "10.0.0.2", 0) == 0);
}
