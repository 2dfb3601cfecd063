#include "auth/account_store.h"

#include <algorithm>
#include <cctype>

#include "auth/crypto.h"
#include "time_text.h"

namespace stocktake::server {
namespace {

constexpr const char* kUserColumns =
    "id, org_id, email, password_hash, roles, allowed_channels, disabled, created_at";

std::vector<std::string> SplitList(const std::string& text) {
    std::vector<std::string> items;
    size_t start = 0;
    while (start < text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        if (comma > start) items.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return items;
}

std::string JoinList(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : ",") + item;
    return text;
}

std::string RolesText(const std::vector<Role>& roles) {
    return JoinList(RoleNames(roles));
}

User UserFromRow(const SqlRows& rows, size_t r) {
    User user;
    user.id = rows.Text(r, 0);
    user.org_id = rows.Text(r, 1);
    user.email = rows.Text(r, 2);
    user.password_hash = rows.Text(r, 3);
    for (const std::string& name : SplitList(rows.Text(r, 4))) {
        // A role this binary does not know grants nothing.
        if (std::optional<Role> role = ParseRole(name)) user.roles.push_back(*role);
    }
    user.allowed_channels = SplitList(rows.Text(r, 5));
    user.disabled = rows.Int(r, 6) != 0;
    user.created_at = rows.Text(r, 7);
    return user;
}

Result<std::string> NewId() {
    return RandomHex(16);
}

Status InsertAudit(SqlConnection& c, AuditEntry entry) {
    Result<std::string> id = NewId();
    if (!id.ok()) return id.status();
    Result<SqlRows> done = c.Exec(
        "INSERT INTO audit_log (id, org_id, at, actor, action, target, address, detail) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {*id, entry.org_id.empty() ? SqlParam(nullptr) : SqlParam(entry.org_id), NowIsoUtc(),
         entry.actor, entry.action, entry.target, entry.address, entry.detail});
    return done.ok() ? Status::Ok() : done.status();
}

Status InsertOrganisation(SqlConnection& c, const Organisation& org) {
    Result<SqlRows> done =
        c.Exec("INSERT INTO organisations (id, name, created_at) VALUES ($1, $2, $3)",
               {org.id, org.name, org.created_at});
    return done.ok() ? Status::Ok() : done.status();
}

Status InsertUser(SqlConnection& c, const User& user) {
    Result<SqlRows> done = c.Exec(
        "INSERT INTO users (id, org_id, email, password_hash, roles, allowed_channels, "
        "disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {user.id, user.org_id, user.email, user.password_hash, RolesText(user.roles),
         JoinList(user.allowed_channels), int64_t{user.disabled ? 1 : 0}, user.created_at});
    if (done.status().code() == Code::kAlreadyExists) {
        return Status(Code::kAlreadyExists, "an account with email " + user.email + " exists");
    }
    return done.ok() ? Status::Ok() : done.status();
}

Result<Organisation> NewOrganisation(const std::string& name) {
    Result<std::string> id = NewId();
    if (!id.ok()) return id.status();
    return Organisation{*id, name, NowIsoUtc()};
}

// Fills in user's id, email form and created_at.
Status PrepareUser(User* user) {
    Result<std::string> id = NewId();
    if (!id.ok()) return id.status();
    user->id = *id;
    user->email = NormaliseEmail(user->email);
    user->created_at = NowIsoUtc();
    return Status::Ok();
}

Status OrganisationExists(SqlConnection& c, const std::string& org_id) {
    Result<SqlRows> rows = c.Exec("SELECT 1 FROM organisations WHERE id = $1", {org_id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound("no organisation with id " + org_id);
    return Status::Ok();
}

Result<User> OneUser(Result<SqlRows> rows, const std::string& missing) {
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound(missing);
    return UserFromRow(*rows, 0);
}

}  // namespace

std::string NormaliseEmail(const std::string& email) {
    const size_t begin = email.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return "";
    const size_t end = email.find_last_not_of(" \t\r\n");
    std::string text = email.substr(begin, end - begin + 1);
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    });
    return text;
}

Result<Organisation> AccountStore::CreateOrganisation(const std::string& name,
                                                      const AuditEntry& audit) {
    Result<Organisation> org = NewOrganisation(name);
    if (!org.ok()) return org.status();
    Status done = db_.Transact(TxMode::kWrite, [&](SqlConnection& c) {
        Status s = InsertOrganisation(c, *org);
        if (!s.ok()) return s;
        AuditEntry entry = audit;
        entry.org_id = org->id;
        entry.action = "org_create";
        entry.target = org->id;
        return InsertAudit(c, entry);
    });
    if (!done.ok()) return done;
    return org;
}

Result<User> AccountStore::CreateOrganisationWithOwner(const std::string& org_name, User owner,
                                                       const AuditEntry& audit) {
    Result<Organisation> org = NewOrganisation(org_name);
    if (!org.ok()) return org.status();
    Status prepared = PrepareUser(&owner);
    if (!prepared.ok()) return prepared;
    owner.org_id = org->id;
    owner.roles = {Role::kOwner};
    Status done = db_.Transact(TxMode::kWrite, [&](SqlConnection& c) {
        Status s = InsertOrganisation(c, *org);
        if (s.ok()) s = InsertUser(c, owner);
        AuditEntry entry = audit;
        entry.org_id = org->id;
        entry.actor = owner.id;
        entry.action = "org_create";
        entry.target = org->id;
        if (s.ok()) s = InsertAudit(c, entry);
        entry.action = "register";
        entry.target = owner.email;
        if (s.ok()) s = InsertAudit(c, entry);
        return s;
    });
    if (!done.ok()) return done;
    return owner;
}

Result<User> AccountStore::AddUser(User user, const AuditEntry& audit) {
    Status prepared = PrepareUser(&user);
    if (!prepared.ok()) return prepared;
    Status done = db_.Transact(TxMode::kWrite, [&](SqlConnection& c) {
        Status s = OrganisationExists(c, user.org_id);
        if (s.ok()) s = InsertUser(c, user);
        AuditEntry entry = audit;
        entry.org_id = user.org_id;
        entry.action = "user_add";
        entry.target = user.email;
        entry.detail = "{\"roles\":\"" + RolesText(user.roles) + "\"}";
        if (s.ok()) s = InsertAudit(c, entry);
        return s;
    });
    if (!done.ok()) return done;
    return user;
}

Result<Organisation> AccountStore::FindOrganisation(const std::string& org_id) {
    Result<Organisation> found = Status::NotFound("no organisation with id " + org_id);
    Status done = db_.WithConnection([&](SqlConnection& c) {
        Result<SqlRows> rows =
            c.Exec("SELECT id, name, created_at FROM organisations WHERE id = $1", {org_id});
        if (!rows.ok()) return rows.status();
        if (!rows->empty())
            found = Organisation{rows->Text(0, 0), rows->Text(0, 1), rows->Text(0, 2)};
        return Status::Ok();
    });
    if (!done.ok()) return done;
    return found;
}

Result<User> AccountStore::FindUserByEmail(const std::string& email) {
    Result<User> found = Status::NotFound("no such user");
    Status done = db_.WithConnection([&](SqlConnection& c) {
        found =
            OneUser(c.Exec(std::string("SELECT ") + kUserColumns + " FROM users WHERE email = $1",
                           {NormaliseEmail(email)}),
                    "no user with that email");
        return found.ok() || found.status().code() == Code::kNotFound ? Status::Ok()
                                                                      : found.status();
    });
    if (!done.ok()) return done;
    return found;
}

Result<User> AccountStore::FindUser(const std::string& org_id, const std::string& user_id) {
    Result<User> found = Status::NotFound("no such user");
    Status done = db_.WithConnection([&](SqlConnection& c) {
        found = OneUser(c.Exec(std::string("SELECT ") + kUserColumns +
                                   " FROM users WHERE org_id = $1 AND id = $2",
                               {org_id, user_id}),
                        "no such user in this organisation");
        return found.ok() || found.status().code() == Code::kNotFound ? Status::Ok()
                                                                      : found.status();
    });
    if (!done.ok()) return done;
    return found;
}

Result<std::vector<User>> AccountStore::ListUsers(const std::string& org_id) {
    std::vector<User> users;
    Status done = db_.WithConnection([&](SqlConnection& c) {
        Status exists = OrganisationExists(c, org_id);
        if (!exists.ok()) return exists;
        Result<SqlRows> rows = c.Exec(
            std::string("SELECT ") + kUserColumns + " FROM users WHERE org_id = $1 ORDER BY email",
            {org_id});
        if (!rows.ok()) return rows.status();
        for (size_t r = 0; r < rows->size(); ++r) users.push_back(UserFromRow(*rows, r));
        return Status::Ok();
    });
    if (!done.ok()) return done;
    return users;
}

Result<User> AccountStore::DisableUser(const std::string& org_id, const std::string& email,
                                       const AuditEntry& audit) {
    Result<User> user = Status::NotFound("no such user");
    Status done = db_.Transact(TxMode::kWrite, [&](SqlConnection& c) {
        user = OneUser(c.Exec(std::string("UPDATE users SET disabled = 1 WHERE org_id = $1 AND "
                                          "email = $2 RETURNING ") +
                                  kUserColumns,
                              {org_id, NormaliseEmail(email)}),
                       "organisation " + org_id + " has no user " + NormaliseEmail(email));
        if (!user.ok()) return user.status();
        Result<SqlRows> revoked =
            c.Exec("UPDATE refresh_tokens SET revoked = 1 WHERE org_id = $1 AND user_id = $2",
                   {org_id, user->id});
        if (!revoked.ok()) return revoked.status();
        AuditEntry entry = audit;
        entry.org_id = org_id;
        entry.action = "user_disable";
        entry.target = user->email;
        return InsertAudit(c, entry);
    });
    if (!done.ok()) return done;
    return user;
}

Status AccountStore::SaveRefreshToken(const std::string& token_hash,
                                      const RefreshTokenRecord& record) {
    return db_.WithConnection([&](SqlConnection& c) {
        Result<SqlRows> done = c.Exec(
            "INSERT INTO refresh_tokens (id, user_id, org_id, expires_at, revoked, created_at) "
            "VALUES ($1, $2, $3, $4, 0, $5)",
            {token_hash, record.user_id, record.org_id, record.expires_at_ms, NowIsoUtc()});
        return done.ok() ? Status::Ok() : done.status();
    });
}

Result<RefreshTokenRecord> AccountStore::TakeRefreshToken(const std::string& token_hash) {
    Result<RefreshTokenRecord> taken = Status::NotFound("unknown refresh token");
    Status done = db_.Transact(TxMode::kWrite, [&](SqlConnection& c) {
        // One conditional UPDATE decides which of two racing requests wins, on both backends.
        Result<SqlRows> rows = c.Exec(
            "UPDATE refresh_tokens SET revoked = 1 WHERE id = $1 AND revoked = 0 "
            "RETURNING user_id, org_id, expires_at, 0",
            {token_hash});
        if (rows.ok() && rows->empty()) {
            rows = c.Exec(
                "SELECT user_id, org_id, expires_at, revoked FROM refresh_tokens WHERE id = $1",
                {token_hash});
        }
        if (!rows.ok()) return rows.status();
        if (rows->empty()) return Status::Ok();
        taken = RefreshTokenRecord{rows->Text(0, 0), rows->Text(0, 1), rows->Int(0, 2),
                                   rows->Int(0, 3) != 0};
        return Status::Ok();
    });
    if (!done.ok()) return done;
    return taken;
}

Status AccountStore::RevokeUserRefreshTokens(const std::string& org_id,
                                             const std::string& user_id) {
    return db_.WithConnection([&](SqlConnection& c) {
        Result<SqlRows> done =
            c.Exec("UPDATE refresh_tokens SET revoked = 1 WHERE org_id = $1 AND user_id = $2",
                   {org_id, user_id});
        return done.ok() ? Status::Ok() : done.status();
    });
}

Status AccountStore::RevokeRefreshToken(const std::string& org_id, const std::string& user_id,
                                        const std::string& token_hash) {
    return db_.WithConnection([&](SqlConnection& c) {
        Result<SqlRows> done = c.Exec(
            "UPDATE refresh_tokens SET revoked = 1 WHERE id = $1 AND org_id = $2 AND user_id = $3",
            {token_hash, org_id, user_id});
        if (!done.ok()) return done.status();
        if (done->affected() == 0) return Status::NotFound("no such refresh token for this user");
        return Status::Ok();
    });
}

Status AccountStore::AppendAudit(const AuditEntry& entry) {
    return db_.WithConnection([&](SqlConnection& c) { return InsertAudit(c, entry); });
}

Result<std::vector<AuditEntry>> AccountStore::ListAudit(const std::string& org_id, int limit) {
    std::vector<AuditEntry> entries;
    Status done = db_.WithConnection([&](SqlConnection& c) {
        Result<SqlRows> rows = c.Exec(
            "SELECT org_id, at, actor, action, target, address, detail FROM audit_log "
            "WHERE org_id = $1 ORDER BY at DESC LIMIT $2",
            {org_id, int64_t{limit}});
        if (!rows.ok()) return rows.status();
        for (size_t r = 0; r < rows->size(); ++r) {
            entries.push_back({rows->Text(r, 0), rows->Text(r, 1), rows->Text(r, 2),
                               rows->Text(r, 3), rows->Text(r, 4), rows->Text(r, 5),
                               rows->Text(r, 6)});
        }
        return Status::Ok();
    });
    if (!done.ok()) return done;
    return entries;
}

}  // namespace stocktake::server
