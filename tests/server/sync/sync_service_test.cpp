// The sync service: idempotent pushes, per-op refusals, last-writer-wins per field into
// relational rows, roles and channels, organisations kept apart, and pulls that never skip.
#include "sync/sync_service.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "sync/sync_test_util.h"

using nlohmann::json;
using stocktake::Code;
using stocktake::server::Actor;
using stocktake::server::PushOutcome;
using stocktake::server::Role;
using stocktake::server::SqlRows;
using stocktake::server::SyncService;
using namespace stocktake::server::testing;

namespace {

const std::string kDeviceA = DeviceId(1);
const std::string kDeviceB = DeviceId(2);

json Product(const std::string& device, int64_t seq, uint64_t hlc, const std::string& sku,
             json fields) {
    return MakeOp(device, seq, hlc, "product", {sku}, std::move(fields));
}

PushOutcome MustPush(SyncService& sync, const Actor& actor, const std::string& device,
                     const std::vector<json>& ops) {
    auto pushed = sync.Push(actor, device, ops);
    REQUIRE(pushed.ok());
    return std::move(pushed).value();
}

}  // namespace

TEST_CASE("a push is stored once, projected into rows, and pulled back in order",
          "[server][sync]") {
    SyncDb db;
    INFO("backend: " << db.backend());
    SyncService& sync = db.sync();
    const Actor manager = MakeActor("org-a", Role::kManager);
    const std::vector<json> ops = {
        Product(kDeviceA, 1, 100, "SKU-1", {{"name", "Mug"}, {"cost", 250}}),
        MakeOp(kDeviceA, 2, 101, "listing", {"SKU-1", "amazon", "US"},
               {{"quantity", 7}, {"price_minor", 1299}}),
    };
    PushOutcome first = MustPush(sync, manager, kDeviceA, ops);
    CHECK(first.accepted == 2);
    CHECK(first.rejected == 0);
    CHECK(first.cursor == 2);
    CHECK(first.ops[0].id == kDeviceA + ":1");

    SqlRows product = db.Exec("SELECT name, cost FROM products WHERE org_id = $1 AND sku = $2",
                              {std::string("org-a"), std::string("SKU-1")});
    REQUIRE(product.size() == 1);
    CHECK(product.Text(0, 0) == "Mug");
    CHECK(product.Int(0, 1) == 250);
    SqlRows listing = db.Exec("SELECT quantity FROM listings WHERE channel = 'amazon'");
    REQUIRE(listing.size() == 1);
    CHECK(listing.Int(0, 0) == 7);

    SECTION("re-sending the batch changes nothing") {
        PushOutcome again = MustPush(sync, manager, kDeviceA, ops);
        CHECK(again.accepted == 0);
        CHECK(again.duplicates == 2);
        CHECK(again.ops[1].accepted);
        CHECK(again.ops[1].duplicate);
        CHECK(again.cursor == 2);
        CHECK(db.Exec("SELECT COUNT(*) FROM changes").Int(0, 0) == 2);
    }
    SECTION("pull returns the ops as sent, with the cursor") {
        auto page = sync.Pull(manager, 0, 10);
        REQUIRE(page.ok());
        REQUIRE(page->ops.size() == 2);
        CHECK(json::parse(page->ops[0]) == ops[0]);
        CHECK(json::parse(page->ops[1]) == ops[1]);
        CHECK(page->cursor == 2);
        CHECK_FALSE(page->more);
        auto after = sync.Pull(manager, 2, 10);
        REQUIRE(after.ok());
        CHECK(after->ops.empty());
        CHECK(after->cursor == 2);
    }
}

TEST_CASE("fields merge last writer wins by clock, then device, whatever the arrival order",
          "[server][sync]") {
    SyncDb db;
    INFO("backend: " << db.backend());
    SyncService& sync = db.sync();
    const Actor manager = MakeActor("org-a", Role::kManager);
    // Device B's later edit of the name arrives first; A's older name must not win, but
    // A's brand (which B never set) does.
    MustPush(sync, manager, kDeviceB, {Product(kDeviceB, 1, 500, "SKU-1", {{"name", "New"}})});
    MustPush(sync, manager, kDeviceA,
             {Product(kDeviceA, 1, 400, "SKU-1", {{"name", "Old"}, {"brand", "Acme"}})});
    SqlRows row = db.Exec("SELECT name, brand, deleted FROM products");
    CHECK(row.Text(0, 0) == "New");
    CHECK(row.Text(0, 1) == "Acme");
    CHECK(row.Int(0, 2) == 0);

    // Same clock: the larger device id wins the tie.
    MustPush(sync, manager, kDeviceA, {Product(kDeviceA, 2, 600, "SKU-1", {{"brand", "A"}})});
    MustPush(sync, manager, kDeviceB, {Product(kDeviceB, 2, 600, "SKU-1", {{"brand", "B"}})});
    CHECK(db.Exec("SELECT brand FROM products").Text(0, 0) == "B");

    // A tombstone, then a later re-creation.
    MustPush(sync, manager, kDeviceA, {Product(kDeviceA, 3, 700, "SKU-1", {{"_deleted", true}})});
    CHECK(db.Exec("SELECT deleted FROM products").Int(0, 0) == 1);
    MustPush(sync, manager, kDeviceB,
             {Product(kDeviceB, 3, 800, "SKU-1", {{"_deleted", false}, {"name", "Back"}})});
    SqlRows back = db.Exec("SELECT deleted, name FROM products");
    CHECK(back.Int(0, 0) == 0);
    CHECK(back.Text(0, 1) == "Back");
}

TEST_CASE("a bad op is refused with its reason and the rest of the batch still lands",
          "[server][sync]") {
    SyncDb db;
    INFO("backend: " << db.backend());
    SyncService& sync = db.sync();
    const Actor admin = MakeActor("org-a", Role::kAdmin);
    json wrong_id = Product(kDeviceA, 5, 100, "SKU-5", {{"name", "x"}});
    wrong_id["id"] = kDeviceA + ":55";
    const std::vector<json> ops = {
        Product(kDeviceA, 1, 100, "SKU-1", {{"colour", "red"}}),
        Product(kDeviceA, 2, 100, "SKU-2", {{"cost", "cheap"}}),
        MakeOp(kDeviceA, 3, 100, "spaceship", {"X"}, json::object()),
        Product(kDeviceB, 4, 100, "SKU-4", {{"name", "other device"}}),
        wrong_id,
        json("not an op"),
        MakeOp(kDeviceA, 6, 100, "listing", {"SKU-6"}, {{"quantity", 1}}),
        Movement(kDeviceA, 7, "m7", "SKU-7", "A1", 3, "teleport"),
        Product(kDeviceA, 8, 100, "SKU-8", {{"name", "Good"}}),
    };
    PushOutcome outcome = MustPush(sync, admin, kDeviceA, ops);
    REQUIRE(outcome.ops.size() == ops.size());
    CHECK(outcome.accepted == 1);
    CHECK(outcome.rejected == 8);
    CHECK_THAT(outcome.ops[0].reason, Catch::Contains("no field 'colour'"));
    CHECK_THAT(outcome.ops[1].reason, Catch::Contains("cost must be an integer"));
    CHECK_THAT(outcome.ops[2].reason, Catch::Contains("spaceship"));
    CHECK_THAT(outcome.ops[3].reason, Catch::Contains("pushed by device"));
    CHECK(outcome.ops[4].code == Code::kInvalidArgument);
    CHECK(outcome.ops[5].code == Code::kInvalidArgument);
    CHECK_THAT(outcome.ops[6].reason, Catch::Contains("key must have 3 parts"));
    CHECK_THAT(outcome.ops[7].reason, Catch::Contains("teleport"));
    CHECK(outcome.ops[8].accepted);
    CHECK(outcome.cursor == 1);
    CHECK(db.Exec("SELECT COUNT(*) FROM products").Int(0, 0) == 1);
}

TEST_CASE("roles decide which ops a user may push", "[server][sync][rbac]") {
    SyncDb db;
    INFO("backend: " << db.backend());
    SyncService& sync = db.sync();
    const json movement = Movement(kDeviceA, 1, "m1", "SKU-1", "A1", 5, "receive");
    const json product = Product(kDeviceA, 2, 100, "SKU-1", {{"name", "Mug"}});
    const json purchase_order =
        MakeOp(kDeviceA, 3, 100, "purchase_order", {"PO-1"}, {{"status", "draft"}});
    const json setting = MakeOp(kDeviceA, 4, 100, "setting", {"slow_days"}, {{"value", 45}});
    // Linking an unknown barcode is part of scanning stock in: staff may.
    const json barcode = MakeOp(kDeviceA, 5, 100, "barcode", {"04006381333931"},
                                {{"sku", "SKU-1"}, {"kind", "gtin"}});
    const std::vector<json> ops = {movement, product, purchase_order, setting, barcode};

    auto viewer = sync.Push(MakeActor("org-a", Role::kViewer), kDeviceA, ops);
    CHECK(viewer.status().code() == Code::kPermissionDenied);

    struct Expectation {
        Role role;
        std::vector<bool> accepted;
    };
    for (const Expectation& row : {Expectation{Role::kStaff, {true, false, false, false, true}},
                                   Expectation{Role::kManager, {true, true, true, false, true}},
                                   Expectation{Role::kAdmin, {true, true, true, true, true}},
                                   Expectation{Role::kOwner, {true, true, true, true, true}}}) {
        SyncDb fresh;
        SyncService& service = fresh.sync();
        PushOutcome outcome = MustPush(service, MakeActor("org-a", row.role), kDeviceA, ops);
        INFO("role " << stocktake::server::RoleName(row.role));
        for (size_t i = 0; i < ops.size(); ++i) {
            INFO("op " << i);
            CHECK(outcome.ops[i].accepted == row.accepted[i]);
            if (!row.accepted[i]) CHECK(outcome.ops[i].code == Code::kPermissionDenied);
        }
        CHECK(
            fresh.Exec("SELECT sku, kind FROM barcodes WHERE code = '04006381333931'").Text(0, 0) ==
            "SKU-1");
    }
}

TEST_CASE("allowed_channels limit which channels' records a user may change",
          "[server][sync][rbac]") {
    SyncDb db;
    INFO("backend: " << db.backend());
    SyncService& sync = db.sync();
    const Actor owner = MakeActor("org-a", Role::kOwner);
    const Actor amazon_only = MakeActor("org-a", Role::kManager, {"amazon"});
    MustPush(sync, owner, kDeviceB,
             {MakeOp(kDeviceB, 1, 100, "order", {"O-1"}, {{"channel", "ebay"}})});

    PushOutcome outcome =
        MustPush(sync, amazon_only, kDeviceA,
                 {MakeOp(kDeviceA, 1, 200, "listing", {"SKU-1", "amazon", ""}, {{"quantity", 3}}),
                  MakeOp(kDeviceA, 2, 200, "listing", {"SKU-1", "ebay", ""}, {{"quantity", 3}}),
                  // An edit that does not name the channel is judged by the stored record's.
                  MakeOp(kDeviceA, 3, 200, "order", {"O-1"}, {{"status", "cancelled"}}),
                  // Moving a record into a channel the user has is not enough either.
                  MakeOp(kDeviceA, 4, 200, "order", {"O-1"}, {{"channel", "amazon"}}),
                  MakeOp(kDeviceA, 5, 200, "channel_rules", {"ebay"}, {{"max_quantity", 1}}),
                  MakeOp(kDeviceA, 6, 200, "product", {"SKU-1"}, {{"name", "Mug"}})});
    std::vector<bool> accepted;
    for (const auto& op : outcome.ops) accepted.push_back(op.accepted);
    CHECK(accepted == std::vector<bool>{true, false, false, false, false, true});
    CHECK_THAT(outcome.ops[1].reason, Catch::Contains("channel ebay"));
    CHECK(db.Exec("SELECT status FROM orders").IsNull(0, 0));
}

TEST_CASE("organisations never see or claim each other's data", "[server][sync]") {
    SyncDb db;
    INFO("backend: " << db.backend());
    db.AddOrg("org-b");
    SyncService& sync = db.sync();
    const Actor a = MakeActor("org-a", Role::kOwner);
    const Actor b = MakeActor("org-b", Role::kOwner);
    MustPush(sync, a, kDeviceA, {Product(kDeviceA, 1, 100, "SKU-1", {{"name", "A's"}})});

    auto b_pull = sync.Pull(b, 0, 100);
    REQUIRE(b_pull.ok());
    CHECK(b_pull->ops.empty());
    CHECK(b_pull->cursor == 0);

    // Org B cannot push as org A's device (nor pre-empt its op ids).
    auto hijack = sync.Push(b, kDeviceA, {Product(kDeviceA, 2, 100, "SKU-1", {{"name", "B's"}})});
    CHECK(hijack.status().code() == Code::kPermissionDenied);

    // The same SKU in org B is its own record with its own sequence.
    PushOutcome own =
        MustPush(sync, b, kDeviceB, {Product(kDeviceB, 1, 100, "SKU-1", {{"name", "B's"}})});
    CHECK(own.cursor == 1);
    SqlRows names = db.Exec("SELECT org_id, name FROM products ORDER BY org_id");
    REQUIRE(names.size() == 2);
    CHECK(names.Text(0, 1) == "A's");
    CHECK(names.Text(1, 1) == "B's");
}

TEST_CASE("ledger facts are kept once, stock below zero is flagged not refused", "[server][sync]") {
    SyncDb db;
    INFO("backend: " << db.backend());
    SyncService& sync = db.sync();
    const Actor staff = MakeActor("org-a", Role::kStaff);
    PushOutcome sold =
        MustPush(sync, staff, kDeviceA, {Movement(kDeviceA, 1, "m1", "SKU-1", "A1", -3, "sale")});
    CHECK(sold.accepted == 1);
    SqlRows flagged = db.Exec("SELECT kind, sku, details FROM insights");
    REQUIRE(flagged.size() == 1);
    CHECK(flagged.Text(0, 0) == "negative_stock");
    CHECK(json::parse(flagged.Text(0, 2))["on_hand"] == -3);

    // The same movement id with other facts is refused; the stock is unchanged.
    PushOutcome conflicting =
        MustPush(sync, staff, kDeviceB, {Movement(kDeviceB, 1, "m1", "SKU-1", "A1", -30, "sale")});
    CHECK(conflicting.ops[0].code == Code::kAlreadyExists);

    MustPush(sync, staff, kDeviceA, {Movement(kDeviceA, 2, "m2", "SKU-1", "A1", 5, "receive")});
    CHECK(db.Exec("SELECT COUNT(*) FROM insights").Int(0, 0) == 0);
    CHECK(db.Exec("SELECT SUM(delta) FROM movements").Int(0, 0) == 2);
}

TEST_CASE("a new device bootstraps from cursor 0 page by page", "[server][sync]") {
    SyncDb db;
    INFO("backend: " << db.backend());
    SyncService& sync = db.sync();
    const Actor staff = MakeActor("org-a", Role::kStaff);
    std::vector<json> ops;
    for (int i = 1; i <= 25; ++i) {
        ops.push_back(Movement(kDeviceA, i, "m" + std::to_string(i), "SKU", "A1", 1));
    }
    MustPush(sync, staff, kDeviceA, ops);
    std::vector<json> seen;
    int64_t cursor = 0;
    int pages = 0;
    for (bool more = true; more; ++pages) {
        auto page = sync.Pull(MakeActor("org-a", Role::kViewer), cursor, 10);
        REQUIRE(page.ok());
        for (const std::string& op : page->ops) seen.push_back(json::parse(op));
        cursor = page->cursor;
        more = page->more;
    }
    CHECK(pages == 3);
    CHECK(cursor == 25);
    CHECK(seen == ops);
}

TEST_CASE("concurrent pushers: a puller following along never skips a change",
          "[server][sync][concurrency]") {
    SyncDb db(6);
    INFO("backend: " << db.backend());
    SyncService& sync = db.sync();
    constexpr int kPushers = 4;
    constexpr int kBatches = 15;
    constexpr int kOpsPerBatch = 5;
    std::atomic<int> pushers_done{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> pushers;
    for (int p = 0; p < kPushers; ++p) {
        pushers.emplace_back([&, p] {
            const std::string device = DeviceId(10 + p);
            const Actor staff = MakeActor("org-a", Role::kStaff);
            for (int b = 0; b < kBatches; ++b) {
                std::vector<json> ops;
                for (int i = 0; i < kOpsPerBatch; ++i) {
                    const int seq = b * kOpsPerBatch + i + 1;
                    ops.push_back(
                        Movement(device, seq, device + "-" + std::to_string(seq), "SKU", "A1", 1));
                }
                auto pushed = sync.Push(staff, device, ops);
                if (!pushed.ok() || pushed->accepted != kOpsPerBatch) ++failures;
            }
            ++pushers_done;
        });
    }
    // Follows the log as a device would, only ever asking for what is after its cursor.
    std::vector<int64_t> seqs_seen;
    std::set<std::string> ids_seen;
    int64_t cursor = 0;
    const Actor viewer = MakeActor("org-a", Role::kViewer);
    for (;;) {
        const bool finished = pushers_done == kPushers;
        auto page = sync.Pull(viewer, cursor, 7);
        REQUIRE(page.ok());
        for (const std::string& op : page->ops) ids_seen.insert(json::parse(op)["id"]);
        if (page->cursor > cursor) seqs_seen.push_back(page->cursor);
        cursor = page->cursor;
        if (finished && !page->more) break;
    }
    for (std::thread& pusher : pushers) pusher.join();
    CHECK(failures == 0);
    const int total = kPushers * kBatches * kOpsPerBatch;
    CHECK(cursor == total);
    CHECK(ids_seen.size() == static_cast<size_t>(total));
    CHECK(db.Exec("SELECT COUNT(*) FROM changes").Int(0, 0) == total);
}
