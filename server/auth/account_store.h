// AccountStore: organisations, users, refresh tokens and the audit log in the server
// database. All of the accounts SQL is here, written once for SQLite and PostgreSQL
// (storage/sql.h). Queries about an organisation's data take its org_id and never return
// another organisation's rows. A change and its audit entry commit in one transaction.
// Thread safety: safe to use from many threads (SqlDatabase is).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "storage/sql.h"

namespace stocktake::server {

struct Organisation {
    std::string id;
    std::string name;
    std::string created_at;  // ISO-8601 UTC
};

struct User {
    std::string id;
    std::string org_id;
    std::string email;  // lowercased
    std::string password_hash;
    std::vector<Role> roles;
    std::vector<std::string> allowed_channels;  // empty: every channel
    bool disabled = false;
    std::string created_at;
};

// One line of the audit log. actor is a user id, or "cli" / "anonymous"; detail is a JSON
// object. Never holds passwords or tokens.
struct AuditEntry {
    std::string org_id;  // "" when no organisation is known (login with an unknown email)
    std::string at;      // set by the store
    std::string actor;
    std::string action;  // "register", "login", "login_failed", "user_add", ...
    std::string target;
    std::string address;
    std::string detail = "{}";
};

struct RefreshTokenRecord {
    std::string user_id;
    std::string org_id;
    int64_t expires_at_ms = 0;
    bool revoked = false;
};

// The form users' emails are kept and looked up in: trimmed, ASCII-lowercased.
std::string NormaliseEmail(const std::string& email);

class AccountStore {
  public:
    // REQUIRES: db outlives the store and is migrated.
    explicit AccountStore(SqlDatabase& db) : db_(db) {}

    // Creates an organisation (audit: org_create).
    Result<Organisation> CreateOrganisation(const std::string& name, const AuditEntry& audit);

    // Creates an organisation and its first user in one transaction (audit entries made from
    // audit: org_create and register). AlreadyExists when the email is taken.
    Result<User> CreateOrganisationWithOwner(const std::string& org_name, User owner,
                                             const AuditEntry& audit);

    // Adds user to user.org_id (id and created_at set here). NotFound when the organisation
    // does not exist, AlreadyExists when the email is taken (in any organisation: an email
    // names one account).
    Result<User> AddUser(User user, const AuditEntry& audit);

    Result<Organisation> FindOrganisation(const std::string& org_id);

    // Login looks users up by email alone (emails are unique server-wide). NotFound when none.
    Result<User> FindUserByEmail(const std::string& email);
    // The user with user_id in org_id; NotFound when it is in another organisation.
    Result<User> FindUser(const std::string& org_id, const std::string& user_id);
    Result<std::vector<User>> ListUsers(const std::string& org_id);
    // Disables the user with email in org_id and revokes their refresh tokens (audit:
    // user_disable). NotFound when org_id has no such user.
    Result<User> DisableUser(const std::string& org_id, const std::string& email,
                             const AuditEntry& audit);

    // Refresh tokens are kept by the SHA-256 of their text, never the text.
    Status SaveRefreshToken(const std::string& token_hash, const RefreshTokenRecord& record);
    // Atomically revokes the token and returns what it was (revoked as it was before), so
    // of two requests presenting one token only one sees it unrevoked. NotFound when unknown.
    Result<RefreshTokenRecord> TakeRefreshToken(const std::string& token_hash);
    // Revokes every refresh token of user_id (a revoked token was presented again: whoever
    // holds its successors may be a thief).
    Status RevokeUserRefreshTokens(const std::string& org_id, const std::string& user_id);
    // Revokes the token when it belongs to user_id in org_id; NotFound otherwise.
    Status RevokeRefreshToken(const std::string& org_id, const std::string& user_id,
                              const std::string& token_hash);

    Status AppendAudit(const AuditEntry& entry);
    // The newest entries of org_id first, at most limit.
    Result<std::vector<AuditEntry>> ListAudit(const std::string& org_id, int limit);

  private:
    SqlDatabase& db_;
};

}  // namespace stocktake::server
