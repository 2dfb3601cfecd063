// The insights and restock commands: --json prints exactly one object of the documented
// shape, --kind filters, --create-pos makes the drafts, and mistakes exit 1 or 2.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_test_util.h"
#include "server_test_util.h"
#include "stocktake/engine/engine.h"

using stocktake::server::testing::CliRun;
using stocktake::server::testing::Json;
using stocktake::server::testing::Parse;
using stocktake::server::testing::Run;
using stocktake::server::testing::TempDir;

namespace {

// MUG: 3 units sold on amazon in January 2027, 5 in stock; its supplier ACME sells it in
// packs of 12 (MOQ 24, 10 days' lead time).
std::string Prepared(const TempDir& tmp) {
    const std::string db = (tmp.path() / "insights.db").string();
    auto opened = stocktake::engine::Engine::Open(db);
    REQUIRE(opened.ok());
    stocktake::engine::Engine& engine = **opened;
    REQUIRE(engine.SaveProduct({"MUG", "Mug", {}, {}, {}, {}}).ok());
    REQUIRE(engine.AddLocation({"MAIN", "", "Main", "warehouse"}).ok());
    REQUIRE(engine.SaveSupplier({"ACME", "Acme Ltd", "", 10, ""}).ok());
    stocktake::engine::Movement receive;
    receive.sku = "MUG";
    receive.location = "MAIN";
    receive.delta = 8;
    receive.kind = stocktake::engine::MovementKind::kReceive;
    receive.occurred_at = "2027-01-01T00:00:00Z";
    REQUIRE(engine.RecordMovement(receive).ok());
    REQUIRE(
        engine.RecordOrder({"amazon", "A-1", "", "2027-01-20T10:00:00Z", {{"MUG", 3, 999}}}).ok());
    stocktake::Op price;
    price.device = std::string(32, 'e');
    price.seq = 1;
    price.hlc = uint64_t{1'800'000'000'000} << 16;
    price.entity = "vendor_price";
    price.key = {"ACME", "MUG"};
    price.payload = {{"cost", 41000}, {"moq", 24}, {"pack_size", 12}, {"lead_time_days", 10}};
    auto applied = engine.ApplyOps({price});
    REQUIRE(applied.ok());
    REQUIRE(applied.value()[0].state == stocktake::engine::OpOutcome::State::kApplied);
    return db;
}

}  // namespace

TEST_CASE("insights --json lists the insights as one object", "[server][cli][insights]") {
    TempDir tmp;
    const std::string db = Prepared(tmp);
    nlohmann::json doc = Json({"insights", "--at", "2027-02-19T12:00:00Z"}, db);
    REQUIRE(doc.size() == 1);
    REQUIRE(doc["insights"].is_array());
    REQUIRE(doc["insights"].size() == 1);
    const nlohmann::json& slow = doc["insights"][0];
    CHECK(slow.size() == 5);
    CHECK(slow["sku"] == "MUG");
    CHECK(slow["channel"] == "");
    CHECK(slow["kind"] == "slow_mover");
    CHECK(slow["generated_at"] == "2027-02-19T12:00:00Z");
    CHECK(slow["details"]["days_without_sale"] == 30);
    CHECK(slow["details"]["on_hand"] == 8);

    CHECK(Json({"insights", "--at", "2027-02-18T12:00:00Z"}, db)["insights"].empty());
    CHECK(Json({"insights", "--kind", "low_stock", "--at", "2027-02-19T12:00:00Z"}, db)["insights"]
              .empty());
    CliRun text = Run({"insights", "--at", "2027-02-19T12:00:00Z"}, db);
    CHECK(text.code == 0);
    CHECK(text.out.find("slow_mover  MUG") != std::string::npos);

    CliRun bad = Run({"insights", "--kind", "slow", "--json"}, db);
    CHECK(bad.code == 1);
    CHECK(Parse(bad.out)["error"].get<std::string>().find("slow_mover") != std::string::npos);
    CHECK(Run({"insights", "extra"}, db).code == 2);
    CHECK(Run({"restock", "--kind", "x"}, db).code == 2);
}

TEST_CASE("restock --json shows the plan and --create-pos drafts it", "[server][cli][insights]") {
    TempDir tmp;
    const std::string db = Prepared(tmp);
    // 3 sold in the 30 days to 2027-02-10: demand ceil(3 x (10 + 14) / 30) = 3, safety
    // ceil(3 x 7 / 30) = 1; available 8 - 3 reserved = 5: nothing to order.
    nlohmann::json plan = Json({"restock", "--at", "2027-02-10T00:00:00Z"}, db);
    CHECK(plan["lines"].empty());
    // With 30 days more of lead time: demand ceil(3 x 54 / 30) = 6, need 6 + 1 - 5 = 2,
    // rounded up to the MOQ of 24 (a multiple of the pack of 12).
    REQUIRE(Json({"supplier", "add", "ACME", "--lead-days", "40"}, db)["id"] == "ACME");
    {
        auto opened = stocktake::engine::Engine::Open(db);
        REQUIRE(opened.ok());
        stocktake::Op longer;
        longer.device = std::string(32, 'e');
        longer.seq = 2;
        longer.hlc = (uint64_t{1'800'000'000'000} << 16) + 1;
        longer.entity = "vendor_price";
        longer.key = {"ACME", "MUG"};
        longer.payload = {{"lead_time_days", nullptr}};  // the supplier's 40 days then apply
        REQUIRE((*opened)->ApplyOps({longer}).ok());
    }
    plan = Json({"restock", "--at", "2027-02-10T00:00:00Z"}, db);
    REQUIRE(plan["lines"].size() == 1);
    const nlohmann::json& line = plan["lines"][0];
    CHECK(line["sku"] == "MUG");
    CHECK(line["supplier"] == "ACME");
    CHECK(line["lead_time_days"] == 40);
    CHECK(line["demand"] == 6);
    CHECK(line["safety_stock"] == 1);
    CHECK(line["available"] == 5);
    CHECK(line["need"] == 2);
    CHECK(line["quantity"] == 24);
    CHECK(line["unit_cost"] == "4.1000");
    CHECK(plan["purchase_orders"].empty());

    nlohmann::json made = Json({"restock", "--create-pos", "--at", "2027-02-10T00:00:00Z"}, db);
    REQUIRE(made["purchase_orders"].size() == 1);
    CHECK(made["purchase_orders"][0]["supplier_id"] == "ACME");
    nlohmann::json drafts = Json({"po", "list", "--status", "draft"}, db);
    REQUIRE(drafts["purchase_orders"].size() == 1);
    CHECK(drafts["purchase_orders"][0]["lines"][0]["quantity_ordered"] == 24);
    CliRun text = Run({"restock", "--at", "2027-02-10T00:00:00Z"}, db);
    CHECK(text.code == 0);
    CHECK(text.out.find("ACME") != std::string::npos);
}
