// A first import writes its new records and their ops many rows to a statement
// (store/batch_insert.h). What it reports and stores must not depend on where the batches
// fall: bad rows, duplicates, a failure or a cancel in the middle of a batch, and another
// writer between two steps.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/test_util.h"

namespace stocktake::engine {
namespace {

using testing::AllListings;
using testing::FindListing;
using testing::OpenOrDie;
using testing::Tsv;

constexpr const char* kHeader =
    "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\tfulfillment-channel"
    "\tstatus";

std::string Row(int i, const std::string& price = "1.00") {
    const std::string n = std::to_string(i);
    return Tsv({"Item " + n, "L" + n, "SKU-" + std::to_string(100000 + i), price,
                std::to_string(i % 7), "", "B" + n, "DEFAULT", "Active"}) +
           "\n";
}

std::string File(int rows, int bad_every = 0) {
    std::string text = std::string(kHeader) + "\n";
    for (int i = 0; i < rows; ++i) {
        text += Row(i, bad_every > 0 && i % bad_every == 3 ? "n/a" : "1.00");
    }
    return text;
}

ImportReport RunInSteps(Engine& engine, const std::string& name, const std::string& bytes,
                        int64_t step_rows) {
    Result<std::unique_ptr<ImportJob>> job = engine.StartImport({name, bytes});
    REQUIRE(job.ok());
    while (!job.value()->IsDone()) REQUIRE(job.value()->Step(step_rows).ok());
    return job.value()->Report();
}

// Every op this device stored, as "entity:sku", checking that the sequence has no gap.
std::multiset<std::string> OpKeys(const Engine& engine) {
    std::multiset<std::string> keys;
    const std::vector<Op> ops = engine.LocalOps(0, 100000).value();
    for (size_t i = 0; i < ops.size(); ++i) {
        CHECK(ops[i].seq == static_cast<int64_t>(i) + 1);
        CHECK(ops[i].payload.is_object());  // given back by its record
        keys.insert(ops[i].entity + ":" + ops[i].key[0]);
    }
    return keys;
}

std::multiset<std::string> ExpectedOpKeys(const std::vector<int>& rows) {
    std::multiset<std::string> keys;
    for (const int i : rows) {
        const std::string sku = "SKU-" + std::to_string(100000 + i);
        keys.insert("product:" + sku);
        keys.insert("listing:" + sku);
    }
    return keys;
}

TEST_CASE("bad rows inside batches are reported by line and their batch-mates import",
          "[engine][import][batches]") {
    // 150 rows in steps of 70: batches of 32 straddle the steps and every fifth row is bad.
    std::unique_ptr<Engine> engine = OpenOrDie();
    const ImportReport report = RunInSteps(*engine, "bad.txt", File(150, 5), 70);
    CHECK(report.state == ImportState::kSucceeded);
    CHECK(report.total == 150);
    CHECK(report.failed == 30);
    CHECK(report.successful == 120);
    CHECK(report.created == 120);
    REQUIRE(report.errors.size() == 30);
    std::vector<int> good;
    for (int i = 0, bad = 0; i < 150; ++i) {
        if (i % 5 != 3) {
            good.push_back(i);
            continue;
        }
        CHECK(report.errors[static_cast<size_t>(bad)].line == i + 2);
        CHECK(report.errors[static_cast<size_t>(bad)].column == "price");
        ++bad;
    }
    CHECK(AllListings(*engine).size() == 120);
    CHECK_FALSE(FindListing(*engine, "SKU-100003"));
    CHECK(FindListing(*engine, "SKU-100149")->name == "Item 149");
    CHECK(OpKeys(*engine) == ExpectedOpKeys(good));
}

TEST_CASE("a SKU repeated inside one batch keeps its first row", "[engine][import][batches]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    std::string file = std::string(kHeader) + "\n";
    for (int i = 0; i < 40; ++i) file += Row(i);
    // Lines 42 and 43 repeat lines 7 and 42's SKUs; both land in the second batch or later.
    file += Tsv({"Again", "LX", "SKU-100005", "9.00", "9", "", "BX", "DEFAULT", "Active"}) + "\n";
    file += Tsv({"Again", "LY", "SKU-100005", "8.00", "8", "", "BY", "DEFAULT", "Active"}) + "\n";
    const ImportReport report = RunInSteps(*engine, "dups.txt", file, 1000);
    CHECK(report.successful == 40);
    CHECK(report.duplicates == 2);
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].line == 42);
    CHECK(report.errors[0].message.find("duplicate of line 7") != std::string::npos);
    CHECK(report.errors[1].line == 43);
    CHECK(FindListing(*engine, "SKU-100005")->price_minor == 100);
    std::vector<int> all;
    for (int i = 0; i < 40; ++i) all.push_back(i);
    CHECK(OpKeys(*engine) == ExpectedOpKeys(all));
}

TEST_CASE("a failure or a cancel in the middle of a batch leaves nothing behind",
          "[engine][import][batches]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    SECTION("the file turns unreadable after 45 rows: 13 of them were pending") {
        std::string file = File(45);
        // A record over the reader's limit ends the job in the middle of a step.
        file += Tsv({std::string(size_t{1} << 20, 'x'), "LZ", "SKU-LONG", "1.00", "1", "", "BZ",
                     "DEFAULT", "Active"}) +
                "\n";
        for (int i = 45; i < 60; ++i) file += Row(i);
        const ImportReport report = RunInSteps(*engine, "broken.txt", file, 1000);
        CHECK(report.state == ImportState::kFailed);
        CHECK(report.successful == 0);
    }
    SECTION("cancelled after a step of 45 rows") {
        Result<std::unique_ptr<ImportJob>> job = engine->StartImport({"big.txt", File(100)});
        REQUIRE(job.ok());
        REQUIRE(job.value()->Step(45).ok());
        REQUIRE_FALSE(job.value()->IsDone());
        job.value()->Cancel();
        CHECK(job.value()->Report().cancelled);
    }
    CHECK(AllListings(*engine).empty());
    CHECK(engine->LocalOps(0, 1000).value().empty());
    // Nothing pending leaks into the next import.
    const ImportReport next = RunInSteps(*engine, "next.txt", File(10), 1000);
    CHECK(next.created == 10);
    CHECK(AllListings(*engine).size() == 10);
    CHECK(OpKeys(*engine) == ExpectedOpKeys({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST_CASE("nothing else writes between two steps of an import", "[engine][import][batches]") {
    // What lets a step leave nothing pending and the tables trust the keys they inserted
    // (the import also stops batching if a write got through: Db::TotalChanges).
    std::unique_ptr<Engine> engine = OpenOrDie();
    Result<std::unique_ptr<ImportJob>> job = engine->StartImport({"first.txt", File(100)});
    REQUIRE(job.ok());
    REQUIRE(job.value()->Step(40).ok());
    ProductEdit edit;
    edit.sku = "SKU-100060";
    edit.name = "Edited meanwhile";
    const Status refused = engine->SaveProduct(edit);
    CHECK(refused.code() == Code::kConflict);
    while (!job.value()->IsDone()) REQUIRE(job.value()->Step(40).ok());
    CHECK(job.value()->Report().created == 100);
    CHECK(FindListing(*engine, "SKU-100060")->name == "Item 60");
}

}  // namespace
}  // namespace stocktake::engine
