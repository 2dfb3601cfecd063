#include "auth/jwt.h"

#include <nlohmann/json.hpp>

#include "auth/crypto.h"

namespace stocktake::server {
namespace {

using Json = nlohmann::json;

Status Refuse(const std::string& reason) {
    return Status(Code::kUnauthenticated, "invalid access token: " + reason);
}

// The decoded JSON object of one base64url part, or why it is not one.
Result<Json> DecodePart(std::string_view part) {
    Result<std::string> bytes = Base64UrlDecode(part);
    if (!bytes.ok()) return Refuse("bad base64url");
    Json doc = Json::parse(*bytes, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return Refuse("not a JSON object");
    return doc;
}

bool IsStringArray(const Json& value) {
    if (!value.is_array()) return false;
    for (const Json& item : value) {
        if (!item.is_string()) return false;
    }
    return true;
}

}  // namespace

std::string SignJwt(const AccessClaims& claims, std::string_view key) {
    const Json header = {{"alg", "HS256"}, {"typ", "JWT"}};
    const Json payload = {{"sub", claims.sub}, {"org_id", claims.org_id}, {"roles", claims.roles},
                          {"iat", claims.iat}, {"exp", claims.exp},       {"jti", claims.jti}};
    const std::string signing_input =
        Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(payload.dump());
    return signing_input + "." + Base64UrlEncode(HmacSha256(key, signing_input));
}

Result<AccessClaims> VerifyJwt(std::string_view token, std::string_view key, int64_t now_seconds) {
    const size_t first = token.find('.');
    const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
        return Refuse("not three parts");
    }
    Result<Json> header = DecodePart(token.substr(0, first));
    if (!header.ok()) return header.status();
    // The algorithm is fixed by the server, not chosen by the token: anything but HS256
    // ("none", RS256 with the key as a public key, ...) is refused before any signature work.
    auto alg = header->find("alg");
    if (alg == header->end() || !alg->is_string() || *alg != "HS256") {
        return Refuse("algorithm must be HS256");
    }
    Result<std::string> signature = Base64UrlDecode(token.substr(second + 1));
    if (!signature.ok()) return Refuse("bad base64url");
    const std::string_view signing_input = token.substr(0, second);
    if (!ConstantTimeEquals(HmacSha256(key, signing_input), *signature)) {
        return Refuse("bad signature");
    }
    Result<Json> payload = DecodePart(token.substr(first + 1, second - first - 1));
    if (!payload.ok()) return payload.status();
    const Json& p = *payload;
    const bool well_formed =
        p.contains("sub") && p["sub"].is_string() && p.contains("org_id") &&
        p["org_id"].is_string() && p.contains("roles") && IsStringArray(p["roles"]) &&
        p.contains("iat") && p["iat"].is_number_integer() && p.contains("exp") &&
        p["exp"].is_number_integer() && p.contains("jti") && p["jti"].is_string();
    if (!well_formed) return Refuse("missing or mistyped claims");
    AccessClaims claims;
    claims.sub = p["sub"].get<std::string>();
    claims.org_id = p["org_id"].get<std::string>();
    claims.roles = p["roles"].get<std::vector<std::string>>();
    claims.iat = p["iat"].get<int64_t>();
    claims.exp = p["exp"].get<int64_t>();
    claims.jti = p["jti"].get<std::string>();
    if (now_seconds >= claims.exp) return Refuse("expired");
    return claims;
}

}  // namespace stocktake::server
