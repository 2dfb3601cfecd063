// Reading orders back: the list with its filters and order, and one order's lines with what
// they reserve and what shipped (the engine's ship movements and ShipStation's, net of a
// voided label).
#include <catch2/catch.hpp>

#include "engine/test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::Move;
using testing::OpenOrDie;

std::unique_ptr<Engine> EngineWithStock() {
    std::unique_ptr<Engine> engine = OpenOrDie();
    REQUIRE(engine->AddLocation({"MAIN", "", "Main warehouse", "warehouse"}).ok());
    REQUIRE(engine->SaveProduct({"MUG-1", "Mug", {}, {}, {}, {}}).ok());
    REQUIRE(engine->SaveProduct({"CUP-2", "Cup", {}, {}, {}, {}}).ok());
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN", 50, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("CUP-2", "MAIN", 50, MovementKind::kReceive)).ok());
    return engine;
}

std::vector<std::string> Ids(const std::vector<OrderSummary>& orders) {
    std::vector<std::string> ids;
    for (const OrderSummary& o : orders) ids.push_back(o.channel + ":" + o.external_id);
    return ids;
}

TEST_CASE("orders list newest first, filtered by status and channel", "[engine][orders]") {
    std::unique_ptr<Engine> engine = EngineWithStock();
    REQUIRE(engine
                ->RecordOrder({"amazon",
                               "A1",
                               "",
                               "2026-11-20T09:00:00Z",
                               {{"MUG-1", 2, 1299}, {"CUP-2", 3, std::nullopt}}})
                .ok());
    REQUIRE(
        engine->RecordOrder({"ebay", "E1", "", "2026-11-22T09:00:00Z", {{"MUG-1", 1, 999}}}).ok());
    REQUIRE(engine->RecordOrder({"amazon", "A2", "", "2026-11-21T09:00:00Z", {{"CUP-2", 4, 500}}})
                .ok());
    REQUIRE(engine->ShipOrder("amazon", "A2", "MAIN").ok());
    REQUIRE(engine->CancelOrder("ebay", "E1").ok());

    Result<std::vector<OrderSummary>> all = engine->Orders({});
    REQUIRE(all.ok());
    CHECK(Ids(*all) == std::vector<std::string>{"ebay:E1", "amazon:A2", "amazon:A1"});
    const OrderSummary& a1 = all->back();
    CHECK(a1.status == "open");
    CHECK(a1.ordered_at == "2026-11-20T09:00:00Z");
    CHECK(a1.lines == 2);
    CHECK(a1.units == 5);

    CHECK(Ids(engine->Orders({"open", "", 500}).value()) == std::vector<std::string>{"amazon:A1"});
    CHECK(Ids(engine->Orders({"", "amazon", 500}).value()) ==
          std::vector<std::string>{"amazon:A2", "amazon:A1"});
    CHECK(Ids(engine->Orders({"shipped", "ebay", 500}).value()).empty());
    CHECK(engine->Orders({"", "", 1}).value().size() == 1);

    CHECK(engine->Orders({"lost", "", 500}).status().code() == Code::kInvalidArgument);
    CHECK(engine->Orders({"", "", 0}).status().code() == Code::kInvalidArgument);
}

TEST_CASE("an order shows what its lines reserve and what shipped", "[engine][orders]") {
    std::unique_ptr<Engine> engine = EngineWithStock();
    REQUIRE(engine
                ->RecordOrder({"amazon",
                               "A1",
                               "",
                               "2026-11-20T09:00:00Z",
                               {{"MUG-1", 2, 1299}, {"CUP-2", 3, std::nullopt}}})
                .ok());
    // A look-alike order number: its movements are not A1's.
    REQUIRE(engine->RecordOrder({"amazon", "A10", "", "", {{"MUG-1", 1, std::nullopt}}}).ok());
    REQUIRE(engine->ShipOrder("amazon", "A10", "MAIN").ok());

    Result<std::optional<OrderDetail>> open = engine->FindOrder("amazon", "A1");
    REQUIRE(open.ok());
    REQUIRE(open->has_value());
    const OrderDetail& o = **open;
    CHECK(o.status == "open");
    REQUIRE(o.lines.size() == 2);
    CHECK(o.lines[0].line == 1);
    CHECK(o.lines[0].sku == "MUG-1");
    CHECK(o.lines[0].price_minor == 1299);
    CHECK(o.lines[0].reserved == 2);
    CHECK(o.lines[0].shipped == 0);
    CHECK(o.lines[1].reserved == 3);
    CHECK(o.movements.empty());

    // ShipStation ships part of it (reference "order <id>, shipment <n>"), then voids it.
    Movement ship = Move("MUG-1", "MAIN", -2, MovementKind::kShip);
    ship.id = "ss-ship-1";
    ship.reference = "order amazon:A1, shipment 77";
    REQUIRE(engine->RecordMovement(ship).ok());
    Result<std::optional<OrderDetail>> part = engine->FindOrder("amazon", "A1");
    REQUIRE(part.ok());
    CHECK((*part)->lines[0].shipped == 2);
    CHECK((*part)->lines[1].shipped == 0);
    REQUIRE((*part)->movements.size() == 1);
    CHECK((*part)->movements[0].id == "ss-ship-1");

    Movement undo = Move("MUG-1", "MAIN", 2, MovementKind::kAdjust);
    undo.id = "ss-void-1";
    undo.reference = "order amazon:A1, shipment 77";
    REQUIRE(engine->RecordMovement(undo).ok());
    CHECK(engine->FindOrder("amazon", "A1").value()->lines[0].shipped == 0);

    // The engine ships the whole order: nothing reserved, every line shipped.
    REQUIRE(engine->ShipOrder("amazon", "A1", "MAIN").ok());
    Result<std::optional<OrderDetail>> shipped = engine->FindOrder("amazon", "A1");
    REQUIRE(shipped.ok());
    CHECK((*shipped)->status == "shipped");
    CHECK((*shipped)->lines[0].reserved == 0);
    CHECK((*shipped)->lines[0].shipped == 2);
    CHECK((*shipped)->lines[1].shipped == 3);
    CHECK((*shipped)->movements.size() == 4);

    Result<std::optional<OrderDetail>> missing = engine->FindOrder("amazon", "nope");
    REQUIRE(missing.ok());
    CHECK(!missing->has_value());
}

}  // namespace
}  // namespace stocktake::engine
