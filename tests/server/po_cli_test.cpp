// The purchasing commands: supplier, po and kit, with the stock commands' conventions
// (--db, --json printing one object, exit codes 0 / 1 / 2).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "cli_test_util.h"
#include "server_test_util.h"
#include "stocktake/engine/engine.h"

using stocktake::server::RunCli;
using stocktake::server::testing::CliRun;
using stocktake::server::testing::Json;
using stocktake::server::testing::Parse;
using stocktake::server::testing::Run;
using stocktake::server::testing::TempDir;

namespace {

// A database with products MUG, LID and GIFT, warehouse MAIN and supplier ACME. Products come
// from the engine's importer: the catalogue is not this command's business.
std::string Prepared(const TempDir& tmp) {
    const std::string db = (tmp.path() / "po.db").string();
    {
        auto engine = stocktake::engine::Engine::Open(db);
        REQUIRE(engine.ok());
        const std::string file =
            "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\t"
            "fulfillment-channel\tstatus\n"
            "Mug\tL1\tMUG\t10.00\t\t2024-01-01\tB0MUG00001\tDEFAULT\tActive\n"
            "Lid\tL2\tLID\t2.00\t\t2024-01-01\tB0LID00001\tDEFAULT\tActive\n"
            "Gift set\tL3\tGIFT\t20.00\t\t2024-01-01\tB0GIFT0001\tDEFAULT\tActive\n";
        auto report = (*engine)->ImportFile("catalog.txt", file);
        REQUIRE(report.ok());
        REQUIRE(report->successful == 3);
    }
    REQUIRE(Run({"location", "add", "MAIN"}, db).code == 0);
    REQUIRE(Run({"supplier", "add", "ACME", "--name", "Acme Ltd", "--lead-days", "10"}, db).code ==
            0);
    return db;
}

int64_t OnHand(const std::string& db, const std::string& sku) {
    nlohmann::json levels = Json({"stock", sku}, db)["levels"];
    int64_t total = 0;
    for (const auto& level : levels) total += level["on_hand"].get<int64_t>();
    return total;
}

}  // namespace

TEST_CASE("po commands take a purchase order from draft to received", "[server][cli][po]") {
    TempDir tmp;
    const std::string db = Prepared(tmp);

    nlohmann::json supplier =
        Json({"supplier", "add", "ACME", "--email", "orders@acme.test"}, db);  // an update
    CHECK(supplier["name"] == "Acme Ltd");
    CHECK(supplier["email"] == "orders@acme.test");
    CHECK(supplier["lead_time_days"] == 10);
    CHECK(Json({"supplier", "list"}, db)["suppliers"].size() == 1);

    nlohmann::json po = Json({"po", "create", "ACME", "--id", "PO-1", "--line", "MUG:10:1.25"}, db);
    CHECK(po["id"] == "PO-1");
    CHECK(po["status"] == "draft");
    CHECK(po["ordered_at"].is_null());
    REQUIRE(po["lines"].size() == 1);
    CHECK(po["lines"][0]["cost"] == "1.2500");
    po = Json({"po", "add-line", "PO-1", "LID", "4", "--cost", "0.5"}, db);
    REQUIRE(po["lines"].size() == 2);
    CHECK(po["lines"][1]["sku"] == "LID");
    CHECK(po["lines"][1]["quantity_ordered"] == 4);

    po = Json({"po", "order", "PO-1"}, db);
    CHECK(po["status"] == "ordered");
    CHECK(po["ordered_at"].is_string());
    CHECK(po["expected_at"].is_string());  // the supplier's 10 days

    // Partial receipt, re-sent: moves once.
    const std::vector<std::string> receipt = {"po",         "receive", "PO-1",      "MUG", "6",
                                              "--location", "MAIN",    "--receipt", "R1"};
    nlohmann::json received = Json(receipt, db);
    CHECK(received["status"] == "partially_received");
    REQUIRE(received["lines"].size() == 1);
    CHECK(received["lines"][0]["received"] == 6);
    CHECK(received["lines"][0]["already_recorded"] == false);
    CHECK(received["lines"][0]["movement"]["id"] == "po:PO-1:1:R1");
    CHECK(received["lines"][0]["movement"]["reference"] == "po:PO-1");
    nlohmann::json again = Json(receipt, db);
    CHECK(again["lines"][0]["already_recorded"] == true);
    CHECK(OnHand(db, "MUG") == 6);

    // Over-receipt: refused (exit 1, saying how), then allowed and reported.
    CliRun over = Run({"po", "receive", "PO-1", "MUG", "5", "--location", "MAIN"}, db);
    CHECK(over.code == 1);
    CHECK_THAT(over.err, Catch::Contains("--allow-over"));
    CHECK(OnHand(db, "MUG") == 6);
    received =
        Json({"po", "receive", "PO-1", "MUG", "5", "--location", "MAIN", "--allow-over"}, db);
    CHECK(received["lines"][0]["over_received"] == 1);
    CHECK(received["lines"][0]["received"] == 11);
    CHECK(received["status"] == "partially_received");  // LID still open
    CliRun text = Run({"po", "receive", "PO-1", "LID", "4", "--location", "MAIN"}, db);
    CHECK(text.code == 0);
    CHECK_THAT(text.out, Catch::EndsWith("Purchase order PO-1 is received\n"));
    CHECK(OnHand(db, "MUG") == 11);
    CHECK(OnHand(db, "LID") == 4);

    // A received PO cannot change.
    CliRun edit = Run({"po", "add-line", "PO-1", "GIFT", "1"}, db);
    CHECK(edit.code == 1);
    CHECK_THAT(edit.err, Catch::Contains("received"));
    CHECK(Run({"po", "cancel", "PO-1"}, db).code == 1);

    nlohmann::json shown = Json({"po", "show", "PO-1"}, db);
    CHECK(shown["status"] == "received");
    CHECK(shown["lines"][0]["quantity_received"] == 11);
    CHECK(Run({"po", "show", "PO-1"}, db).out.rfind("Purchase order PO-1 from ACME: received", 0) ==
          0);
    CHECK(Json({"po", "list", "--status", "received"}, db)["purchase_orders"].size() == 1);
    CHECK(Json({"po", "list", "--status", "draft"}, db)["purchase_orders"].empty());
    CHECK(Json({"stock", "--check"}, db)["ok"] == true);
}

TEST_CASE("po cancel keeps received stock; the engine's refusals exit 1", "[server][cli][po]") {
    TempDir tmp;
    const std::string db = Prepared(tmp);
    nlohmann::json po = Json({"po", "create", "ACME", "--line", "MUG:10"}, db);
    const std::string id = po["id"].get<std::string>();
    CHECK(id.rfind("PO-", 0) == 0);
    Json({"po", "order", id}, db);
    Json({"po", "receive", id, "MUG", "3", "--location", "MAIN"}, db);
    po = Json({"po", "cancel", id}, db);
    CHECK(po["status"] == "cancelled");
    CHECK(OnHand(db, "MUG") == 3);
    CHECK(Run({"po", "receive", id, "MUG", "1", "--location", "MAIN"}, db).code == 1);

    CliRun unknown = Run({"po", "create", "NOBODY", "--line", "MUG:1", "--json"}, db);
    CHECK(unknown.code == 1);
    CHECK_THAT(Parse(unknown.out)["error"].get<std::string>(), Catch::Contains("supplier add"));
    CHECK(Run({"po", "create", "ACME", "--line", "GHOST:1"}, db).code == 1);
    CHECK(Run({"po", "create", "ACME", "--line", "MUG:0"}, db).code == 1);
    CHECK(Run({"po", "create", "ACME", "--line", "MUG:5000000000"}, db).code == 1);
    CHECK(Json({"po", "create", "ACME", "--id", "PO-EMPTY"}, db)["lines"].empty());
    CliRun order = Run({"po", "order", "PO-EMPTY"}, db);
    CHECK(order.code == 1);
    CHECK_THAT(order.err, Catch::Contains("no lines"));
    CHECK(Run({"po", "show", "PO-404"}, db).code == 1);
}

TEST_CASE("po commands reject bad command lines with 2", "[server][cli][po]") {
    TempDir tmp;
    const std::string db = Prepared(tmp);
    CHECK(Run({"po"}, db).code == 2);
    CHECK(Run({"po", "frob"}, db).code == 2);
    CHECK(Run({"po", "create"}, db).code == 2);
    CHECK(Run({"po", "create", "ACME", "--line", "MUG"}, db).code == 2);
    CHECK(Run({"po", "create", "ACME", "--line", "MUG:x"}, db).code == 2);
    CHECK(Run({"po", "create", "ACME", "--line", "MUG:1:abc"}, db).code == 2);
    CHECK(Run({"po", "add-line", "PO-1", "MUG", "two"}, db).code == 2);
    CHECK(Run({"po", "receive", "PO-1", "MUG", "2"}, db).code == 2);  // no --location
    CHECK(Run({"po", "receive", "PO-1", "MUG", "2.5", "--location", "MAIN"}, db).code == 2);
    CHECK(Run({"po", "list", "--bogus"}, db).code == 2);
    CHECK(Run({"supplier", "add", "X", "--lead-days", "soon"}, db).code == 2);
    CHECK(Run({"kit", "set", "GIFT"}, db).code == 2);
    CHECK(Run({"kit", "set", "GIFT", "MUG"}, db).code == 2);
    CliRun help = Run({"po", "--help"}, db);
    CHECK(help.code == 0);
    CHECK_THAT(help.out, Catch::Contains("stocktake po receive PO SKU QTY --location ID"));
    CHECK(Run({"po", "list", "--status", "open"}, db).code == 1);  // the engine names them
}

TEST_CASE("kit set defines a kit whose sale moves its components", "[server][cli][kit]") {
    TempDir tmp;
    const std::string db = Prepared(tmp);
    Json({"move", "MUG", "MAIN", "9", "--kind", "receive"}, db);
    Json({"move", "LID", "MAIN", "2", "--kind", "receive"}, db);
    nlohmann::json kit = Json({"kit", "set", "GIFT", "MUG:2", "LID:1"}, db);
    CHECK(kit["sku"] == "GIFT");
    REQUIRE(kit["components"].size() == 2);
    CHECK(kit["components"][0]["sku"] == "LID");
    CHECK(kit["available"] == 2);  // min(9/2, 2/1)
    CHECK(Json({"kit", "list"}, db)["kits"].size() == 1);
    CHECK(Run({"kit", "set", "GIFT", "GIFT:1"}, db).code == 1);
    CHECK(Run({"kit", "set", "MUG", "GIFT:1"}, db).code == 1);

    nlohmann::json sale = Json({"move", "GIFT", "MAIN", "-1", "--kind", "sale", "--id", "S1"}, db);
    CHECK(sale["sku"] == "GIFT");
    Json({"move", "GIFT", "MAIN", "-1", "--kind", "sale", "--id", "S1"}, db);  // re-sent
    CHECK(OnHand(db, "MUG") == 7);
    CHECK(OnHand(db, "LID") == 1);
    CHECK(Json({"stock", "GIFT"}, db)["levels"].empty());
    CHECK(Json({"kit", "list"}, db)["kits"][0]["available"] == 1);
    CHECK(Run({"kit", "list"}, db).out == "GIFT = 1 x LID, 2 x MUG; available 1\n");
    CliRun receive = Run({"move", "GIFT", "MAIN", "1", "--kind", "receive"}, db);
    CHECK(receive.code == 1);
    CHECK_THAT(receive.err, Catch::Contains("is a kit"));
}
