// The channel and realloc commands: channel export writes the marketplace's file and
// summarises it in one JSON object; rules, simulate and the reallocation list round-trip
// through the engine, with the stock commands' conventions (--db, --json, exit codes).
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "cli_test_util.h"
#include "server_test_util.h"
#include "stocktake/engine/engine.h"

using stocktake::server::testing::CliRun;
using stocktake::server::testing::Json;
using stocktake::server::testing::Run;
using stocktake::server::testing::TempDir;

namespace {

// MUG and LID listed on Amazon by the merchant, TEA through FBA; 10 MUG and 2 LID at MAIN.
std::string Prepared(const TempDir& tmp) {
    const std::string db = (tmp.path() / "channels.db").string();
    {
        auto engine = stocktake::engine::Engine::Open(db);
        REQUIRE(engine.ok());
        const std::string file =
            "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\t"
            "fulfillment-channel\tstatus\n"
            "Mug\tL1\tMUG\t12.50\t9\t2024-01-01\tB0MUG00001\tDEFAULT\tActive\n"
            "Lid\tL2\tLID\t3.00\t2\t2024-01-01\tB0LID00001\tDEFAULT\tActive\n"
            "Tea\tL3\tTEA\t8.00\t\t2024-01-01\tB0TEA00001\tAMAZON_NA\tActive\n";
        auto report = (*engine)->ImportFile("listings.txt", file);
        REQUIRE(report.ok());
        REQUIRE(report->successful == 3);
    }
    REQUIRE(Run({"location", "add", "MAIN"}, db).code == 0);
    REQUIRE(Run({"move", "MUG", "MAIN", "10", "--kind", "receive"}, db).code == 0);
    REQUIRE(Run({"move", "LID", "MAIN", "2", "--kind", "receive"}, db).code == 0);
    return db;
}

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("channel export writes the bulk file after the rules and summarises it",
          "[server][cli][channels]") {
    TempDir tmp;
    const std::string db = Prepared(tmp);
    nlohmann::json rules =
        Json({"channel", "rules", "amazon", "--percent", "50", "--max", "4"}, db);
    CHECK(rules["percent_of_available"] == 50);
    CHECK(rules["max_quantity"] == 4);
    CHECK(Json({"channel", "rules", "amazon"}, db)["max_quantity"] == 4);

    const std::string out = (tmp.path() / "amazon.txt").string();
    nlohmann::json summary = Json({"channel", "export", "amazon", "--out", out}, db);
    CHECK(summary["channel"] == "amazon");
    CHECK(summary["kind"] == "quantity");
    CHECK(summary["file"] == out);
    CHECK(summary["rows"] == 2);
    CHECK(summary["skipped"] == 1);
    const std::string text = ReadAll(out);
    CHECK(text.rfind("TemplateType=PriceInventory\tVersion=2018.0924\t", 0) == 0);
    CHECK(text.find("\nLID\t\t\t\t1\t\tDEFAULT\n") != std::string::npos);  // 2 * 50%
    CHECK(text.find("\nMUG\t\t\t\t4\t\tDEFAULT\n") != std::string::npos);  // 5 capped at 4

    nlohmann::json price = Json({"channel", "export", "amazon", "--out", out, "--kind", "price",
                                 "--price-change", "10", "--price", "LID:2.99"},
                                db);
    CHECK(price["kind"] == "price");
    CHECK(price["rows"] == 3);
    CHECK(ReadAll(out).find("\nMUG\t13.75\t") != std::string::npos);
    CHECK(ReadAll(out).find("\nLID\t2.99\t") != std::string::npos);

    CliRun plain = Run({"channel", "export", "woot", "--out", out}, db);
    CHECK(plain.code == 0);
    CHECK(plain.out.find("Wrote 0 rows to " + out) != std::string::npos);

    CHECK(Run({"channel", "export", "etsy", "--out", out}, db).code == 1);
    CHECK(Run({"channel", "export", "shopify", "--kind", "price", "--out", out}, db).code == 1);
    CHECK(Run({"channel", "export", "amazon", "--kind", "everything"}, db).code == 2);
    CHECK(Run({"channel", "rules", "amazon", "--percent", "half"}, db).code == 2);
    CHECK(Run({"channel", "rules", "amazon", "--percent", "101"}, db).code == 1);
    CHECK(Run({"channel"}, db).code == 2);
    CliRun help = Run({"channel", "--help"}, db);
    CHECK(help.code == 0);
    CHECK(help.out.find("stocktake channel export CHANNEL [--out FILE]") != std::string::npos);
    CliRun top = Run({"help"}, db);
    CHECK(top.out.find("channel export CHANNEL") != std::string::npos);
}

TEST_CASE("channel list and simulate print one JSON object each", "[server][cli][channels]") {
    TempDir tmp;
    const std::string db = Prepared(tmp);
    nlohmann::json list = Json({"channel", "list"}, db);
    REQUIRE(list["channels"].size() == 4);
    CHECK(list["channels"][0]["id"] == "amazon");

    REQUIRE(Run({"channel", "rules", "amazon", "--zero-below", "3", "--delay", "120"}, db).code ==
            0);
    nlohmann::json simulated =
        Json({"channel", "simulate", "amazon", "--at", "2026-11-24T12:00:00Z"}, db);
    REQUIRE(simulated["listings"].size() == 3);
    nlohmann::json lid = simulated["listings"][0];
    CHECK(lid["sku"] == "LID");
    CHECK(lid["available"] == 2);
    CHECK(lid["would_show"] == 0);
    CHECK(lid["decided_by"] == "zero_below");
    CHECK(lid["update_delay_minutes"] == 120);
    CHECK(simulated["listings"][2]["would_show"].is_null());  // TEA: FBA
    CHECK(simulated["at_risk"] == 0);
}

TEST_CASE("realloc commands push, pull with an audit, export and purge",
          "[server][cli][channels][realloc]") {
    TempDir tmp;
    const std::string db = Prepared(tmp);
    REQUIRE(Run({"location", "add", "FBA-US"}, db).code == 0);
    nlohmann::json entry = Json({"realloc", "push", "MUG", "amazon", "--reason", "slow on Amazon",
                                 "--quantity", "5", "--at", "2026-11-01T00:00:00Z"},
                                db);
    CHECK(entry["state"] == "open");
    CHECK(entry["quantity"] == 5);
    const std::string id = entry["id"];
    CHECK(Json({"realloc", "list", "--state", "open"}, db)["reallocations"].size() == 1);

    // eBay takes 3 as a transfer between locations (eBay has no MUG listing to raise).
    nlohmann::json move = Json({"realloc", "pull", id, "ebay", "3", "--from-location", "MAIN",
                                "--to-location", "FBA-US", "--by", "ana"},
                               db);
    CHECK(move["kind"] == "transfer");
    CHECK(move["from_channel"] == "amazon");
    CHECK(move["to_channel"] == "ebay");
    CHECK(move["quantity"] == 3);
    nlohmann::json moves = Json({"realloc", "moves", "MUG"}, db)["moves"];
    REQUIRE(moves.size() == 1);
    CHECK(moves[0]["by"] == "ana");
    CHECK(Json({"realloc", "list", "--state", "taken"}, db)["reallocations"].size() == 1);
    CHECK(Run({"realloc", "pull", id, "ebay", "1"}, db).code == 1);  // taken already

    const std::string csv = (tmp.path() / "realloc.csv").string();
    nlohmann::json exported = Json({"realloc", "export", "--out", csv}, db);
    CHECK(exported["rows"] == 1);
    CHECK(ReadAll(csv).find("id,sku,channel_origin,reason,quantity,state,added_at,added_by") !=
          std::string::npos);

    CHECK(Json({"realloc", "purge", "--at", "2027-01-30T00:00:00Z"}, db)["purged"] == 0);
    CHECK(Json({"realloc", "purge", "--at", "2027-01-30T00:00:01Z"}, db)["purged"] == 1);
    CHECK(Json({"realloc", "list"}, db)["reallocations"].empty());
    CHECK(Json({"realloc", "moves"}, db)["moves"].size() == 1);  // the audit stays
    CHECK(Run({"realloc", "pull", id, "ebay"}, db).code == 2);
}
