// Versioned schema migrations: an ordered list in code. Each pending migration runs in its
// own transaction together with its row in schema_migrations.
#pragma once

#include <string>

#include "stocktake/status.h"

namespace stocktake::engine {

class Db;

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

// Applies every migration newer than the database's version; returns the resulting
// version. Fails (changing nothing) when the database is newer than this build.
Result<int> ApplyMigrations(Db& db, const std::string& now);
// Highest version the database has applied (0 for a new database).
Result<int> CurrentSchemaVersion(Db& db);
// The newest version this build knows.
int LatestSchemaVersion();
// How many migrations this build knows (versions need not be contiguous: branches reserve
// numbers).
int KnownMigrationCount();

}  // namespace stocktake::engine
