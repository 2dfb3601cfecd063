#include "webhooks/webhook_signature.h"

#include <charconv>

#include "auth/crypto.h"

namespace stocktake::server {
namespace {

constexpr std::string_view kPrefix = "sha256=";
constexpr size_t kSignatureHexLength = 64;

std::string LowerHex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        hex += kDigits[c >> 4];
        hex += kDigits[c & 0x0f];
    }
    return hex;
}

}  // namespace

std::string WebhookSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body) {
    std::string signed_text;
    signed_text.reserve(timestamp.size() + 1 + body.size());
    signed_text.append(timestamp).append(".").append(body);
    return LowerHex(HmacSha256(secret, signed_text));
}

Status CheckSignatureTimestamp(std::string_view timestamp, int64_t now_seconds) {
    int64_t seconds = 0;
    auto [end, ec] =
        std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), seconds);
    if (timestamp.empty() || ec != std::errc() || end != timestamp.data() + timestamp.size()) {
        return Status(Code::kUnauthenticated, "X-ShipStation-Timestamp must be unix seconds");
    }
    const int64_t skew = seconds > now_seconds ? seconds - now_seconds : now_seconds - seconds;
    if (skew > kSignatureWindowSeconds) {
        return Status(Code::kUnauthenticated,
                      "X-ShipStation-Timestamp is more than 5 minutes from the server's clock "
                      "(" +
                          std::to_string(now_seconds) + "): sign with the current time");
    }
    return Status::Ok();
}

bool SignedByAny(const std::vector<std::string>& secrets, std::string_view timestamp,
                 std::string_view body, std::string_view signature) {
    if (signature.substr(0, kPrefix.size()) == kPrefix) signature.remove_prefix(kPrefix.size());
    if (signature.size() != kSignatureHexLength) return false;
    bool matched = false;
    for (const std::string& secret : secrets) {
        matched |= ConstantTimeEquals(WebhookSignature(secret, timestamp, body), signature);
    }
    return matched;
}

}  // namespace stocktake::server
