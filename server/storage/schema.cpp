// The server's tables, one migration per change, in version order. Both dialects run the
// same DDL unless a migration gives PostgreSQL its own.
#include "storage/migrations.h"

namespace stocktake::server {

const std::vector<Migration>& ServerMigrations() {
    static const std::vector<Migration> kMigrations = {
        {1, "server_meta",
         "CREATE TABLE server_meta ("
         "  key   TEXT PRIMARY KEY,"
         "  value TEXT NOT NULL"
         ");",
         nullptr},
        {2, "accounts",
         // Ids are random hex made by the server. Emails are stored lowercased, so UNIQUE
         // holds whatever case people type. roles and allowed_channels are comma-separated
         // ("" allowed_channels: every channel).
         "CREATE TABLE organisations ("
         "  id         TEXT PRIMARY KEY,"
         "  name       TEXT NOT NULL,"
         "  created_at TEXT NOT NULL"
         ");"
         "CREATE TABLE users ("
         "  id               TEXT PRIMARY KEY,"
         "  org_id           TEXT NOT NULL REFERENCES organisations (id),"
         "  email            TEXT NOT NULL UNIQUE,"
         "  password_hash    TEXT NOT NULL,"
         "  roles            TEXT NOT NULL,"
         "  allowed_channels TEXT NOT NULL DEFAULT '',"
         "  disabled         INTEGER NOT NULL DEFAULT 0,"
         "  created_at       TEXT NOT NULL"
         ");"
         "CREATE INDEX users_by_org ON users (org_id);"
         "CREATE TABLE audit_log ("
         "  id       TEXT PRIMARY KEY,"
         "  org_id   TEXT,"
         "  at       TEXT NOT NULL,"
         "  actor    TEXT NOT NULL,"
         "  action   TEXT NOT NULL,"
         "  target   TEXT NOT NULL DEFAULT '',"
         "  address  TEXT NOT NULL DEFAULT '',"
         "  detail   TEXT NOT NULL DEFAULT '{}'"
         ");"
         "CREATE INDEX audit_log_by_org ON audit_log (org_id, at);",
         nullptr},
        {4, "refresh_tokens",
         // A refresh token is kept as the SHA-256 (hex) of its text, so a copy of the
         // database holds no usable token. Rotation revokes the presented token; expires_at
         // is unix ms.
         "CREATE TABLE refresh_tokens ("
         "  id         TEXT PRIMARY KEY,"
         "  user_id    TEXT NOT NULL REFERENCES users (id),"
         "  org_id     TEXT NOT NULL REFERENCES organisations (id),"
         "  expires_at BIGINT NOT NULL,"
         "  revoked    INTEGER NOT NULL DEFAULT 0,"
         "  created_at TEXT NOT NULL"
         ");"
         "CREATE INDEX refresh_tokens_by_user ON refresh_tokens (org_id, user_id);",
         nullptr},
    };
    return kMigrations;
}

}  // namespace stocktake::server
