#include "auth/auth_config.h"

#include <algorithm>
#include <cctype>

#include "auth/crypto.h"

namespace stocktake::server {
namespace {

constexpr const char* kHowToGenerate = "generate one with: openssl rand -hex 32";

// Keys copied from examples and tutorials; long enough to pass the length check in some
// spellings, so they are refused by name.
bool IsPlaceholder(std::string key) {
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* word : {"changeme", "change-me", "change_me", "secret", "password",
                             "your-secret-key", "your_secret_key", "secret-key", "secret_key",
                             "replace-me", "replace_me", "example", "test", "default"}) {
        if (key.find(word) != std::string::npos) return true;
    }
    // One character repeated ("aaaa...", "0000...").
    return !key.empty() && key.find_first_not_of(key[0]) == std::string::npos;
}

// absent or "" is unset_value.
Result<bool> ParseFlag(const EnvMap& env, const char* name, bool unset_value) {
    auto it = env.find(name);
    if (it == env.end() || it->second.empty()) return unset_value;
    if (it->second == "1" || it->second == "true") return true;
    if (it->second == "0" || it->second == "false") return false;
    return Status::InvalidArgument(std::string(name) + "=\"" + it->second +
                                   "\" is not a flag: use 1 or 0");
}

}  // namespace

Result<AuthConfig> ParseAuthConfig(const EnvMap& env) {
    AuthConfig config;
    Result<bool> dev = ParseFlag(env, "APP_DEV_MODE", false);
    if (!dev.ok()) return dev.status();
    config.dev_mode = *dev;
    Result<bool> registration = ParseFlag(env, "APP_ALLOW_REGISTRATION", config.dev_mode);
    if (!registration.ok()) return registration.status();
    config.allow_registration = *registration;

    auto key = env.find("APP_SECRET_KEY");
    if (key == env.end() || key->second.empty()) {
        if (!config.dev_mode) {
            return Status::InvalidArgument(
                std::string("APP_SECRET_KEY is not set: the server needs a secret key to sign "
                            "access tokens; ") +
                kHowToGenerate + " (or set APP_DEV_MODE=1 for a throwaway key in development)");
        }
        Result<std::string> generated = RandomHex(kMinSecretKeyBytes);
        if (!generated.ok()) return generated.status();
        config.secret_key = *generated;
        config.key_generated = true;
        return config;
    }
    if (key->second.size() < kMinSecretKeyBytes) {
        return Status::InvalidArgument("APP_SECRET_KEY is too short (" +
                                       std::to_string(key->second.size()) + " bytes, at least " +
                                       std::to_string(kMinSecretKeyBytes) + "); " + kHowToGenerate);
    }
    if (IsPlaceholder(key->second)) {
        return Status::InvalidArgument(
            std::string("APP_SECRET_KEY looks like a placeholder, not a secret; ") +
            kHowToGenerate);
    }
    config.secret_key = key->second;
    return config;
}

}  // namespace stocktake::server
