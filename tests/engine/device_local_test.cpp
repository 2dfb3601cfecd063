// The device's own state (engine migration 19): its name and the scanner session are kept
// across a reopen (a reloaded tab), replaced whole, and make no op to sync.
#include <catch2/catch.hpp>

#include "engine/test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::OpenOrDie;
using testing::TempDbFile;

ScanSession HalfPicked() {
    ScanSession session;
    session.mode = "pick";
    session.location = "BIN-A";
    session.to_location = "BIN-B";
    session.po_id = "PO-7";
    session.order_key = "amazon/PICK-1";
    session.count_seen_position = 42;
    session.picks = {{"MUG", 2, 1}, {"BOWL", 1, 0}};
    session.tallies = {{"PLATE", 0, 5}};
    return session;
}

TEST_CASE("a half-done pick, its settings and a count's tallies survive a reopen",
          "[engine][device_local]") {
    TempDbFile file("scan_session");
    {
        auto engine = OpenOrDie(file.path());
        Result<ScanSession> fresh = engine->LoadScanSession();
        REQUIRE(fresh.ok());
        CHECK(fresh.value() == ScanSession{});
        const uint64_t generation = engine->Generation();
        REQUIRE(engine->SaveScanSession(HalfPicked()).ok());
        CHECK(engine->Generation() == generation);     // nothing a reader shows changed
        CHECK(engine->PendingOpCount().value() == 0);  // never synced
    }
    auto reopened = OpenOrDie(file.path());
    Result<ScanSession> kept = reopened->LoadScanSession();
    REQUIRE(kept.ok());
    CHECK(kept.value() == HalfPicked());
    CHECK(kept->picks[0].sku == "MUG");
    CHECK(kept->picks[0].done == 1);
    CHECK(kept->tallies.size() == 1);
}

TEST_CASE("saving a session replaces the lines; bad lines are refused and keep the old one",
          "[engine][device_local]") {
    auto engine = OpenOrDie();
    REQUIRE(engine->SaveScanSession(HalfPicked()).ok());
    ScanSession shipped = HalfPicked();
    shipped.order_key.clear();
    shipped.picks.clear();
    shipped.tallies = {{"PLATE", 0, 6}, {"JUG", 0, 1}};
    REQUIRE(engine->SaveScanSession(shipped).ok());
    CHECK(engine->LoadScanSession().value() == shipped);

    ScanSession bad = shipped;
    bad.tallies.push_back({"", 0, 1});
    Status refused = engine->SaveScanSession(bad);
    CHECK(refused.code() == Code::kInvalidArgument);
    bad.tallies.back() = {"CUP", 0, -1};
    CHECK(engine->SaveScanSession(bad).code() == Code::kInvalidArgument);
    CHECK(engine->LoadScanSession().value() == shipped);
}

TEST_CASE("the device name is trimmed, kept across a reopen, and limited like the server's",
          "[engine][device_local]") {
    TempDbFile file("device_name");
    {
        auto engine = OpenOrDie(file.path());
        CHECK(engine->DeviceName().value().empty());
        REQUIRE(engine->SaveDeviceName("  Dock phone 2 ").ok());
        CHECK(engine->DeviceName().value() == "Dock phone 2");
        CHECK(engine->SaveDeviceName(std::string(81, 'x')).code() == Code::kInvalidArgument);
        CHECK(engine->SaveDeviceName("tab\there").code() == Code::kInvalidArgument);
        CHECK(engine->SaveDeviceName(std::string(80, 'x')).ok());
        REQUIRE(engine->SaveDeviceName("倉庫の電話").ok());  // UTF-8 kept as typed
        CHECK(engine->PendingOpCount().value() == 0);
    }
    auto reopened = OpenOrDie(file.path());
    CHECK(reopened->DeviceName().value() == "倉庫の電話");
    REQUIRE(reopened->SaveDeviceName("").ok());  // back to the browser's name
    CHECK(reopened->DeviceName().value().empty());
}

}  // namespace
}  // namespace stocktake::engine
