// `stocktake webhook token|secret ...` against a server database.
#include <catch2/catch.hpp>

#include "auth/crypto.h"
#include "cli_test_util.h"
#include "server_test_util.h"
#include "test_database.h"

using stocktake::server::OpenStorage;
using stocktake::server::Sha256Hex;
using namespace stocktake::server::testing;

TEST_CASE("webhook token create, list and revoke; secret add, list and revoke",
          "[server][cli][webhooks]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "server.db").string();
    const std::string org = Json({"org", "create", "Shop"}, db)["id"];

    nlohmann::json made = Json({"webhook", "token", "create", "--org", org}, db);
    const std::string token = made["value"];
    CHECK(token.size() == 43);  // 32 random bytes, base64url
    CHECK(made["path"] == "/api/v1/webhooks/shipstation/" + org + "/" + token);
    const std::string id = made["token"]["id"];
    Json({"webhook", "token", "create", "--org", org}, db);

    // Only the hash is stored, and listing never shows a token.
    auto storage = OpenStorage("sqlite:" + db, 1);
    REQUIRE(storage.ok());
    CHECK(QueryInt(**storage, "SELECT COUNT(*) FROM webhook_tokens WHERE token_hash = '" +
                                  Sha256Hex(token) + "'") == 1);
    CliRun listed = Run({"webhook", "token", "list", "--org", org}, db);
    CHECK(listed.code == 0);
    CHECK(listed.out.find(token) == std::string::npos);
    nlohmann::json list = Json({"webhook", "token", "list", "--org", org}, db);
    REQUIRE(list["tokens"].size() == 2);
    CHECK(list["tokens"][0]["revoked_at"].is_null());

    Json({"webhook", "token", "revoke", "--org", org, "--id", id}, db);
    list = Json({"webhook", "token", "list", "--org", org}, db);
    CHECK(list["tokens"].size() == 2);
    CHECK(Run({"webhook", "token", "revoke", "--org", org, "--id", id}, db).code == 1);

    nlohmann::json secret = Json({"webhook", "secret", "add", "--org", org}, db);
    CHECK(secret["value"].get<std::string>().size() == 64);
    CHECK(Json({"webhook", "secret", "list", "--org", org}, db)["secrets"].size() == 1);
    Json({"webhook", "secret", "revoke", "--org", org, "--id", secret["secret"]["id"]}, db);

    // Bad command lines and unknown organisations.
    CHECK(Run({"webhook", "token", "create"}, db).code == 2);
    CHECK(Run({"webhook", "token", "add", "--org", org}, db).code == 2);
    CHECK(Run({"webhook", "key", "list", "--org", org}, db).code == 2);
    CHECK(Run({"webhook", "token", "revoke", "--org", org}, db).code == 2);
    CHECK(Run({"webhook", "token", "create", "--org", "nope"}, db).code == 1);
}
