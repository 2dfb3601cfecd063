// The /api/v1/auth endpoints and the RequireActor gate through a real server on loopback.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "api_test_util.h"
#include "auth/crypto.h"
#include "auth/jwt.h"
#include "server_test_util.h"
#include "test_database.h"

using nlohmann::json;
using stocktake::server::AccessClaims;
using stocktake::server::AuditEntry;
using stocktake::server::Base64UrlEncode;
using stocktake::server::SignJwt;
using stocktake::server::testing::Answer;
using stocktake::server::testing::Bearer;
using stocktake::server::testing::kTestSecretKey;
using stocktake::server::testing::Make;
using stocktake::server::testing::RunningServer;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::TestAuthOptions;

namespace {

constexpr const char* kPassword = "a long enough password";

// A server on a fresh database, once per backend the tests run on (test_database.h).
struct Server {
    TempDir tmp;
    stocktake::server::testing::TestDatabase database{
        GENERATE(from_range(stocktake::server::testing::TestBackends()))};
    std::unique_ptr<RunningServer> server;

    explicit Server(stocktake::server::AuthOptions options = TestAuthOptions()) {
        stocktake::server::testing::ServerOptions server_options;
        server_options.auth = std::move(options);
        server = std::make_unique<RunningServer>((tmp.path() / "public").string(),
                                                 (tmp.path() / "data").string(), database.Open(),
                                                 server_options);
    }

    Answer Post(const std::string& path, const json& body, const std::string& token = "") {
        return Make(
            server->Client()->Post(path.c_str(), Bearer(token), body.dump(), "application/json"));
    }
    Answer PostRaw(const std::string& path, const std::string& body) {
        return Make(server->Client()->Post(path.c_str(), body, "application/json"));
    }
    Answer Me(const std::string& authorization) {
        httplib::Headers headers;
        if (!authorization.empty()) headers.emplace("Authorization", authorization);
        return Make(server->Client()->Get("/api/v1/auth/me", headers));
    }
    Answer Register(const std::string& org, const std::string& email) {
        return Post("/api/v1/auth/register",
                    {{"org_name", org}, {"email", email}, {"password", kPassword}});
    }
    Answer Login(const std::string& email, const std::string& password) {
        return Post("/api/v1/auth/login", {{"email", email}, {"password", password}});
    }
};

void CheckSession(const Answer& answer, const std::string& email) {
    INFO(answer.body.dump());
    CHECK(answer.body["token_type"] == "Bearer");
    CHECK(answer.body["expires_in"] == 24 * 3600);
    CHECK(answer.body["access_token"].get<std::string>().size() > 20);
    CHECK(answer.body["refresh_token"].get<std::string>().size() == 64);
    CHECK(answer.body["user"]["email"] == email);
    CHECK(answer.header("Cache-Control") == "no-store");
}

void CheckUnauthenticated(const Answer& answer) {
    INFO(answer.body.dump());
    CHECK(answer.status == 401);
    CHECK(answer.body["error"] == "Unauthenticated");
    CHECK_THAT(answer.header("WWW-Authenticate"), Catch::StartsWith("Bearer"));
}

// The body without its per-request id.
json WithoutReqId(json body) {
    body.erase("req_id");
    return body;
}

}  // namespace

TEST_CASE("register, login, me, refresh and logout work end to end", "[server][auth][http]") {
    Server s;
    Answer registered = s.Register("Corner Shop", "Owner@Shop.test");
    REQUIRE(registered.status == 201);
    CheckSession(registered, "owner@shop.test");
    CHECK(registered.body["user"]["roles"] == json::array({"owner"}));
    CHECK(registered.body["user"]["allowed_channels"] == json::array());
    const std::string org_id = registered.body["user"]["org_id"];

    Answer login = s.Login("OWNER@shop.test", kPassword);
    REQUIRE(login.status == 200);
    CheckSession(login, "owner@shop.test");
    const std::string access = login.body["access_token"];
    const std::string refresh = login.body["refresh_token"];

    Answer me = s.Me("Bearer " + access);
    REQUIRE(me.status == 200);
    CHECK(me.body == json{{"user_id", registered.body["user"]["id"]},
                          {"org_id", org_id},
                          {"roles", {"owner"}},
                          {"allowed_channels", json::array()}});

    Answer refreshed = s.Post("/api/v1/auth/refresh", {{"refresh_token", refresh}});
    REQUIRE(refreshed.status == 200);
    CheckSession(refreshed, "owner@shop.test");
    const std::string rotated = refreshed.body["refresh_token"];
    CHECK(rotated != refresh);
    CHECK(s.Me("Bearer " + refreshed.body["access_token"].get<std::string>()).status == 200);

    Answer logout = s.Post("/api/v1/auth/logout", {{"refresh_token", rotated}},
                           refreshed.body["access_token"].get<std::string>());
    CHECK(logout.status == 204);
    CheckUnauthenticated(s.Post("/api/v1/auth/refresh", {{"refresh_token", rotated}}));
    // Logging out needs an access token.
    CheckUnauthenticated(s.Post("/api/v1/auth/logout", {{"refresh_token", rotated}}));

    // Every step is in the audit log, and no password or token is.
    auto audit = s.server->accounts().ListAudit(org_id, 50);
    REQUIRE(audit.ok());
    std::multiset<std::string> actions;
    for (const AuditEntry& e : *audit) {
        actions.insert(e.action);
        for (const std::string& field : {e.target, e.detail, e.actor}) {
            CHECK(field.find(kPassword) == std::string::npos);
            CHECK(field.find(refresh) == std::string::npos);
            CHECK(field.find(access) == std::string::npos);
        }
    }
    CHECK(actions == std::multiset<std::string>{"org_create", "register", "login", "refresh",
                                                "logout", "refresh_reused"});
}

TEST_CASE("a refresh token works once; reusing it ends the user's sessions",
          "[server][auth][http]") {
    Server s;
    Answer registered = s.Register("Shop", "a@shop.test");
    REQUIRE(registered.status == 201);
    const std::string first = registered.body["refresh_token"];
    Answer second = s.Post("/api/v1/auth/refresh", {{"refresh_token", first}});
    REQUIRE(second.status == 200);
    CheckUnauthenticated(s.Post("/api/v1/auth/refresh", {{"refresh_token", first}}));
    // The reuse revoked the token issued by the rotation too.
    CheckUnauthenticated(
        s.Post("/api/v1/auth/refresh", {{"refresh_token", second.body["refresh_token"]}}));
    CheckUnauthenticated(s.Post("/api/v1/auth/refresh", {{"refresh_token", "made-up"}}));
}

TEST_CASE("a wrong password and an unknown email get the same 401", "[server][auth][http]") {
    Server s;
    REQUIRE(s.Register("Shop", "a@shop.test").status == 201);
    Answer wrong_password = s.Login("a@shop.test", "not the password at all");
    Answer unknown_email = s.Login("nobody@shop.test", kPassword);
    CHECK(wrong_password.status == 401);
    CHECK(unknown_email.status == 401);
    CHECK(WithoutReqId(wrong_password.body) == WithoutReqId(unknown_email.body));
    CHECK(wrong_password.body["error"] == "Unauthenticated");
    CHECK(wrong_password.body["message"] == "email or password is wrong");
}

TEST_CASE("repeated failed logins are answered 429 with Retry-After", "[server][auth][http]") {
    Server s;
    REQUIRE(s.Register("Shop", "a@shop.test").status == 201);
    for (int i = 0; i < 5; ++i)
        CHECK(s.Login("a@shop.test", "wrong password " + std::to_string(i)).status == 401);
    Answer limited = s.Login("a@shop.test", kPassword);  // even the right password, for now
    CHECK(limited.status == 429);
    CHECK(limited.body["error"] == "RateLimited");
    const int retry_after = std::stoi(limited.header("Retry-After"));
    CHECK(retry_after > 0);
    CHECK(retry_after <= 15 * 60);
    // Another account from the same address is not yet limited (20 per address).
    CHECK(s.Login("b@shop.test", "whatever password").status == 401);
}

TEST_CASE("a disabled user can neither log in nor use their token", "[server][auth][http]") {
    Server s;
    Answer registered = s.Register("Shop", "a@shop.test");
    REQUIRE(registered.status == 201);
    const std::string access = registered.body["access_token"];
    REQUIRE(s.Me("Bearer " + access).status == 200);
    auto disabled = s.server->accounts().DisableUser(
        registered.body["user"]["org_id"].get<std::string>(), "a@shop.test", AuditEntry{});
    REQUIRE(disabled.ok());
    CheckUnauthenticated(s.Me("Bearer " + access));
    Answer login = s.Login("a@shop.test", kPassword);
    CHECK(login.status == 401);
    CHECK(login.body["message"] == "this account is disabled");
    CheckUnauthenticated(
        s.Post("/api/v1/auth/refresh", {{"refresh_token", registered.body["refresh_token"]}}));
}

TEST_CASE("forged, expired and malformed tokens are refused on /me", "[server][auth][http]") {
    Server s;
    Answer registered = s.Register("Shop", "a@shop.test");
    REQUIRE(registered.status == 201);
    const std::string access = registered.body["access_token"];
    AccessClaims claims;
    claims.sub = registered.body["user"]["id"].get<std::string>();
    claims.org_id = registered.body["user"]["org_id"].get<std::string>();
    claims.roles = {"owner"};
    claims.jti = "j";
    claims.iat = 1000;
    claims.exp = 2000;  // long gone
    // Right key, right user: only the expiry is wrong.
    CheckUnauthenticated(s.Me("Bearer " + SignJwt(claims, kTestSecretKey)));
    claims.exp = 4000000000;
    CHECK(s.Me("Bearer " + SignJwt(claims, kTestSecretKey)).status == 200);
    CheckUnauthenticated(s.Me("Bearer " + SignJwt(claims, "some other key of 32 bytes or more")));
    // The same user claimed in another organisation.
    AccessClaims other_org = claims;
    other_org.org_id = "another-org";
    CheckUnauthenticated(s.Me("Bearer " + SignJwt(other_org, kTestSecretKey)));

    const std::string payload = access.substr(access.find('.') + 1);
    CheckUnauthenticated(s.Me("Bearer " + Base64UrlEncode(R"({"alg":"none"})") + "." +
                              payload.substr(0, payload.find('.')) + "."));
    std::string tampered = access;
    tampered[access.find('.') + 5] = tampered[access.find('.') + 5] == 'a' ? 'b' : 'a';
    CheckUnauthenticated(s.Me("Bearer " + tampered));
    CheckUnauthenticated(s.Me("Bearer not.a.token"));
    CheckUnauthenticated(s.Me("Basic dXNlcjpwYXNz"));
    Answer none = s.Me("");
    CheckUnauthenticated(none);
    CHECK(none.header("WWW-Authenticate") == "Bearer");
    CHECK(s.Me("bearer " + access).status == 200);  // the scheme is case-insensitive
}

TEST_CASE("bad request bodies get 400 naming the field", "[server][auth][http]") {
    Server s;
    Answer not_json = s.PostRaw("/api/v1/auth/login", "{email");
    CHECK(not_json.status == 400);
    CHECK(not_json.body["error"] == "InvalidArgument");
    CHECK(not_json.body["message"] == "the request body is not JSON");
    CHECK(s.PostRaw("/api/v1/auth/login", "[1]").body["message"] ==
          "the request body must be an object");
    Answer no_password = s.Post("/api/v1/auth/login", {{"email", "a@shop.test"}});
    CHECK(no_password.status == 400);
    CHECK(no_password.body["message"] == "password: required, a string");
    Answer number_email = s.Post("/api/v1/auth/register",
                                 {{"org_name", "Shop"}, {"email", 7}, {"password", kPassword}});
    CHECK(number_email.body["message"] == "email: required, a string");
    Answer bad_email = s.Post("/api/v1/auth/register",
                              {{"org_name", "Shop"}, {"email", "shop"}, {"password", kPassword}});
    CHECK(bad_email.status == 400);
    CHECK_THAT(bad_email.body["message"].get<std::string>(), Catch::StartsWith("email:"));
    Answer short_password =
        s.Post("/api/v1/auth/register",
               {{"org_name", "Shop"}, {"email", "a@shop.test"}, {"password", "short"}});
    CHECK(short_password.status == 400);
    CHECK(short_password.body["message"] == "password must be at least 12 characters");
    Answer no_org = s.Post("/api/v1/auth/register",
                           {{"org_name", ""}, {"email", "a@shop.test"}, {"password", kPassword}});
    CHECK(no_org.status == 400);
    CHECK_THAT(no_org.body["message"].get<std::string>(), Catch::StartsWith("org_name:"));
    REQUIRE(s.Register("Shop", "a@shop.test").status == 201);
    Answer taken = s.Register("Shop 2", "A@shop.test");
    CHECK(taken.status == 409);
    CHECK(taken.body["error"] == "AlreadyExists");
}

TEST_CASE("registration can be closed", "[server][auth][http]") {
    auto options = TestAuthOptions();
    options.allow_registration = false;
    Server s(std::move(options));
    Answer refused = s.Register("Shop", "a@shop.test");
    CHECK(refused.status == 403);
    CHECK(refused.body["error"] == "PermissionDenied");
}
