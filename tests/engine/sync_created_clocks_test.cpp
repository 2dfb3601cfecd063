// Created clocks (sync/records.h): a first import's records carry the clock of the op that
// created them instead of a record_clocks row each. A device that imported and a device
// that received the import's ops must then agree after any further ops, in any order.
#include <algorithm>
#include <catch2/catch.hpp>

#include "engine/db_rows.h"
#include "engine/test_util.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/db.h"

namespace stocktake::engine {
namespace {

using nlohmann::json;
using testing::OpenOrDie;
using testing::ReadFixture;
using testing::TempDbFile;

Op ThirdDeviceOp(int64_t seq, uint64_t hlc, std::string entity, std::vector<std::string> key,
                 json payload) {
    Op op;
    op.device = std::string(32, 'c');
    op.seq = seq;
    op.hlc = hlc;
    op.entity = std::move(entity);
    op.key = std::move(key);
    op.payload = std::move(payload);
    return op;
}

TEST_CASE("a first import's records imply their clocks and merge like stored ones",
          "[engine][sync]") {
    TempDbFile importer("created_importer");
    TempDbFile receiver("created_receiver");
    std::unique_ptr<Engine> a = OpenOrDie(importer.path());
    std::unique_ptr<Engine> b = OpenOrDie(receiver.path());
    const std::string file = ReadFixture("amazon/all_listings_us_cp1252.txt");
    Result<ImportReport> report = a->ImportFile("listings.txt", file);
    REQUIRE(report.ok());
    REQUIRE(report->successful >= 2);

    // No clocks rows: each record names the op that created it, by its time alone (the op is
    // this device's).
    CHECK(testing::FileRows(importer.path(), "SELECT count(*) FROM record_clocks", 1) == "0\n");
    const std::vector<Op> imported = a->LocalOps(0, 1000).value();
    REQUIRE(!imported.empty());
    for (const Op& op : imported) {
        const std::string table = op.entity == "product" ? "products" : "listings";
        const std::string where = op.entity == "product"
                                      ? "sku = '" + op.key[0] + "'"
                                      : "sku = '" + op.key[0] + "' AND channel = '" + op.key[1] +
                                            "' AND marketplace = '" + op.key[2] + "'";
        CHECK(
            testing::FileRows(importer.path(),
                              "SELECT created_clock, created_hlc FROM " + table + " WHERE " + where,
                              2) == "|" + std::to_string(op.hlc) + "\n");
    }
    REQUIRE(b->ApplyOps(imported).ok());
    CHECK(testing::CatalogRecords(importer.path()) == testing::CatalogRecords(receiver.path()));

    // A third device's edits, some older than the import (they lose where the import set the
    // field, and win where it did not), some newer, and deletions both ways.
    const uint64_t now = static_cast<uint64_t>(NowUnixMillis());
    const uint64_t older = (now - 3'600'000) << 16;
    const uint64_t newer = (now + 3'600'000) << 16;
    const std::string sku = imported.front().key[0];
    std::vector<std::string> listing;
    for (const Op& op : imported) {
        if (op.entity == "listing" && op.key[0] == sku) listing = op.key;
    }
    REQUIRE(listing.size() == 3);
    std::vector<Op> edits = {
        ThirdDeviceOp(1, older, "product", {sku}, {{"name", "older name"}, {"brand", "Older"}}),
        ThirdDeviceOp(2, newer, "product", {sku}, {{"description", "newer description"}}),
        ThirdDeviceOp(3, older + 1, "listing", listing, {{"price_minor", 1}}),
        ThirdDeviceOp(4, newer + 1, "listing", listing, {{"_deleted", true}}),
        ThirdDeviceOp(5, newer + 2, "listing", listing, {{"quantity", 99}}),
    };
    for (const Op& op : imported) {
        if (op.entity == "product" && op.key[0] != sku) {
            edits.push_back(ThirdDeviceOp(6, older + 3, "product", op.key, {{"_deleted", true}}));
            break;
        }
    }
    const std::vector<OpOutcome> on_a = a->ApplyOps(edits).value();
    std::reverse(edits.begin(), edits.end());
    const std::vector<OpOutcome> on_b = b->ApplyOps(edits).value();
    for (const OpOutcome& outcome : on_a) CHECK(outcome.state == OpOutcome::State::kApplied);
    for (const OpOutcome& outcome : on_b) CHECK(outcome.state == OpOutcome::State::kApplied);
    const std::string merged = testing::CatalogRecords(importer.path());
    CHECK(merged == testing::CatalogRecords(receiver.path()));
    // The import's name stands against the older edit; the brand it never set does not.
    CHECK(merged.find("older name") == std::string::npos);
    CHECK(merged.find("|Older|") != std::string::npos);
    CHECK(merged.find("newer description") != std::string::npos);
    // Records the edits touched now have stored clocks, the same on both devices (the
    // receiver also stores those of the records nobody touched since).
    const std::string clocks_sql = "SELECT entity, key, clocks FROM record_clocks ORDER BY 1, 2";
    const std::string stored_on_a = testing::FileRows(importer.path(), clocks_sql, 3);
    const std::string stored_on_b = testing::FileRows(receiver.path(), clocks_sql, 3);
    CHECK(stored_on_a.find("\"" + sku + "\"") != std::string::npos);
    size_t line = 0;
    while (line < stored_on_a.size()) {
        const size_t end = stored_on_a.find('\n', line);
        CHECK(stored_on_b.find(stored_on_a.substr(line, end + 1 - line)) != std::string::npos);
        line = end + 1;
    }

    // A later import that changes a record stores its clocks the usual way.
    std::string changed = file;
    const size_t price = changed.find("15.69");
    REQUIRE(price != std::string::npos);
    changed.replace(price, 5, "16.69");
    REQUIRE(a->ImportFile("listings again.txt", changed).ok());
    const std::vector<Op> all = a->LocalOps(0, 1000).value();
    REQUIRE(
        b->ApplyOps({all.begin() + static_cast<std::ptrdiff_t>(imported.size()), all.end()}).ok());
    CHECK(testing::CatalogRecords(importer.path()) == testing::CatalogRecords(receiver.path()));
}

}  // namespace
}  // namespace stocktake::engine
