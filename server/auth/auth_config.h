// The authentication settings, read from APP_* environment variables. Kept apart from
// config.h so the server refuses to start over a weak key with its own clear message.
//   APP_SECRET_KEY          signs access tokens; at least 32 bytes (openssl rand -hex 32);
//                           required unless APP_DEV_MODE=1
//   APP_DEV_MODE            1: development; without a key one is generated per process
//                           (tokens stop working when it restarts)
//   APP_ALLOW_REGISTRATION  1/0: POST /api/v1/auth/register open to anyone; default 1 in
//                           dev mode, 0 otherwise (create orgs with `stocktake org create`)
// Thread safety: values.
#pragma once

#include <string>

#include "config.h"
#include "stocktake/status.h"

namespace stocktake::server {

inline constexpr size_t kMinSecretKeyBytes = 32;

struct AuthConfig {
    std::string secret_key;
    bool dev_mode = false;
    bool key_generated = false;  // dev mode made secret_key up: warn in the log
    bool allow_registration = false;
};

// InvalidArgument naming the variable and saying how to fix it when the key is missing
// (outside dev mode), short, a known placeholder, or a flag is not 0/1.
Result<AuthConfig> ParseAuthConfig(const EnvMap& env);

}  // namespace stocktake::server
