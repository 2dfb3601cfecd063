#include "export/delimited_writer.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "import/delimited_reader.h"

namespace stocktake::engine {
namespace {

using Rows = std::vector<std::vector<std::string>>;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Reads text back with the project's reader, fed in chunks of chunk bytes.
Rows ReadBack(const std::string& text, char delimiter, QuoteMode quoting, size_t chunk) {
    DelimitedReaderOptions options;
    options.delimiter = delimiter;
    options.quoting = quoting;
    DelimitedReader reader(options);
    Rows rows;
    size_t fed = 0;
    for (;;) {
        DelimitedRecord record;
        Result<ReadState> state = reader.Next(&record);
        REQUIRE(state.ok());
        if (*state == ReadState::kEnd) break;
        if (*state == ReadState::kRecord) {
            rows.emplace_back(record.fields.begin(), record.fields.end());
            continue;
        }
        if (fed < text.size()) {
            const size_t n = std::min(chunk, text.size() - fed);
            REQUIRE(reader.Feed(std::string_view(text).substr(fed, n)).ok());
            fed += n;
        } else {
            REQUIRE(reader.Finish().ok());
        }
    }
    return rows;
}

std::string Csv(std::initializer_list<std::initializer_list<std::string_view>> rows,
                DelimitedWriterOptions options = {}) {
    DelimitedWriter writer(options);
    for (const auto& row : rows) writer.WriteRow(row);
    return writer.Take();
}

DelimitedWriterOptions NoBom(DelimitedWriterOptions options) {
    options.utf8_bom = false;
    return options;
}

TEST_CASE("a spreadsheet CSV starts with a BOM and ends rows with CRLF", "[export]") {
    CHECK(Csv({{"sku", "name"}, {"A-1", "Mug"}}) == std::string(kBom) + "sku,name\r\nA-1,Mug\r\n");
    CHECK(Csv({{"sku", "name"}}, NoBom({})) == "sku,name\r\n");
    DelimitedWriter empty;
    CHECK(empty.text() == kBom);
    CHECK(empty.rows_written() == 0);
}

TEST_CASE("RFC 4180 quotes only the fields that need it", "[export]") {
    const DelimitedWriterOptions o = NoBom({});
    CHECK(Csv({{"plain", "with space inside", "日本語"}}, o) ==
          "plain,with space inside,日本語\r\n");
    CHECK(Csv({{"a,b"}}, o) == "\"a,b\"\r\n");
    CHECK(Csv({{"say \"hi\""}}, o) == "\"say \"\"hi\"\"\"\r\n");
    CHECK(Csv({{"\""}}, o) == "\"\"\"\"\r\n");
    CHECK(Csv({{"two\nlines"}}, o) == "\"two\nlines\"\r\n");
    CHECK(Csv({{"cr\rhere"}}, o) == "\"cr\rhere\"\r\n");
    CHECK(Csv({{"win\r\nline"}}, o) == "\"win\r\nline\"\r\n");
    CHECK(Csv({{" lead", "trail ", "\ttab"}}, o) == "\" lead\",\"trail \",\"\ttab\"\r\n");
    // A semicolon or a tab is data in a comma file.
    CHECK(Csv({{"a;b", "a\tb"}}, o) == "a;b,a\tb\r\n");
    CHECK(Csv({{"", "x", ""}}, o) == ",x,\r\n");
}

TEST_CASE("RFC 4180 with a TAB delimiter quotes TABs, not commas", "[export]") {
    DelimitedWriterOptions o = NoBom({});
    o.delimiter = '\t';
    CHECK(Csv({{"a,b", "c\td"}}, o) == "a,b\t\"c\td\"\r\n");
}

TEST_CASE("a row that would be a blank line keeps its cells", "[export]") {
    const DelimitedWriterOptions o = NoBom({});
    CHECK(Csv({{""}}, o) == "\"\"\r\n");
    CHECK(Csv({{"", ""}}, o) == ",\r\n");  // the comma makes it a non-blank line
    DelimitedWriterOptions tab = o;
    tab.delimiter = '\t';
    CHECK(Csv({{"", ""}}, tab) == "\"\"\t\r\n");
    CHECK(Csv({{"", ""}}, DelimitedWriterOptions::AmazonTsv()) == "\"\"\t\n");
    CHECK(Csv({{"  ", " "}}, DelimitedWriterOptions::AmazonTsv()) == "\"  \"\t \n");
    // No cells at all: an empty line (readers skip it).
    DelimitedWriter writer(o);
    writer.WriteRow(std::span<const std::string_view>());
    CHECK(writer.text() == "\r\n");
    CHECK(writer.rows_written() == 1);
}

TEST_CASE("guard_formulas prefixes cells a spreadsheet would run", "[export]") {
    DelimitedWriterOptions o = NoBom(DelimitedWriterOptions::GuardedSpreadsheetCsv());
    DelimitedWriter writer(o);
    writer.WriteRow(
        {"=HYPERLINK(\"http://x\")", "+1", "-3", "@SUM(A1)", "\tx", "\rx", "a=b", "", "'quoted"});
    CHECK(writer.text() ==
          "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-3,'@SUM(A1),'\tx,\"'\rx\",a=b,,'quoted\r\n");
    CHECK(writer.guarded_fields() == 6);
    // Off by default: the cells are written as they are.
    CHECK(Csv({{"=1+2", "-3"}}, NoBom({})) == "=1+2,-3\r\n");
}

TEST_CASE("Amazon TSV never quotes and replaces TAB, CR and LF by a space", "[export]") {
    DelimitedWriter writer(DelimitedWriterOptions::AmazonTsv());
    writer.WriteRow({"seller-sku", "item-name"});
    CHECK(writer.lossy_fields() == 0);
    writer.WriteRow({"A,1", "Mug \"12 oz\", blue"});
    writer.WriteRow({"tab\there", "two\nlines\r\nand\rcr"});
    CHECK(writer.lossy_fields() == 2);
    writer.WriteRow({"\"wrapped\"", "\"", "\"\"", "\"open"});
    CHECK(writer.text() ==
          "seller-sku\titem-name\n"
          "A,1\tMug \"12 oz\", blue\n"
          "tab here\ttwo lines and cr\n"
          "\"\"wrapped\"\"\t\"\t\"\"\"\"\t\"open\n");
    CHECK(writer.rows_written() == 4);
    CHECK(writer.lossy_fields() == 2);
}

TEST_CASE("Take returns the document and starts a new one", "[export]") {
    DelimitedWriter writer;
    writer.WriteRow({"a"});
    CHECK(writer.Take() == std::string(kBom) + "a\r\n");
    CHECK(writer.text() == kBom);
    CHECK(writer.rows_written() == 0);
    writer.WriteRow({"b"});
    CHECK(writer.Take() == std::string(kBom) + "b\r\n");
}

TEST_CASE("rows can be spans of strings or of string_views", "[export]") {
    DelimitedWriter writer(NoBom({}));
    const std::vector<std::string> owned = {"x", "y,z"};
    const std::vector<std::string_view> views = {"1", "2"};
    writer.WriteRow(owned);
    writer.WriteRow(views);
    CHECK(writer.text() == "x,\"y,z\"\r\n1,2\r\n");
}

// --- round trips through the project's reader (fixed-seed property tests) ---------------

// Pieces random cells are made of: delimiters, quotes, line ends, spaces, multi-byte UTF-8.
constexpr std::string_view kPieces[] = {
    "a", "Z", "7", " ", ",", ";", "\t",   "\"", "\"\"", "\r",       "\n",  "\r\n",  "'",
    "=", "-", "+", "@", "é", "€", "日本", "😀",  "ß",    "\xC2\xA0", "x y", "12.50", "",
};

uint32_t Below(std::mt19937& rng, size_t n) {
    return static_cast<uint32_t>(rng() % static_cast<uint32_t>(n));
}

Rows RandomRows(std::mt19937& rng) {
    Rows rows(1 + Below(rng, 12));
    for (auto& row : rows) {
        row.resize(1 + Below(rng, 6));
        for (std::string& cell : row) {
            // One cell in four is empty: empty strings are the classic edge case.
            if (Below(rng, 4) == 0) continue;
            const uint32_t pieces = 1 + Below(rng, 8);
            for (uint32_t i = 0; i < pieces; ++i) {
                cell += kPieces[Below(rng, std::size(kPieces))];
            }
        }
    }
    return rows;
}

// What kAmazonTsv writes for a cell: each TAB, CR, LF or CRLF becomes one space.
std::string TsvCell(const std::string& cell) {
    std::string out;
    for (size_t i = 0; i < cell.size(); ++i) {
        if (cell[i] == '\r' && i + 1 < cell.size() && cell[i + 1] == '\n') {
            out += ' ';
            ++i;
        } else if (cell[i] == '\t' || cell[i] == '\r' || cell[i] == '\n') {
            out += ' ';
        } else {
            out += cell[i];
        }
    }
    return out;
}

TEST_CASE("RFC 4180 CSV round-trips random cells through DelimitedReader", "[export]") {
    std::mt19937 rng(20261123);
    for (int iteration = 0; iteration < 400; ++iteration) {
        DelimitedWriterOptions options;
        options.delimiter = Below(rng, 2) == 0 ? ',' : '\t';
        options.utf8_bom = Below(rng, 2) == 0;
        const Rows rows = RandomRows(rng);
        DelimitedWriter writer(options);
        for (const auto& row : rows) writer.WriteRow(row);
        const std::string text = writer.Take();
        const size_t chunk = 1 + Below(rng, 64);
        INFO("iteration " << iteration << ", delimiter " << int{options.delimiter} << ", chunk "
                          << chunk << ", text: " << text);
        CHECK(ReadBack(text, options.delimiter, QuoteMode::kRfc4180, chunk) == rows);
    }
}

TEST_CASE("Amazon TSV round-trips random cells, TAB/CR/LF becoming spaces", "[export]") {
    std::mt19937 rng(424242);
    for (int iteration = 0; iteration < 400; ++iteration) {
        const Rows rows = RandomRows(rng);
        Rows expected;
        int64_t lossy = 0;
        for (const auto& row : rows) {
            auto& out = expected.emplace_back();
            for (const std::string& cell : row) {
                out.push_back(TsvCell(cell));
                if (out.back() != cell) ++lossy;
            }
        }
        DelimitedWriter writer(DelimitedWriterOptions::AmazonTsv());
        for (const auto& row : rows) writer.WriteRow(row);
        CHECK(writer.lossy_fields() == lossy);
        const std::string text = writer.Take();
        const size_t chunk = 1 + Below(rng, 64);
        INFO("iteration " << iteration << ", chunk " << chunk << ", text: " << text);
        CHECK(ReadBack(text, '\t', QuoteMode::kWrapOnly, chunk) == expected);
    }
}

}  // namespace
}  // namespace stocktake::engine
