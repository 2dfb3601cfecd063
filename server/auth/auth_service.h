// AuthService: registration, login, token refresh and logout, and turning an access token
// into an Actor. It owns the rules (password policy, no user enumeration, login rate limit,
// refresh token rotation, audit entries); AccountStore keeps the rows and the handlers only
// parse and encode.
//
// Tokens: a 24 h HS256 access token (auth/jwt.h) and a 30-day opaque refresh token, stored
// only as its SHA-256. Refresh revokes the presented token and issues a new pair; presenting
// a revoked token again revokes every refresh token of that user (it was copied).
//
// Thread safety: safe to use from many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "auth/account_store.h"
#include "auth/actor.h"
#include "auth/login_limiter.h"
#include "auth/password.h"

namespace stocktake::server {

inline constexpr int64_t kRefreshTokenLifetimeMs = int64_t{30} * 24 * 60 * 60 * 1000;

struct AuthOptions {
    std::string secret_key;  // REQUIRES: non-empty (auth/auth_config.h checks its strength)
    bool allow_registration = false;
    PasswordHasher hasher;  // the production cost unless a test lowers it
    LoginLimits login_limits;
    // Unix ms now; null: the system clock. Tests move time.
    std::function<int64_t()> now_ms;
};

// What register, login and refresh answer with.
struct Session {
    std::string access_token;
    int64_t expires_in = 0;  // seconds
    std::string refresh_token;
    User user;
};

class AuthService {
  public:
    // REQUIRES: store outlives the service.
    AuthService(AccountStore& store, AuthOptions options);

    // Creates an organisation named org_name with one owner. PermissionDenied when open
    // registration is off; InvalidArgument for a bad field (the message names it);
    // AlreadyExists when the email has an account.
    Result<Session> Register(const std::string& org_name, const std::string& email,
                             const std::string& password, const std::string& address);

    // Unauthenticated with one message whether the email is unknown or the password wrong
    // (and about the same time: an unknown email still runs one password hash).
    // RateLimited when the account or address has failed too often; *retry_after_seconds
    // then says when to try again.
    Result<Session> Login(const std::string& email, const std::string& password,
                          const std::string& address, int64_t* retry_after_seconds);

    // A new session for a live refresh token, which is revoked. Unauthenticated otherwise.
    Result<Session> Refresh(const std::string& refresh_token, const std::string& address);

    // Revokes refresh_token, which must be actor's. InvalidArgument when it is not a token
    // of actor.
    Status Logout(const Actor& actor, const std::string& refresh_token, const std::string& address);

    // The Actor of a valid access token whose user still exists in the token's organisation
    // and is not disabled; roles and channels are the user's current ones, so a change
    // takes effect on the next request. Unauthenticated otherwise.
    Result<Actor> Authenticate(std::string_view access_token);

    AccountStore& store() { return store_; }

  private:
    int64_t NowMs() const;
    Result<Session> IssueSession(const User& user);
    // Verifies password against dummy_hash_, so a login for an unknown email costs what a
    // real one does.
    void SpendVerifyTime(const std::string& password);
    void LogFailedLogin(const std::string& email, const std::string& org_id,
                        const std::string& address, const char* reason);

    AccountStore& store_;
    const AuthOptions options_;
    LoginLimiter limiter_;
    // Made at construction with the hasher's cost (not on first use, which would make the
    // first unknown-email login slower than the rest).
    std::string dummy_hash_;
};

}  // namespace stocktake::server
