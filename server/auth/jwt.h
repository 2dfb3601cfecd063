// Access tokens: JSON Web Tokens signed with HMAC-SHA256 (HS256) under the server's secret
// key. Verification accepts exactly what Sign makes: a header whose alg is HS256 (never
// "none" or another algorithm), a signature that matches in constant time, and claims that
// are well-formed and not expired.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/status.h"

namespace stocktake::server {

inline constexpr int64_t kAccessTokenLifetimeSeconds = 24 * 60 * 60;

struct AccessClaims {
    std::string sub;     // user id
    std::string org_id;  // the user's organisation
    std::vector<std::string> roles;
    int64_t iat = 0;  // issued at, unix seconds
    int64_t exp = 0;  // expires at, unix seconds
    std::string jti;  // unique token id
};

// header.payload.signature, each part base64url without padding.
std::string SignJwt(const AccessClaims& claims, std::string_view key);

// The claims of token when it is a valid HS256 JWT signed with key and now_seconds < exp.
// Unauthenticated otherwise, with a short reason for the log (never the token itself).
Result<AccessClaims> VerifyJwt(std::string_view token, std::string_view key, int64_t now_seconds);

}  // namespace stocktake::server
