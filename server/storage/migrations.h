// The server's schema history, the same versions on SQLite and PostgreSQL, and the runner
// that brings a database up to date (`stocktake migrate`, and every `serve` at startup).
#pragma once

#include <vector>

#include "storage/sql.h"

namespace stocktake::server {

// One schema change. Never edit a released migration: add a new one.
struct Migration {
    int version;
    const char* name;
    const char* sql;           // DDL for both dialects (storage/sql.h lists what is portable)
    const char* postgres_sql;  // PostgreSQL's own DDL when it must differ, else nullptr
};

// Every migration, in version order (storage/schema.cpp).
const std::vector<Migration>& ServerMigrations();

// What one Migrate did: the schema version before and after, and the migrations this call
// applied (another process migrating at the same time may have applied some of the rest).
struct MigrationReport {
    int from = 0;
    int to = 0;
    std::vector<Migration> applied;
};

// Applies every migration not yet applied, each in its own transaction with its row in
// schema_migrations. Safe when several processes start at once on one database (the first
// applies, the others wait and find it done). Unsupported when the database has a version
// this binary does not know (it is newer: upgrade the binary). report, when given, says
// what was done.
Status Migrate(SqlDatabase& db, MigrationReport* report = nullptr);

// The highest applied version; 0 for an empty database. Unavailable when the database
// does not answer (/readyz reports it).
Result<int> SchemaVersion(SqlDatabase& db);

}  // namespace stocktake::server
