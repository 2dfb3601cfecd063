// Server configuration, read from STOCKTAKE_* environment variables with defaults.
// Parsing takes a plain map so tests never touch the process environment.
// Thread safety: values; ConfigFromEnvironment() reads environ and is not thread-safe
// against concurrent setenv().
#pragma once

#include <map>
#include <string>

#include "log.h"
#include "stocktake/status.h"

namespace stocktake::server {

struct Config {
    std::string host = "127.0.0.1";        // STOCKTAKE_HOST: address to bind
    int port = 8080;                       // STOCKTAKE_PORT: 1..65535
    std::string data_dir = "./data";       // STOCKTAKE_DATA_DIR: server.db (and cli.db) live here
    std::string public_dir = "./public";   // STOCKTAKE_PUBLIC_DIR: static files served at /
    LogLevel log_level = LogLevel::kInfo;  // STOCKTAKE_LOG_LEVEL: debug|info|warn|error
};

using EnvMap = std::map<std::string, std::string>;

// Builds a Config from env, starting from the defaults above. A variable that is absent
// or set to "" keeps its default. Returns InvalidArgument naming the variable and the
// accepted values when one is malformed.
Result<Config> ParseConfig(const EnvMap& env);

// The STOCKTAKE_* and APP_* variables of the current process.
EnvMap ReadEnvironment();

// "http://host:port" (IPv6 hosts in brackets).
std::string BaseUrl(const std::string& host, int port);

}  // namespace stocktake::server
