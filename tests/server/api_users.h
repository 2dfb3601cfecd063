// Organisations and users for API tests on a RunningServer: registered over the API, or
// added to the store and signed in, each returning an access token.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api_test_util.h"
#include "auth/actor.h"
#include "server_test_util.h"

namespace stocktake::server::testing {

inline constexpr const char* kTestUserPassword = "a long enough password";

// A new organisation over the API; returns its owner's access token and the org id.
inline std::pair<std::string, std::string> RegisterOrg(RunningServer& server,
                                                       const std::string& org,
                                                       const std::string& email) {
    Answer answer = Make(server.Client()->Post(
        "/api/v1/auth/register", {},
        nlohmann::json{{"org_name", org}, {"email", email}, {"password", kTestUserPassword}}.dump(),
        "application/json"));
    REQUIRE(answer.status == 201);
    return {answer.body["access_token"], answer.body["user"]["org_id"]};
}

// Another user of org_id with role, added to the store; returns their access token.
inline std::string AddUserWithToken(RunningServer& server, const std::string& org_id,
                                    const std::string& email, Role role,
                                    std::vector<std::string> channels = {}) {
    User user;
    user.org_id = org_id;
    user.email = email;
    user.password_hash = TestAuthOptions().hasher.Hash(kTestUserPassword).value();
    user.roles = {role};
    user.allowed_channels = std::move(channels);
    AuditEntry audit;
    audit.org_id = org_id;
    audit.actor = "cli";
    audit.action = "user_add";
    REQUIRE(server.accounts().AddUser(user, audit).ok());
    Answer login = Make(server.Client()->Post(
        "/api/v1/auth/login", {},
        nlohmann::json{{"email", email}, {"password", kTestUserPassword}}.dump(),
        "application/json"));
    REQUIRE(login.status == 200);
    return login.body["access_token"];
}

}  // namespace stocktake::server::testing
