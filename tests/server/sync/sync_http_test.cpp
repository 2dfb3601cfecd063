// /api/v1/sync/push and /pull through a real server, on SQLite and PostgreSQL: only with a
// valid token, never across organisations, roles enforced, bad requests answered 4xx with
// a reason, and the ops counted in /metrics.
#include <catch2/catch.hpp>

#include "api_test_util.h"
#include "api_users.h"
#include "auth/jwt.h"
#include "sync/sync_test_util.h"

using nlohmann::json;
using stocktake::server::AuditEntry;
using stocktake::server::Role;
using stocktake::server::User;
using namespace stocktake::server::testing;

namespace {

struct Api {
    explicit Api(const std::string& backend)
        : database(backend),
          server((tmp.path() / "public").string(), (tmp.path() / "data").string(),
                 database.Open()) {}

    Answer Post(const std::string& path, const std::string& body, const std::string& token) {
        return Make(server.Client()->Post(path.c_str(), Bearer(token), body, "application/json"));
    }
    Answer Push(const std::string& token, const std::string& device, const json& ops) {
        return Post("/api/v1/sync/push", json{{"device", device}, {"ops", ops}}.dump(), token);
    }
    Answer Pull(const std::string& token, const std::string& query = "cursor=0") {
        return Make(server.Client()->Get(("/api/v1/sync/pull?" + query).c_str(), Bearer(token)));
    }
    std::pair<std::string, std::string> Register(const std::string& org, const std::string& email) {
        return RegisterOrg(server, org, email);
    }
    std::string AddUser(const std::string& org_id, const std::string& email, Role role,
                        std::vector<std::string> channels = {}) {
        return AddUserWithToken(server, org_id, email, role, std::move(channels));
    }

    TempDir tmp;
    TestDatabase database;
    RunningServer server;
};

json ProductOp(const std::string& device, int64_t seq, const std::string& sku) {
    return MakeOp(device, seq, 100 + static_cast<uint64_t>(seq), "product", {sku},
                  {{"name", "Mug " + sku}});
}

}  // namespace

TEST_CASE("sync over HTTP: push, pull, idempotence and organisations kept apart",
          "[server][sync][http]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    Api api(backend);
    const auto [token_a, org_a] = api.Register("Shop A", "a@a.test");
    const auto [token_b, org_b] = api.Register("Shop B", "b@b.test");
    const std::string device_a = DeviceId(1);
    const json ops = {ProductOp(device_a, 1, "SKU-1"), ProductOp(device_a, 2, "SKU-2")};

    Answer pushed = api.Push(token_a, device_a, ops);
    REQUIRE(pushed.status == 200);
    CHECK(pushed.body["accepted"] == 2);
    CHECK(pushed.body["results"][0] == json{{"id", device_a + ":1"}, {"status", "accepted"}});
    Answer again = api.Push(token_a, device_a, ops);
    CHECK(again.body["duplicates"] == 2);
    CHECK(again.body["results"][1]["status"] == "duplicate");

    Answer pulled = api.Pull(token_a, "cursor=0&limit=1");
    REQUIRE(pulled.status == 200);
    CHECK(pulled.body["ops"] == json::array({ops[0]}));
    CHECK(pulled.body["cursor"] == 1);
    CHECK(pulled.body["more"] == true);
    CHECK(api.Pull(token_a, "cursor=1").body["ops"] == json::array({ops[1]}));

    // Organisation B sees none of it, and cannot push as A's device.
    Answer b_pull = api.Pull(token_b);
    REQUIRE(b_pull.status == 200);
    CHECK(b_pull.body["ops"].empty());
    CHECK(api.Push(token_b, device_a, json::array({ProductOp(device_a, 3, "SKU-3")})).status ==
          403);

    // /metrics counts what devices pushed.
    auto text = api.server.Client()->Get("/metrics");
    REQUIRE(text);
    CHECK_THAT(text->body, Catch::Contains("stocktake_sync_ops_total{result=\"duplicate\"}"));
}

TEST_CASE("sync over HTTP refuses missing, forged and other-organisation tokens",
          "[server][sync][http]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    Api api(backend);
    const auto [token, org] = api.Register("Shop A", "a@a.test");
    const std::string device = DeviceId(1);
    const json ops = json::array({ProductOp(device, 1, "SKU-1")});

    stocktake::server::AccessClaims claims;
    claims.sub = "someone";
    claims.org_id = org;
    claims.roles = {"owner"};
    claims.iat = 1;
    claims.exp = 4102444800;  // 2100
    const std::string wrong_key = stocktake::server::SignJwt(claims, std::string(40, 'k'));
    std::string tampered = token;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    for (const std::string& bad : {std::string(), wrong_key, tampered, std::string("x.y.z")}) {
        INFO("token: " << bad);
        CHECK(api.Push(bad, device, ops).status == 401);
        CHECK(api.Pull(bad).status == 401);
    }
    CHECK(api.Pull(token).body["ops"].empty());  // nothing was stored
}

TEST_CASE("sync over HTTP enforces roles and channels and explains bad requests",
          "[server][sync][http][rbac]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    Api api(backend);
    const auto [owner, org] = api.Register("Shop A", "a@a.test");
    const std::string viewer = api.AddUser(org, "v@a.test", Role::kViewer);
    const std::string staff = api.AddUser(org, "s@a.test", Role::kStaff);
    const std::string amazon_manager = api.AddUser(org, "m@a.test", Role::kManager, {"amazon"});

    Answer by_viewer =
        api.Push(viewer, DeviceId(1), json::array({ProductOp(DeviceId(1), 1, "SKU-1")}));
    CHECK(by_viewer.status == 403);
    CHECK(by_viewer.body["error"] == "PermissionDenied");
    CHECK(api.Pull(viewer).status == 200);  // viewers read

    Answer by_staff = api.Push(staff, DeviceId(2),
                               {Movement(DeviceId(2), 1, "m1", "SKU-1", "A1", 4, "receive"),
                                ProductOp(DeviceId(2), 2, "SKU-1")});
    REQUIRE(by_staff.status == 200);
    CHECK(by_staff.body["results"][0]["status"] == "accepted");
    CHECK(by_staff.body["results"][1]["status"] == "rejected");
    CHECK(by_staff.body["results"][1]["error"] == "PermissionDenied");

    Answer by_manager = api.Push(amazon_manager, DeviceId(3),
                                 json::array({MakeOp(DeviceId(3), 1, 1, "listing",
                                                     {"SKU-1", "ebay", ""}, {{"quantity", 1}})}));
    CHECK(by_manager.body["results"][0]["status"] == "rejected");
    CHECK_THAT(by_manager.body["results"][0]["reason"].get<std::string>(), Catch::Contains("ebay"));

    Answer not_json = api.Post("/api/v1/sync/push", "{not json", owner);
    CHECK(not_json.status == 400);
    CHECK_THAT(not_json.body["message"].get<std::string>(), Catch::Contains("device"));
    CHECK(api.Push(owner, "not-a-device", json::array()).status == 400);
    for (const char* query : {"cursor=-1", "cursor=abc", "limit=ten"}) {
        INFO(query);
        Answer bad = api.Pull(owner, query);
        CHECK(bad.status == 400);
        CHECK(bad.body["error"] == "InvalidArgument");
    }
}
