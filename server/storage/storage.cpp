#include "storage/storage.h"

#include <filesystem>

#include "storage/migrations.h"

namespace stocktake::server {

std::string DefaultDatabaseUrl(const std::string& data_dir) {
    return "sqlite:" + (std::filesystem::path(data_dir) / "server.db").string();
}

Result<std::unique_ptr<SqlDatabase>> OpenStorage(const std::string& url, int pool_size) {
    Result<std::unique_ptr<SqlDatabase>> db = OpenSqlDatabase(url, pool_size);
    if (!db.ok()) return db;
    Status migrated = Migrate(**db);
    if (!migrated.ok()) return migrated;
    return db;
}

}  // namespace stocktake::server
