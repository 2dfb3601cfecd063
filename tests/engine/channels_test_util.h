// Fixtures for the channel and reallocation tests: a catalogue with listings on every
// channel, stock, and listings written as another device's ops (the way a listing on a
// channel without an importer arrives).
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine::testing {

// Writes a listing's fields as an op from another device, as sync would.
inline void PutListing(Engine& engine, const std::string& sku, const std::string& channel,
                       nlohmann::json fields) {
    static int64_t seq = 0;
    Op op;
    op.device = std::string(32, 'e');
    op.seq = ++seq;
    op.hlc = (uint64_t{1'700'000'000'000} << 16) + static_cast<uint64_t>(seq);
    op.entity = "listing";
    op.key = {sku, channel, ""};
    op.payload = std::move(fields);
    Result<std::vector<OpOutcome>> outcomes = engine.ApplyOps({op});
    REQUIRE(outcomes.ok());
    INFO(outcomes->front().reason);
    REQUIRE(outcomes->front().state == OpOutcome::State::kApplied);
}

// Products MUG, LID and TEA listed on Amazon (MUG and LID by the merchant at 12.50 and 3.00,
// TEA through FBA at 8.00); MUG also on eBay (item 110001, 13.00), Shopify (handle "mug",
// 14.00) and Woot (10.00). Stock at MAIN: MUG 10, LID 2, TEA 0; location FBA-US.
inline std::unique_ptr<Engine> ChannelsEngine() {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::string file =
        "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\t"
        "fulfillment-channel\tstatus\n"
        "Mug\tAMZ-1\tMUG\t12.50\t9\t2024-01-01\tB0MUG00001\tDEFAULT\tActive\n"
        "Lid\tAMZ-2\tLID\t3.00\t2\t2024-01-01\tB0LID00001\tDEFAULT\tActive\n"
        "Tea\tAMZ-3\tTEA\t8.00\t\t2024-01-01\tB0TEA00001\tAMAZON_NA\tActive\n";
    Result<ImportReport> report = engine->ImportFile("listings.txt", file);
    REQUIRE(report.ok());
    REQUIRE(report->successful == 3);
    PutListing(*engine, "MUG", "ebay",
               {{"listing_id", "110001"}, {"price_minor", 1300}, {"quantity", 4}});
    PutListing(*engine, "MUG", "shopify",
               {{"listing_id", "mug"}, {"price_minor", 1400}, {"quantity", 5}});
    PutListing(*engine, "MUG", "woot", {{"price_minor", 1000}, {"quantity", 0}});
    REQUIRE(engine->AddLocation({"MAIN", "", "Main", "warehouse"}).ok());
    REQUIRE(engine->AddLocation({"FBA-US", "", "Amazon US", "warehouse"}).ok());
    REQUIRE(engine->RecordMovement(Move("MUG", "MAIN", 10, MovementKind::kReceive)).ok());
    REQUIRE(engine->RecordMovement(Move("LID", "MAIN", 2, MovementKind::kReceive)).ok());
    return engine;
}

// The lines of a file, without a BOM or CR.
inline std::vector<std::string> Lines(std::string text) {
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    return SplitLines(text);
}

// The cells of a line without quotes (the fixtures hold no delimiters inside values).
inline std::vector<std::string> Cells(const std::string& line, char delimiter) {
    std::vector<std::string> cells(1);
    for (const char c : line) {
        if (c == delimiter) {
            cells.emplace_back();
        } else if (c != '"') {
            cells.back() += c;
        }
    }
    return cells;
}

}  // namespace stocktake::engine::testing
