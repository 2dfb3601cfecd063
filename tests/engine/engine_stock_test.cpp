// The stock ledger: locations, movements, on-hand derived from the ledger and kept in a
// summary that a check proves equal, on-hand at a past instant, "why is on-hand N",
// idempotent appends, and negative stock accepted and flagged.
#include <catch2/catch.hpp>
#include <map>
#include <random>

#include "engine/test_util.h"
#include "stocktake/engine/engine.h"
#include "store/db.h"

namespace stocktake::engine {
namespace {

using testing::Move;
using testing::OpenOrDie;

std::unique_ptr<Engine> EngineWithLocations() {
    std::unique_ptr<Engine> engine = OpenOrDie();
    REQUIRE(engine->AddLocation({"MAIN", "", "Main warehouse", "warehouse"}).ok());
    REQUIRE(engine->AddLocation({"MAIN/A-01", "MAIN", "Aisle A, bin 1", "bin"}).ok());
    REQUIRE(engine->AddLocation({"MAIN/B-02", "MAIN", "Aisle B, bin 2", "bin"}).ok());
    REQUIRE(engine->SaveProduct({"MUG-1", "Mug", {}, {}, {}, {}}).ok());
    return engine;
}

int64_t OnHand(const Engine& engine, const std::string& sku, const std::string& location) {
    const Result<std::vector<StockLevel>> levels = engine.StockLevels(sku);
    for (const StockLevel& level : levels.value()) {
        if (level.location == location) return level.on_hand;
    }
    return 0;
}

TEST_CASE("locations form a tree and refuse what does not fit", "[engine][stock]") {
    std::unique_ptr<Engine> engine = EngineWithLocations();
    CHECK(engine->AddLocation({"MAIN/A-01/S1", "MAIN/A-01", "Shelf 1", "bin"}).ok());
    CHECK(engine->AddLocation({"MAIN", "", "again", "warehouse"}).code() == Code::kConflict);
    CHECK(engine->AddLocation({"X", "NOPE", "orphan", "bin"}).code() == Code::kNotFound);
    CHECK(engine->AddLocation({"Y", "MAIN", "warehouse in a warehouse", "warehouse"}).code() ==
          Code::kInvalidArgument);
    CHECK(engine->AddLocation({"Z", "", "no parent", "bin"}).code() == Code::kInvalidArgument);
    CHECK(engine->AddLocation({"Q", "", "", "shelf"}).code() == Code::kInvalidArgument);
}

TEST_CASE("on-hand is the sum of the ledger, per location", "[engine][stock]") {
    std::unique_ptr<Engine> engine = EngineWithLocations();
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN/A-01", 10, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN/A-01", -3, MovementKind::kSale)).ok());
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN/B-02", 5, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN/B-02", 1, MovementKind::kReturn)).ok());
    CHECK(OnHand(*engine, "MUG-1", "MAIN/A-01") == 7);
    CHECK(OnHand(*engine, "MUG-1", "MAIN/B-02") == 6);

    Result<std::vector<Movement>> transfer =
        engine->Transfer("MUG-1", "MAIN/A-01", "MAIN/B-02", 4, "restock the pick face");
    REQUIRE(transfer.ok());
    REQUIRE(transfer->size() == 2);
    CHECK((*transfer)[0].kind == MovementKind::kTransferOut);
    CHECK((*transfer)[0].reference == (*transfer)[1].reference);
    CHECK(OnHand(*engine, "MUG-1", "MAIN/A-01") == 3);
    CHECK(OnHand(*engine, "MUG-1", "MAIN/B-02") == 10);

    // "Why is on-hand 3?": the movements at A-01 sum to it.
    Result<std::vector<Movement>> why = engine->ExplainOnHand("MUG-1", "MAIN/A-01");
    REQUIRE(why.ok());
    int64_t sum = 0;
    for (const Movement& m : *why) sum += m.delta;
    CHECK(why->size() == 3);
    CHECK(sum == 3);
    CHECK(engine->CheckStockLevels()->empty());
}

TEST_CASE("a movement whose sign contradicts its kind is refused", "[engine][stock]") {
    std::unique_ptr<Engine> engine = EngineWithLocations();
    CHECK(engine->RecordMovement(Move("MUG-1", "MAIN", -2, MovementKind::kReceive))
              .status()
              .message()
              .find("must be positive") != std::string::npos);
    CHECK_FALSE(engine->RecordMovement(Move("MUG-1", "MAIN", 2, MovementKind::kSale)).ok());
    CHECK_FALSE(engine->RecordMovement(Move("MUG-1", "MAIN", 0, MovementKind::kAdjust)).ok());
    CHECK(engine->RecordMovement(Move("MUG-1", "NOWHERE", 1, MovementKind::kAdjust))
              .status()
              .code() == Code::kNotFound);
    // Absurd quantities (a barcode scanned into the quantity field) are refused.
    CHECK(engine->RecordMovement(Move("MUG-1", "MAIN", 4006381333931, MovementKind::kReceive))
              .status()
              .message()
              .find("more than anyone stocks") != std::string::npos);
    // A SKU the catalogue does not know: refused with what to do, before anything moves.
    const Status unknown =
        engine->RecordMovement(Move("NOPE-9", "MAIN", 1, MovementKind::kAdjust)).status();
    CHECK(unknown.code() == Code::kNotFound);
    CHECK(unknown.message() ==
          "SKU NOPE-9 is not in the catalogue; import it (stocktake import) first");
    CHECK_FALSE(
        engine->RecordMovement(Move("MUG-1", "MAIN", 1, MovementKind::kAdjust, "yesterday")).ok());
    CHECK(engine->StockLevels("").value().empty());
}

TEST_CASE("recording the same movement twice counts it once", "[engine][stock]") {
    std::unique_ptr<Engine> engine = EngineWithLocations();
    Movement scan = Move("MUG-1", "MAIN", 1, MovementKind::kReceive, "2026-11-20T10:00:00Z");
    scan.id = "phone-7:000042";
    Result<Movement> first = engine->RecordMovement(scan);
    REQUIRE(first.ok());
    Result<Movement> again = engine->RecordMovement(scan);
    REQUIRE(again.ok());
    CHECK(again->position == first->position);
    CHECK(OnHand(*engine, "MUG-1", "MAIN") == 1);
    // A re-send that leaves the time to the engine is the same movement too.
    Movement untimed = scan;
    untimed.occurred_at.clear();
    CHECK(engine->RecordMovement(untimed)->position == first->position);
    Movement other = scan;
    other.delta = 5;
    CHECK(engine->RecordMovement(other).status().code() == Code::kConflict);
    CHECK(OnHand(*engine, "MUG-1", "MAIN") == 1);
}

TEST_CASE("stock may go negative; it is flagged, never clamped", "[engine][stock]") {
    std::unique_ptr<Engine> engine = EngineWithLocations();
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN", 1, MovementKind::kReceive)).ok());
    // A pick that happened before its receipt was recorded.
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN", -3, MovementKind::kSale)).ok());
    CHECK(OnHand(*engine, "MUG-1", "MAIN") == -2);
    Result<std::vector<StockLevel>> negative = engine->NegativeStock();
    REQUIRE(negative->size() == 1);
    CHECK(negative->front().sku == "MUG-1");
    CHECK(negative->front().on_hand == -2);
}

TEST_CASE("on-hand at a past instant reads the ledger up to it", "[engine][stock]") {
    std::unique_ptr<Engine> engine = EngineWithLocations();
    REQUIRE(engine
                ->RecordMovement(
                    Move("MUG-1", "MAIN", 10, MovementKind::kReceive, "2026-11-01T09:00:00Z"))
                .ok());
    REQUIRE(engine
                ->RecordMovement(
                    Move("MUG-1", "MAIN", -4, MovementKind::kSale, "2026-11-05T12:00:00+01:00"))
                .ok());
    // Recorded late, but it happened earlier: the ledger orders by occurred_at.
    REQUIRE(engine
                ->RecordMovement(
                    Move("MUG-1", "MAIN/A-01", 2, MovementKind::kReceive, "2026-10-30T08:00:00Z"))
                .ok());
    CHECK(engine->OnHandAt("MUG-1", "", "2026-10-31T00:00:00Z").value() == 2);
    CHECK(engine->OnHandAt("MUG-1", "MAIN", "2026-11-05T10:59:59Z").value() == 10);
    CHECK(engine->OnHandAt("MUG-1", "MAIN", "2026-11-05T11:00:00Z").value() == 6);
    CHECK(engine->OnHandAt("MUG-1", "", "2026-12-01").value() == 8);
    CHECK_FALSE(engine->OnHandAt("MUG-1", "", "last week").ok());
    CHECK(engine->ExplainOnHand("MUG-1", "").value().front().occurred_at == "2026-10-30T08:00:00Z");
}

TEST_CASE("the summary equals the ledger after random movements; the check finds tampering",
          "[engine][stock]") {
    testing::TempDbFile file("stock_check");
    std::mt19937 random(42);
    const std::vector<std::string> skus = {"A", "B", "C", "D"};
    const std::vector<std::string> locations = {"MAIN", "MAIN/A-01", "MAIN/B-02"};
    {
        std::unique_ptr<Engine> engine = OpenOrDie(file.path());
        REQUIRE(engine->AddLocation({"MAIN", "", "Main", "warehouse"}).ok());
        REQUIRE(engine->AddLocation({"MAIN/A-01", "MAIN", "A-01", "bin"}).ok());
        REQUIRE(engine->AddLocation({"MAIN/B-02", "MAIN", "B-02", "bin"}).ok());
        for (const std::string& sku : skus)
            REQUIRE(engine->SaveProduct({sku, sku, {}, {}, {}, {}}).ok());
        std::map<std::pair<std::string, std::string>, int64_t> expected;
        for (int i = 0; i < 300; ++i) {
            const std::string& sku = skus[random() % skus.size()];
            const std::string& location = locations[random() % locations.size()];
            int64_t delta = static_cast<int64_t>(random() % 21) - 10;
            if (delta == 0) delta = 1;
            REQUIRE(engine->RecordMovement(Move(sku, location, delta, MovementKind::kAdjust)).ok());
            expected[{sku, location}] += delta;
        }
        for (const auto& [key, total] : expected) {
            CHECK(OnHand(*engine, key.first, key.second) == total);
        }
        CHECK(engine->CheckStockLevels()->empty());
    }
    // Someone edits the summary behind the ledger's back: the check names the place.
    {
        Result<std::unique_ptr<Db>> db = Db::Open(file.path());
        REQUIRE(db.ok());
        REQUIRE(db.value()
                    ->Exec("UPDATE stock_levels SET on_hand = on_hand + 1 WHERE sku = 'B' AND "
                           "location_id = 'MAIN'")
                    .ok());
    }
    std::unique_ptr<Engine> engine = OpenOrDie(file.path());
    Result<std::vector<StockMismatch>> mismatches = engine->CheckStockLevels();
    REQUIRE(mismatches->size() == 1);
    CHECK(mismatches->front().sku == "B");
    CHECK(mismatches->front().location == "MAIN");
    CHECK(mismatches->front().summary == mismatches->front().ledger + 1);
}

TEST_CASE("a count adjusts by what the counter saw, keeping a sale made meanwhile",
          "[engine][stock][counts]") {
    std::unique_ptr<Engine> engine = EngineWithLocations();
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN/A-01", 10, MovementKind::kReceive)).ok());
    // The counter starts: their device has seen the ledger up to here.
    const int64_t seen = engine->LedgerPosition().value();
    // Meanwhile another device records a sale of 2 from the same bin.
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN/A-01", -2, MovementKind::kSale)).ok());
    // The counter finds 9 (one broke before the sale): the adjustment is 9 - 10 = -1, and
    // the sale still counts, so on-hand is 7, not 9.
    Count count;
    count.id = "count-1";
    count.sku = "MUG-1";
    count.location = "MAIN/A-01";
    count.counted = 9;
    count.seen_position = seen;
    count.blind = true;
    count.counted_at = "2026-11-23T10:00:00Z";
    Result<Count> recorded = engine->RecordCount(count);
    REQUIRE(recorded.ok());
    CHECK(recorded->expected == 10);
    CHECK_FALSE(recorded->movement_id.empty());
    CHECK(OnHand(*engine, "MUG-1", "MAIN/A-01") == 7);
    const Result<std::vector<Movement>> why = engine->ExplainOnHand("MUG-1", "MAIN/A-01");
    int adjustments = 0;
    for (const Movement& m : why.value()) {
        if (m.kind != MovementKind::kCountAdjust) continue;
        ++adjustments;
        CHECK(m.delta == -1);
        CHECK(m.id == recorded->movement_id);
    }
    CHECK(adjustments == 1);

    // Sent again (a retry from the phone): counted once; other values under its id conflict.
    CHECK(engine->RecordCount(count).ok());
    Count changed = count;
    changed.counted = 3;
    CHECK(engine->RecordCount(changed).status().code() == Code::kConflict);
    CHECK(OnHand(*engine, "MUG-1", "MAIN/A-01") == 7);

    // A count that matches makes no movement but still dates the place.
    Count match = count;
    match.id = "count-2";
    match.counted = 7;
    match.seen_position = engine->LedgerPosition().value();
    match.counted_at = "2026-11-24T10:00:00Z";
    Result<Count> matched = engine->RecordCount(match);
    REQUIRE(matched.ok());
    CHECK(matched->movement_id.empty());
    const Result<std::vector<Count>> last = engine->LastCounts("MUG-1");
    REQUIRE(last->size() == 1);
    CHECK(last->front().counted_at == "2026-11-24T10:00:00Z");
    CHECK(engine->CheckStockLevels()->empty());

    Count nowhere = match;
    nowhere.id = "count-3";
    nowhere.location = "ATTIC";
    CHECK(engine->RecordCount(nowhere).status().code() == Code::kNotFound);
    Count negative = match;
    negative.id = "count-4";
    negative.counted = -1;
    CHECK_FALSE(engine->RecordCount(negative).ok());
}

Availability AvailabilityOf(const Engine& engine, const std::string& sku) {
    const Result<std::vector<Availability>> all = engine.Availabilities(sku);
    REQUIRE(all.ok());
    return all->empty() ? Availability{sku, 0, 0, 0} : all->front();
}

TEST_CASE("open orders reserve stock; shipping moves it once; cancelling releases it",
          "[engine][stock][orders]") {
    std::unique_ptr<Engine> engine = EngineWithLocations();
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN", 10, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("MUG-1", "MAIN/A-01", 2, MovementKind::kReceive)).ok());

    Order order{"amazon", "113-0001", "", "2026-11-23T09:00:00Z", {{"MUG-1", 3, 1299}}};
    REQUIRE(engine->RecordOrder(order).ok());
    Availability mug = AvailabilityOf(*engine, "MUG-1");
    CHECK(mug.on_hand == 12);
    CHECK(mug.reserved == 3);
    CHECK(mug.available == 9);

    // The channel revises the order (one more unit): the lines are replaced, not added.
    order.lines[0].quantity = 4;
    REQUIRE(engine->RecordOrder(order).ok());
    CHECK(AvailabilityOf(*engine, "MUG-1").reserved == 4);

    Result<std::vector<Movement>> shipped = engine->ShipOrder("amazon", "113-0001", "MAIN");
    REQUIRE(shipped.ok());
    REQUIRE(shipped->size() == 1);
    CHECK(shipped->front().kind == MovementKind::kShip);
    CHECK(shipped->front().delta == -4);
    mug = AvailabilityOf(*engine, "MUG-1");
    CHECK(mug.on_hand == 8);
    CHECK(mug.reserved == 0);
    CHECK(mug.available == 8);
    // A redelivered "shipped" notification moves nothing more.
    REQUIRE(engine->ShipOrder("amazon", "113-0001", "MAIN").ok());
    CHECK(AvailabilityOf(*engine, "MUG-1").on_hand == 8);
    // A shipped order can no longer change.
    CHECK(engine->RecordOrder(order).code() == Code::kConflict);
    CHECK(engine->CancelOrder("amazon", "113-0001").code() == Code::kConflict);

    // Another order reserves more than is on hand: available goes negative (oversold).
    REQUIRE(engine->RecordOrder({"shopify", "#1001", "", "", {{"MUG-1", 9, std::nullopt}}}).ok());
    CHECK(AvailabilityOf(*engine, "MUG-1").available == -1);
    REQUIRE(engine->CancelOrder("shopify", "#1001").ok());
    CHECK(AvailabilityOf(*engine, "MUG-1").reserved == 0);
    CHECK(engine->ShipOrder("shopify", "#1001", "MAIN").status().code() == Code::kConflict);

    CHECK(engine->RecordOrder({"ebay", "", "", "", {{"MUG-1", 1, std::nullopt}}}).code() ==
          Code::kInvalidArgument);
    CHECK(engine->RecordOrder({"ebay", "9", "", "", {{"MUG-1", 0, std::nullopt}}}).code() ==
          Code::kInvalidArgument);
    CHECK(engine->CancelOrder("ebay", "404").code() == Code::kNotFound);
    CHECK(engine->CheckStockLevels()->empty());
}

}  // namespace
}  // namespace stocktake::engine
