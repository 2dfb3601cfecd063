// Op runs (store/sync_repo.h): a first import stores its created ops a run at a time, one
// local_ops row per run. Everything that reads the log must see the same ops as if each
// had its own row: pages that start and end inside a run, the pending count after an
// acknowledgement inside one, an op of a run sent back by the server, a record of a run
// changed later, and a rolled-back import.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/db_rows.h"
#include "engine/test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::FileRows;
using testing::OpenOrDie;
using testing::TempDbFile;
using testing::Tsv;

std::string ListingsFile(int rows) {
    std::string text =
        "item-name\tseller-sku\tprice\tquantity\tasin1\tfulfillment-channel\tstatus\n";
    for (int i = 0; i < rows; ++i) {
        text += Tsv({"Run item " + std::to_string(i), "RUN-" + std::to_string(500000 + i),
                     std::to_string(2 + i % 90) + ".25", std::to_string(i % 11),
                     "B0RUN" + std::to_string(i), "DEFAULT", "Active"}) +
                "\n";
    }
    return text;
}

// The first row of local_ops holding a run of at least three ops: "last|first".
std::pair<int64_t, int64_t> SomeRun(const std::string& path) {
    const std::string row = FileRows(path,
                                     "SELECT seq, first_seq FROM local_ops WHERE first_seq IS NOT "
                                     "NULL AND seq - first_seq >= 2 ORDER BY seq LIMIT 1",
                                     2);
    REQUIRE(!row.empty());
    const size_t bar = row.find('|');
    return {std::stoll(row.substr(0, bar)), std::stoll(row.substr(bar + 1))};
}

TEST_CASE("a first import's ops are stored a run to a row and read back one by one",
          "[engine][sync]") {
    constexpr int kRows = 3000;
    TempDbFile importer("op_runs_importer");
    std::unique_ptr<Engine> engine = OpenOrDie(importer.path());
    Result<ImportReport> report = engine->ImportFile("listings.txt", ListingsFile(kRows));
    REQUIRE(report.ok());
    REQUIRE(report->created == kRows);

    const std::vector<Op> ops = engine->LocalOps(0, 100000).value();
    REQUIRE(ops.size() == 2 * static_cast<size_t>(kRows));
    for (size_t i = 0; i < ops.size(); ++i) {
        CHECK(ops[i].seq == static_cast<int64_t>(i) + 1);
        if (i > 0) CHECK(ops[i].hlc > ops[i - 1].hlc);
        CHECK(ops[i].payload.is_object());
        CHECK(ops[i].entity == (i % 2 == 0 ? "product" : "listing"));
    }
    CHECK(ops[0].payload["name"] == "Run item 0");
    CHECK(ops[1].payload["price_minor"] == 225);
    // Far fewer rows than ops, and no row holds more than a run's worth.
    const int64_t rows = std::stoll(FileRows(importer.path(), "SELECT count(*) FROM local_ops", 1));
    CHECK(rows < static_cast<int64_t>(ops.size()) / 2);
    CHECK(FileRows(importer.path(), "SELECT max(seq - first_seq + 1) <= 1024 FROM local_ops", 1) ==
          "1\n");

    // Pages of any size, starting anywhere, give the same ops.
    const auto [last, first] = SomeRun(importer.path());
    for (const int64_t after : {int64_t{0}, first - 1, first, first + 1, last - 1, last}) {
        for (const int64_t limit : {int64_t{1}, int64_t{2}, int64_t{7}, int64_t{500}}) {
            const std::vector<Op> page = engine->LocalOps(after, limit).value();
            REQUIRE(page.size() == static_cast<size_t>(limit));
            for (size_t i = 0; i < page.size(); ++i) {
                const Op& want = ops[static_cast<size_t>(after) + i];
                CHECK(page[i].seq == want.seq);
                CHECK(page[i].hlc == want.hlc);
                CHECK(page[i].entity == want.entity);
                CHECK(page[i].key == want.key);
                CHECK(page[i].payload == want.payload);
            }
        }
    }
    CHECK(engine->LocalOps(static_cast<int64_t>(ops.size()) - 3, 500).value().size() == 3);

    // Acknowledged up to the middle of a run: the rest of it is still pending.
    REQUIRE(engine->AcknowledgeOps(first + 1).ok());
    CHECK(engine->PendingOpCount().value() == static_cast<int64_t>(ops.size()) - first - 1);
    const std::vector<Op> pending = engine->PendingOps(3).value();
    REQUIRE(pending.size() == 3);
    CHECK(pending[0].seq == first + 2);

    // The server sends an op of a run back (another device's pull): already here.
    const Op echoed = ops[static_cast<size_t>(first)];
    const std::vector<OpOutcome> outcomes = engine->ApplyOps({echoed}).value();
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].state == OpOutcome::State::kDuplicate);

    // A record of a run changed here (the product op of seq first + 1 or first + 2, both
    // inside the run): its op keeps the payload it was sent with.
    const size_t inside =
        static_cast<size_t>(first) + (ops[static_cast<size_t>(first)].entity == "product" ? 0 : 1);
    const Op product_op = ops[inside];
    REQUIRE(product_op.entity == "product");
    REQUIRE(product_op.seq <= last);
    ProductEdit edit;
    edit.sku = product_op.key[0];
    edit.name = "Renamed after the import";
    REQUIRE(engine->SaveProduct(edit).ok());
    const std::vector<Op> after = engine->LocalOps(0, 100000).value();
    REQUIRE(after.size() == ops.size() + 1);
    CHECK(after[inside].payload == product_op.payload);
    CHECK(after[inside].payload["name"] != "Renamed after the import");
    CHECK(after.back().payload["name"] == "Renamed after the import");
    CHECK(FileRows(importer.path(), "SELECT count(*) FROM local_op_payloads", 1) == "1\n");

    // A device that receives every op has the same records.
    TempDbFile receiver("op_runs_receiver");
    std::unique_ptr<Engine> other = OpenOrDie(receiver.path());
    REQUIRE(other->ApplyOps(after).ok());
    CHECK(testing::CatalogRecords(importer.path()) == testing::CatalogRecords(receiver.path()));
}

TEST_CASE("a dry run or a cancelled import leaves no op run behind", "[engine][sync]") {
    TempDbFile file("op_runs_rolled_back");
    std::unique_ptr<Engine> engine = OpenOrDie(file.path());
    ImportRequest dry{"listings.txt", ListingsFile(500)};
    dry.dry_run = true;
    REQUIRE(engine->ImportFile(dry).ok());
    CHECK(engine->LocalOps(0, 10).value().empty());

    Result<std::unique_ptr<ImportJob>> job =
        engine->StartImport({"listings.txt", ListingsFile(500)});
    REQUIRE(job.ok());
    REQUIRE(job.value()->Step(100).ok());
    job.value()->Cancel();
    while (!job.value()->IsDone()) REQUIRE(job.value()->Step(100).ok());
    CHECK(engine->LocalOps(0, 10).value().empty());
    CHECK(FileRows(file.path(), "SELECT count(*) FROM local_ops", 1) == "0\n");

    // The next op starts at seq 1 and is read back.
    REQUIRE(engine->ImportFile("listings.txt", ListingsFile(20)).ok());
    const std::vector<Op> ops = engine->LocalOps(0, 100).value();
    REQUIRE(ops.size() == 40);
    CHECK(ops[0].seq == 1);
}

}  // namespace
}  // namespace stocktake::engine
