// Imports fed a chunk at a time (ImportRequest::fed): however the file is cut, the report
// and the catalogue are those of the one-piece import; a feed that stops early or a cancel
// changes nothing; the job's input memory stays bounded by a chunk whatever the file size.
#include <catch2/catch.hpp>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/test_util.h"

namespace stocktake::engine {
namespace {

using testing::AllListings;
using testing::CheckSameListings;
using testing::OpenOrDie;
using testing::ReadFixture;

constexpr const char* kAmazonHeader =
    "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\tfulfillment-channel"
    "\tstatus";

// Runs a fed job to the end the way the browser does: Step until the job asks for input,
// then feed it the next chunk (sizes cycle through chunks), FinishInput at the end.
Result<ImportReport> ImportFed(Engine& engine, ImportRequest request, std::string_view bytes,
                               const std::vector<size_t>& chunks, int64_t step_rows = 7) {
    request.fed = true;
    request.size = static_cast<int64_t>(bytes.size());
    Result<std::unique_ptr<ImportJob>> started = engine.StartImport(std::move(request));
    if (!started.ok()) return started.status();
    ImportJob& job = *started.value();
    size_t pos = 0;
    size_t k = 0;
    while (!job.IsDone()) {
        Status status;
        if (job.Progress().needs_input) {
            if (pos < bytes.size()) {
                const size_t n = std::min(chunks[k++ % chunks.size()], bytes.size() - pos);
                status = job.Feed(bytes.substr(pos, n));
                pos += n;
            } else {
                status = job.FinishInput();
            }
        } else {
            status = job.Step(step_rows);
        }
        if (!status.ok()) return status;
    }
    return job.Report();
}

void CheckSameReport(const ImportReport& fed, const ImportReport& whole) {
    CHECK(fed.state == whole.state);
    CHECK(fed.format == whole.format);
    CHECK(fed.encoding == whole.encoding);
    CHECK(fed.error == whole.error);
    CHECK(fed.total == whole.total);
    CHECK(fed.successful == whole.successful);
    CHECK(fed.failed == whole.failed);
    CHECK(fed.duplicates == whole.duplicates);
    CHECK(fed.skipped == whole.skipped);
    CHECK(fed.created == whole.created);
    CHECK(fed.changed == whole.changed);
    CHECK(fed.unchanged == whole.unchanged);
    CHECK(fed.notes == whole.notes);
    REQUIRE(fed.errors.size() == whole.errors.size());
    for (size_t i = 0; i < fed.errors.size(); ++i) {
        CHECK(fed.errors[i].line == whole.errors[i].line);
        CHECK(fed.errors[i].column == whole.errors[i].column);
        CHECK(fed.errors[i].message == whole.errors[i].message);
        CHECK(fed.errors[i].value == whole.errors[i].value);
    }
    CHECK(fed.suggestions_found == whole.suggestions_found);
}

// UTF-8 -> UTF-16 code units (valid input only), little- or big-endian, with a BOM.
std::string Utf16(std::string_view utf8, bool little_endian) {
    std::string out;
    const auto put = [&](uint32_t unit) {
        const char lo = static_cast<char>(unit & 0xFF);
        const char hi = static_cast<char>(unit >> 8);
        out += little_endian ? lo : hi;
        out += little_endian ? hi : lo;
    };
    put(0xFEFF);
    for (size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t j = 1; j < len; ++j) cp = cp << 6 | (static_cast<uint32_t>(utf8[i + j]) & 0x3F);
        i += len;
        if (cp >= 0x10000) {
            put(0xD800 + ((cp - 0x10000) >> 10));
            put(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            put(cp);
        }
    }
    return out;
}

// An Amazon report with CRLF line ends and names holding 2-, 3- and 4-byte UTF-8 characters
// (a surrogate pair in UTF-16), a duplicate and a bad price, large enough (> 150 KiB) that
// chunk edges fall after the decoder's head and decision windows.
std::string AmazonCrlfReport(int rows) {
    std::string text = std::string(kAmazonHeader) + "\r\n";
    for (int i = 0; i < rows; ++i) {
        const std::string n = std::to_string(i);
        const std::string price = i % 97 == 5 ? "12,3x" : std::to_string(1 + i % 50) + ".99";
        const std::string sku = i % 89 == 7 ? "SKU-1" : "SKU-" + n;
        text += "Caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 Mug #" + n + "\t" + "L" + n +
                "\t" + sku + "\t" + price + "\t" + std::to_string(i % 40) +
                "\t2023-01-02 10:00:00 PST\tB0" + n + "\tDEFAULT\tActive\r\n";
    }
    return text;
}

// A Shopify products CSV whose quoted fields hold commas, doubled quotes, CRLF and LF line
// breaks and multibyte characters, so chunk edges fall inside quoted fields.
std::string ShopifyQuotedCsv(int rows) {
    const std::string fixture = ReadFixture("formats/shopify_products.csv");
    std::string text = fixture.substr(0, fixture.find('\n')) + "\r\n";
    for (int i = 0; i < rows; ++i) {
        const std::string n = std::to_string(i);
        text += "handle-" + n + ",\"Board \"\"" + n + "\"\", large, \xC3\xBC\xE6\x97\xA5\"," +
                "\"<p>Thick\r\nboard, \"\"oiled\"\"\nline 3</p>\",Acme,,Boards,\"a, b\",TRUE," +
                "Title,Default Title,,,,,SKU-" + n + ",1200,shopify," + std::to_string(i % 30) +
                ",deny,manual," + std::to_string(5 + i % 20) + ".00,,TRUE,TRUE,,,1,,FALSE,,,," +
                "TRUE,,,active\r\n";
    }
    return text;
}

struct Case {
    const char* name;
    std::string bytes;
};

std::vector<Case> Cases() {
    const std::string amazon = AmazonCrlfReport(2000);
    return {
        {"amazon utf-8 crlf", amazon},
        {"amazon utf-16le", Utf16(amazon, true)},
        {"amazon utf-16be", Utf16(amazon, false)},
        {"shopify quoted csv", ShopifyQuotedCsv(800)},
        {"us fixture windows-1252", ReadFixture("amazon/all_listings_us_cp1252.txt")},
        {"uk fixture utf-8 bom", ReadFixture("amazon/all_listings_uk_utf8_bom.txt")},
    };
}

TEST_CASE("a job fed in small uneven chunks gives the one-piece report and catalogue",
          "[engine][import][streaming]") {
    for (const Case& c : Cases()) {
        INFO(c.name);
        REQUIRE(!c.bytes.empty());
        std::unique_ptr<Engine> whole_engine = OpenOrDie();
        Result<ImportReport> whole = whole_engine->ImportFile("file.txt", c.bytes);
        REQUIRE(whole.ok());
        CHECK(whole->state == ImportState::kSucceeded);
        CHECK(whole->successful > 0);
        const std::vector<ListingRow> expected = AllListings(*whole_engine);
        for (const std::vector<size_t>& chunks :
             std::vector<std::vector<size_t>>{{1}, {7}, {3, 1, 4096, 2, 65537, 5}, {1 << 20}}) {
            INFO("first chunk " << chunks.front());
            std::unique_ptr<Engine> engine = OpenOrDie();
            Result<ImportReport> fed =
                ImportFed(*engine, ImportRequest("file.txt", ""), c.bytes, chunks);
            REQUIRE(fed.ok());
            CheckSameReport(fed.value(), whole.value());
            CheckSameListings(AllListings(*engine), expected);
        }
    }
}

TEST_CASE("the test files put chunk edges where the brief says", "[engine][import][streaming]") {
    // With 1-byte chunks every edge is covered; check the files hold the hard cases.
    const std::string amazon = AmazonCrlfReport(2000);
    CHECK(amazon.find("\r\n", 100000) != std::string::npos);
    CHECK(amazon.find("\xF0\x9F\x98\x80", 100000) != std::string::npos);
    CHECK(amazon.size() > 150000);
    CHECK(Utf16(amazon, true).find(std::string("\x3D\xD8\x00\xDE", 4), 200000) !=
          std::string::npos);  // U+1F600
    const std::string csv = ShopifyQuotedCsv(800);
    CHECK(csv.find("\"<p>Thick\r\nboard", 100000) != std::string::npos);
}

TEST_CASE("a dry run and a stream import read like the one-piece import",
          "[engine][import][streaming]") {
    const std::string bytes = AmazonCrlfReport(1500);
    std::unique_ptr<Engine> whole_engine = OpenOrDie();
    ImportRequest whole_request("r.txt", bytes);
    whole_request.dry_run = true;
    Result<ImportReport> whole = whole_engine->ImportFile(whole_request);
    REQUIRE(whole.ok());

    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportRequest fed_request("r.txt", "");
    fed_request.dry_run = true;
    Result<ImportReport> fed = ImportFed(*engine, fed_request, bytes, {4093});
    REQUIRE(fed.ok());
    CheckSameReport(fed.value(), whole.value());
    REQUIRE(fed->changes.size() == whole->changes.size());
    CHECK(AllListings(*engine).empty());

    std::istringstream in(bytes);
    Result<ImportReport> streamed = engine->ImportFile(ImportRequest("r.txt", ""), in);
    REQUIRE(streamed.ok());
    std::unique_ptr<Engine> committed = OpenOrDie();
    Result<ImportReport> one_piece = committed->ImportFile("r.txt", bytes);
    REQUIRE(one_piece.ok());
    CheckSameReport(streamed.value(), one_piece.value());
    CheckSameListings(AllListings(*engine), AllListings(*committed));
}

TEST_CASE("a feed that stops early, a cancel mid-input or a dropped job changes nothing",
          "[engine][import][streaming]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    REQUIRE(engine->ImportFile("first.txt", AmazonCrlfReport(300)).ok());
    const std::vector<ListingRow> before = AllListings(*engine);
    REQUIRE(before.size() > 200);
    // The second file changes every row (other names) and adds more.
    std::string second = AmazonCrlfReport(3000);
    for (size_t at = second.find("Mug #"); at != std::string::npos; at = second.find("Mug #", at))
        second.replace(at, 5, "Cup #");

    SECTION("the input ends before the declared size") {
        ImportRequest request("second.txt", "");
        request.fed = true;
        request.size = static_cast<int64_t>(second.size());
        Result<std::unique_ptr<ImportJob>> job = engine->StartImport(std::move(request));
        REQUIRE(job.ok());
        size_t pos = 0;
        while (!(*job)->IsDone()) {
            if ((*job)->Progress().needs_input) {
                if (pos > second.size() / 2) {
                    REQUIRE((*job)->FinishInput().ok());
                } else {
                    REQUIRE((*job)->Feed(std::string_view(second).substr(pos, 10000)).ok());
                    pos += 10000;
                }
            } else {
                REQUIRE((*job)->Step(100).ok());
            }
        }
        CHECK((*job)->Report().state == ImportState::kFailed);
        CHECK((*job)->Report().error.find("changed while it was being read") != std::string::npos);
        CHECK((*job)->Report().successful == 0);
    }
    SECTION("the job is cancelled between two chunks") {
        ImportRequest request("second.txt", "");
        request.fed = true;
        Result<std::unique_ptr<ImportJob>> job = engine->StartImport(std::move(request));
        REQUIRE(job.ok());
        REQUIRE((*job)->Progress().needs_input);
        REQUIRE((*job)->Feed(std::string_view(second).substr(0, 200000)).ok());
        while (!(*job)->Progress().needs_input) REQUIRE((*job)->Step(50).ok());
        CHECK((*job)->Progress().rows_done > 100);
        (*job)->Cancel();
        CHECK((*job)->IsDone());
        CHECK((*job)->Report().state == ImportState::kFailed);
        // A read that was under way when the job was cancelled is ignored.
        CHECK((*job)->Feed(std::string_view(second).substr(200000, 100)).ok());
        CHECK((*job)->FinishInput().ok());
    }
    SECTION("the job is dropped while it waits for its first bytes") {
        ImportRequest request("second.txt", "");
        request.fed = true;
        Result<std::unique_ptr<ImportJob>> job = engine->StartImport(std::move(request));
        REQUIRE(job.ok());
        // While it waits, no other import may start.
        Result<std::unique_ptr<ImportJob>> other =
            engine->StartImport(ImportRequest("other.txt", "a\tb\n"));
        CHECK(other.status().code() == Code::kConflict);
        REQUIRE((*job)->Step(10).ok());
        CHECK((*job)->Progress().needs_input);
        job.value().reset();
    }
    CheckSameListings(AllListings(*engine), before);
    // The engine is free again.
    CHECK(engine->ImportFile("first.txt", AmazonCrlfReport(300)).ok());
}

TEST_CASE("fed jobs check how they are fed", "[engine][import][streaming]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportRequest holding("x.txt", "a,b\n");
    holding.fed = true;
    CHECK(engine->StartImport(holding).status().code() == Code::kInvalidArgument);
    {
        Result<std::unique_ptr<ImportJob>> job = engine->StartImport(ImportRequest("x.txt", "a"));
        REQUIRE(job.ok());
        CHECK((*job)->Feed("more").code() == Code::kInvalidArgument);
    }
    ImportRequest fed("empty.txt", "");
    fed.fed = true;
    Result<std::unique_ptr<ImportJob>> job = engine->StartImport(fed);
    REQUIRE(job.ok());
    REQUIRE((*job)->FinishInput().ok());
    REQUIRE((*job)->Step(10).ok());
    CHECK((*job)->IsDone());
    CHECK((*job)->Report().error.find("The file is empty") != std::string::npos);
}

TEST_CASE("bad bytes after the head fail the import with their offset, however it is fed",
          "[engine][import][streaming]") {
    const std::string good = AmazonCrlfReport(2000);
    const size_t at = good.find("Mug #1500");
    REQUIRE(at != std::string::npos);
    std::string bad_utf8 = good;
    bad_utf8[at] = '\xE9';  // a windows-1252 e-acute in a file already decided as UTF-8
    std::string nul = good;
    nul[at] = '\0';
    for (const std::string& bytes : {bad_utf8, nul}) {
        std::unique_ptr<Engine> whole_engine = OpenOrDie();
        Result<ImportReport> whole = whole_engine->ImportFile("bad.txt", bytes);
        REQUIRE(whole.ok());
        CHECK(whole->state == ImportState::kFailed);
        CHECK(whole->error.find("at byte " + std::to_string(at)) != std::string::npos);
        CHECK(AllListings(*whole_engine).empty());
        for (size_t chunk : {size_t{1}, size_t{7}, size_t{100000}}) {
            std::unique_ptr<Engine> engine = OpenOrDie();
            Result<ImportReport> fed =
                ImportFed(*engine, ImportRequest("bad.txt", ""), bytes, {chunk});
            REQUIRE(fed.ok());
            CHECK(fed->state == ImportState::kFailed);
            CHECK(fed->error == whole->error);
            CHECK(AllListings(*engine).empty());
        }
    }
}

// An Amazon report of `rows` rows of about 500 bytes, produced a chunk at a time: the test
// never holds the file.
class ReportGenerator {
  public:
    explicit ReportGenerator(int64_t rows) : rows_(rows) {}
    // The next bytes (about `chunk`), or "" at the end.
    const std::string& Next(size_t chunk) {
        text_.clear();
        if (next_ == 0) text_ = std::string(kAmazonHeader) + "\n";
        const std::string padding(440, 'x');
        while (text_.size() < chunk && next_ < rows_) {
            const std::string n = std::to_string(next_++);
            text_ += "Long name " + padding + " #" + n + "\tL" + n + "\tSKU-" + n + "\t9.99\t3" +
                     "\t2023-01-02 10:00:00 PST\tB0" + n + "\tDEFAULT\tActive\n";
        }
        total_ += text_.size();
        return text_;
    }
    uint64_t total() const { return total_; }

  private:
    int64_t rows_;
    int64_t next_ = 0;
    uint64_t total_ = 0;
    std::string text_;
};

TEST_CASE("a fed job's input memory is bounded by a chunk, not by the file",
          "[engine][import][streaming][slow]") {
    constexpr int64_t kRows = 100000;  // about 50 MB
    constexpr size_t kChunk = size_t{1} << 20;
    std::unique_ptr<Engine> engine = OpenOrDie();
    ImportRequest request("big.txt", "");
    request.fed = true;
    Result<std::unique_ptr<ImportJob>> started = engine->StartImport(std::move(request));
    REQUIRE(started.ok());
    ImportJob& job = *started.value();
    ReportGenerator generator(kRows);
    while (!job.IsDone()) {
        if (job.Progress().needs_input) {
            const std::string& bytes = generator.Next(kChunk);
            REQUIRE((bytes.empty() ? job.FinishInput() : job.Feed(bytes)).ok());
        } else {
            REQUIRE(job.Step(4096).ok());
        }
    }
    INFO(job.Report().error);
    CHECK(job.Report().state == ImportState::kSucceeded);
    CHECK(job.Report().successful == kRows);
    CHECK(generator.total() > 50u * 1000 * 1000);
    const int64_t peak = job.Progress().peak_input_bytes;
    CHECK(peak > 0);
    // One fed chunk, the reader's text of one chunk plus a record: a few MiB at most.
    CHECK(peak < int64_t{4} * static_cast<int64_t>(kChunk));
    CHECK(static_cast<uint64_t>(peak) * 10 < generator.total());
}

TEST_CASE("a preview reads the head of a file like the whole file",
          "[engine][preview][streaming]") {
    std::unique_ptr<Engine> engine = OpenOrDie();
    // Quoted fields spanning lines: a head cut inside one must not show a partial row.
    const std::string bytes = ShopifyQuotedCsv(800);
    Result<FilePreview> whole = engine->PreviewFile(bytes, 1000);
    REQUIRE(whole.ok());
    REQUIRE(whole->error.empty());
    REQUIRE(whole->rows.size() == 800);
    for (size_t head : {size_t{100000}, size_t{150001}, bytes.size() - 10}) {
        INFO("head " << head);
        Result<FilePreview> part = engine->PreviewFile(std::string_view(bytes).substr(0, head),
                                                       1000, /*whole_file=*/false);
        REQUIRE(part.ok());
        CHECK(part->error.empty());
        CHECK(part->header == whole->header);
        CHECK(part->outcome == whole->outcome);
        CHECK(part->encoding == "utf-8");
        REQUIRE(part->rows.size() > 100);
        REQUIRE(part->rows.size() < whole->rows.size());
        // Only whole rows: each is the file's row, never a cut one.
        for (size_t i = 0; i < part->rows.size(); ++i) CHECK(part->rows[i] == whole->rows[i]);
    }
    // A head of 20 rows' worth reads like the whole file for a 5-row preview.
    Result<FilePreview> five = engine->PreviewFile(bytes, 5);
    Result<FilePreview> five_head =
        engine->PreviewFile(std::string_view(bytes).substr(0, 100000), 5, /*whole_file=*/false);
    REQUIRE(five.ok());
    REQUIRE(five_head.ok());
    CHECK(five_head->rows == five->rows);
    Result<FilePreview> no_line_end =
        engine->PreviewFile(std::string_view(bytes).substr(0, 100), 5, /*whole_file=*/false);
    REQUIRE(no_line_end.ok());
    CHECK(no_line_end->error.find("first line does not end") != std::string::npos);
}

}  // namespace
}  // namespace stocktake::engine
