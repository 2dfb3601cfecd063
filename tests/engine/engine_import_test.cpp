#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/test_util.h"

namespace stocktake::engine {
namespace {

using testing::AllListings;
using testing::FindListing;
using testing::OpenOrDie;
using testing::ReadFixture;
using testing::Skus;
using testing::Tsv;

const char* kUsFixture = "amazon/all_listings_us_cp1252.txt";
const char* kUkFixture = "amazon/all_listings_uk_utf8_bom.txt";

constexpr const char* kShortHeader =
    "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\tfulfillment-channel"
    "\tstatus";

ImportReport ImportOrDie(Engine& engine, const std::string& name, const std::string& bytes) {
    Result<ImportReport> report = engine.ImportFile(name, bytes);
    REQUIRE(report.ok());
    return report.value();
}

// The rows of a short-header file, one string per line (header included).
std::string ShortFile(const std::vector<std::string>& rows) {
    std::string text = std::string(kShortHeader) + "\n";
    for (const std::string& row : rows) text += row + "\n";
    return text;
}

TEST_CASE("the US All Listings report imports every row with its values",
          "[engine][import][fixture]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::string bytes = ReadFixture(kUsFixture);
    REQUIRE(bytes.size() > 1000);
    ImportReport report = ImportOrDie(*engine, "All+Listings+Report.txt", bytes);

    CHECK(report.state == ImportState::kSucceeded);
    CHECK(report.format == "amazon_all_listings");
    CHECK(report.encoding == "windows-1252");
    CHECK(report.file_name == "All+Listings+Report.txt");
    CHECK(report.total == 8);
    CHECK(report.successful == 8);
    CHECK(report.failed == 0);
    CHECK(report.duplicates == 0);
    CHECK(report.errors.empty());
    CHECK(report.error.empty());
    CHECK(report.job_id > 0);

    const auto mug = FindListing(*engine, "MUG-12-WHT");
    REQUIRE(mug);
    CHECK(mug->name == "Caf\xC3\xA9 Mug 12oz White");  // é decoded from windows-1252
    CHECK(mug->channel == "amazon");
    CHECK(mug->marketplace == "");
    CHECK(mug->listing_id == "0315ABCD001");
    CHECK(mug->asin == "B07XJ8C8F5");
    CHECK(mug->price_minor == 1569);
    CHECK(mug->quantity == 14);
    CHECK(mug->fulfillment == "merchant");
    CHECK(mug->status == "Active");
    CHECK(mug->opened_at == "2022-03-15T09:26:37Z");  // 02:26:37 PDT

    // FBA: the quantity Amazon holds stays unknown, never 0.
    const auto throw_blanket = FindListing(*engine, "THROW-UBER-GRY");
    REQUIRE(throw_blanket);
    CHECK(throw_blanket->name ==
          "\xC3\x9C"
          "ber Soft Throw Blanket");  // quotes removed
    CHECK(throw_blanket->fulfillment == "fba");
    CHECK_FALSE(throw_blanket->quantity.has_value());
    CHECK(throw_blanket->price_minor == 2500);
    CHECK(throw_blanket->opened_at == "2022-03-11T03:20:20Z");  // 19:20:20 PST

    // An unbalanced quote in the title does not swallow the following columns.
    const auto yoga = FindListing(*engine, "YOGA-PRO-6");
    REQUIRE(yoga);
    CHECK(yoga->name == "Yoga Mat \"Pro 6mm");
    CHECK(yoga->price_minor == 3250);
    CHECK(yoga->quantity == 3);

    // A row that starts with an empty item-name (the line begins with a tab).
    const auto noname = FindListing(*engine, "NONAME-001");
    REQUIRE(noname);
    CHECK(noname->name.empty());
    CHECK(noname->price_minor == 999);
    CHECK(noname->opened_at == "2020-01-02T13:00:00Z");  // EST

    const auto widget = FindListing(*engine, "WIDGET-PRO");
    REQUIRE(widget);
    CHECK(widget->name == "Widget\xE2\x84\xA2 Pro");  // ™ from byte 0x99
    CHECK(widget->price_minor == 2);
    CHECK(widget->quantity == 0);
    CHECK(widget->status == "Inactive");

    const auto hose = FindListing(*engine, "HOSE-50");
    REQUIRE(hose);
    CHECK(hose->quantity == -2);  // negative stock is a fact, kept as is

    const auto torch = FindListing(*engine, "TORCH-CB");
    REQUIRE(torch);
    CHECK(torch->opened_at == "2024-03-01T05:59:59Z");  // 2024-02-29 23:59:59 CST

    Result<Summary> summary = engine->Summarize();
    REQUIRE(summary.ok());
    CHECK(summary->skus == 8);
    CHECK(summary->listings == 8);
    CHECK(summary->fba_listings == 2);
    CHECK(summary->units == 14 + 3 + 7 + 0 - 2 + 12);
}

TEST_CASE("the UK report with a BOM reads day-first dates and ignores unknown columns",
          "[engine][import][fixture]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportReport report = ImportOrDie(*engine, "uk.txt", ReadFixture(kUkFixture));
    CHECK(report.state == ImportState::kSucceeded);
    CHECK(report.encoding == "utf-8");
    CHECK(report.total == 3);
    CHECK(report.successful == 3);

    const auto pot = FindListing(*engine, "UK-POT-250");
    REQUIRE(pot);
    CHECK(pot->name ==
          "Cr\xC3\xA8me Fra\xC3\xAE"
          "che Pot 250ml");
    CHECK(pot->opened_at == "2016-07-08T09:12:40Z");  // 08/07/2016 10:12:40 BST
    CHECK(pot->fulfillment == "fba");
    CHECK_FALSE(pot->quantity.has_value());
    CHECK(pot->price_minor == 450);

    const auto towel = FindListing(*engine, "UK-TOWEL");
    REQUIRE(towel);
    CHECK(towel->opened_at == "2011-03-24T09:29:39Z");  // GMT
    CHECK(towel->quantity == 20);

    const auto umbrella = FindListing(*engine, "UK-UMB");
    REQUIRE(umbrella);
    CHECK(umbrella->opened_at == "2025-09-29T15:19:39Z");  // last line, no final newline
    CHECK(umbrella->status == "Inactive");
}

TEST_CASE("columns are matched by name, whatever their order", "[engine][import]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::string file =
        "Status\tQUANTITY\tsome-new-column\tprice\t seller-sku \titem-name\n"
        "Active\t5\tignored\t3.99\tSKU-A\tFirst\n"
        "Inactive\t\tignored\t\tSKU-B\tSecond\n";
    ImportReport report = ImportOrDie(*engine, "shuffled.txt", file);
    CHECK(report.successful == 2);
    const auto a = FindListing(*engine, "SKU-A");
    REQUIRE(a);
    CHECK(a->name == "First");
    CHECK(a->price_minor == 399);
    CHECK(a->quantity == 5);
    CHECK(a->status == "Active");
    const auto b = FindListing(*engine, "SKU-B");
    REQUIRE(b);
    CHECK_FALSE(b->price_minor.has_value());
    CHECK_FALSE(b->quantity.has_value());
    CHECK(b->fulfillment == "merchant");  // no fulfillment-channel column: merchant
}

TEST_CASE("bad rows are reported with line numbers while the good rows import",
          "[engine][import][errors]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::string file = ShortFile({
        Tsv({"Good one", "L1", "G-1", "1.00", "1", "2022-03-15 02:26:37 PDT", "B01", "DEFAULT",
             "Active"}),                                                              // line 2
        Tsv({"Bad price", "L2", "B-1", "abc", "1", "", "B02", "DEFAULT", "Active"}),  // line 3
        "",  // line 4 (blank)
        Tsv({"Bad qty", "L3", "B-2", "2.00", "lots", "", "B03", "DEFAULT", "Active"}),       // 5
        Tsv({"No sku", "L4", "", "2.00", "1", "", "B04", "DEFAULT", "Active"}),              // 6
        Tsv({"Bad date", "L5", "B-3", "2.00", "1", "someday", "B05", "DEFAULT", "Active"}),  // 7
        Tsv({"Too wide", "L6", "B-4", "2.00", "1", "", "B06", "DEFAULT", "Active", "surprise"}),
        Tsv({"Good two", "L7", "G-2", "", "", "", "B07", "AMAZON_NA", "Active"}),  // line 9
    });
    ImportReport report = ImportOrDie(*engine, "bad.txt", file);

    CHECK(report.state == ImportState::kSucceeded);  // bad rows never abort the import
    CHECK(report.total == 7);
    CHECK(report.successful == 2);
    CHECK(report.failed == 5);
    CHECK(report.duplicates == 0);
    REQUIRE(report.errors.size() == 5);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].column == "price");
    CHECK(report.errors[0].message.find("'abc'") != std::string::npos);
    CHECK(report.errors[1].line == 5);
    CHECK(report.errors[1].column == "quantity");
    CHECK(report.errors[1].message.find("'lots'") != std::string::npos);
    CHECK(report.errors[2].line == 6);
    CHECK(report.errors[2].column == "seller-sku");
    CHECK(report.errors[3].line == 7);
    CHECK(report.errors[3].column == "open-date");
    CHECK(report.errors[3].message.find("'someday'") != std::string::npos);
    CHECK(report.errors[4].line == 8);
    CHECK(report.errors[4].column == "");
    CHECK(report.errors[4].message.find("10 fields but the header has 9") != std::string::npos);

    CHECK(Skus(AllListings(*engine)) == std::vector<std::string>{"G-1", "G-2"});

    // The history keeps the same errors.
    Result<std::vector<ImportReport>> history = engine->ImportHistory(1);
    REQUIRE(history.ok());
    REQUIRE(history->size() == 1);
    const ImportReport& stored = history->front();
    CHECK(stored.job_id == report.job_id);
    CHECK(stored.failed == 5);
    REQUIRE(stored.errors.size() == 5);
    CHECK(stored.errors[3].line == 7);
    CHECK(stored.errors[3].column == "open-date");
    CHECK(stored.errors[3].message == report.errors[3].message);
}

TEST_CASE("a SKU repeated in the same file counts as a duplicate and the first row is kept",
          "[engine][import][duplicates]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::string file = ShortFile({
        Tsv({"First", "L1", "DUP-1", "1.00", "1", "", "", "DEFAULT", "Active"}),     // line 2
        Tsv({"Other", "L2", "UNIQUE", "2.00", "2", "", "", "DEFAULT", "Active"}),    // line 3
        Tsv({"Second", "L3", "DUP-1", "9.00", "9", "", "", "DEFAULT", "Inactive"}),  // line 4
        Tsv({"Third", "L4", "DUP-1", "bad", "9", "", "", "DEFAULT", "Inactive"}),    // line 5
        // A rejected row does not claim its SKU: the later good row is imported.
        Tsv({"Broken", "L5", "LATE", "bad", "1", "", "", "DEFAULT", "Active"}),  // line 6
        Tsv({"Fixed", "L6", "LATE", "5.00", "1", "", "", "DEFAULT", "Active"}),  // line 7
    });
    ImportReport report = ImportOrDie(*engine, "dups.txt", file);
    CHECK(report.total == 6);
    CHECK(report.successful == 3);
    // A repeated SKU whose row is also invalid is reported as invalid: it must be fixed.
    CHECK(report.duplicates == 1);
    CHECK(report.failed == 2);
    REQUIRE(report.errors.size() == 3);
    CHECK(report.errors[0].line == 4);
    CHECK(report.errors[0].column == "seller-sku");
    CHECK(report.errors[0].message.find("duplicate of line 2; the first row was kept") !=
          std::string::npos);
    CHECK(report.errors[0].value == "DUP-1");
    CHECK(report.errors[1].line == 5);
    CHECK(report.errors[1].column == "price");
    CHECK(report.errors[2].line == 6);
    CHECK(report.errors[2].column == "price");

    const auto dup = FindListing(*engine, "DUP-1");
    REQUIRE(dup);
    CHECK(dup->name == "First");
    CHECK(dup->price_minor == 100);
    CHECK(FindListing(*engine, "LATE")->price_minor == 500);
}

struct UnreadableCase {
    const char* what;
    std::string bytes;
    const char* message_part;
};

TEST_CASE("an unreadable file fails the job with one clear error and changes nothing",
          "[engine][import][unreadable]") {
    const UnreadableCase c = GENERATE(values<UnreadableCase>({
        {"no SKU column, no mapping", "item-name\tprice\tquantity\nMug\t1.00\t3\n",
         "Map its columns (at least the SKU)"},
        {"empty file", "", "empty"},
        {"only a BOM and blank lines", "\xEF\xBB\xBF\r\n\r\n", "no header line"},
        {"binary data", std::string("seller-sku\tprice\n\x00\x01\x02\x03", 21), "binary data"},
        {"a header that fits two formats", "item-name,seller-sku,price\nMug,M-1,1.00\n",
         "Choose the format"},
        {"gzip", std::string("\x1F\x8B\x08\x00\x00\x00\x00\x00", 8), "gzip"},
    }));
    CAPTURE(c.what);
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportOrDie(*engine, "before.txt", ReadFixture(kUsFixture));
    const std::vector<ListingRow> before = AllListings(*engine);
    REQUIRE(before.size() == 8);
    const uint64_t generation = engine->Generation();

    Result<ImportReport> result = engine->ImportFile("upload.txt", c.bytes);
    REQUIRE(result.ok());  // the job ran; the file failed
    const ImportReport& report = result.value();
    CHECK(report.state == ImportState::kFailed);
    CHECK(report.error.find(c.message_part) != std::string::npos);
    // Says what to do: import a text file, or map the columns.
    CHECK((report.error.find("Stocktake imports text files") != std::string::npos ||
           report.error.find("on the import screen") != std::string::npos ||
           report.error.find("Choose the format") != std::string::npos));
    CHECK(report.errors.empty());
    CHECK(report.successful == 0);

    // Zero products changed.
    const std::vector<ListingRow> after = AllListings(*engine);
    testing::CheckSameListings(after, before);
    // The failure is in the history, newest first.
    Result<std::vector<ImportReport>> history = engine->ImportHistory(10);
    REQUIRE(history.ok());
    REQUIRE(history->size() == 2);
    CHECK(history->front().file_name == "upload.txt");
    CHECK(history->front().state == ImportState::kFailed);
    CHECK(history->front().error == report.error);
    CHECK(history->back().state == ImportState::kSucceeded);
    CHECK(engine->Generation() > generation);
    // The engine can import again afterwards.
    CHECK(engine->ImportFile("again.txt", ReadFixture(kUkFixture)).ok());
}

TEST_CASE("re-importing the same file is idempotent", "[engine][import]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::string bytes = ReadFixture(kUsFixture);
    ImportOrDie(*engine, "first.txt", bytes);
    const std::vector<ListingRow> first = AllListings(*engine);
    const Summary first_summary = engine->Summarize().value();

    ImportReport second = ImportOrDie(*engine, "second.txt", bytes);
    CHECK(second.successful == 8);
    const std::vector<ListingRow> again = AllListings(*engine);
    testing::CheckSameListings(again, first);
    const Summary summary = engine->Summarize().value();
    CHECK(summary.skus == first_summary.skus);
    CHECK(summary.listings == first_summary.listings);
    CHECK(summary.units == first_summary.units);
    CHECK(engine->ImportHistory(-1).value().size() == 2);
}

TEST_CASE("importing a newer report updates existing products and listings", "[engine][import]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportOrDie(*engine, "old.txt",
                ShortFile({
                    Tsv({"Mug", "L1", "M-1", "10.00", "5", "2022-03-15 02:26:37 PDT", "B01",
                         "DEFAULT", "Active"}),
                    Tsv({"Lamp", "L2", "LAMP", "20.00", "2", "", "B02", "DEFAULT", "Active"}),
                }));
    ImportReport report =
        ImportOrDie(*engine, "new.txt",
                    ShortFile({
                        Tsv({"Mug v2", "L1", "M-1", "12.50", "", "2022-03-15 02:26:37 PDT", "B01",
                             "AMAZON_NA", "Inactive"}),
                        Tsv({"", "L2", "LAMP", "21.00", "0", "", "B02", "DEFAULT", "Active"}),
                    }));
    CHECK(report.successful == 2);
    const auto mug = FindListing(*engine, "M-1");
    REQUIRE(mug);
    CHECK(mug->name == "Mug v2");
    CHECK(mug->price_minor == 1250);
    CHECK_FALSE(mug->quantity.has_value());  // moved to FBA: quantity now unknown
    CHECK(mug->fulfillment == "fba");
    CHECK(mug->status == "Inactive");
    const auto lamp = FindListing(*engine, "LAMP");
    REQUIRE(lamp);
    CHECK(lamp->name == "Lamp");  // an empty name does not erase the known one
    CHECK(lamp->price_minor == 2100);
    CHECK(lamp->quantity == 0);
    CHECK(engine->Summarize().value().skus == 2);
}

std::string GeneratedReport(int rows, int bad_every = 0) {
    std::string text = std::string(kShortHeader) + "\r\n";
    for (int i = 0; i < rows; ++i) {
        const bool bad = bad_every > 0 && i % bad_every == 0;
        const std::string n = std::to_string(i);
        text += Tsv({std::string("Item ").append(n), std::string("L").append(n),
                     std::string("SKU-").append(std::to_string(100000 + i)), bad ? "n/a" : "1.00",
                     std::to_string(i % 7), "", std::string("B").append(n), "DEFAULT", "Active"});
        text += "\r\n";
    }
    return text;
}

TEST_CASE("Step(n) processes at most n rows and progress increases", "[engine][import][progress]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::string bytes = GeneratedReport(25);
    Result<std::unique_ptr<ImportJob>> started = engine->StartImport({"steps.txt", bytes});
    REQUIRE(started.ok());
    ImportJob& job = *started.value();
    CHECK_FALSE(job.IsDone());
    ImportProgress progress = job.Progress();
    CHECK(progress.bytes_total == static_cast<int64_t>(bytes.size()));
    CHECK(progress.rows_done == 0);
    CHECK(progress.bytes_done < progress.bytes_total);
    const uint64_t generation = engine->Generation();

    int steps = 0;
    while (!job.IsDone()) {
        const int64_t rows_before = job.Report().total;
        const int64_t bytes_before = job.Progress().bytes_done;
        REQUIRE(job.Step(10).ok());
        ++steps;
        CHECK(job.Report().total - rows_before <= 10);
        CHECK(job.Report().total > rows_before);
        CHECK(job.Progress().bytes_done > bytes_before);
        CHECK(job.Progress().rows_done == job.Report().total);
        if (!job.IsDone()) {
            CHECK(job.Report().state == ImportState::kRunning);
            CHECK(engine->Generation() == generation);  // nothing committed yet
        }
        REQUIRE(steps < 10);
    }
    CHECK(steps == 3);
    CHECK(job.Progress().done);
    CHECK(job.Progress().bytes_done == job.Progress().bytes_total);
    CHECK(job.Progress().Fraction() == 1.0f);
    CHECK(job.Report().state == ImportState::kSucceeded);
    CHECK(job.Report().successful == 25);
    CHECK(engine->Generation() > generation);
    CHECK(job.Step(10).ok());  // stepping a finished job does nothing
    CHECK(job.Report().total == 25);
}

TEST_CASE("progress moves with the bytes across several chunks", "[engine][import][progress]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    const std::string bytes = GeneratedReport(40000);  // about 3 MiB: several 1 MiB chunks
    Result<std::unique_ptr<ImportJob>> started = engine->StartImport({"big.txt", bytes});
    REQUIRE(started.ok());
    ImportJob& job = *started.value();
    int64_t last = job.Progress().bytes_done;
    int steps = 0;
    while (!job.IsDone()) {
        REQUIRE(job.Step(5000).ok());
        ++steps;
        CHECK(job.Progress().bytes_done > last);
        if (!job.IsDone()) CHECK(job.Progress().bytes_done < job.Progress().bytes_total);
        last = job.Progress().bytes_done;
    }
    CHECK(steps == 8);
    CHECK(job.Report().successful == 40000);
    CHECK(job.Progress().bytes_done == job.Progress().bytes_total);
}

// UTF-16 LE with a byte order mark, as Excel's "Unicode Text" saves a report.
std::string Utf16Le(const std::string& ascii_or_latin1) {
    std::string out = "\xFF\xFE";
    for (const char c : ascii_or_latin1) {
        out += c;
        out += '\0';
    }
    return out;
}

TEST_CASE("a UTF-16 LE report with a byte order mark imports", "[engine][import][encoding]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    // Latin-1 text widened to UTF-16 LE: "\xE9" becomes U+00E9 (e acute).
    std::string text = ShortFile({
        Tsv({"Caf\xE9 Mug", "L1", "MUG-1", "12.50", "3", "", "B001", "DEFAULT", "Active"}),
        Tsv({"Blue Vase", "L2", "VASE-1", "20.00", "", "", "B002", "AMAZON_NA", "Active"}),
    });
    std::string bytes = Utf16Le(text);
    // Put a character outside Latin-1 (U+20AC euro sign) into the first name.
    const std::string mug = Utf16Le("Caf\xE9 Mug").substr(2);
    const size_t at = bytes.find(mug);
    REQUIRE(at != std::string::npos);
    bytes.insert(at + mug.size(), std::string("\x20\x00\xAC\x20", 4));  // " €"
    ImportReport report = ImportOrDie(*engine, "unicode.txt", bytes);
    CHECK(report.state == ImportState::kSucceeded);
    CHECK(report.encoding == "utf-16le");
    CHECK(report.successful == 2);
    CHECK(report.errors.empty());
    const auto row = FindListing(*engine, "MUG-1");
    REQUIRE(row);
    CHECK(row->name == "Caf\xC3\xA9 Mug \xE2\x82\xAC");
    CHECK(row->price_minor == 1250);
    const auto vase = FindListing(*engine, "VASE-1");
    REQUIRE(vase);
    CHECK_FALSE(vase->quantity.has_value());  // FBA: unknown, not 0
}

// Imports bytes over the US fixture and checks the job failed with message_part, nothing
// in the catalogue changed, and the failure is in the history.
ImportReport ExpectFailedImport(const std::string& bytes, const std::string& message_part) {
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportOrDie(*engine, "before.txt", ReadFixture(kUsFixture));
    const std::vector<ListingRow> before = AllListings(*engine);
    Result<ImportReport> result = engine->ImportFile("upload.txt", bytes);
    REQUIRE(result.ok());
    const ImportReport report = result.value();
    CHECK(report.state == ImportState::kFailed);
    CAPTURE(report.error);
    CHECK(report.error.find(message_part) != std::string::npos);
    CHECK(report.successful == 0);
    const std::vector<ListingRow> after = AllListings(*engine);
    testing::CheckSameListings(after, before);
    Result<std::vector<ImportReport>> history = engine->ImportHistory(10);
    REQUIRE(history.ok());
    REQUIRE(history->size() == 2);
    CHECK(history->front().state == ImportState::kFailed);
    CHECK(history->front().error == report.error);
    CHECK(engine->ImportFile("again.txt", ReadFixture(kUkFixture)).ok());
    return report;
}

TEST_CASE("a recognised format whose rows cannot be imported yet is named and refused",
          "[engine][import][unreadable]") {
    const ImportReport report = ExpectFailedImport(
        ReadFixture("formats/amazon_fba_ledger_detail.txt"), "This file is Amazon FBA Inventory");
    CHECK(report.error.find("cannot import its rows yet") != std::string::npos);
    CHECK(report.format == "amazon_fba_ledger_detail");
}

TEST_CASE("invalid UTF-8 late in a UTF-8 file fails the whole import",
          "[engine][import][unreadable]") {
    // Valid UTF-8 early decides the encoding; 3 MiB later a lone windows-1252 byte appears.
    std::vector<std::string> rows;
    rows.push_back(
        Tsv({"Caf\xC3\xA9 Mug", "L0", "FIRST", "1.00", "1", "", "B0", "DEFAULT", "Active"}));
    for (int i = 1; i < 60000; ++i) {
        rows.push_back(Tsv({"Item " + std::to_string(i), "L", "S-" + std::to_string(i), "1.00", "1",
                            "", "B", "DEFAULT", "Active"}));
    }
    rows.push_back(Tsv({"Caf\xE9 Mug", "L1", "BAD", "1.00", "1", "", "B1", "DEFAULT", "Active"}));
    const std::string bytes = ShortFile(rows);
    REQUIRE(bytes.size() > (size_t{2} << 20));
    const ImportReport report = ExpectFailedImport(bytes, "not valid UTF-8");
    CHECK(report.error.find("nothing from it was saved") != std::string::npos);
    CHECK(report.encoding == "utf-8");
}

TEST_CASE("a record over the reader's limit fails the whole import",
          "[engine][import][unreadable]") {
    const std::string bytes =
        ShortFile({Tsv({"Mug", "L1", "MUG-1", "1.00", "1", "", "B1", "DEFAULT", "Active"}),
                   Tsv({std::string(size_t{1} << 20, 'x'), "L2", "LONG", "1.00", "1", "", "B2",
                        "DEFAULT", "Active"})});
    ExpectFailedImport(bytes, "The file could not be read");
}

TEST_CASE("a second import cannot start while one is running", "[engine][import]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    Result<std::unique_ptr<ImportJob>> first = engine->StartImport({"a.txt", GeneratedReport(5)});
    REQUIRE(first.ok());
    Result<std::unique_ptr<ImportJob>> second = engine->StartImport({"b.txt", GeneratedReport(5)});
    REQUIRE_FALSE(second.ok());
    CHECK(second.status().code() == Code::kConflict);
    while (!first.value()->IsDone()) REQUIRE(first.value()->Step(100).ok());
    CHECK(engine->StartImport({"c.txt", GeneratedReport(5)}).ok());
}

TEST_CASE("dropping an unfinished import rolls back its rows and records it as cancelled",
          "[engine][import]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportOrDie(*engine, "base.txt", ReadFixture(kUsFixture));
    {
        Result<std::unique_ptr<ImportJob>> job =
            engine->StartImport({"big.txt", GeneratedReport(50)});
        REQUIRE(job.ok());
        REQUIRE(job.value()->Step(20).ok());
        REQUIRE_FALSE(job.value()->IsDone());
    }
    CHECK(AllListings(*engine).size() == 8);
    Result<std::vector<ImportReport>> history = engine->ImportHistory(-1);
    REQUIRE(history.ok());
    REQUIRE(history->size() == 2);
    CHECK(history->front().file_name == "big.txt");
    CHECK(history->front().state == ImportState::kFailed);
    CHECK(history->front().error.find("cancelled") != std::string::npos);
    CHECK(engine->ImportFile("after.txt", GeneratedReport(3)).ok());
}

// Native only: Emscripten's file system has no file locks, so a second connection to the
// same file is not safe there (and the browser build never opens one).
#ifndef __EMSCRIPTEN__
TEST_CASE("rows are invisible to other connections until the import commits", "[engine][import]") {
    testing::TempDbFile file("isolation");
    std::unique_ptr<Engine> writer = OpenOrDie(file.path());
    Result<std::unique_ptr<ImportJob>> job = writer->StartImport({"x.txt", GeneratedReport(30)});
    REQUIRE(job.ok());
    REQUIRE(job.value()->Step(10).ok());
    {
        std::unique_ptr<Engine> reader = OpenOrDie(file.path());
        CHECK(AllListings(*reader).empty());
        CHECK(reader->ImportHistory(-1).value().empty());
    }
    while (!job.value()->IsDone()) REQUIRE(job.value()->Step(10).ok());
    std::unique_ptr<Engine> reader = OpenOrDie(file.path());
    CHECK(AllListings(*reader).size() == 30);
    CHECK(reader->ImportHistory(-1).value().size() == 1);
}
#endif

TEST_CASE("at most 1000 row errors are stored while the counts stay exact",
          "[engine][import][errors]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportReport report = ImportOrDie(*engine, "many.txt", GeneratedReport(1500, 1));
    CHECK(report.total == 1500);
    CHECK(report.failed == 1500);
    CHECK(report.successful == 0);
    REQUIRE(report.errors.size() == 1000);
    CHECK(report.errors.front().line == 2);
    CHECK(report.errors.back().line == 1001);
    CHECK(report.errors.back().message.find("500 more problems were omitted") != std::string::npos);
    Result<std::vector<ImportReport>> history = engine->ImportHistory(1);
    REQUIRE(history.ok());
    REQUIRE(history->front().errors.size() == 1000);
    CHECK(history->front().failed == 1500);
    CHECK(history->front().errors.back().message == report.errors.back().message);
}

TEST_CASE("import history survives reopening and lists the newest first",
          "[engine][import][history]") {
    testing::TempDbFile file("history");
    {
        std::unique_ptr<Engine> engine = OpenOrDie(file.path());
        ImportOrDie(*engine, "one.txt", ReadFixture(kUsFixture));
        ImportOrDie(*engine, "two.txt", "nothing useful here");
        ImportOrDie(*engine, "three.txt", ReadFixture(kUkFixture));
    }
    std::unique_ptr<Engine> engine = OpenOrDie(file.path());
    Result<std::vector<ImportReport>> history = engine->ImportHistory(-1);
    REQUIRE(history.ok());
    REQUIRE(history->size() == 3);
    CHECK(history.value()[0].file_name == "three.txt");
    CHECK(history.value()[1].file_name == "two.txt");
    CHECK(history.value()[1].state == ImportState::kFailed);
    CHECK(history.value()[2].file_name == "one.txt");
    CHECK(history.value()[2].encoding == "windows-1252");
    CHECK(history.value()[2].total == 8);
    CHECK(history.value()[2].started_at.size() == 20);
    CHECK(history.value()[2].finished_at.size() == 20);
    CHECK(engine->ImportHistory(2).value().size() == 2);
    CHECK(AllListings(*engine).size() == 11);
}

}  // namespace
}  // namespace stocktake::engine
