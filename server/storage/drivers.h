// The two drivers behind OpenSqlDatabase (storage/sql.h). Internal to storage/.
#pragma once

#include <memory>
#include <string>

#include "storage/sql.h"

namespace stocktake::server {

// path: a file, created when missing (its directory too).
Result<std::unique_ptr<SqlDatabase>> OpenSqliteDatabase(const std::string& path, int pool_size);

// url: a libpq connection URI ("postgresql://user@host:port/db?...").
Result<std::unique_ptr<SqlDatabase>> OpenPostgresDatabase(const std::string& url, int pool_size);

}  // namespace stocktake::server
