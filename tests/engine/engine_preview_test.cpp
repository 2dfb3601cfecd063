// Previews before anything is written: PreviewFile, dry runs with their field-by-field
// diff, cancelling, generic mappings saved per header, match suggestions, and the
// export -> import round trip.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/db_rows.h"
#include "engine/test_util.h"
#include "stocktake/engine/engine.h"

namespace stocktake::engine {
namespace {

using testing::AllListings;
using testing::FindListing;
using testing::OpenOrDie;
using testing::ReadFixture;
using testing::Tsv;

constexpr const char* kHeader =
    "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\tfulfillment-channel"
    "\tstatus\tproduct-id\tproduct-id-type";

std::string Listings(const std::vector<std::string>& rows) {
    std::string text = std::string(kHeader) + "\n";
    for (const std::string& row : rows) text += row + "\n";
    return text;
}

ImportReport Run(Engine& engine, std::string bytes, bool dry_run) {
    ImportRequest request("file.txt", std::move(bytes));
    request.dry_run = dry_run;
    Result<ImportReport> report = engine.ImportFile(std::move(request));
    REQUIRE(report.ok());
    REQUIRE(report->state == ImportState::kSucceeded);
    return report.value();
}

const RecordChange* ChangeOf(const ImportReport& report, const std::string& entity,
                             const std::string& key) {
    for (const RecordChange& change : report.changes) {
        if (change.entity == entity && change.key == key) return &change;
    }
    return nullptr;
}

TEST_CASE("a dry run reports new, changed and unchanged rows field by field, writing nothing",
          "[engine][preview]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    Run(*engine,
        Listings({Tsv({"Mug", "L1", "MUG-1", "9.99", "3", "", "", "DEFAULT", "Active"}),
                  Tsv({"Cup", "L2", "CUP-1", "4.50", "8", "", "", "DEFAULT", "Active"})}),
        false);
    const uint64_t generation = engine->Generation();
    Result<std::vector<ImportReport>> history_before = engine->ImportHistory(-1);

    const std::string next = Listings({
        Tsv({"Mug", "L1", "MUG-1", "10.49", "3", "", "", "DEFAULT", "Active"}),    // changed
        Tsv({"Cup", "L2", "CUP-1", "4.50", "8", "", "", "DEFAULT", "Active"}),     // unchanged
        Tsv({"Bowl", "L3", "BOWL-1", "6.00", "2", "", "", "DEFAULT", "Active"}),   // new
        Tsv({"Bowl", "L4", "BOWL-1", "7.00", "2", "", "", "DEFAULT", "Active"}),   // duplicate
        Tsv({"Plate", "L5", "PLATE-1", "abc", "2", "", "", "DEFAULT", "Active"}),  // error
    });
    const ImportReport preview = Run(*engine, next, true);
    CHECK(preview.dry_run);
    CHECK(preview.total == 5);
    CHECK(preview.created == 1);
    CHECK(preview.changed == 1);
    CHECK(preview.unchanged == 1);
    CHECK(preview.duplicates == 1);
    CHECK(preview.failed == 1);
    CHECK(preview.processed() == 5);
    CHECK(preview.job_id == 0);

    const RecordChange* mug = ChangeOf(preview, "listing", "MUG-1 / amazon");
    REQUIRE(mug);
    CHECK(mug->kind == ChangeKind::kChanged);
    CHECK(mug->line == 2);
    REQUIRE(mug->fields.size() == 1);
    CHECK(mug->fields[0].field == "price");
    CHECK(mug->fields[0].before == "9.99");
    CHECK(mug->fields[0].after == "10.49");
    CHECK(ChangeOf(preview, "listing", "CUP-1 / amazon") == nullptr);
    const RecordChange* bowl = ChangeOf(preview, "product", "BOWL-1");
    REQUIRE(bowl);
    CHECK(bowl->kind == ChangeKind::kNew);
    REQUIRE_FALSE(bowl->fields.empty());
    CHECK(bowl->fields[0].field == "name");
    CHECK(bowl->fields[0].after == "Bowl");
    REQUIRE(preview.errors.size() == 2);
    CHECK(preview.errors[0].line == 5);  // the duplicate
    CHECK(preview.errors[1].line == 6);
    CHECK(preview.errors[1].column == "price");
    CHECK(preview.errors[1].value == "abc");

    // Nothing was written: no new SKU, the old price, no history entry, same generation.
    CHECK_FALSE(FindListing(*engine, "BOWL-1"));
    CHECK(FindListing(*engine, "MUG-1")->price_minor == 999);
    CHECK(engine->ImportHistory(-1)->size() == history_before->size());
    CHECK(engine->ImportJobs(-1)->size() == history_before->size());
    CHECK(engine->Generation() == generation);

    // The commit does exactly what the preview said.
    const ImportReport commit = Run(*engine, next, false);
    CHECK(commit.created == preview.created);
    CHECK(commit.changed == preview.changed);
    CHECK(commit.unchanged == preview.unchanged);
    CHECK(commit.failed == preview.failed);
    CHECK(commit.changes.empty());  // diffs are for previews
    CHECK(FindListing(*engine, "MUG-1")->price_minor == 1049);
    // Re-importing the same file changes nothing.
    const ImportReport again = Run(*engine, next, false);
    CHECK(again.created == 0);
    CHECK(again.changed == 0);
    CHECK(again.unchanged == 3);
}

TEST_CASE("cancelling an import rolls back every row and records it", "[engine][preview]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    std::vector<std::string> rows;
    for (int i = 0; i < 500; ++i) {
        rows.push_back(Tsv({"Item", "L", std::string("SKU-") + std::to_string(i), "1.00", "1", "",
                            "", "DEFAULT", "Active"}));
    }
    Result<std::unique_ptr<ImportJob>> job = engine->StartImport({"big.txt", Listings(rows)});
    REQUIRE(job.ok());
    REQUIRE((*job)->Step(100).ok());
    CHECK((*job)->Progress().rows_done >= 100);
    (*job)->Cancel();
    CHECK((*job)->IsDone());
    CHECK((*job)->Report().state == ImportState::kFailed);
    CHECK((*job)->Report().error.find("cancelled") != std::string::npos);
    CHECK(AllListings(*engine).empty());
    Result<std::vector<ImportReport>> history = engine->ImportHistory(1);
    REQUIRE(history->size() == 1);
    CHECK(history->front().state == ImportState::kFailed);
    // Step after Cancel is harmless, and another import can start.
    CHECK((*job)->Step(100).ok());
    CHECK(engine->StartImport({"again.txt", Listings(rows)}).ok());
}

TEST_CASE("PreviewFile describes a file without writing", "[engine][preview]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    Result<FilePreview> preview =
        engine->PreviewFile(ReadFixture("formats/ebay_active_listings.csv"), 2);
    REQUIRE(preview.ok());
    CHECK(preview->error.empty());
    CHECK(preview->encoding == "utf-8");
    CHECK(preview->delimiter == "comma");
    CHECK(preview->header.front() == "Item number");
    CHECK(preview->rows.size() == 2);
    CHECK(preview->outcome == "recognised");
    REQUIRE_FALSE(preview->candidates.empty());
    CHECK(preview->candidates.front().id == "ebay_active_listings");
    CHECK(preview->candidates.front().importable);
    CHECK(preview->candidates.front().confidence > 0.6);

    Result<FilePreview> garbage = engine->PreviewFile(std::string("\x00\x01\x02", 3), 5);
    REQUIRE(garbage.ok());
    CHECK(garbage->error.find("binary") != std::string::npos);
    CHECK(AllListings(*engine).empty());
}

TEST_CASE("a generic catalogue needs a mapping once; the saved mapping is reused",
          "[engine][preview][mapping]") {
    testing::TempDbFile file("mapping_reuse");
    const std::string bytes = ReadFixture("formats/generic_catalog.csv");
    {
        std::unique_ptr<Engine> engine = OpenOrDie(file.path());
        Result<FilePreview> preview = engine->PreviewFile(bytes, 5);
        REQUIRE(preview.ok());
        CHECK(preview->outcome == "needs_mapping");
        CHECK_FALSE(preview->mapping_saved);
        CHECK(preview->mapping.fields.count("sku") == 1);  // suggested: "Item Code"

        // Without a mapping the import is refused and says what to do.
        Result<ImportReport> refused = engine->ImportFile("catalog.csv", bytes);
        REQUIRE(refused.ok());
        CHECK(refused->state == ImportState::kFailed);
        CHECK(refused->error.find("Map its columns") != std::string::npos);

        ImportRequest request("catalog.csv", bytes);
        ColumnMapping mapping;
        mapping.fields["sku"] = MappedColumn{"Item Code", 1};
        mapping.fields["name"] = MappedColumn{"Product Title", 1};
        mapping.fields["price"] = MappedColumn{"Retail Price", 1};
        mapping.fields["gtin"] = MappedColumn{"EAN", 1};
        mapping.fields["quantity"] = MappedColumn{"Stock", 1};
        request.mapping = mapping;
        Result<ImportReport> report = engine->ImportFile(std::move(request));
        REQUIRE(report.ok());
        REQUIRE(report->state == ImportState::kSucceeded);
        CHECK(report->format == "generic_catalog");
        CHECK(report->created == 2);
        // "Shelf" is not mapped and "Stock" is not a stock level yet: both said, not dropped.
        bool quantity_note = false;
        for (const std::string& note : report->notes) {
            if (note.find("'Stock'") != std::string::npos) quantity_note = true;
        }
        CHECK(quantity_note);
        CHECK(engine->SavedMapping(preview->signature)->value() == mapping);
    }
    // Reopened: the same header imports with the saved mapping, no mapping passed.
    std::unique_ptr<Engine> engine = OpenOrDie(file.path());
    Result<FilePreview> preview = engine->PreviewFile(bytes, 5);
    CHECK(preview->mapping_saved);
    Result<ImportReport> again = engine->ImportFile("catalog.csv", bytes);
    REQUIRE(again.ok());
    CHECK(again->state == ImportState::kSucceeded);
    CHECK(again->unchanged == 2);
}

TEST_CASE("a bad GTIN in a catalogue is reported with its value", "[engine][preview][mapping]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportRequest request("c.csv", "code,title,ean\nA-1,Shelf,4006381333932\nA-2,Hook,\n");
    ColumnMapping mapping;
    mapping.fields["sku"] = MappedColumn{"code", 1};
    mapping.fields["name"] = MappedColumn{"title", 1};
    mapping.fields["gtin"] = MappedColumn{"ean", 1};
    request.mapping = mapping;
    Result<ImportReport> report = engine->ImportFile(std::move(request));
    REQUIRE(report.ok());
    CHECK(report->successful == 1);
    REQUIRE(report->failed == 1);
    CHECK(report->errors[0].column == "ean");
    CHECK(report->errors[0].value == "4006381333932");
    CHECK(report->errors[0].message.find("check digit") != std::string::npos);
}

TEST_CASE("same GTIN or near-identical name under another SKU is suggested, never merged",
          "[engine][preview][matching]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    Run(*engine,
        Listings({Tsv({"Oak Shelf Bracket (pair)", "L1", "OLD-1", "1.00", "1", "", "", "DEFAULT",
                       "Active", "4006381333931", "4"}),
                  Tsv({"Steel Hook", "L2", "OLD-2", "1.00", "1", "", "", "DEFAULT", "Active"})}),
        false);
    const ImportReport report =
        Run(*engine,
            Listings({Tsv({"Bracket", "L3", "NEW-1", "1.00", "1", "", "", "DEFAULT", "Active",
                           "4006381333931", "4"}),
                      Tsv({"steel  hook", "L4", "NEW-2", "1.00", "1", "", "", "DEFAULT", "Active"}),
                      Tsv({"Unrelated", "L5", "NEW-3", "1.00", "1", "", "", "DEFAULT", "Active"})}),
            true);
    CHECK(report.suggestions_found == 2);
    REQUIRE(report.suggestions.size() == 2);
    CHECK(report.suggestions[0].line == 2);
    CHECK(report.suggestions[0].sku == "NEW-1");
    CHECK(report.suggestions[0].existing_sku == "OLD-1");
    CHECK(report.suggestions[0].reason.find("same GTIN 04006381333931") != std::string::npos);
    CHECK(report.suggestions[1].sku == "NEW-2");
    CHECK(report.suggestions[1].existing_sku == "OLD-2");
    CHECK(report.suggestions[1].reason.find("near-identical name") != std::string::npos);
    CHECK(report.created == 3);  // suggestions never stop or merge a row
}

// A first import skips the probes whose key no earlier row of the file wrote (seen_keys.h):
// rows that do share a GTIN or a name with an earlier row must still be suggested, each
// against the smallest other SKU, as the database's probe answers.
TEST_CASE("a first import suggests matches between rows of the same file",
          "[engine][preview][matching]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::string file =
        Listings({Tsv({"Oak Shelf Bracket", "L1", "B-2", "1.00", "1", "", "", "DEFAULT", "Active",
                       "4006381333931", "4"}),
                  Tsv({"Steel Hook", "L2", "A-9", "1.00", "1", "", "", "DEFAULT", "Active"}),
                  Tsv({"Unrelated", "L3", "C-1", "1.00", "1", "", "", "DEFAULT", "Active"}),
                  Tsv({"steel hook!", "L4", "A-1", "1.00", "1", "", "", "DEFAULT", "Active"}),
                  Tsv({"Bracket", "L5", "D-1", "1.00", "1", "", "", "DEFAULT", "Active",
                       "4006381333931", "4"}),
                  Tsv({"STEEL HOOK", "L6", "D-2", "1.00", "1", "", "", "DEFAULT", "Active"})});
    for (const bool dry_run : {true, false}) {
        const ImportReport report = Run(*engine, file, dry_run);
        CHECK(report.created == 6);
        CHECK(report.suggestions_found == 3);
        REQUIRE(report.suggestions.size() == 3);
        CHECK(report.suggestions[0].sku == "A-1");
        CHECK(report.suggestions[0].existing_sku == "A-9");
        CHECK(report.suggestions[1].sku == "D-1");
        CHECK(report.suggestions[1].existing_sku == "B-2");
        CHECK(report.suggestions[1].reason.find("same GTIN") != std::string::npos);
        CHECK(report.suggestions[2].sku == "D-2");
        CHECK(report.suggestions[2].existing_sku == "A-1");  // the smallest other SKU
        CHECK(report.suggestions[2].reason.find("near-identical name") != std::string::npos);
    }
}

// A first import makes the catalogue's secondary indexes after its rows and answers the
// match probes from memory meanwhile (first_match_keys.h): the suggestions must be the
// database's, which an import into a catalogue that is not empty still asks for.
TEST_CASE("a first import's suggestions from memory are the database's (property)",
          "[engine][preview][matching]") {
    std::mt19937 random(20261124);
    const std::vector<std::string> names = {"Steel Hook",  "steel  hook", "STEEL HOOK!",
                                            "Oak Bracket", "oak bracket", "Mug"};
    const std::vector<std::string> gtins = {"4006381333931", "5901234123457", "9780306406157"};
    for (int round = 0; round < 20; ++round) {
        std::vector<std::string> rows;
        const int count = 2 + static_cast<int>(random() % 30);
        for (int i = 0; i < count; ++i) {
            const std::string sku =
                std::string(1, static_cast<char>('A' + random() % 26)) + "-" + std::to_string(i);
            const std::string name = random() % 4 == 0 ? "Unrelated " + std::to_string(i)
                                                       : names[random() % names.size()];
            const bool gtin = random() % 3 == 0;
            rows.push_back(
                Tsv({name, "L" + std::to_string(i), sku, "1.00", "1", "", "", "DEFAULT", "Active",
                     gtin ? gtins[random() % gtins.size()] : "", gtin ? "4" : ""}));
        }
        const std::string file = Listings(rows);
        std::unique_ptr<Engine> first = OpenOrDie();
        std::unique_ptr<Engine> later = OpenOrDie();
        Run(*later,
            Listings({Tsv({"Elsewhere", "L0", "ZZ-0", "1.00", "1", "", "", "DEFAULT", "Active"})}),
            false);
        for (const bool dry_run : {true, false}) {
            const ImportReport from_memory = Run(*first, file, dry_run);
            const ImportReport from_database = Run(*later, file, dry_run);
            CHECK(from_memory.suggestions_found == from_database.suggestions_found);
            REQUIRE(from_memory.suggestions.size() == from_database.suggestions.size());
            for (size_t i = 0; i < from_memory.suggestions.size(); ++i) {
                const MatchSuggestion& a = from_memory.suggestions[i];
                const MatchSuggestion& b = from_database.suggestions[i];
                CHECK(a.line == b.line);
                CHECK(a.sku == b.sku);
                CHECK(a.existing_sku == b.existing_sku);
                CHECK(a.reason == b.reason);
            }
        }
    }
}

TEST_CASE("a first import leaves the schema as it found it, indexes included",
          "[engine][preview][matching]") {
    testing::TempDbFile file("deferred_indexes");
    const std::string schema_sql =
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name";
    std::string before;
    {
        std::unique_ptr<Engine> engine = OpenOrDie(file.path());
        before = testing::FileRows(file.path(), schema_sql, 4);
        REQUIRE(before.find("products_by_name_key") != std::string::npos);
        REQUIRE(before.find("products_by_gtin14") != std::string::npos);
        REQUIRE(before.find("vendor_prices_by_sku") != std::string::npos);
        const std::string listings = ReadFixture("amazon/all_listings_us_cp1252.txt");
        Run(*engine, listings, /*dry_run=*/true);
        CHECK(testing::FileRows(file.path(), schema_sql, 4) == before);
        Result<std::unique_ptr<ImportJob>> job = engine->StartImport({"file.txt", listings});
        REQUIRE(job.ok());
        REQUIRE((*job)->Step(2).ok());
        (*job)->Cancel();
        CHECK((*job)->Report().state == ImportState::kFailed);
        CHECK(testing::FileRows(file.path(), schema_sql, 4) == before);
        Run(*engine, listings, /*dry_run=*/false);
        // All but the name-key index, which only the next import's match probes read.
        std::string without_name_key;
        for (const std::string& line : testing::SplitLines(before)) {
            if (line.find("|products_by_name_key|") == std::string::npos) {
                without_name_key += line + "\n";
            }
        }
        REQUIRE(without_name_key.size() < before.size());
        CHECK(testing::FileRows(file.path(), schema_sql, 4) == without_name_key);
    }
    // The next import makes it before its first probe, after a restart too, and keeps it
    // even when it is a preview, rolled back.
    {
        std::unique_ptr<Engine> engine = OpenOrDie(file.path());
        CHECK(testing::FileRows(file.path(), schema_sql, 4) != before);
        Run(*engine, ReadFixture("amazon/all_listings_us_cp1252.txt"), /*dry_run=*/true);
        CHECK(testing::FileRows(file.path(), schema_sql, 4) == before);
    }
    // The indexes answer queries again: the planner uses the name-key index.
    CHECK(testing::FileRows(file.path(),
                            "EXPLAIN QUERY PLAN SELECT sku FROM products WHERE name_key = 'x'"
                            " AND name_key <> ''",
                            4)
              .find("products_by_name_key") != std::string::npos);
}

// Random listings -> import -> export -> import again: the second import changes nothing
// and the catalogue reads the same.
TEST_CASE("exporting and importing back changes nothing (property)",
          "[engine][preview][roundtrip]") {
    std::mt19937 random(20261123);
    const std::vector<std::string> names = {"Mug \"12 oz\"", "Tasse à café", "日本の急須",
                                            "Box, large",    "=SUM(A1)",     "  padded  name"};
    for (int round = 0; round < 20; ++round) {
        std::unique_ptr<Engine> engine = OpenOrDie();
        std::vector<std::string> rows;
        const int count = 1 + static_cast<int>(random() % 40);
        for (int i = 0; i < count; ++i) {
            const bool fba = random() % 4 == 0;
            const std::string price = random() % 5 == 0 ? ""
                                                        : std::to_string(random() % 10000) + "." +
                                                              std::to_string(10 + random() % 90);
            const std::string quantity =
                fba ? "" : std::to_string(static_cast<int>(random() % 200) - 5);
            const std::string date =
                random() % 3 == 0 ? ""
                                  : std::string("2022-0") + std::to_string(1 + random() % 9) +
                                        "-1" + std::to_string(random() % 10) + " 0" +
                                        std::to_string(random() % 10) + ":26:37 PDT";
            rows.push_back(
                Tsv({names[random() % names.size()] + std::string(" ") + std::to_string(i),
                     std::string("L") + std::to_string(random()),
                     std::string("SKU-") + std::to_string(i), price, quantity, date,
                     std::string("B0") + std::to_string(random() % 100000),
                     fba ? "AMAZON_NA" : "DEFAULT", random() % 2 ? "Active" : "Inactive",
                     random() % 2 ? "4006381333931" : "", "4"}));
        }
        Run(*engine, Listings(rows), false);
        const std::vector<ListingRow> before = AllListings(*engine);

        Result<std::string> exported = engine->ExportAmazonListings();
        REQUIRE(exported.ok());
        const ImportReport report = Run(*engine, *exported, false);
        CAPTURE(round, *exported);
        CHECK(report.format == "amazon_all_listings");
        CHECK(report.failed == 0);
        CHECK(report.created == 0);
        CHECK(report.changed == 0);
        CHECK(report.unchanged == count);
        const std::vector<ListingRow> after = AllListings(*engine);
        testing::CheckSameListings(after, before);
    }
}

}  // namespace
}  // namespace stocktake::engine
