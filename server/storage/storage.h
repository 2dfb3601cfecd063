// Opening the server's database: the backend named by APP_DATABASE_URL, migrated to the
// schema this binary knows, behind SqlDatabase (storage/sql.h) so nothing above storage/
// sees which backend it is.
#pragma once

#include <memory>
#include <string>

#include "storage/sql.h"

namespace stocktake::server {

// The database a server uses when APP_DATABASE_URL is not set: <data_dir>/server.db.
std::string DefaultDatabaseUrl(const std::string& data_dir);

// Opens url (storage/sql.h, OpenSqlDatabase) and applies every pending migration. The
// error names the database and says what to do.
Result<std::unique_ptr<SqlDatabase>> OpenStorage(const std::string& url, int pool_size);

}  // namespace stocktake::server
