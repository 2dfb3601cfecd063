#include "webhooks/webhook_credentials.h"

#include "auth/crypto.h"
#include "time_text.h"

namespace stocktake::server {
namespace {

constexpr size_t kTokenBytes = 32;   // 256 bits, well past the 128 required
constexpr size_t kSecretBytes = 32;  // hex: 64 characters
constexpr size_t kIdBytes = 6;       // 12 hex characters: enough to name one in a list

Status OrgExists(SqlConnection& c, const std::string& org_id) {
    Result<SqlRows> rows = c.Exec("SELECT 1 FROM organisations WHERE id = $1", {org_id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound("no organisation with id " + org_id);
    return Status::Ok();
}

}  // namespace

Result<WebhookCredential> WebhookCredentialStore::Insert(const char* table,
                                                         const std::string& org_id,
                                                         const std::string& value_column,
                                                         const std::string& value) {
    Result<std::string> id = RandomHex(kIdBytes);
    if (!id.ok()) return id.status();
    WebhookCredential made{*id, NowIsoUtc(), ""};
    Status done = db_.Transact(TxMode::kWrite, [&](SqlConnection& c) {
        Status exists = OrgExists(c, org_id);
        if (!exists.ok()) return exists;
        return c
            .Exec(std::string("INSERT INTO ") + table + " (org_id, id, " + value_column +
                      ", created_at) VALUES ($1, $2, $3, $4)",
                  {org_id, made.id, value, made.created_at})
            .status();
    });
    if (!done.ok()) return done;
    return made;
}

Result<std::vector<WebhookCredential>> WebhookCredentialStore::List(const char* table,
                                                                    const std::string& org_id) {
    std::vector<WebhookCredential> list;
    Status done = db_.WithConnection([&](SqlConnection& c) {
        Status exists = OrgExists(c, org_id);
        if (!exists.ok()) return exists;
        Result<SqlRows> rows = c.Exec(std::string("SELECT id, created_at, revoked_at FROM ") +
                                          table + " WHERE org_id = $1 ORDER BY created_at, id",
                                      {org_id});
        if (!rows.ok()) return rows.status();
        for (size_t i = 0; i < rows->size(); ++i) {
            list.push_back({rows->Text(i, 0), rows->Text(i, 1), rows->Text(i, 2)});
        }
        return Status::Ok();
    });
    if (!done.ok()) return done;
    return list;
}

Status WebhookCredentialStore::Revoke(const char* table, const char* what,
                                      const std::string& org_id, const std::string& id) {
    return db_.WithConnection([&](SqlConnection& c) {
        Result<SqlRows> rows =
            c.Exec(std::string("UPDATE ") + table +
                       " SET revoked_at = $3 WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL",
                   {org_id, id, NowIsoUtc()});
        if (!rows.ok()) return rows.status();
        if (rows->affected() == 0) {
            return Status::NotFound(std::string("organisation ") + org_id + " has no active " +
                                    what + " with id " + id);
        }
        return Status::Ok();
    });
}

Result<WebhookCredential> WebhookCredentialStore::AddSecret(const std::string& org_id,
                                                            std::string* value) {
    if (value->empty()) {
        Result<std::string> made = RandomHex(kSecretBytes);
        if (!made.ok()) return made.status();
        *value = *made;
    } else if (value->size() < kMinWebhookSecretLength) {
        return Status::InvalidArgument("a webhook secret needs at least " +
                                       std::to_string(kMinWebhookSecretLength) + " characters");
    }
    return Insert("webhook_secrets", org_id, "secret", *value);
}

Result<std::vector<WebhookCredential>> WebhookCredentialStore::ListSecrets(
    const std::string& org_id) {
    return List("webhook_secrets", org_id);
}

Status WebhookCredentialStore::RevokeSecret(const std::string& org_id, const std::string& id) {
    return Revoke("webhook_secrets", "secret", org_id, id);
}

Result<WebhookCredential> WebhookCredentialStore::CreateToken(const std::string& org_id,
                                                              std::string* token) {
    Result<std::string> bytes = RandomBytes(kTokenBytes);
    if (!bytes.ok()) return bytes.status();
    *token = Base64UrlEncode(*bytes);
    return Insert("webhook_tokens", org_id, "token_hash", Sha256Hex(*token));
}

Result<std::vector<WebhookCredential>> WebhookCredentialStore::ListTokens(
    const std::string& org_id) {
    return List("webhook_tokens", org_id);
}

Status WebhookCredentialStore::RevokeToken(const std::string& org_id, const std::string& id) {
    return Revoke("webhook_tokens", "token", org_id, id);
}

Result<OrgWebhookCredentials> WebhookCredentialStore::Load(const std::string& org_id) {
    OrgWebhookCredentials found;
    Status done = db_.WithConnection([&](SqlConnection& c) {
        Status exists = OrgExists(c, org_id);
        if (exists.code() == Code::kNotFound) return Status::Ok();
        if (!exists.ok()) return exists;
        found.org_exists = true;
        Result<SqlRows> secrets =
            c.Exec("SELECT secret FROM webhook_secrets WHERE org_id = $1 AND revoked_at IS NULL",
                   {org_id});
        if (!secrets.ok()) return secrets.status();
        for (size_t i = 0; i < secrets->size(); ++i) found.secrets.push_back(secrets->Text(i, 0));
        Result<SqlRows> tokens =
            c.Exec("SELECT token_hash FROM webhook_tokens WHERE org_id = $1 AND revoked_at IS NULL",
                   {org_id});
        if (!tokens.ok()) return tokens.status();
        for (size_t i = 0; i < tokens->size(); ++i) {
            found.token_hashes.push_back(tokens->Text(i, 0));
        }
        return Status::Ok();
    });
    if (!done.ok()) return done;
    return found;
}

}  // namespace stocktake::server
