// The cryptographic primitives accounts and tokens are built from, each a thin wrapper over
// OpenSSL: random bytes, SHA-256, HMAC-SHA256, constant-time comparison and base64 (the
// standard alphabet for stored password hashes, base64url without padding for JWTs).
// Thread safety: pure functions (OpenSSL 3's RAND and digests are thread-safe).
#pragma once

#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake::server {

// n bytes from OpenSSL's CSPRNG. Internal if it fails (it does not on a working system).
Result<std::string> RandomBytes(size_t n);
// 2n lowercase hex characters from n random bytes: ids and refresh tokens.
Result<std::string> RandomHex(size_t n);

std::string Sha256Hex(std::string_view data);
// The 32-byte raw MAC.
std::string HmacSha256(std::string_view key, std::string_view data);
// True when a and b are equal; the time taken depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Standard base64 with padding ("+/=").
std::string Base64Encode(std::string_view bytes);
// Base64url without padding ("-_"), as JWTs use.
std::string Base64UrlEncode(std::string_view bytes);
// Decoders refuse characters outside their alphabet, misplaced padding and impossible
// lengths: InvalidArgument.
Result<std::string> Base64Decode(std::string_view text);
Result<std::string> Base64UrlDecode(std::string_view text);

}  // namespace stocktake::server
