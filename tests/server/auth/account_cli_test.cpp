// `stocktake org create` and `stocktake user add|list|disable` against a server database.
#include <catch2/catch.hpp>
#include <iostream>
#include <sstream>

#include "auth/account_store.h"
#include "auth/password.h"
#include "cli_test_util.h"
#include "server_test_util.h"

using stocktake::server::AccountStore;
using stocktake::server::OpenStorage;
using stocktake::server::PasswordHasher;
using stocktake::server::testing::CliRun;
using stocktake::server::testing::Json;
using stocktake::server::testing::Run;
using stocktake::server::testing::TempDir;

namespace {

// Feeds text to std::cin for one scope (--password-stdin).
class StdinFrom {
  public:
    explicit StdinFrom(const std::string& text) : in_(text), saved_(std::cin.rdbuf(in_.rdbuf())) {}
    ~StdinFrom() { std::cin.rdbuf(saved_); }

  private:
    std::istringstream in_;
    std::streambuf* saved_;
};

}  // namespace

TEST_CASE("org create and user add, list and disable print JSON", "[server][cli][auth]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "server.db").string();
    nlohmann::json org = Json({"org", "create", "Corner Shop"}, db);
    CHECK(org["name"] == "Corner Shop");
    const std::string org_id = org["id"];
    CHECK(org_id.size() == 32);

    nlohmann::json added =
        Json({"user", "add", "--org", org_id, "--email", "Ann@Shop.test", "--role", "manager",
              "--role", "staff", "--channels", "amazon, ebay"},
             db);
    CHECK(added["user"]["email"] == "ann@shop.test");
    CHECK(added["user"]["org_id"] == org_id);
    CHECK(added["user"]["roles"] == nlohmann::json::array({"manager", "staff"}));
    CHECK(added["user"]["allowed_channels"] == nlohmann::json::array({"amazon", "ebay"}));
    CHECK(added["user"]["disabled"] == false);
    CHECK(added["user"].count("password_hash") == 0);
    // The generated password is shown once and is the one stored (production cost).
    const std::string password = added["password"];
    CHECK(password.size() >= 12);
    {
        auto storage = OpenStorage(db, 1);
        REQUIRE(storage.ok());
        auto user = AccountStore(**storage).FindUserByEmail("ann@shop.test");
        REQUIRE(user.ok());
        CHECK(user->password_hash.rfind("pbkdf2-sha256$600000$", 0) == 0);
        CHECK(PasswordHasher().Verify(password, user->password_hash));
    }

    {
        StdinFrom stdin_text("my chosen password\n");
        nlohmann::json bob = Json({"user", "add", "--org", org_id, "--email", "bob@shop.test",
                                   "--role", "viewer", "--password-stdin"},
                                  db);
        CHECK(bob.count("password") == 0);
        CHECK(bob["user"]["allowed_channels"] == nlohmann::json::array());
    }

    nlohmann::json listed = Json({"user", "list", "--org", org_id}, db);
    REQUIRE(listed["users"].size() == 2);
    CHECK(listed["users"][0]["email"] == "ann@shop.test");
    CHECK(listed["users"][1]["email"] == "bob@shop.test");

    nlohmann::json disabled =
        Json({"user", "disable", "--org", org_id, "--email", "BOB@shop.test"}, db);
    CHECK(disabled["user"]["disabled"] == true);
    CHECK(Json({"user", "list", "--org", org_id}, db)["users"][1]["disabled"] == true);

    // Another organisation sees none of them.
    nlohmann::json other = Json({"org", "create", "Other"}, db);
    CHECK(Json({"user", "list", "--org", other["id"].get<std::string>()}, db)["users"].empty());
}

TEST_CASE("account commands refuse bad input", "[server][cli][auth]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "server.db").string();
    const std::string org_id = Json({"org", "create", "Shop"}, db)["id"];

    CliRun no_role = Run({"user", "add", "--org", org_id, "--email", "a@shop.test"}, db);
    CHECK(no_role.code == 2);
    CHECK_THAT(no_role.err, Catch::Contains("--role is required"));
    CliRun bad_role =
        Run({"user", "add", "--org", org_id, "--email", "a@shop.test", "--role", "boss"}, db);
    CHECK(bad_role.code == 2);
    CHECK_THAT(bad_role.err, Catch::Contains("unknown role \"boss\""));
    CHECK(Run({"user", "list"}, db).code == 2);
    CHECK(Run({"org", "create"}, db).code == 2);

    {
        StdinFrom stdin_text("short\n");
        CliRun weak = Run({"user", "add", "--org", org_id, "--email", "a@shop.test", "--role",
                           "staff", "--password-stdin", "--json"},
                          db);
        CHECK(weak.code == 1);
        CHECK(stocktake::server::testing::Parse(weak.out)["error"] ==
              "password must be at least 12 characters");
    }
    CliRun no_org =
        Run({"user", "add", "--org", "nope", "--email", "a@shop.test", "--role", "staff"}, db);
    CHECK(no_org.code == 1);
    CHECK_THAT(no_org.err, Catch::Contains("no organisation with id nope"));
    CliRun nobody = Run({"user", "disable", "--org", org_id, "--email", "x@shop.test"}, db);
    CHECK(nobody.code == 1);

    std::ostringstream out, err;
    CHECK(stocktake::server::RunCli({"user", "--help"}, {}, out, err) == 0);
    CHECK_THAT(out.str(), Catch::Contains("stocktake user add"));
}

TEST_CASE("serve --help lists the auth variables; serve refuses a weak key",
          "[server][cli][auth]") {
    std::ostringstream out, err;
    CHECK(stocktake::server::RunCli({"serve", "--help"}, {}, out, err) == 0);
    CHECK_THAT(out.str(), Catch::Contains("APP_SECRET_KEY"));
    CHECK_THAT(out.str(), Catch::Contains("APP_DEV_MODE"));

    std::ostringstream out2, err2;
    CHECK(stocktake::server::RunCli({"serve"}, {{"APP_SECRET_KEY", "changeme"}}, out2, err2) == 2);
    CHECK_THAT(err2.str(), Catch::Contains("APP_SECRET_KEY is too short"));
    CHECK_THAT(err2.str(), Catch::Contains("openssl rand -hex 32"));
    std::ostringstream out3, err3;
    CHECK(stocktake::server::RunCli({"serve"}, {}, out3, err3) == 2);
    CHECK_THAT(err3.str(), Catch::Contains("APP_SECRET_KEY is not set"));
}
