// The catalogue screens' reads: locations, stock value at cost, units sold per day, and the
// products table's search by GTIN and by exact SKU.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::Move;
using testing::OpenOrDie;

// A product's cost (10^-4) arrives as an op from another device (there is no local cost edit).
void SetCost(Engine& engine, const std::string& sku, int64_t cost, int64_t seq) {
    Op op;
    op.device = std::string(32, 'e');
    op.seq = seq;
    op.hlc = (uint64_t{1'800'000'000'000} << 16) + static_cast<uint64_t>(seq);
    op.entity = "product";
    op.key = {sku};
    op.payload = nlohmann::json{{"cost", cost}};
    Result<std::vector<OpOutcome>> outcomes = engine.ApplyOps({op});
    REQUIRE(outcomes.ok());
    REQUIRE(outcomes.value()[0].state == OpOutcome::State::kApplied);
}

void Sell(Engine& engine, const std::string& id, const std::string& sku, int64_t units,
          const std::string& at) {
    Order order;
    order.channel = "amazon";
    order.external_id = id;
    order.ordered_at = at;
    order.lines = {{sku, units, 1000}};
    REQUIRE(engine.RecordOrder(order).ok());
}

TEST_CASE("locations are listed by id, bins after their warehouse", "[engine][dashboard]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    CHECK(engine->Locations().value().empty());
    REQUIRE(engine->AddLocation({"MAIN", "", "Main warehouse", "warehouse"}).ok());
    REQUIRE(engine->AddLocation({"MAIN/B-02", "MAIN", "Bin B-02", "bin"}).ok());
    REQUIRE(engine->AddLocation({"MAIN/A-01", "MAIN", "Bin A-01", "bin"}).ok());
    const std::vector<Location> locations = engine->Locations().value();
    REQUIRE(locations.size() == 3);
    CHECK(locations[0].id == "MAIN");
    CHECK(locations[0].kind == "warehouse");
    CHECK(locations[0].parent_id.empty());
    CHECK(locations[1].id == "MAIN/A-01");
    CHECK(locations[1].parent_id == "MAIN");
    CHECK(locations[1].name == "Bin A-01");
    CHECK(locations[2].id == "MAIN/B-02");
}

TEST_CASE("stock value counts net positive on-hand at cost and names SKUs without a cost",
          "[engine][dashboard]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    CHECK(engine->ValueStock().value().units_on_hand == 0);
    REQUIRE(engine->AddLocation({"MAIN", "", "Main", "warehouse"}).ok());
    REQUIRE(engine->AddLocation({"MAIN/A", "MAIN", "A", "bin"}).ok());
    for (const char* sku : {"MUG", "LID", "CAP", "PEN"}) {
        REQUIRE(engine->SaveProduct({sku, std::string("Item ") + sku, {}, {}, {}, {}}).ok());
    }
    SetCost(*engine, "MUG", 25000, 1);  // 2.50 (costs are 10^-4 of the currency)
    SetCost(*engine, "LID", 4000, 2);
    SetCost(*engine, "CAP", 9900, 3);
    // MUG: 10 in MAIN, 2 in MAIN/A -> 12 x 2.50. LID: 5 in MAIN, -8 in MAIN/A -> oversold, 0.
    // CAP: no stock. PEN: 3 in stock without a cost.
    REQUIRE(engine->RecordMovement(Move("MUG", "MAIN", 10, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("MUG", "MAIN/A", 2, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("LID", "MAIN", 5, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("LID", "MAIN/A", -8, MovementKind::kAdjust)).ok());
    REQUIRE(engine->RecordMovement(Move("PEN", "MAIN", 3, MovementKind::kReceive)).ok());

    const StockValuation v = engine->ValueStock().value();
    CHECK(v.skus == 4);
    CHECK(v.skus_in_stock == 2);  // MUG and PEN
    CHECK(v.units_on_hand == 12 + 3);
    CHECK(v.value_at_cost_e4 == 12 * 25000);
    CHECK(v.skus_without_cost == 1);
}

TEST_CASE("units sold per day has one entry per day, zero-filled, cancelled orders left out",
          "[engine][dashboard]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    REQUIRE(engine->SaveProduct({"MUG", "Mug", {}, {}, {}, {}}).ok());
    REQUIRE(engine->SaveProduct({"LID", "Lid", {}, {}, {}, {}}).ok());
    Sell(*engine, "O-1", "MUG", 2, "2026-11-20T08:00:00Z");
    Sell(*engine, "O-2", "LID", 3, "2026-11-20T23:59:59Z");
    Sell(*engine, "O-3", "MUG", 1, "2026-11-24T00:00:00Z");
    Sell(*engine, "O-4", "MUG", 7, "2026-11-10T12:00:00Z");  // before the window
    Sell(*engine, "O-5", "MUG", 4, "2026-11-22T12:00:00Z");
    REQUIRE(engine->CancelOrder("amazon", "O-5").ok());

    const std::vector<DailyUnits> days = engine->UnitsSoldPerDay(5, "2026-11-24T15:00:00Z").value();
    REQUIRE(days.size() == 5);
    CHECK(days[0].day == "2026-11-20");
    CHECK(days[0].units == 5);
    CHECK(days[1].units == 0);
    CHECK(days[2].day == "2026-11-22");
    CHECK(days[2].units == 0);  // cancelled
    CHECK(days[4].day == "2026-11-24");
    CHECK(days[4].units == 1);

    // Across a month end, and the bounds refused with a reason.
    const std::vector<DailyUnits> month = engine->UnitsSoldPerDay(30, "2026-11-24").value();
    REQUIRE(month.size() == 30);
    CHECK(month.front().day == "2026-10-26");
    int64_t total = 0;
    for (const DailyUnits& d : month) total += d.units;
    CHECK(total == 2 + 3 + 1 + 7);
    CHECK(engine->UnitsSoldPerDay(0).status().code() == Code::kInvalidArgument);
    CHECK(engine->UnitsSoldPerDay(367).status().code() == Code::kInvalidArgument);
    CHECK(engine->UnitsSoldPerDay(5, "yesterday").status().code() == Code::kInvalidArgument);
}

TEST_CASE("the listings search finds a product by GTIN, as imported and as GTIN-14",
          "[engine][dashboard][query]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportRequest request("catalog.csv",
                          "code,title,ean,price\n"
                          "A-100,Oak Shelf Bracket,4006381333931,8.99\n"
                          "A-101,Oak Shelf 80cm,,24.50\n");
    ColumnMapping mapping;
    mapping.fields["sku"] = MappedColumn{"code", 1};
    mapping.fields["name"] = MappedColumn{"title", 1};
    mapping.fields["gtin"] = MappedColumn{"ean", 1};
    mapping.fields["price"] = MappedColumn{"price", 1};
    request.mapping = mapping;
    Result<ImportReport> report = engine->ImportFile(std::move(request));
    REQUIRE(report.ok());
    REQUIRE(report->state == ImportState::kSucceeded);

    // A supplier's catalogue makes products, not listings: only the products table shows them.
    ListingQuery query;
    query.text = "4006381333931";
    CHECK(engine->Listings(query).value().empty());
    query.include_unlisted = true;
    std::vector<ListingRow> rows = engine->Listings(query).value();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].sku == "A-100");
    CHECK(rows[0].gtin == "4006381333931");
    CHECK(rows[0].channel.empty());
    query.text = "04006381333931";  // the same barcode as a GTIN-14
    CHECK(testing::Skus(engine->Listings(query).value()) == std::vector<std::string>{"A-100"});
    query.text = "333931";  // the end of it, as a person types what they read
    CHECK(engine->Listings(query).value().size() == 1);

    // Exactly one SKU: not its prefix's neighbours.
    ListingQuery one;
    one.include_unlisted = true;
    one.sku = "A-10";
    CHECK(engine->Listings(one).value().empty());
    one.sku = "A-101";
    rows = engine->Listings(one).value();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].name == "Oak Shelf 80cm");
    CHECK(rows[0].gtin.empty());
}

TEST_CASE("a name and list price saved on a product show in its rows",
          "[engine][dashboard][query]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportRequest request("catalog.csv", "code,title,price\nA-1,Shelf,8.99\n");
    ColumnMapping mapping;
    mapping.fields["sku"] = MappedColumn{"code", 1};
    mapping.fields["name"] = MappedColumn{"title", 1};
    mapping.fields["price"] = MappedColumn{"price", 1};
    request.mapping = mapping;
    REQUIRE(engine->ImportFile(std::move(request))->state == ImportState::kSucceeded);
    ProductEdit edit;
    edit.sku = "A-1";
    edit.name = "Shelf, oak";
    edit.list_price_minor = 1050;
    REQUIRE(engine->SaveProduct(edit).ok());
    ListingQuery query;
    query.include_unlisted = true;
    const std::vector<ListingRow> rows = engine->Listings(query).value();
    REQUIRE(rows.size() == 1);
    const ListingRow* row = &rows[0];
    CHECK(row->name == "Shelf, oak");
    CHECK(row->list_price_minor == 1050);
}

}  // namespace
}  // namespace stocktake::engine
