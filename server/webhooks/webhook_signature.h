// The signed-delivery scheme (README "ShipStation webhooks"): X-ShipStation-Timestamp is
// unix seconds, X-ShipStation-Signature the lowercase hex HMAC-SHA256 of
// timestamp + "." + raw body under a shared secret, optionally prefixed "sha256=".
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/status.h"

namespace stocktake::server {

// How far a signed delivery's timestamp may be from the server's clock, either way.
inline constexpr int64_t kSignatureWindowSeconds = 5 * 60;

// The signature header's value a sender computes (without the prefix).
std::string WebhookSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body);

// OK when timestamp is unix seconds within kSignatureWindowSeconds of now_seconds;
// Unauthenticated saying why otherwise (the sender's clock, not a secret, is wrong).
Status CheckSignatureTimestamp(std::string_view timestamp, int64_t now_seconds);

// True when signature (hex, "sha256=" prefix allowed) is the WebhookSignature of timestamp
// and body under any of secrets. Every secret is tried, each compared in constant time,
// so the time taken says nothing about which secret came close.
bool SignedByAny(const std::vector<std::string>& secrets, std::string_view timestamp,
                 std::string_view body, std::string_view signature);

}  // namespace stocktake::server
