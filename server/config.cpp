#include "config.h"

#include <unistd.h>  // environ

#include <charconv>
#include <cstring>

#include "storage/storage.h"

namespace stocktake::server {
namespace {

constexpr const char* kPrefix = "APP_";

// The value of name in env, or nullptr when absent or empty (both mean "use the default").
const std::string* Lookup(const EnvMap& env, const char* name) {
    auto it = env.find(name);
    if (it == env.end() || it->second.empty()) return nullptr;
    return &it->second;
}

// An integer from min to max, or InvalidArgument naming the variable and what it is.
Status ParseInt(const char* name, const std::string& text, int min, int max, const char* what,
                int* out) {
    int value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end || value < min || value > max) {
        return Status::InvalidArgument(std::string(name) + "=\"" + text + "\" is not a valid " +
                                       what + ": use a number from " + std::to_string(min) +
                                       " to " + std::to_string(max));
    }
    *out = value;
    return Status::Ok();
}

}  // namespace

Result<Config> ParseConfig(const EnvMap& env) {
    Config config;
    if (const std::string* v = Lookup(env, "APP_HOST")) config.host = *v;
    if (const std::string* v = Lookup(env, "APP_PORT")) {
        Status s = ParseInt("APP_PORT", *v, 1, 65535, "port", &config.port);
        if (!s.ok()) return s;
    }
    if (const std::string* v = Lookup(env, "APP_DATA_DIR")) config.data_dir = *v;
    if (const std::string* v = Lookup(env, "APP_PUBLIC_DIR")) config.public_dir = *v;
    config.database_url = DefaultDatabaseUrl(config.data_dir);
    if (const std::string* v = Lookup(env, "APP_DATABASE_URL")) config.database_url = *v;
    if (const std::string* v = Lookup(env, "APP_DB_POOL_SIZE")) {
        Status s = ParseInt("APP_DB_POOL_SIZE", *v, 1, 1000, "pool size", &config.db_pool_size);
        if (!s.ok()) return s;
    }
    if (const std::string* v = Lookup(env, "APP_LOG_LEVEL")) {
        std::optional<LogLevel> level = ParseLogLevel(*v);
        if (!level) {
            return Status::InvalidArgument("APP_LOG_LEVEL=\"" + *v +
                                           "\" is not a log level: use debug, info, warn or "
                                           "error");
        }
        config.log_level = *level;
    }
    return config;
}

EnvMap ReadEnvironment() {
    EnvMap env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const char* text = *entry;
        if (std::strncmp(text, kPrefix, std::strlen(kPrefix)) != 0) continue;
        const char* eq = std::strchr(text, '=');
        if (eq == nullptr) continue;
        env.emplace(std::string(text, eq), std::string(eq + 1));
    }
    return env;
}

void PrintEnvironmentHelp(std::ostream& os) {
    os << "Environment (default):\n"
          "  APP_HOST          address to listen on (127.0.0.1)\n"
          "  APP_PORT          port, 1-65535 (8080)\n"
          "  APP_DATA_DIR      databases live here (./data)\n"
          "  APP_PUBLIC_DIR    static files served at / (./public)\n"
          "  APP_LOG_LEVEL     debug, info, warn or error (info)\n"
          "  APP_DATABASE_URL  the server's database: postgresql://USER:PASSWORD@HOST:PORT/DB\n"
          "                    or sqlite:PATH (sqlite:$APP_DATA_DIR/server.db)\n"
          "  APP_DB_POOL_SIZE  database connections at most, 1-1000 (8)\n"
          "  APP_SECRET_KEY    signs access tokens: 32+ bytes, e.g. `openssl rand -hex 32`;\n"
          "                    serve refuses to start without one unless APP_DEV_MODE=1\n"
          "  APP_DEV_MODE      1: development (a throwaway key when APP_SECRET_KEY is unset)\n"
          "  APP_ALLOW_REGISTRATION  1/0: anyone may register an organisation over the API\n"
          "                    (1 in dev mode, else 0)\n"
          "  APP_TLS_CERT, APP_TLS_KEY  PEM certificate and key: serve HTTPS (both or neither)\n"
          "  APP_METRICS_TOKEN  /metrics requires Authorization: Bearer <it> (open)\n"
          "  APP_CORS_ORIGINS  origins allowed to call the API from a browser,\n"
          "                    comma-separated, exact match (none)\n"
          "  APP_SHIPSTATION_API_BASE  ShipStation v1 API; resource_urls must name its scheme,\n"
          "                    host and port (https://ssapi.shipstation.com)\n"
          "  APP_SHIPSTATION_API_KEY, APP_SHIPSTATION_API_SECRET  Basic auth for following\n"
          "                    ShipStation notifications (none: notifications are retried)\n"
          "  APP_SHIPSTATION_LOCATION  location ShipStation shipments leave from (MAIN)\n"
          "  APP_SHIPSTATION_WAREHOUSES  warehouseId=LOCATION,... for other warehouses (none)\n"
          "  APP_WEBHOOK_SECRETS  secrets that sign ShipStation webhook deliveries for every\n"
          "                    organisation (X-ShipStation-Signature), comma-separated (none)\n"
          "  APP_WEBHOOK_SECRETS_FILE  a file of more such secrets, one a line, re-read when it\n"
          "                    changes: rotate without a restart (none)\n"
          "  APP_MAX_PAYLOAD   largest webhook body in bytes, 1-8388608; larger ones get 413\n"
          "                    before they are read (1024)\n"
          "  APP_WEBHOOK_PORT  also serve the ShipStation webhook routes on this port, 1-65535,\n"
          "                    from one event loop; plain HTTP (a proxy adds TLS) (none)\n";
}

std::vector<std::string> SplitCommaList(const std::string& text) {
    std::vector<std::string> items;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        const std::string item = text.substr(start, comma - start);
        const size_t begin = item.find_first_not_of(" \t");
        if (begin != std::string::npos) {
            items.push_back(item.substr(begin, item.find_last_not_of(" \t") - begin + 1));
        }
        start = comma + 1;
    }
    return items;
}

std::string BaseUrl(const std::string& host, int port) {
    const bool ipv6 = host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace stocktake::server
