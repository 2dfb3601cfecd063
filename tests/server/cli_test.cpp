#include "cli.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server_test_util.h"
#include "stocktake/engine/engine.h"
#include "version.h"

using stocktake::server::EnvMap;
using stocktake::server::RunCli;
using stocktake::server::testing::RunningServer;
using stocktake::server::testing::TempDir;
using stocktake::server::testing::WriteFile;

namespace {

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

CliRun Run(const std::vector<std::string>& args, const EnvMap& env = {}) {
    std::ostringstream out;
    std::ostringstream err;
    CliRun run;
    run.code = RunCli(args, env, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

using OrderedJson = nlohmann::ordered_json;
using stocktake::engine::ListingQuery;

const std::string kFixture = std::string(ST_FIXTURES) + "/amazon/all_listings_us_cp1252.txt";
const std::string kFormats = std::string(ST_FIXTURES) + "/formats/";
const std::string kAllListings = kFormats + "amazon_all_listings.txt";
const std::string kActiveListings = kFormats + "amazon_active_listings.txt";
const std::string kGenericCatalog = kFormats + "generic_catalog.csv";
const std::string kSupplierSheet = kFormats + "supplier_price_sheet.csv";

// `import --json`'s keys, in order.
const std::vector<std::string> kReportKeys = {
    "format",      "total_rows",        "processed", "successful", "failed",   "duplicates_found",
    "errors",      "errors_not_shown",  "dry_run",   "state",      "encoding", "created",
    "changed",     "unchanged",         "skipped",   "error",      "changes",  "changes_not_shown",
    "suggestions", "suggestions_found", "notes",     "file",       "db",       "job_id",
    "elapsed_ms"};

OrderedJson ParseReport(const std::string& text) {
    OrderedJson report = OrderedJson::parse(text, nullptr, false);
    if (report.is_discarded()) FAIL("not JSON: " << text);
    return report;
}

// `stocktake import ARGS... --json`, which must exit 0.
OrderedJson ImportJson(std::vector<std::string> args) {
    args.insert(args.begin(), "import");
    args.push_back("--json");
    CliRun run = Run(args);
    INFO(run.err);
    REQUIRE(run.code == 0);
    return ParseReport(run.out);
}

std::unique_ptr<stocktake::engine::Engine> OpenDb(const std::string& path) {
    auto engine = stocktake::engine::Engine::Open(path);
    if (!engine.ok()) FAIL(engine.status().ToString());
    return std::move(engine).value();
}

std::string ReadBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("stocktake version prints the version", "[server][cli]") {
    CliRun run = Run({"version"});
    CHECK(run.code == 0);
    CHECK(run.out == std::string("stocktake ") + stocktake::server::kVersion + "\n");
}

TEST_CASE("stocktake help prints usage on stdout and exits 0", "[server][cli]") {
    CliRun run = Run({"help"});
    CHECK(run.code == 0);
    CHECK_THAT(run.out, Catch::Contains("Usage: stocktake"));
    CHECK_THAT(run.out, Catch::Contains("APP_PORT"));
}

TEST_CASE("an unknown command or none prints usage on stderr and exits 2", "[server][cli]") {
    CliRun unknown = Run({"frobnicate"});
    CHECK(unknown.code == 2);
    CHECK(unknown.out.empty());
    CHECK_THAT(unknown.err, Catch::Contains("unknown command \"frobnicate\""));
    CHECK_THAT(unknown.err, Catch::Contains("Usage: stocktake"));
    CHECK(Run({}).code == 2);
}

TEST_CASE("serve with an invalid APP_PORT explains it and exits 2", "[server][cli]") {
    CliRun run = Run({"serve"}, {{"APP_PORT", "abc"}});
    CHECK(run.code == 2);
    CHECK_THAT(run.err, Catch::Contains("APP_PORT=\"abc\""));
    CHECK_THAT(run.err, Catch::Contains("1 to 65535"));
}

TEST_CASE("serve on a port in use says so and exits 1", "[server][cli]") {
    TempDir tmp;
    WriteFile(tmp.path() / "public" / "index.html", "hi");
    RunningServer busy((tmp.path() / "public").string(), (tmp.path() / "data").string());
    const EnvMap env = {{"APP_PORT", std::to_string(busy.port())},
                        {"APP_DATA_DIR", (tmp.path() / "data2").string()},
                        {"APP_PUBLIC_DIR", (tmp.path() / "public").string()},
                        {"APP_DEV_MODE", "1"}};
    CliRun run;
    // serve blocks SIGINT/SIGTERM in its calling thread: keep that off the test's thread.
    std::thread thread([&] { run = Run({"serve"}, env); });
    thread.join();
    CHECK(run.code == 1);
    CHECK_THAT(run.err, Catch::Contains("port " + std::to_string(busy.port()) + " is in use"));
    CHECK_THAT(run.err, Catch::Contains("APP_PORT"));
    CHECK_THAT(run.out, Catch::Contains("\"msg\":\"bind failed\""));

    // --json is accepted; stdout is JSON lines either way.
    CliRun json_run;
    std::thread json_thread([&] { json_run = Run({"serve", "--json"}, env); });
    json_thread.join();
    CHECK(json_run.code == 1);
    std::istringstream lines(json_run.out);
    int objects = 0;
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        CHECK(nlohmann::json::parse(line, nullptr, false).is_object());
        ++objects;
    }
    CHECK(objects >= 2);
}

// --- import ------------------------------------------------------------------------------

TEST_CASE("import --json prints one object, keys in order, with the All Listings counts",
          "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();
    CliRun run = Run({"import", kFixture, "--db", db, "--json"});
    INFO(run.err);
    REQUIRE(run.code == 0);
    CHECK(run.err.empty());
    OrderedJson report = ParseReport(run.out);
    REQUIRE(report.is_object());
    std::vector<std::string> keys;
    for (const auto& item : report.items()) keys.push_back(item.key());
    CHECK(keys == kReportKeys);

    CHECK(report["format"] == "amazon_all_listings");
    CHECK(report["total_rows"] == 8);
    CHECK(report["processed"] == 8);
    CHECK(report["successful"] == 8);
    CHECK(report["failed"] == 0);
    CHECK(report["duplicates_found"] == 0);
    CHECK(report["errors"] == OrderedJson::array());
    CHECK(report["errors_not_shown"] == 0);
    CHECK(report["dry_run"] == false);
    CHECK(report["state"] == "succeeded");
    CHECK(report["encoding"] == "windows-1252");
    CHECK(report["created"] == 8);
    CHECK(report["changed"] == 0);
    CHECK(report["unchanged"] == 0);
    CHECK(report["skipped"] == 0);
    CHECK(report["error"] == "");
    CHECK(report["changes"] == OrderedJson::array());  // only dry runs list changes
    CHECK(report["changes_not_shown"] == 0);
    CHECK(report["suggestions"] == OrderedJson::array());
    CHECK(report["suggestions_found"] == 0);
    CHECK(report["notes"].is_array());
    CHECK(report["file"] == kFixture);
    CHECK(report["db"] == db);
    CHECK(report["job_id"].get<int64_t>() > 0);
    CHECK(report["elapsed_ms"].is_number());

    // The rows are in the database.
    auto engine = OpenDb(db);
    auto listings = engine->Listings({});
    REQUIRE(listings.ok());
    CHECK(listings->size() == 8);
}

TEST_CASE("import without --json prints a short summary", "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();
    CliRun run = Run({"import", kFixture, "--db", db});
    INFO(run.err);
    REQUIRE(run.code == 0);
    CHECK_THAT(run.out, Catch::Contains("as amazon_all_listings (windows-1252)"));
    CHECK_THAT(run.out, Catch::Contains("8 read, 8 imported (8 new, 0 changed, 0 unchanged)"));
    CHECK_THAT(run.out, Catch::Contains("0 failed, 0 duplicates"));
    CHECK_THAT(run.out, Catch::Contains(db));
    CHECK_THAT(run.out, !Catch::Contains("Dry run"));
    CHECK(run.err.empty());
}

TEST_CASE("import again of the same file changes nothing", "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();
    OrderedJson first = ImportJson({kFixture, "--db", db});
    OrderedJson again = ImportJson({kFixture, "--db", db});
    CHECK(again["state"] == "succeeded");
    CHECK(again["successful"] == 8);
    CHECK(again["created"] == 0);
    CHECK(again["changed"] == 0);
    CHECK(again["unchanged"] == 8);
    CHECK(again["job_id"].get<int64_t>() > first["job_id"].get<int64_t>());
}

TEST_CASE("import reports bad and duplicate rows, imports the rest and exits 0",
          "[server][cli][import]") {
    TempDir tmp;
    std::string text = ReadBytes(kAllListings);
    const std::string cb_row = text.substr(text.find("Bamboo Cutting Board"));
    text = Replace(text, "\t15.69\t", "\tabc\t");     // line 2: a price that is not a number
    text += cb_row.substr(0, cb_row.find('\n') + 1);  // line 5 repeats line 3's SKU
    WriteFile(tmp.path() / "bad.txt", text);
    const std::string file = (tmp.path() / "bad.txt").string();
    const std::string db = (tmp.path() / "import.db").string();

    CliRun run = Run({"import", file, "--db", db, "--json"});
    INFO(run.out << run.err);
    REQUIRE(run.code == 0);
    OrderedJson report = ParseReport(run.out);
    CHECK(report["state"] == "succeeded");
    CHECK(report["total_rows"] == 4);
    CHECK(report["processed"] == 4);
    CHECK(report["successful"] == 2);
    CHECK(report["failed"] == 1);
    CHECK(report["duplicates_found"] == 1);
    REQUIRE(report["errors"].size() == 2);
    OrderedJson& price = report["errors"][0];
    std::vector<std::string> keys;
    for (const auto& item : price.items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{"line", "column", "reason", "value"});
    CHECK(price["line"] == 2);
    CHECK(price["column"] == "price");
    CHECK_THAT(price["reason"].get<std::string>(), Catch::Contains("not a number"));
    CHECK(price["value"] == "abc");
    CHECK(report["errors"][1]["line"] == 5);
    CHECK_THAT(report["errors"][1]["reason"].get<std::string>(),
               Catch::Contains("duplicate of line 3"));

    CliRun text_run = Run({"import", file, "--db", (tmp.path() / "other.db").string()});
    CHECK(text_run.code == 0);
    CHECK_THAT(text_run.out, Catch::Contains("1 failed, 1 duplicate\n"));
    CHECK_THAT(text_run.out, Catch::Contains("line 2, column price: price 'abc' is not a number"));
    CHECK_THAT(text_run.out, Catch::Contains("(value 'abc')"));
    CHECK_THAT(text_run.out, Catch::Contains("line 5, column seller-sku: 'CB-BAM-L' is a "
                                             "duplicate"));
}

TEST_CASE("import shows at most 100 errors and counts the rest", "[server][cli][import]") {
    TempDir tmp;
    std::string text = ReadBytes(kAllListings);
    const std::string header = text.substr(0, text.find('\n') + 1);
    std::string row = text.substr(header.size());
    row = Replace(row.substr(0, row.find('\n') + 1), "\t15.69\t", "\tabc\t");
    std::string file_text = header;
    for (int i = 0; i < 150; ++i)
        file_text += Replace(row, "WB-750-SS", "SKU-" + std::to_string(i));
    WriteFile(tmp.path() / "many.txt", file_text);
    OrderedJson report =
        ImportJson({(tmp.path() / "many.txt").string(), "--db", (tmp.path() / "x.db").string()});
    CHECK(report["failed"] == 150);
    CHECK(report["errors"].size() == 100);
    CHECK(report["errors_not_shown"] == 50);
}

TEST_CASE("import --dry-run lists the changes and writes nothing", "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();

    SECTION("against a database that does not exist yet: every row new, no file created") {
        CliRun run = Run({"import", kAllListings, "--db", db, "--dry-run", "--json"});
        INFO(run.err);
        REQUIRE(run.code == 0);
        OrderedJson report = ParseReport(run.out);
        CHECK(report["dry_run"] == true);
        CHECK(report["state"] == "succeeded");
        CHECK(report["created"] == 3);
        CHECK(report["job_id"].is_null());
        REQUIRE(report["changes"].size() == 6);  // a product and a listing per row
        OrderedJson& product = report["changes"][0];
        CHECK(product["line"] == 2);
        CHECK(product["entity"] == "product");
        CHECK(product["key"] == "WB-750-SS");
        CHECK(product["kind"] == "new");
        bool saw_name = false;
        for (const auto& field : product["fields"]) {
            if (field["field"] != "name") continue;
            saw_name = true;
            CHECK(field["before"] == "");
            CHECK(field["after"] == "Stainless Steel Water Bottle 750ml");
        }
        CHECK(saw_name);
        CHECK(report["changes"][1]["entity"] == "listing");
        CHECK(report["changes_not_shown"] == 0);
        CHECK_FALSE(std::filesystem::exists(db));

        CliRun text = Run({"import", kAllListings, "--db", db, "--dry-run"});
        CHECK(text.code == 0);
        CHECK_THAT(text.out, Catch::Contains("Dry run: nothing was written. Run again without "
                                             "--dry-run to import."));
        CHECK_THAT(text.out, Catch::Contains("line 2: new product WB-750-SS"));
        CHECK_FALSE(std::filesystem::exists(db));
    }

    SECTION("against an existing database: rows stay new until imported") {
        // Something else in the database first, so the file exists.
        ImportJson({kSupplierSheet, "--db", db});
        OrderedJson first = ImportJson({kAllListings, "--db", db, "--dry-run"});
        CHECK(first["created"] == 3);
        OrderedJson second = ImportJson({kAllListings, "--db", db, "--dry-run"});
        CHECK(second["created"] == 3);
        CHECK(second["changes"][0]["kind"] == "new");
        {
            auto engine = OpenDb(db);
            auto listings = engine->Listings({});
            REQUIRE(listings.ok());
            CHECK(listings->empty());
            auto history = engine->ImportHistory(10);
            REQUIRE(history.ok());
            CHECK(history->size() == 1);  // the supplier sheet: dry runs are not recorded
        }

        // Imported, then a dry run of a changed price names the field, before and after.
        ImportJson({kAllListings, "--db", db});
        const std::string changed_file = (tmp.path() / "changed.txt").string();
        WriteFile(changed_file, Replace(ReadBytes(kAllListings), "\t15.69\t", "\t16.00\t"));
        OrderedJson preview = ImportJson({changed_file, "--db", db, "--dry-run"});
        CHECK(preview["created"] == 0);
        CHECK(preview["changed"] == 1);
        CHECK(preview["unchanged"] == 2);
        REQUIRE(preview["changes"].size() == 1);
        OrderedJson& change = preview["changes"][0];
        CHECK(change["line"] == 2);
        CHECK(change["entity"] == "listing");
        CHECK(change["key"] == "WB-750-SS / amazon");
        CHECK(change["kind"] == "changed");
        REQUIRE(change["fields"].size() == 1);
        CHECK(change["fields"][0]["before"] == "15.69");
        CHECK(change["fields"][0]["after"] == "16.00");

        auto engine = OpenDb(db);
        ListingQuery query;
        query.text = "WB-750-SS";
        auto listings = engine->Listings(query);
        REQUIRE(listings.ok());
        REQUIRE(listings->size() == 1);
        CHECK(listings->front().price_minor == 1569);
    }
}

TEST_CASE("import --format reads the file as the named format", "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();

    SECTION("Active Listings forced as Inactive Listings are inactive") {
        OrderedJson report =
            ImportJson({kActiveListings, "--db", db, "--format", "amazon_inactive_listings"});
        CHECK(report["format"] == "amazon_inactive_listings");
        CHECK(report["created"] == 2);
        auto engine = OpenDb(db);
        auto listings = engine->Listings({});
        REQUIRE(listings.ok());
        REQUIRE(listings->size() == 2);
        for (const auto& listing : *listings) CHECK(listing.status == "Inactive");
    }

    SECTION("a header that fits two formats needs --format") {
        const std::string inactive = kFormats + "amazon_inactive_listings.txt";
        CliRun run = Run({"import", inactive, "--db", db});
        CHECK(run.code == 1);
        CHECK_THAT(run.err, Catch::Contains("stocktake import --format"));
        CHECK_THAT(run.err, Catch::Contains("amazon_inactive_listings"));
        OrderedJson report =
            ImportJson({inactive, "--db", db, "--format", "amazon_inactive_listings"});
        CHECK(report["state"] == "succeeded");
        CHECK(report["created"].get<int>() >= 1);
    }

    SECTION("a format the file does not fit fails, naming the missing columns") {
        ImportJson({kAllListings, "--db", db});
        CliRun run = Run({"import", kSupplierSheet, "--db", db, "--format=amazon_all_listings"});
        CHECK(run.code == 1);
        CHECK(run.out.empty());
        CHECK_THAT(run.err, Catch::Contains("seller-sku"));
        CHECK_THAT(run.err, Catch::Contains("not imported"));
        auto engine = OpenDb(db);
        auto prices = engine->VendorPrices("");
        REQUIRE(prices.ok());
        CHECK(prices->empty());
        auto summary = engine->Summarize();
        REQUIRE(summary.ok());
        CHECK(summary->listings == 3);
    }
}

TEST_CASE("import --format must name an importable format", "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();
    CliRun unknown = Run({"import", kFixture, "--db", db, "--format", "amazon"});
    CHECK(unknown.code == 2);
    CHECK(unknown.out.empty());
    CHECK_THAT(unknown.err, Catch::Contains("unknown format \"amazon\""));
    CHECK_THAT(unknown.err, Catch::Contains("amazon_all_listings"));
    CHECK_THAT(unknown.err, Catch::Contains("generic_catalog"));

    CliRun later = Run({"import", kFixture, "--db", db, "--format", "amazon_fba_ledger_detail"});
    CHECK(later.code == 2);
    CHECK_THAT(later.err, Catch::Contains("cannot be imported yet"));
    CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("import --mapping imports a catalog CSV and saves the mapping", "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();
    const std::string mapping = (tmp.path() / "mapping.json").string();

    SECTION("the short form") {
        WriteFile(mapping,
                  R"({"sku": "Item Code", "name": "Product Title", "price": "Retail Price",
                      "gtin": "EAN"})");
        CliRun run = Run({"import", kGenericCatalog, "--db", db, "--mapping", mapping, "--json"});
        INFO(run.err);
        REQUIRE(run.code == 0);
        OrderedJson report = ParseReport(run.out);
        CHECK(report["format"] == "generic_catalog");
        CHECK(report["successful"] == 2);
        CHECK(report["created"] == 2);
        {
            auto engine = OpenDb(db);
            auto summary = engine->Summarize();
            REQUIRE(summary.ok());
            CHECK(summary->skus == 2);
        }
        // The mapping was saved for this header: the next import needs no --mapping.
        OrderedJson again = ImportJson({kGenericCatalog, "--db", db});
        CHECK(again["format"] == "generic_catalog");
        CHECK(again["unchanged"] == 2);
    }

    SECTION("the versioned form the app saves") {
        WriteFile(mapping, R"({"version": 1, "fields": {"sku": {"column": "Item Code",
                      "occurrence": 1}, "name": {"column": "Product Title"}}})");
        OrderedJson report = ImportJson({kGenericCatalog, "--db", db, "--mapping=" + mapping});
        CHECK(report["format"] == "generic_catalog");
        CHECK(report["created"] == 2);
    }

    SECTION("with --format generic_catalog") {
        WriteFile(mapping, R"({"sku": "Item Code"})");
        OrderedJson report = ImportJson(
            {kGenericCatalog, "--db", db, "--format", "generic_catalog", "--mapping", mapping});
        CHECK(report["created"] == 2);
    }

    SECTION("a mapping naming a column the file lacks fails the file") {
        WriteFile(mapping, R"({"sku": "Part No"})");
        CliRun run = Run({"import", kGenericCatalog, "--db", db, "--mapping", mapping});
        CHECK(run.code == 1);
        CHECK_THAT(run.err, Catch::Contains("'Part No' is not in this header"));
    }
}

TEST_CASE("import --mapping with a bad mapping file is a usage error", "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();
    const std::string mapping = (tmp.path() / "mapping.json").string();
    const auto check = [&](const std::string& text, const std::string& message) {
        WriteFile(mapping, text);
        CliRun run = Run({"import", kGenericCatalog, "--db", db, "--mapping", mapping});
        INFO(text);
        CHECK(run.code == 2);
        CHECK(run.out.empty());
        CHECK_THAT(run.err, Catch::Contains(mapping + " is not a column mapping"));
        CHECK_THAT(run.err, Catch::Contains(message));
    };
    check("{\"sku\": ", "not valid JSON");
    check("[\"Item Code\"]", "not a JSON object");
    check(R"({"name": "Product Title"})", "no column to \"sku\"");
    check(R"({"sku": "Item Code", "colour": "Shelf"})", "\"colour\" is not a catalog field");
    check(R"({"sku": 3})", "must name a column");
    check(R"({"sku": ""})", "empty column");
    check(R"({"sku": {"column": "Item Code", "occurrence": 0}})", "occurrence");
    check(R"({"version": 2, "fields": {"sku": "Item Code"}})", "version");
    check(R"({"version": 1})", "no \"fields\" object");

    CliRun missing =
        Run({"import", kGenericCatalog, "--db", db, "--mapping", mapping + ".missing"});
    CHECK(missing.code == 2);
    CHECK_THAT(missing.err, Catch::Contains("mapping.json.missing"));

    WriteFile(mapping, R"({"sku": "Item Code"})");
    CliRun conflict = Run({"import", kGenericCatalog, "--db", db, "--mapping", mapping, "--format",
                           "shopify_products"});
    CHECK(conflict.code == 2);
    CHECK_THAT(conflict.err, Catch::Contains("generic_catalog"));
    CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("import of a catalog CSV without a mapping exits 1 and asks for one",
          "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();
    CliRun run = Run({"import", kGenericCatalog, "--db", db});
    CHECK(run.code == 1);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::Contains("was not imported"));
    CHECK_THAT(run.err, Catch::Contains("--mapping"));

    OrderedJson report = ParseReport(Run({"import", kGenericCatalog, "--db", db, "--json"}).out);
    CHECK(report["state"] == "failed");
    CHECK_THAT(report["error"].get<std::string>(), Catch::Contains("Map its columns"));
}

TEST_CASE("import of a supplier price sheet stores the prices", "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();
    OrderedJson report = ImportJson({kSupplierSheet, "--db", db});
    CHECK(report["format"] == "supplier_price_sheet");
    CHECK(report["successful"] == 2);
    CHECK(report["created"] == 2);
    auto engine = OpenDb(db);
    auto prices = engine->VendorPrices("");
    REQUIRE(prices.ok());
    REQUIRE(prices->size() == 2);
    CHECK(prices->front().supplier == "Acme Outdoor");
    CHECK(prices->front().sku == "WB-750-SS");
}

TEST_CASE("import of binary garbage exits 1 and leaves the database as it was",
          "[server][cli][import]") {
    TempDir tmp;
    const std::string db = (tmp.path() / "import.db").string();
    ImportJson({kFixture, "--db", db});
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919 + 13) % 256);
    WriteFile(tmp.path() / "garbage.bin", garbage);
    const std::string file = (tmp.path() / "garbage.bin").string();

    CliRun run = Run({"import", file, "--db", db, "--json"});
    CHECK(run.code == 1);
    OrderedJson report = ParseReport(run.out);
    CHECK(report["state"] == "failed");
    CHECK(report["total_rows"] == 0);
    CHECK_FALSE(report["error"].get<std::string>().empty());
    CHECK_THAT(run.err, Catch::Contains("was not imported"));

    CliRun text = Run({"import", file, "--db", db});
    CHECK(text.code == 1);
    CHECK(text.out.empty());
    CHECK_THAT(text.err, Catch::Contains(report["error"].get<std::string>()));

    auto engine = OpenDb(db);
    auto listings = engine->Listings({});
    REQUIRE(listings.ok());
    CHECK(listings->size() == 8);
    // Re-importing the first file still finds every row as it was.
    OrderedJson again = ImportJson({kFixture, "--db", db});
    CHECK(again["unchanged"] == 8);
}

TEST_CASE("import defaults its database to cli.db in the data dir", "[server][cli][import]") {
    TempDir tmp;
    const auto data_dir = tmp.path() / "data";
    CliRun run = Run({"import", kFixture}, {{"APP_DATA_DIR", data_dir.string()}});
    CHECK(run.code == 0);
    CHECK(std::filesystem::is_regular_file(data_dir / "cli.db"));
    CliRun json = Run({"import", kFixture, "--json"}, {{"APP_DATA_DIR", data_dir.string()}});
    CHECK(ParseReport(json.out)["db"] == (data_dir / "cli.db").string());
}

TEST_CASE("import of a missing file exits 1 and names it", "[server][cli][import]") {
    TempDir tmp;
    CliRun run =
        Run({"import", (tmp.path() / "nope.txt").string(), "--db", (tmp.path() / "x.db").string()});
    CHECK(run.code == 1);
    CHECK_THAT(run.err, Catch::Contains("nope.txt"));
}

TEST_CASE("import of a file that is not a listings report exits 1 with the reason",
          "[server][cli][import]") {
    TempDir tmp;
    WriteFile(tmp.path() / "notes.txt", "just some notes\n");
    CliRun run = Run({"import", (tmp.path() / "notes.txt").string(), "--db",
                      (tmp.path() / "x.db").string(), "--json"});
    CHECK(run.code == 1);
    OrderedJson report = ParseReport(run.out);
    CHECK(report["state"] == "failed");
    CHECK_FALSE(report["error"].get<std::string>().empty());
}

TEST_CASE("import --help prints the import usage", "[server][cli][import]") {
    CliRun run = Run({"import", "--help"});
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK_THAT(run.out, Catch::Contains("Usage: stocktake import FILE"));
    CHECK_THAT(run.out, Catch::Contains("--mapping FILE.json"));
    CHECK_THAT(run.out, Catch::Contains("--dry-run"));
    // Even when the environment is wrong for importing.
    CHECK(Run({"import", "-h"}, {{"APP_PORT", "abc"}}).code == 0);
    CHECK_THAT(Run({"help"}).out, Catch::Contains("--mapping"));
}

TEST_CASE("import without a file or with a stray flag is a usage error", "[server][cli][import]") {
    CliRun none = Run({"import"});
    CHECK(none.code == 2);
    CHECK_THAT(none.err, Catch::Contains("Usage: stocktake import"));
    CHECK(Run({"import", kFixture, "--fast"}).code == 2);
    CHECK(Run({"import", kFixture, "--db"}).code == 2);
    CHECK(Run({"import", kFixture, "--format"}).code == 2);
    CHECK(Run({"import", kFixture, "--mapping"}).code == 2);
    CliRun two = Run({"import", kFixture, kFixture});
    CHECK(two.code == 2);
    CHECK_THAT(two.err, Catch::Contains("one FILE"));
}

TEST_CASE("stocktake formats lists every recognised format and says which import today",
          "[server][cli]") {
    CliRun text = Run({"formats"});
    CHECK(text.code == 0);
    CHECK_THAT(text.out, Catch::Contains("amazon_all_listings\t"));
    CHECK_THAT(text.out, Catch::Contains("shopify_products\t"));
    CHECK_THAT(text.out, Catch::Contains("generic_catalog\t"));

    CliRun json = Run({"formats", "--json"});
    REQUIRE(json.code == 0);
    const auto doc = nlohmann::json::parse(json.out, nullptr, false);
    REQUIRE(doc.is_object());
    const auto& list = doc["formats"];
    REQUIRE(list.is_array());
    bool saw_all_listings = false;
    for (const auto& format : list) {
        if (format["id"] == "amazon_all_listings") {
            saw_all_listings = true;
            CHECK(format["importable"] == true);
            CHECK(format["required_columns"].size() >= 1);
        } else if (format["id"] == "shopify_products") {
            CHECK(format["importable"] == true);
        } else if (format["id"] == "amazon_fba_ledger_detail") {
            CHECK(format["importable"] == false);  // needs the stock ledger
        }
    }
    CHECK(saw_all_listings);

    CHECK(Run({"formats", "--yaml"}).code == 2);
}
