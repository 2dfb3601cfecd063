// Server configuration, read from APP_* environment variables with defaults.
// Parsing takes a plain map so tests never touch the process environment.
// Thread safety: values; ConfigFromEnvironment() reads environ and is not thread-safe
// against concurrent setenv().
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "log.h"
#include "stocktake/status.h"

namespace stocktake::server {

// Every variable, its default and what it means is in PrintEnvironmentHelp() too: add a
// new one to both.
struct Config {
    std::string host = "127.0.0.1";        // APP_HOST: address to bind
    int port = 8080;                       // APP_PORT: 1..65535
    std::string data_dir = "./data";       // APP_DATA_DIR: server.db (and cli.db) live here
    std::string public_dir = "./public";   // APP_PUBLIC_DIR: static files served at /
    LogLevel log_level = LogLevel::kInfo;  // APP_LOG_LEVEL: debug|info|warn|error
    // APP_DATABASE_URL: "postgresql://..." or "sqlite:PATH"; when unset, ParseConfig sets
    // DefaultDatabaseUrl(data_dir) (storage/storage.h), the SQLite file <data_dir>/server.db.
    std::string database_url;
    int db_pool_size = 8;  // APP_DB_POOL_SIZE: database connections at most, 1..1000
};

using EnvMap = std::map<std::string, std::string>;

// Builds a Config from env, starting from the defaults above. A variable that is absent
// or set to "" keeps its default. Returns InvalidArgument naming the variable and the
// accepted values when one is malformed.
Result<Config> ParseConfig(const EnvMap& env);

// The APP_* variables of the current process.
EnvMap ReadEnvironment();

// The variables, their defaults and meaning, for `stocktake help` and `serve --help`.
void PrintEnvironmentHelp(std::ostream& os);

// "a, b,,c " -> {"a", "b", "c"}: a comma-separated setting's items, surrounding spaces
// trimmed, empty items dropped.
std::vector<std::string> SplitCommaList(const std::string& text);

// "http://host:port" (IPv6 hosts in brackets).
std::string BaseUrl(const std::string& host, int port);

}  // namespace stocktake::server
