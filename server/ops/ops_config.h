// The operations settings of `stocktake serve`, read from APP_* environment variables:
// TLS, the /metrics token and the CORS allow-list. Kept apart from config.h so the
// general settings and these can change independently.
// Thread safety: values; ReadOpsEnvironment() reads environ (not safe against setenv()).
#pragma once

#include <string>
#include <vector>

#include "config.h"
#include "stocktake/status.h"

namespace stocktake::server {

struct OpsConfig {
    std::string tls_cert;       // APP_TLS_CERT: PEM certificate chain; HTTPS when set with the key
    std::string tls_key;        // APP_TLS_KEY: PEM private key
    std::string metrics_token;  // APP_METRICS_TOKEN: when set, /metrics needs "Bearer <it>"
    std::vector<std::string> cors_origins;  // APP_CORS_ORIGINS: comma-separated exact origins

    bool tls() const { return !tls_cert.empty(); }
};

// Builds an OpsConfig from env. Returns InvalidArgument naming the variable when only one
// of APP_TLS_CERT/APP_TLS_KEY is set, when either file cannot be read, or when an origin
// is not scheme://host[:port].
Result<OpsConfig> ParseOpsConfig(const EnvMap& env);

// The variables ParseOpsConfig reads, from the current process.
EnvMap ReadOpsEnvironment();

}  // namespace stocktake::server
