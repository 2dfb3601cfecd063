// The end-to-end truth of ShipStation processing: what the server writes is what a device
// applies. A device's engine pulls the organisation's change log after an order and after
// its shipment, and its on-hand and reserved figures move exactly as the shipment says,
// once however often the shipment is delivered.
#include <catch2/catch.hpp>

#include "stocktake/engine/engine.h"
#include "webhooks/shipstation_test_util.h"

namespace stocktake::server::testing {
namespace {

using nlohmann::json;

// A device: an engine on its own SQLite file, pulling the org's changes as the app does.
class PullingDevice {
  public:
    PullingDevice() {
        Result<std::unique_ptr<engine::Engine>> opened =
            engine::Engine::Open((dir_.path() / "device.db").string());
        REQUIRE(opened.ok());
        engine_ = std::move(opened).value();
    }

    // Pulls and applies every change after the cursor; how many ops it applied.
    int Pull(SyncService& sync) {
        int applied = 0;
        for (bool more = true; more;) {
            Result<ChangePage> page = sync.Pull(MakeActor("org-a", Role::kViewer), cursor_, 1000);
            REQUIRE(page.ok());
            std::vector<Op> ops;
            for (const std::string& text : page->ops) {
                Result<Op> op = OpFromJson(json::parse(text));
                REQUIRE(op.ok());
                ops.push_back(std::move(op).value());
            }
            Result<std::vector<engine::OpOutcome>> outcomes =
                engine_->ApplyPulledOps(ops, page->cursor);
            REQUIRE(outcomes.ok());
            for (const engine::OpOutcome& outcome : *outcomes) {
                INFO(outcome.op_id << ": " << outcome.reason);
                CHECK(outcome.state != engine::OpOutcome::State::kRejected);
                applied += outcome.state == engine::OpOutcome::State::kApplied;
            }
            cursor_ = page->cursor;
            more = page->more;
        }
        return applied;
    }

    int64_t OnHand(const std::string& sku, const std::string& location) {
        Result<std::vector<engine::StockLevel>> levels = engine_->StockLevels(sku);
        REQUIRE(levels.ok());
        for (const engine::StockLevel& level : *levels) {
            if (level.location == location) return level.on_hand;
        }
        return 0;
    }

    int64_t Reserved(const std::string& sku) {
        Result<std::vector<engine::Availability>> rows = engine_->Availabilities(sku);
        REQUIRE(rows.ok());
        return rows->empty() ? 0 : rows->front().reserved;
    }

  private:
    TempDir dir_;
    std::unique_ptr<engine::Engine> engine_;
    int64_t cursor_ = 0;
};

// A warehouse phone records SKU-1 in the catalogue and 10 received at WEST.
void ReceiveStock(ShipStationRig& rig) {
    const std::string phone = DeviceId(1);
    const json movement = {{"id", "receive-1"},    {"sku", "SKU-1"},
                           {"location", "WEST"},   {"delta", 10},
                           {"kind", "receive"},    {"reason", ""},
                           {"reference", ""},      {"lot", ""},
                           {"expiry", ""},         {"occurred_at", "2026-11-01T08:00:00Z"},
                           {"recorded_by", "ann"}, {"device", phone}};
    Result<PushOutcome> pushed = rig.sync().sync().Push(
        MakeActor("org-a", Role::kOwner), phone,
        {MakeOp(phone, 1, uint64_t{1} << 20, "product", {"SKU-1"}, {{"name", "Widget"}}),
         MakeOp(phone, 2, uint64_t{2} << 20, "location", {"WEST"},
                {{"name", "West"}, {"kind", "warehouse"}}),
         MakeOp(phone, 3, uint64_t{3} << 20, "movement", {"receive-1"}, movement)});
    REQUIRE(pushed.ok());
    REQUIRE(pushed->accepted == 3);
}

TEST_CASE("A shipment lowers on-hand and releases the reservation on a device, exactly once",
          "[server][shipstation][e2e]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    ReceiveStock(rig);
    PullingDevice device;
    device.Pull(rig.sync().sync());
    REQUIRE(device.OnHand("SKU-1", "WEST") == 10);

    rig.api().Serve("orders", {ApiOrder(1, "awaiting_shipment", {{"SKU-1", 3}})}, 100);
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
    CHECK(device.Pull(rig.sync().sync()) == 2);  // the order and its line
    CHECK(device.Reserved("SKU-1") == 3);
    CHECK(device.OnHand("SKU-1", "WEST") == 10);

    rig.api().Serve("shipments", {ApiShipment(70, 1, {{"SKU-1", 3}})}, 100);
    CheckDone(rig.Deliver(rig.Notification("shipments", "SHIP_NOTIFY")));
    CHECK(device.Pull(rig.sync().sync()) == 2);  // the ship movement and the order's status
    CHECK(device.OnHand("SKU-1", "WEST") == 7);
    CHECK(device.Reserved("SKU-1") == 0);

    // Delivered again (and as the ITEM_ variant): nothing more reaches the device.
    CheckDone(rig.Deliver(rig.Notification("shipments", "SHIP_NOTIFY")));
    CheckDone(rig.Deliver(rig.Notification("shipments", "ITEM_SHIP_NOTIFY")));
    CHECK(device.Pull(rig.sync().sync()) == 0);
    CHECK(device.OnHand("SKU-1", "WEST") == 7);

    // The label is voided: the stock is back and the order reserves it again.
    rig.api().Serve("shipments", {ApiShipment(70, 1, {{"SKU-1", 3}}, true)}, 100);
    CheckDone(rig.Deliver(rig.Notification("shipments", "SHIP_NOTIFY")));
    CHECK(device.Pull(rig.sync().sync()) == 2);
    CHECK(device.OnHand("SKU-1", "WEST") == 10);
    CHECK(device.Reserved("SKU-1") == 3);
}

TEST_CASE("A cancelled order stops reserving on a device", "[server][shipstation][e2e]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    ReceiveStock(rig);
    PullingDevice device;
    rig.api().Serve("orders", {ApiOrder(1, "awaiting_shipment", {{"SKU-1", 4}})}, 100);
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
    device.Pull(rig.sync().sync());
    CHECK(device.Reserved("SKU-1") == 4);
    rig.api().Serve("orders", {ApiOrder(1, "cancelled", {{"SKU-1", 4}})}, 100);
    CheckDone(rig.Deliver(rig.Notification("orders", "ORDER_NOTIFY")));
    CHECK(device.Pull(rig.sync().sync()) == 1);
    CHECK(device.Reserved("SKU-1") == 0);
    CHECK(device.OnHand("SKU-1", "WEST") == 10);
}

TEST_CASE("An unknown SKU shipped from an unrecorded location reaches devices as it is",
          "[server][shipstation][e2e]") {
    ShipStationRig rig;
    INFO("backend: " << rig.sync().backend());
    PullingDevice device;
    const json line = {{"line_item_key", "L1"}, {"sku", "NEW-9"}, {"quantity", 2}};
    CheckDone(rig.Deliver(
        {{"order", {{"order_id", "42"}, {"status", "awaiting_shipment"}, {"lines", {line}}}}}));
    CheckDone(
        rig.Deliver({{"shipment", {{"shipment_id", "7"}, {"order_id", "42"}, {"lines", {line}}}}}));
    // The order, its line, the location MAIN (the default), the movement, the status.
    CHECK(device.Pull(rig.sync().sync()) == 5);
    CHECK(device.OnHand("NEW-9", "MAIN") == -2);  // a physical fact, even below zero
    CHECK(device.Reserved("NEW-9") == 0);
    CHECK(rig.Count("SELECT COUNT(*) FROM insights WHERE kind = 'unknown_sku'") == 1);
    CHECK(rig.Count("SELECT COUNT(*) FROM insights WHERE kind = 'negative_stock'") == 1);
}

}  // namespace
}  // namespace stocktake::server::testing
