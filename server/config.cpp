#include "config.h"

#include <unistd.h>  // environ

#include <charconv>
#include <cstring>

namespace stocktake::server {
namespace {

// APP_* carries the settings read elsewhere (auth/auth_config.h: APP_SECRET_KEY, ...).
constexpr const char* kPrefixes[] = {"STOCKTAKE_", "APP_"};

bool HasKnownPrefix(const char* text) {
    for (const char* prefix : kPrefixes) {
        if (std::strncmp(text, prefix, std::strlen(prefix)) == 0) return true;
    }
    return false;
}

// The value of name in env, or nullptr when absent or empty (both mean "use the default").
const std::string* Lookup(const EnvMap& env, const char* name) {
    auto it = env.find(name);
    if (it == env.end() || it->second.empty()) return nullptr;
    return &it->second;
}

Status ParsePort(const std::string& text, int* port) {
    int value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end || value < 1 || value > 65535) {
        return Status::InvalidArgument("STOCKTAKE_PORT=\"" + text +
                                       "\" is not a valid port: use a number from 1 to 65535");
    }
    *port = value;
    return Status::Ok();
}

}  // namespace

Result<Config> ParseConfig(const EnvMap& env) {
    Config config;
    if (const std::string* v = Lookup(env, "STOCKTAKE_HOST")) config.host = *v;
    if (const std::string* v = Lookup(env, "STOCKTAKE_PORT")) {
        Status s = ParsePort(*v, &config.port);
        if (!s.ok()) return s;
    }
    if (const std::string* v = Lookup(env, "STOCKTAKE_DATA_DIR")) config.data_dir = *v;
    if (const std::string* v = Lookup(env, "STOCKTAKE_PUBLIC_DIR")) config.public_dir = *v;
    if (const std::string* v = Lookup(env, "STOCKTAKE_LOG_LEVEL")) {
        std::optional<LogLevel> level = ParseLogLevel(*v);
        if (!level) {
            return Status::InvalidArgument("STOCKTAKE_LOG_LEVEL=\"" + *v +
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
        if (!HasKnownPrefix(text)) continue;
        const char* eq = std::strchr(text, '=');
        if (eq == nullptr) continue;
        env.emplace(std::string(text, eq), std::string(eq + 1));
    }
    return env;
}

std::string BaseUrl(const std::string& host, int port) {
    const bool ipv6 = host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace stocktake::server
