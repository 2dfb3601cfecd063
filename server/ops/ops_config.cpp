#include "ops/ops_config.h"

#include <cstdlib>
#include <fstream>

namespace stocktake::server {
namespace {

constexpr const char* kVariables[] = {"APP_TLS_CERT", "APP_TLS_KEY", "APP_METRICS_TOKEN",
                                      "APP_CORS_ORIGINS"};

std::string Value(const EnvMap& env, const char* name) {
    auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
}

Status CheckReadable(const char* variable, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in || in.peek() == std::ifstream::traits_type::eof()) {
        return Status::InvalidArgument(std::string(variable) + "=\"" + path +
                                       "\" cannot be read: give the path of a readable, "
                                       "non-empty PEM file");
    }
    return Status::Ok();
}

// An origin as browsers send it: scheme://host[:port], no path, no trailing slash.
bool IsOrigin(const std::string& origin) {
    const size_t scheme_end = origin.find("://");
    if (scheme_end == std::string::npos) return false;
    const std::string scheme = origin.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") return false;
    const std::string rest = origin.substr(scheme_end + 3);
    return !rest.empty() && rest.find('/') == std::string::npos &&
           rest.find_first_of(" \t,*") == std::string::npos;
}

}  // namespace

Result<OpsConfig> ParseOpsConfig(const EnvMap& env) {
    OpsConfig config;
    config.tls_cert = Value(env, "APP_TLS_CERT");
    config.tls_key = Value(env, "APP_TLS_KEY");
    if (config.tls_cert.empty() != config.tls_key.empty()) {
        return Status::InvalidArgument(
            std::string(config.tls_cert.empty() ? "APP_TLS_KEY" : "APP_TLS_CERT") +
            " is set without " + (config.tls_cert.empty() ? "APP_TLS_CERT" : "APP_TLS_KEY") +
            ": set both to serve HTTPS, or neither for plain HTTP");
    }
    if (config.tls()) {
        Status s = CheckReadable("APP_TLS_CERT", config.tls_cert);
        if (!s.ok()) return s;
        s = CheckReadable("APP_TLS_KEY", config.tls_key);
        if (!s.ok()) return s;
    }
    config.metrics_token = Value(env, "APP_METRICS_TOKEN");

    for (const std::string& origin : SplitCommaList(Value(env, "APP_CORS_ORIGINS"))) {
        if (!IsOrigin(origin)) {
            return Status::InvalidArgument(
                "APP_CORS_ORIGINS: \"" + origin +
                "\" is not an origin: list exact origins like https://app.example.com, "
                "comma-separated (no paths, no wildcards)");
        }
        config.cors_origins.push_back(origin);
    }
    return config;
}

EnvMap ReadOpsEnvironment() {
    EnvMap env;
    for (const char* name : kVariables) {
        if (const char* value = std::getenv(name)) env.emplace(name, value);
    }
    return env;
}

}  // namespace stocktake::server
