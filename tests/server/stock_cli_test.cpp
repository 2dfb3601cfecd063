// The stock commands: location add, move, transfer, count, stock.
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

int64_t OnHand(const std::string& db, const std::string& sku, const std::string& location) {
    nlohmann::json levels = Json({"stock", sku, "--location", location}, db)["levels"];
    REQUIRE(levels.size() == 1);
    return levels[0]["on_hand"].get<int64_t>();
}

// A new database whose catalogue has the product W1 (movements name known SKUs only).
std::string DbWithProduct(const TempDir& tmp) {
    const std::string db = (tmp.path() / "stock.db").string();
    auto engine = stocktake::engine::Engine::Open(db);
    REQUIRE(engine.ok());
    REQUIRE((*engine)->SaveProduct({"W1", "Widget", {}, {}, {}, {}}).ok());
    return db;
}

}  // namespace

TEST_CASE("stock commands record movements, transfers and counts", "[server][cli][stock]") {
    TempDir tmp;
    const std::string db = DbWithProduct(tmp);

    nlohmann::json main = Json({"location", "add", "MAIN", "--name", "Main warehouse"}, db);
    CHECK(main["kind"] == "warehouse");
    CHECK(main["name"] == "Main warehouse");
    nlohmann::json bin = Json({"location", "add", "MAIN/A-01", "--parent", "MAIN"}, db);
    CHECK(bin["kind"] == "bin");
    CHECK(bin["parent_id"] == "MAIN");
    CliRun added = Run({"location", "add", "BACK"}, db);
    CHECK(added.code == 0);
    CHECK(added.out == "Added warehouse BACK\n");

    // Received in January, then sold into negative.
    nlohmann::json receive = Json({"move", "W1", "MAIN", "10", "--kind", "receive", "--reason",
                                   "PO 7", "--reference", "PO-7", "--at", "2026-01-05T10:00:00Z"},
                                  db);
    CHECK(receive["delta"] == 10);
    CHECK(receive["kind"] == "receive");
    CHECK(receive["position"] == 1);
    CHECK(receive["occurred_at"] == "2026-01-05T10:00:00Z");
    CHECK_FALSE(receive["id"].get<std::string>().empty());
    nlohmann::json sale = Json({"move", "W1", "MAIN", "-12", "--kind", "sale"}, db);
    CHECK(sale["position"] == 2);
    CHECK(OnHand(db, "W1", "MAIN") == -2);
    nlohmann::json negative = Json({"stock", "--negative"}, db)["negative"];
    REQUIRE(negative.size() == 1);
    CHECK(negative[0]["sku"] == "W1");
    CHECK(negative[0]["on_hand"] == -2);
    CHECK(Run({"stock", "--negative"}, db).out == "W1  MAIN  -2\n");

    CliRun human = Run({"move", "W1", "MAIN", "+5", "--kind", "receive"}, db);
    CHECK(human.code == 0);
    CHECK_THAT(human.out, Catch::StartsWith("Recorded receive +5 W1 at MAIN: movement "));
    CHECK(OnHand(db, "W1", "MAIN") == 3);

    nlohmann::json transfer = Json({"transfer", "W1", "MAIN", "MAIN/A-01", "2"}, db);
    REQUIRE(transfer["movements"].size() == 2);
    CHECK(transfer["movements"][0]["kind"] == "transfer_out");
    CHECK(transfer["movements"][0]["delta"] == -2);
    CHECK(transfer["movements"][1]["location"] == "MAIN/A-01");
    CHECK(OnHand(db, "W1", "MAIN") == 1);
    CHECK(OnHand(db, "W1", "MAIN/A-01") == 2);

    SECTION("a count keeps a sale recorded after the position it saw") {
        const int64_t seen = transfer["movements"][1]["position"].get<int64_t>();
        Json({"move", "W1", "MAIN/A-01", "-1", "--kind", "sale"}, db);
        nlohmann::json count = Json(
            {"count", "W1", "MAIN/A-01", "5", "--seen", std::to_string(seen), "--id", "c1"}, db);
        CHECK(count["expected"] == 2);
        CHECK(count["adjustment"] == 3);
        CHECK(count["movement_id"] == "count:c1");
        CHECK(OnHand(db, "W1", "MAIN/A-01") == 4);  // 5 counted, then the sale of 1
        // The same count again records nothing more.
        CHECK(Json({"count", "W1", "MAIN/A-01", "5", "--seen", std::to_string(seen), "--id", "c1"},
                   db)["adjustment"] == 3);
        CHECK(OnHand(db, "W1", "MAIN/A-01") == 4);
    }

    SECTION("a count defaults --seen to now and says when nothing differs") {
        CliRun run = Run({"count", "W1", "MAIN", "1", "--blind"}, db);
        CHECK(run.code == 0);
        CHECK_THAT(run.out, Catch::EndsWith("no adjustment\n"));
        nlohmann::json count = Json({"count", "W1", "MAIN", "4"}, db);
        CHECK(count["seen_position"] == 5);
        CHECK(count["expected"] == 1);
        CHECK(OnHand(db, "W1", "MAIN") == 4);
    }

    SECTION("move --id records once, with or without --at") {
        const std::vector<std::string> at = {
            "move",    "W1",   "BACK",   "7",    "--kind",
            "receive", "--id", "scan-1", "--at", "2026-02-01T00:00:00Z"};
        nlohmann::json first = Json(at, db);
        nlohmann::json again = Json(at, db);
        CHECK(first["position"] == again["position"]);
        CHECK(OnHand(db, "W1", "BACK") == 7);
        const std::vector<std::string> now = {"move",   "W1",   "BACK", "-1",
                                              "--kind", "sale", "--id", "scan-2"};
        CHECK(Json(now, db)["position"] == Json(now, db)["position"]);
        CHECK(OnHand(db, "W1", "BACK") == 6);
        // The same id with other facts is the engine's conflict.
        CliRun conflict = Run({"move", "W1", "BACK", "-3", "--kind", "sale", "--id", "scan-2"}, db);
        CHECK(conflict.code == 1);
        CHECK_THAT(conflict.err, Catch::Contains("already recorded"));
    }

    SECTION("--why lists movements that sum to on-hand, --at looks back, --check agrees") {
        nlohmann::json why = Json({"stock", "W1", "--location", "MAIN", "--why"}, db);
        int64_t sum = 0;
        for (const auto& m : why["movements"]) sum += m["delta"].get<int64_t>();
        CHECK(why["movements"].size() == 4);
        CHECK(sum == 1);
        CHECK(why["on_hand"] == OnHand(db, "W1", "MAIN"));
        nlohmann::json all = Json({"stock", "W1", "--why"}, db);
        CHECK(all["on_hand"] == 3);

        nlohmann::json past = Json({"stock", "W1", "--at", "2026-01-06T00:00:00Z"}, db);
        CHECK(past["on_hand"] == 10);
        CHECK(Json({"stock", "W1", "--at", "2026-01-01T00:00:00Z"}, db)["on_hand"] == 0);
        CHECK(Run({"stock", "W1", "--location", "MAIN", "--at", "2026-01-06T00:00:00Z"}, db).out ==
              "W1 at MAIN on 2026-01-06T00:00:00Z: 10\n");

        CliRun check = Run({"stock", "--check"}, db);
        CHECK(check.code == 0);
        CHECK(check.out == "Stock levels agree with the ledger.\n");
        nlohmann::json checked = Json({"stock", "--check"}, db);
        CHECK(checked["ok"] == true);
        CHECK(checked["mismatches"].empty());
        CHECK(Json({"stock"}, db)["levels"].size() == 2);
    }
}

TEST_CASE("stock commands reject bad command lines with 2 and engine errors with 1",
          "[server][cli][stock]") {
    TempDir tmp;
    const std::string db = DbWithProduct(tmp);
    REQUIRE(Run({"location", "add", "MAIN"}, db).code == 0);

    CliRun kind = Run({"move", "W1", "MAIN", "3", "--kind", "gift"}, db);
    CHECK(kind.code == 2);
    CHECK_THAT(kind.err, Catch::Contains("--kind must be one of receive, sale"));
    CHECK(Run({"move", "W1", "MAIN", "3"}, db).code == 2);  // no --kind
    CHECK(Run({"move", "W1", "MAIN", "three", "--kind", "receive"}, db).code == 2);
    CHECK(Run({"transfer", "W1", "MAIN", "X", "-1"}, db).code == 2);
    CHECK(Run({"count", "W1", "MAIN"}, db).code == 2);
    CHECK(Run({"count", "W1", "MAIN", "3", "--seen", "x"}, db).code == 2);
    CHECK(Run({"stock", "--why"}, db).code == 2);
    CHECK(Run({"stock", "W1", "--why", "--check"}, db).code == 2);
    CHECK(Run({"stock", "--bogus"}, db).code == 2);
    CHECK(Run({"location", "list"}, db).code == 2);

    CliRun unknown = Run({"move", "W1", "NOWHERE", "3", "--kind", "receive"}, db);
    CHECK(unknown.code == 1);
    CHECK_THAT(unknown.err, Catch::Contains("location 'NOWHERE' does not exist"));
    CHECK(unknown.out.empty());
    CliRun json = Run({"move", "W1", "NOWHERE", "3", "--kind", "receive", "--json"}, db);
    CHECK(json.code == 1);
    CHECK_THAT(Parse(json.out)["error"].get<std::string>(),
               Catch::Contains("location 'NOWHERE' does not exist"));

    CliRun unknown_sku = Run({"move", "GHOST", "MAIN", "3", "--kind", "receive"}, db);
    CHECK(unknown_sku.code == 1);
    CHECK_THAT(unknown_sku.err, Catch::Contains("SKU GHOST is not in the catalogue"));

    CHECK(Run({"move", "W1", "MAIN", "3", "--kind", "sale"}, db).code == 1);  // wrong sign
    CHECK(Run({"location", "add", "MAIN"}, db).code == 1);                    // exists
    CHECK(Run({"location", "add", "B", "--parent", "NONE"}, db).code == 1);
    CHECK(Run({"count", "W1", "NOWHERE", "0"}, db).code == 1);
    CHECK(Run({"transfer", "W1", "MAIN", "NOWHERE", "1"}, db).code == 1);
    CHECK(Run({"stock", "W1", "--at", "yesterday"}, db).code == 1);

    CliRun help = Run({"stock", "--help"}, db);
    CHECK(help.code == 0);
    CHECK_THAT(help.out, Catch::Contains("stocktake transfer SKU FROM TO QTY"));
}
