// The devices an organisation syncs from (GET /api/v1/devices): names sent or made from the
// User-Agent, push and pull times, the pull cursor, organisations kept apart; on SQLite and
// PostgreSQL, through the service and a real server.
#include <catch2/catch.hpp>

#include "api_test_util.h"
#include "api_users.h"
#include "sync/device_name.h"
#include "sync/sync_test_util.h"

using nlohmann::json;
using stocktake::Code;
using stocktake::server::Actor;
using stocktake::server::CleanDeviceName;
using stocktake::server::DeviceNameFromUserAgent;
using stocktake::server::DeviceRecord;
using stocktake::server::Role;
using stocktake::server::SyncService;
using namespace stocktake::server::testing;

namespace {

json ProductOp(const std::string& device, int64_t seq, const std::string& sku) {
    return MakeOp(device, seq, 100 + static_cast<uint64_t>(seq), "product", {sku},
                  {{"name", "Mug " + sku}});
}

std::vector<DeviceRecord> MustList(SyncService& sync, const Actor& actor) {
    auto devices = sync.Devices(actor);
    REQUIRE(devices.ok());
    return std::move(devices).value();
}

const DeviceRecord* Find(const std::vector<DeviceRecord>& devices, const std::string& id) {
    for (const DeviceRecord& device : devices) {
        if (device.id == id) return &device;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("device names come from the User-Agent when a device sends none", "[server][devices]") {
    CHECK(DeviceNameFromUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, "
                                  "like Gecko) Chrome/120.0.0.0 Safari/537.36") ==
          "Chrome on Linux");
    CHECK(DeviceNameFromUserAgent("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                                  "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36") ==
          "Chrome on Android");
    CHECK(DeviceNameFromUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) "
                                  "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 "
                                  "Mobile/15E148 Safari/604.1") == "Safari on iPhone");
    CHECK(DeviceNameFromUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) "
                                  "Gecko/20100101 Firefox/121.0") == "Firefox on Windows");
    CHECK(DeviceNameFromUserAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
                                  "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
                                  "Safari/537.36 Edg/120.0.0.0") == "Edge on macOS");
    CHECK(DeviceNameFromUserAgent("curl/8.0") == "");
    CHECK(DeviceNameFromUserAgent("") == "");

    CHECK(CleanDeviceName("  Packing bench\n") == "Packing bench");
    CHECK(CleanDeviceName("\t ") == "");
    // Cut on a character boundary: 79 ASCII bytes, then a 2-byte character that does not fit.
    const std::string cut = CleanDeviceName(std::string(79, 'a') + "\xc3\xa9" + "tail");
    CHECK(cut == std::string(79, 'a'));
}

TEST_CASE("the device list records pushes, pulls and cursors per organisation",
          "[server][devices]") {
    SyncDb db;
    INFO("backend: " << db.backend());
    db.AddOrg("org-b");
    SyncService& sync = db.sync();
    const Actor manager = MakeActor("org-a", Role::kManager);
    const Actor viewer = MakeActor("org-a", Role::kViewer);
    const Actor other = MakeActor("org-b", Role::kOwner);
    const std::string laptop = DeviceId(1);
    const std::string phone = DeviceId(2);
    CHECK(MustList(sync, manager).empty());

    REQUIRE(sync.Push(manager, laptop,
                      {ProductOp(laptop, 1, "SKU-1"), ProductOp(laptop, 2, "SKU-2")},
                      "Chrome on Linux")
                .ok());
    std::vector<DeviceRecord> devices = MustList(sync, manager);
    REQUIRE(devices.size() == 1);
    CHECK(devices[0].id == laptop);
    CHECK(devices[0].name == "Chrome on Linux");
    CHECK_FALSE(devices[0].first_seen.empty());
    CHECK_FALSE(devices[0].last_push.empty());
    CHECK(devices[0].last_pull.empty());  // never pulled
    CHECK(devices[0].cursor == 0);

    // A device that only pulls is listed too, with where its pull ended.
    REQUIRE(sync.Pull(viewer, 0, 1, phone, "Warehouse phone").ok());
    devices = MustList(sync, viewer);
    REQUIRE(devices.size() == 2);
    const DeviceRecord* listed_phone = Find(devices, phone);
    REQUIRE(listed_phone != nullptr);
    CHECK(listed_phone->name == "Warehouse phone");
    CHECK(listed_phone->cursor == 1);
    CHECK(listed_phone->last_push.empty());
    CHECK_FALSE(listed_phone->last_pull.empty());

    // Pulling on: the cursor moves; a pull without a name keeps the one known.
    REQUIRE(sync.Pull(viewer, 1, 100, phone, "").ok());
    listed_phone = Find(MustList(sync, viewer), phone);
    REQUIRE(listed_phone != nullptr);
    CHECK(listed_phone->cursor == 2);
    CHECK(listed_phone->name == "Warehouse phone");
    // A pull without a device id records nothing.
    REQUIRE(sync.Pull(viewer, 0, 100).ok());
    CHECK(MustList(sync, viewer).size() == 2);

    // Organisations are kept apart: B sees none of A's devices and cannot pull as one.
    CHECK(MustList(sync, other).empty());
    auto stolen = sync.Pull(other, 0, 10, laptop, "thief");
    REQUIRE_FALSE(stolen.ok());
    CHECK(stolen.status().code() == Code::kPermissionDenied);
    CHECK(Find(MustList(sync, manager), laptop)->name == "Chrome on Linux");
    auto malformed = sync.Pull(viewer, 0, 10, "not-a-device", "");
    REQUIRE_FALSE(malformed.ok());
    CHECK(malformed.status().code() == Code::kInvalidArgument);
}

TEST_CASE("GET /api/v1/devices lists the caller's organisation's devices",
          "[server][devices][http]") {
    const std::string backend = GENERATE(from_range(TestBackends()));
    INFO("backend: " << backend);
    TempDir tmp;
    TestDatabase database(backend);
    RunningServer server((tmp.path() / "public").string(), (tmp.path() / "data").string(),
                         database.Open());
    const auto [token_a, org_a] = RegisterOrg(server, "Shop A", "a@a.test");
    const auto [token_b, org_b] = RegisterOrg(server, "Shop B", "b@b.test");
    const std::string laptop = DeviceId(1);
    const std::string phone = DeviceId(2);

    CHECK(Make(server.Client()->Get("/api/v1/devices")).status == 401);
    CHECK(Make(server.Client()->Get("/api/v1/devices", Bearer("x.y.z"))).status == 401);

    // The laptop names itself; the phone sends no name: its User-Agent names it.
    httplib::Headers laptop_headers = Bearer(token_a);
    const json push = {{"device", laptop},
                       {"device_name", "Office laptop"},
                       {"ops", json::array({ProductOp(laptop, 1, "SKU-1")})}};
    REQUIRE(Make(server.Client()->Post("/api/v1/sync/push", laptop_headers, push.dump(),
                                       "application/json"))
                .status == 200);
    httplib::Headers phone_headers = Bearer(token_a);
    phone_headers.emplace("User-Agent",
                          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, "
                          "like Gecko) Chrome/120.0 Mobile Safari/537.36");
    REQUIRE(Make(server.Client()->Get(("/api/v1/sync/pull?cursor=0&device=" + phone).c_str(),
                                      phone_headers))
                .status == 200);
    CHECK(
        Make(server.Client()->Get("/api/v1/sync/pull?cursor=0&device=zz", phone_headers)).status ==
        400);
    const json bad_name = {{"device", laptop}, {"device_name", 7}, {"ops", json::array()}};
    CHECK(Make(server.Client()->Post("/api/v1/sync/push", laptop_headers, bad_name.dump(),
                                     "application/json"))
              .status == 400);

    Answer listed = Make(server.Client()->Get("/api/v1/devices", Bearer(token_a)));
    REQUIRE(listed.status == 200);
    REQUIRE(listed.body["devices"].size() == 2);
    json by_id;
    for (const json& device : listed.body["devices"])
        by_id[device["id"].get<std::string>()] = device;
    CHECK(by_id[laptop]["name"] == "Office laptop");
    CHECK(by_id[laptop]["last_push"].is_string());
    CHECK(by_id[laptop]["last_pull"].is_null());
    CHECK(by_id[phone]["name"] == "Chrome on Android");
    CHECK(by_id[phone]["last_push"].is_null());
    CHECK(by_id[phone]["last_pull"].is_string());
    CHECK(by_id[phone]["cursor"] == 1);
    CHECK(by_id[phone]["first_seen"].is_string());

    Answer other = Make(server.Client()->Get("/api/v1/devices", Bearer(token_b)));
    REQUIRE(other.status == 200);
    CHECK(other.body["devices"].empty());
}
