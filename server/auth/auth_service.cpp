#include "auth/auth_service.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "auth/crypto.h"
#include "auth/jwt.h"

namespace stocktake::server {
namespace {

constexpr size_t kMaxEmailBytes = 254;
constexpr size_t kMaxOrgNameBytes = 200;
constexpr size_t kMaxPasswordBytes = 1024;  // PBKDF2 takes any length; bound the work
constexpr const char* kBadLogin = "email or password is wrong";

Status Unauthenticated(const std::string& message) {
    return Status(Code::kUnauthenticated, message);
}

Status CheckEmail(const std::string& email) {
    const size_t at = email.find('@');
    if (email.empty() || email.size() > kMaxEmailBytes || at == 0 || at == std::string::npos ||
        at + 1 == email.size() || email.find_first_of(" \t\r\n,") != std::string::npos) {
        return Status::InvalidArgument("email: not an email address");
    }
    return Status::Ok();
}

std::string Detail(const nlohmann::json& detail) {
    return detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

AuthService::AuthService(AccountStore& store, AuthOptions options)
    : store_(store), options_(std::move(options)), limiter_(options_.login_limits) {
    Result<std::string> dummy = options_.hasher.Hash("not the password of anyone");
    if (dummy.ok()) dummy_hash_ = *dummy;
}

int64_t AuthService::NowMs() const {
    if (options_.now_ms) return options_.now_ms();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Result<Session> AuthService::IssueSession(const User& user) {
    Result<std::string> jti = RandomHex(16);
    Result<std::string> refresh = RandomHex(32);
    if (!jti.ok()) return jti.status();
    if (!refresh.ok()) return refresh.status();
    const int64_t now_ms = NowMs();
    AccessClaims claims;
    claims.sub = user.id;
    claims.org_id = user.org_id;
    claims.roles = RoleNames(user.roles);
    claims.iat = now_ms / 1000;
    claims.exp = claims.iat + kAccessTokenLifetimeSeconds;
    claims.jti = *jti;
    Status saved = store_.SaveRefreshToken(
        Sha256Hex(*refresh),
        RefreshTokenRecord{user.id, user.org_id, now_ms + kRefreshTokenLifetimeMs, false});
    if (!saved.ok()) return saved;
    return Session{SignJwt(claims, options_.secret_key), kAccessTokenLifetimeSeconds, *refresh,
                   user};
}

void AuthService::SpendVerifyTime(const std::string& password) {
    (void)options_.hasher.Verify(password, dummy_hash_);
}

void AuthService::LogFailedLogin(const std::string& email, const std::string& org_id,
                                 const std::string& address, const char* reason) {
    AuditEntry entry;
    entry.org_id = org_id;
    entry.actor = "anonymous";
    entry.action = "login_failed";
    entry.target = email;
    entry.address = address;
    entry.detail = Detail({{"reason", reason}});
    (void)store_.AppendAudit(entry);  // the refusal stands even if the audit write fails
}

Result<Session> AuthService::Register(const std::string& org_name, const std::string& email,
                                      const std::string& password, const std::string& address) {
    if (!options_.allow_registration) {
        return Status(Code::kPermissionDenied,
                      "registration is closed on this server: ask its operator for an account");
    }
    if (org_name.empty() || org_name.size() > kMaxOrgNameBytes) {
        return Status::InvalidArgument("org_name: must be 1 to 200 bytes");
    }
    const std::string normalised = NormaliseEmail(email);
    Status valid = CheckEmail(normalised);
    if (valid.ok()) valid = CheckPasswordPolicy(password);
    if (valid.ok() && password.size() > kMaxPasswordBytes) {
        valid = Status::InvalidArgument("password: at most 1024 bytes");
    }
    if (!valid.ok()) return valid;
    Result<std::string> hash = options_.hasher.Hash(password);
    if (!hash.ok()) return hash.status();
    User owner;
    owner.email = normalised;
    owner.password_hash = *hash;
    AuditEntry audit;
    audit.address = address;
    audit.detail = Detail({{"org_name", org_name}});
    Result<User> created = store_.CreateOrganisationWithOwner(org_name, owner, audit);
    if (!created.ok()) return created.status();
    return IssueSession(*created);
}

Result<Session> AuthService::Login(const std::string& email, const std::string& password,
                                   const std::string& address, int64_t* retry_after_seconds) {
    const std::string normalised = NormaliseEmail(email);
    *retry_after_seconds = limiter_.RetryAfterSeconds(normalised, address, NowMs());
    if (*retry_after_seconds > 0) {
        return Status(Code::kRateLimited, "too many failed logins: try again in " +
                                              std::to_string(*retry_after_seconds) + " s");
    }
    Result<User> user = store_.FindUserByEmail(normalised);
    if (!user.ok() && user.status().code() != Code::kNotFound) return user.status();
    const char* failure = nullptr;
    if (!user.ok()) {
        SpendVerifyTime(password);
        failure = "unknown_email";
    } else if (password.size() > kMaxPasswordBytes ||
               !options_.hasher.Verify(password, user->password_hash)) {
        failure = "wrong_password";
    } else if (user->disabled) {
        failure = "disabled";
    }
    if (failure != nullptr) {
        limiter_.RecordFailure(normalised, address, NowMs());
        LogFailedLogin(normalised, user.ok() ? user->org_id : "", address, failure);
        // Only someone who knows the password learns that the account is disabled.
        if (std::string_view(failure) == "disabled") {
            return Unauthenticated("this account is disabled");
        }
        return Unauthenticated(kBadLogin);
    }
    limiter_.RecordSuccess(normalised);
    Result<Session> session = IssueSession(*user);
    if (!session.ok()) return session.status();
    AuditEntry entry{user->org_id, "", user->id, "login", user->email, address, "{}"};
    (void)store_.AppendAudit(entry);
    return session;
}

Result<Session> AuthService::Refresh(const std::string& refresh_token, const std::string& address) {
    const Status refused = Unauthenticated("refresh token is not valid: log in again");
    if (refresh_token.empty()) return refused;
    Result<RefreshTokenRecord> taken = store_.TakeRefreshToken(Sha256Hex(refresh_token));
    if (!taken.ok()) return taken.status().code() == Code::kNotFound ? refused : taken.status();
    if (taken->revoked) {
        // A rotated or logged-out token came back: someone kept a copy. End every session of
        // the user so a thief's newer tokens die too.
        (void)store_.RevokeUserRefreshTokens(taken->org_id, taken->user_id);
        AuditEntry entry{taken->org_id, "",  taken->user_id, "refresh_reused", taken->user_id,
                         address,       "{}"};
        (void)store_.AppendAudit(entry);
        return refused;
    }
    if (taken->expires_at_ms <= NowMs()) return refused;
    Result<User> user = store_.FindUser(taken->org_id, taken->user_id);
    if (!user.ok()) return user.status().code() == Code::kNotFound ? refused : user.status();
    if (user->disabled) return refused;
    Result<Session> session = IssueSession(*user);
    if (!session.ok()) return session.status();
    AuditEntry entry{user->org_id, "", user->id, "refresh", user->email, address, "{}"};
    (void)store_.AppendAudit(entry);
    return session;
}

Status AuthService::Logout(const Actor& actor, const std::string& refresh_token,
                           const std::string& address) {
    Status revoked =
        store_.RevokeRefreshToken(actor.org_id, actor.user_id, Sha256Hex(refresh_token));
    if (revoked.code() == Code::kNotFound) {
        return Status::InvalidArgument("refresh_token: not a refresh token of this account");
    }
    if (!revoked.ok()) return revoked;
    AuditEntry entry{actor.org_id, "", actor.user_id, "logout", actor.user_id, address, "{}"};
    (void)store_.AppendAudit(entry);
    return Status::Ok();
}

Result<Actor> AuthService::Authenticate(std::string_view access_token) {
    Result<AccessClaims> claims = VerifyJwt(access_token, options_.secret_key, NowMs() / 1000);
    if (!claims.ok()) return claims.status();
    Result<User> user = store_.FindUser(claims->org_id, claims->sub);
    if (!user.ok() && user.status().code() != Code::kNotFound) return user.status();
    if (!user.ok() || user->disabled) return Unauthenticated("the account is disabled or gone");
    return Actor{user->id, user->org_id, user->roles, user->allowed_channels};
}

}  // namespace stocktake::server
