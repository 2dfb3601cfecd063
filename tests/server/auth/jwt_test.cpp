// Access tokens (auth/jwt.h): the round trip and every way a token must be refused.
#include "auth/jwt.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "auth/crypto.h"

using stocktake::Code;
using stocktake::server::AccessClaims;
using stocktake::server::Base64UrlEncode;
using stocktake::server::HmacSha256;
using stocktake::server::kAccessTokenLifetimeSeconds;
using stocktake::server::SignJwt;
using stocktake::server::VerifyJwt;

namespace {

const std::string kKey = "0123456789abcdef0123456789abcdef-key";
constexpr int64_t kNow = 1700000000;

AccessClaims Claims() {
    AccessClaims claims;
    claims.sub = "user-1";
    claims.org_id = "org-1";
    claims.roles = {"owner", "staff"};
    claims.iat = kNow;
    claims.exp = kNow + kAccessTokenLifetimeSeconds;
    claims.jti = "jti-1";
    return claims;
}

// A token with this header and payload JSON, signed with key by HS256.
std::string Forge(const nlohmann::json& header, const nlohmann::json& payload,
                  const std::string& key) {
    const std::string input =
        Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(payload.dump());
    return input + "." + Base64UrlEncode(HmacSha256(key, input));
}

nlohmann::json Payload() {
    return {{"sub", "user-1"}, {"org_id", "org-1"}, {"roles", {"owner"}},
            {"iat", kNow},     {"exp", kNow + 60},  {"jti", "j"}};
}

void RequireRefused(const std::string& token, const std::string& why) {
    auto verified = VerifyJwt(token, kKey, kNow);
    INFO(token);
    REQUIRE_FALSE(verified.ok());
    CHECK(verified.status().code() == Code::kUnauthenticated);
    CHECK_THAT(verified.status().message(), Catch::Contains(why));
}

std::vector<std::string> Parts(const std::string& token) {
    const size_t a = token.find('.');
    const size_t b = token.find('.', a + 1);
    return {token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1)};
}

}  // namespace

TEST_CASE("a signed token verifies and gives its claims back", "[server][auth][jwt]") {
    const std::string token = SignJwt(Claims(), kKey);
    CHECK(token.find('=') == std::string::npos);
    auto verified = VerifyJwt(token, kKey, kNow + 10);
    REQUIRE(verified.ok());
    CHECK(verified->sub == "user-1");
    CHECK(verified->org_id == "org-1");
    CHECK(verified->roles == std::vector<std::string>{"owner", "staff"});
    CHECK(verified->iat == kNow);
    CHECK(verified->exp == kNow + 24 * 3600);
    CHECK(verified->jti == "jti-1");
    // The header names HS256.
    CHECK(nlohmann::json::parse(*stocktake::server::Base64UrlDecode(Parts(token)[0]))["alg"] ==
          "HS256");
}

TEST_CASE("a token with a changed payload is refused", "[server][auth][jwt]") {
    const std::vector<std::string> parts = Parts(SignJwt(Claims(), kKey));
    nlohmann::json payload = Payload();
    payload["roles"] = {"owner", "admin"};
    RequireRefused(parts[0] + "." + Base64UrlEncode(payload.dump()) + "." + parts[2],
                   "bad signature");
}

TEST_CASE("a token with a changed signature is refused", "[server][auth][jwt]") {
    std::string token = SignJwt(Claims(), kKey);
    token[token.size() - 3] = token[token.size() - 3] == 'A' ? 'B' : 'A';
    RequireRefused(token, "bad signature");
    RequireRefused(token.substr(0, token.rfind('.') + 1), "bad signature");  // empty signature
}

TEST_CASE("an expired token is refused", "[server][auth][jwt]") {
    const std::string token = SignJwt(Claims(), kKey);
    CHECK(VerifyJwt(token, kKey, kNow + kAccessTokenLifetimeSeconds - 1).ok());
    auto expired = VerifyJwt(token, kKey, kNow + kAccessTokenLifetimeSeconds);
    REQUIRE_FALSE(expired.ok());
    CHECK_THAT(expired.status().message(), Catch::Contains("expired"));
}

TEST_CASE("alg none, other algorithms and a missing alg are refused", "[server][auth][jwt]") {
    const std::string payload = Base64UrlEncode(Payload().dump());
    RequireRefused(Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".", "HS256");
    RequireRefused(Base64UrlEncode(R"({"alg":"None"})") + "." + payload + ".", "HS256");
    // Correctly signed with the key, but claiming another algorithm.
    RequireRefused(Forge({{"alg", "HS512"}, {"typ", "JWT"}}, Payload(), kKey), "HS256");
    RequireRefused(Forge({{"typ", "JWT"}}, Payload(), kKey), "HS256");
    RequireRefused(Forge({{"alg", nullptr}}, Payload(), kKey), "HS256");
    // The same forgery with HS256 in the header verifies: only the alg was wrong above.
    CHECK(VerifyJwt(Forge({{"alg", "HS256"}}, Payload(), kKey), kKey, kNow).ok());
}

TEST_CASE("a token signed with another key is refused", "[server][auth][jwt]") {
    RequireRefused(SignJwt(Claims(), "another key entirely, 32 bytes long"), "bad signature");
}

TEST_CASE("malformed tokens are refused", "[server][auth][jwt]") {
    const std::vector<std::string> parts = Parts(SignJwt(Claims(), kKey));
    RequireRefused("", "three parts");
    RequireRefused(parts[0] + "." + parts[1], "three parts");
    RequireRefused(parts[0] + "." + parts[1] + "." + parts[2] + ".x", "three parts");
    RequireRefused("!!!." + parts[1] + "." + parts[2], "base64url");
    RequireRefused(parts[0] + "." + parts[1] + ".@@@", "base64url");
    RequireRefused(Base64UrlEncode("not json") + "." + parts[1] + "." + parts[2], "JSON");
    // Signed properly but the payload is not JSON, or lacks claims.
    const std::string header = Base64UrlEncode(R"({"alg":"HS256"})");
    const std::string input = header + "." + Base64UrlEncode("[1,2");
    RequireRefused(input + "." + Base64UrlEncode(HmacSha256(kKey, input)), "JSON");
    nlohmann::json no_sub = Payload();
    no_sub.erase("sub");
    RequireRefused(Forge({{"alg", "HS256"}}, no_sub, kKey), "claims");
    nlohmann::json string_exp = Payload();
    string_exp["exp"] = "9999999999";
    RequireRefused(Forge({{"alg", "HS256"}}, string_exp, kKey), "claims");
}
