// The Imports screen's history (Engine::ImportJobs / ImportJobErrors): imports, previews,
// cancelled and failed jobs, newest first, each job's row errors read on their own.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "engine/test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::OpenOrDie;
using testing::Tsv;

std::string Listings(const std::vector<std::string>& rows) {
    std::string text =
        "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1"
        "\tfulfillment-channel\tstatus\tproduct-id\tproduct-id-type\n";
    for (const std::string& row : rows) text += row + "\n";
    return text;
}

ImportReport Import(Engine& engine, const std::string& name, std::string bytes, bool dry_run) {
    ImportRequest request(name, std::move(bytes));
    request.dry_run = dry_run;
    request.record_dry_run = true;  // as the browser's import screen asks
    Result<ImportReport> report = engine.ImportFile(std::move(request));
    REQUIRE(report.ok());
    return report.value();
}

TEST_CASE("the job history lists imports, previews, cancelled and failed jobs, newest first",
          "[engine][import_jobs]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    CHECK(engine->ImportJobs(-1)->empty());

    const std::string bad = Listings({
        Tsv({"Mug", "L1", "MUG-1", "9.99", "3", "", "", "DEFAULT", "Active"}),
        Tsv({"Cup", "L2", "CUP-1", "abc", "8", "", "", "DEFAULT", "Active"}),
        Tsv({"Bowl", "L3", "BOWL-1", "6.00", "-x", "", "", "DEFAULT", "Active"}),
        Tsv({"Mug", "L1", "MUG-1", "9.99", "3", "", "", "DEFAULT", "Active"}),
    });
    const ImportReport committed = Import(*engine, "bad.txt", bad, /*dry_run=*/false);
    const ImportReport preview = Import(*engine, "preview.txt", bad, /*dry_run=*/true);
    const ImportReport unreadable =
        Import(*engine, "garbage.bin", std::string("\x00\x01\x02\xff", 4), /*dry_run=*/false);
    CHECK(unreadable.state == ImportState::kFailed);

    std::vector<std::string> rows;
    for (int i = 0; i < 300; ++i) {
        rows.push_back(Tsv(
            {"Item", "L", "SKU-" + std::to_string(i), "1.00", "1", "", "", "DEFAULT", "Active"}));
    }
    Result<std::unique_ptr<ImportJob>> job = engine->StartImport({"big.txt", Listings(rows)});
    REQUIRE(job.ok());
    REQUIRE((*job)->Step(50).ok());
    (*job)->Cancel();

    Result<std::vector<ImportReport>> jobs = engine->ImportJobs(-1);
    REQUIRE(jobs.ok());
    REQUIRE(jobs->size() == 4);
    const ImportReport& cancelled = (*jobs)[0];
    CHECK(cancelled.file_name == "big.txt");
    CHECK(cancelled.cancelled);
    CHECK(cancelled.state == ImportState::kFailed);
    CHECK_FALSE(cancelled.dry_run);
    CHECK((*jobs)[1].file_name == "garbage.bin");
    CHECK((*jobs)[1].state == ImportState::kFailed);
    CHECK_FALSE((*jobs)[1].cancelled);
    CHECK((*jobs)[1].error == unreadable.error);

    const ImportReport& previewed = (*jobs)[2];
    CHECK(previewed.job_id == preview.job_id);
    CHECK(previewed.dry_run);
    CHECK(previewed.state == ImportState::kSucceeded);
    CHECK(previewed.total == 4);
    CHECK(previewed.successful == 1);
    CHECK(previewed.failed == 2);
    CHECK(previewed.duplicates == 1);
    CHECK(previewed.processed() == 4);
    CHECK_FALSE(previewed.started_at.empty());
    CHECK_FALSE(previewed.finished_at.empty());
    CHECK(previewed.errors.empty());  // read per job

    const ImportReport& imported = (*jobs)[3];
    CHECK(imported.job_id == committed.job_id);
    CHECK_FALSE(imported.dry_run);
    CHECK(imported.state == ImportState::kSucceeded);
    CHECK(imported.failed == 2);
    CHECK(imported.format == "amazon_all_listings");

    // Row errors: line, column, value and reason, as the job found them.
    Result<std::vector<RowError>> errors = engine->ImportJobErrors(imported.job_id);
    REQUIRE(errors.ok());
    REQUIRE(errors->size() == 3);  // two rejected rows and the duplicate
    CHECK((*errors)[0].line == 3);
    CHECK((*errors)[0].column == "price");
    CHECK((*errors)[0].value == "abc");
    CHECK_FALSE((*errors)[0].message.empty());
    CHECK((*errors)[1].line == 4);
    CHECK((*errors)[1].column == "quantity");
    CHECK((*errors)[2].line == 5);
    CHECK(engine->ImportJobErrors(preview.job_id)->size() == 3);
    CHECK(engine->ImportJobErrors(9999)->empty());

    // The history of imports that ran leaves the preview out; a limit counts from the newest.
    Result<std::vector<ImportReport>> ran = engine->ImportHistory(-1);
    REQUIRE(ran->size() == 3);
    for (const ImportReport& report : ran.value()) CHECK_FALSE(report.dry_run);
    CHECK(engine->ImportJobs(2)->size() == 2);
    CHECK(engine->ImportJobs(2)->front().file_name == "big.txt");
}

TEST_CASE("a dry run is recorded only when asked, and a cancelled one as cancelled",
          "[engine][import_jobs]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::string file =
        Listings({Tsv({"Mug", "L1", "MUG-1", "9.99", "3", "", "", "DEFAULT", "Active"})});
    ImportRequest quiet("quiet.txt", file);
    quiet.dry_run = true;
    Result<ImportReport> unrecorded = engine->ImportFile(std::move(quiet));
    REQUIRE(unrecorded.ok());
    CHECK(unrecorded->job_id == 0);
    CHECK(engine->ImportJobs(-1)->empty());

    std::vector<std::string> rows;
    for (int i = 0; i < 300; ++i) {
        rows.push_back(Tsv(
            {"Item", "L", "SKU-" + std::to_string(i), "1.00", "1", "", "", "DEFAULT", "Active"}));
    }
    ImportRequest preview("preview.txt", Listings(rows));
    preview.dry_run = true;
    preview.record_dry_run = true;
    Result<std::unique_ptr<ImportJob>> job = engine->StartImport(std::move(preview));
    REQUIRE(job.ok());
    REQUIRE((*job)->Step(50).ok());
    (*job)->Cancel();
    Result<std::vector<ImportReport>> jobs = engine->ImportJobs(-1);
    REQUIRE(jobs->size() == 1);
    CHECK(jobs->front().dry_run);
    CHECK(jobs->front().cancelled);
    CHECK(jobs->front().state == ImportState::kFailed);
    CHECK(engine->ImportHistory(-1)->empty());  // previews are not imports that ran
    CHECK(engine->Listings({})->empty());
}

}  // namespace
}  // namespace stocktake::engine
