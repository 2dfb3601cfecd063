// WebhookCredentialStore: an organisation's own webhook credentials in the database, the
// signing secrets (`stocktake webhook secret`) and secret-URL tokens (`stocktake webhook
// token`), and what the intake needs of them for one organisation at once.
//
// Tokens are made here (32 random bytes, base64url: 256 bits), returned once and stored
// only as their SHA-256; secrets are stored as given (an HMAC check needs the key).
// Several of each may be active at once: that is how they rotate without downtime.
//
// Thread safety: safe from many threads (SqlDatabase is).
#pragma once

#include <string>
#include <vector>

#include "stocktake/status.h"
#include "storage/sql.h"

namespace stocktake::server {

// A secret or token as listed: never its value.
struct WebhookCredential {
    std::string id;
    std::string created_at;
    std::string revoked_at;  // "" while active
};

// What intake checks a delivery for one organisation against.
struct OrgWebhookCredentials {
    bool org_exists = false;
    std::vector<std::string> secrets;       // active per-organisation signing secrets
    std::vector<std::string> token_hashes;  // SHA-256 hex of every active URL token
};

class WebhookCredentialStore {
  public:
    // REQUIRES: db outlives the store.
    explicit WebhookCredentialStore(SqlDatabase& db) : db_(db) {}

    // Adds secret (or, when empty, a new random one) to org_id's signing secrets; *value is
    // the secret. NotFound for an unknown organisation; InvalidArgument for a secret under
    // 16 characters.
    Result<WebhookCredential> AddSecret(const std::string& org_id, std::string* value);
    Result<std::vector<WebhookCredential>> ListSecrets(const std::string& org_id);
    // NotFound when org_id has no active secret with that id.
    Status RevokeSecret(const std::string& org_id, const std::string& id);

    // A new URL token for org_id; *token is its text, the only time it exists outside the
    // sender's configuration.
    Result<WebhookCredential> CreateToken(const std::string& org_id, std::string* token);
    Result<std::vector<WebhookCredential>> ListTokens(const std::string& org_id);
    Status RevokeToken(const std::string& org_id, const std::string& id);

    Result<OrgWebhookCredentials> Load(const std::string& org_id);

  private:
    Result<WebhookCredential> Insert(const char* table, const std::string& org_id,
                                     const std::string& value_column, const std::string& value);
    Result<std::vector<WebhookCredential>> List(const char* table, const std::string& org_id);
    Status Revoke(const char* table, const char* what, const std::string& org_id,
                  const std::string& id);

    SqlDatabase& db_;
};

// The minimum length of a per-organisation signing secret.
inline constexpr size_t kMinWebhookSecretLength = 16;

}  // namespace stocktake::server
