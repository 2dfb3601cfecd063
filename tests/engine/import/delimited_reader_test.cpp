#include "import/delimited_reader.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "import/chunk_decoder.h"
#include "import/tsv_lines.h"

namespace stocktake::engine {
namespace {

struct Row {
    int64_t line = 0;
    std::vector<std::string> fields;
    bool ragged = false;
    bool operator==(const Row& o) const {
        return line == o.line && fields == o.fields && ragged == o.ragged;
    }
};

std::ostream& operator<<(std::ostream& os, const Row& row) {
    os << row.line << (row.ragged ? " ragged" : "") << " [";
    for (const std::string& f : row.fields) os << "<" << f << ">";
    return os << "]";
}

struct Outcome {
    std::vector<Row> rows;
    Status status;
    SourceEncoding encoding = SourceEncoding::kUtf8;
    char delimiter = 0;
    QuoteMode quoting = QuoteMode::kAuto;
    uint64_t bytes_fed = 0;
    size_t max_capacity = 0;
};

// Drains every available record.
Status Drain(DelimitedReader* reader, Outcome* out, bool* ended) {
    DelimitedRecord record;
    for (;;) {
        Result<ReadState> state = reader->Next(&record);
        if (!state.ok()) return state.status();
        if (*state == ReadState::kNeedInput) return Status::Ok();
        if (*state == ReadState::kEnd) {
            *ended = true;
            return Status::Ok();
        }
        Row row;
        row.line = record.line;
        row.ragged = record.ragged;
        for (std::string_view f : record.fields) row.fields.emplace_back(f);
        out->rows.push_back(std::move(row));
    }
}

// Reads bytes fed in chunks of chunk bytes (0: all at once).
Outcome Read(std::string_view bytes, size_t chunk = 0, DelimitedReaderOptions options = {}) {
    DelimitedReader reader(options);
    Outcome out;
    bool ended = false;
    if (chunk == 0) chunk = bytes.size() + 1;
    for (size_t i = 0; i < bytes.size() && out.status.ok(); i += chunk) {
        out.status = reader.Feed(bytes.substr(i, chunk));
        if (out.status.ok()) out.status = Drain(&reader, &out, &ended);
        if (reader.buffer_capacity() > out.max_capacity)
            out.max_capacity = reader.buffer_capacity();
    }
    if (out.status.ok()) out.status = reader.Finish();
    if (out.status.ok()) out.status = Drain(&reader, &out, &ended);
    if (out.status.ok() && !ended) out.status = Status::Internal("no kEnd after Finish");
    out.encoding = reader.encoding();
    out.delimiter = reader.delimiter();
    out.quoting = reader.quoting();
    out.bytes_fed = reader.bytes_fed();
    return out;
}

std::vector<std::vector<std::string>> Fields(const Outcome& out) {
    std::vector<std::vector<std::string>> all;
    for (const Row& r : out.rows) all.push_back(r.fields);
    return all;
}

std::vector<int64_t> Lines(const Outcome& out) {
    std::vector<int64_t> lines;
    for (const Row& r : out.rows) lines.push_back(r.line);
    return lines;
}

using Table = std::vector<std::vector<std::string>>;

std::string Utf16(std::u16string_view text, bool little_endian) {
    std::string bytes = little_endian ? "\xFF\xFE" : "\xFE\xFF";
    for (char16_t u : text) {
        const char lo = static_cast<char>(u & 0xFF);
        const char hi = static_cast<char>(u >> 8);
        bytes += little_endian ? std::string{lo, hi} : std::string{hi, lo};
    }
    return bytes;
}

// Every way of cutting bytes into chunks of one size, and every single cut, must give the
// same outcome as reading it whole. Small detection windows make the reader parse while
// input is still arriving, so partial records, quotes and CRLF pairs meet chunk edges.
void CheckChunkInvariance(const std::string& bytes, DelimitedReaderOptions options = {}) {
    const Outcome natural = Read(bytes, 0, options);
    for (size_t sniff : {options.sniff_bytes, size_t{4}, size_t{9}}) {
        DelimitedReaderOptions small = options;
        small.sniff_bytes = sniff;
        // A 4-byte sniff could pick another delimiter: keep the one the full sniff chose.
        if (small.delimiter == 0 && natural.delimiter != 0) small.delimiter = natural.delimiter;
        const Outcome whole = Read(bytes, 0, small);
        INFO("sniff " << sniff << " whole: " << whole.status.ToString());
        if (natural.status.ok()) CHECK(whole.rows == natural.rows);
        CHECK(whole.status.ToString() == natural.status.ToString());
        for (size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{7}}) {
            const Outcome o = Read(bytes, chunk, small);
            INFO("chunk " << chunk);
            CHECK(o.status.ToString() == whole.status.ToString());
            CHECK(o.rows == whole.rows);
            CHECK(o.bytes_fed == bytes.size());
        }
        for (size_t cut = 1; cut < bytes.size(); ++cut) {
            DelimitedReader reader(small);
            Outcome o;
            bool ended = false;
            o.status = reader.Feed(std::string_view(bytes).substr(0, cut));
            if (o.status.ok()) o.status = Drain(&reader, &o, &ended);
            if (o.status.ok()) o.status = reader.Feed(std::string_view(bytes).substr(cut));
            if (o.status.ok()) o.status = Drain(&reader, &o, &ended);
            if (o.status.ok()) o.status = reader.Finish();
            if (o.status.ok()) o.status = Drain(&reader, &o, &ended);
            INFO("cut at " << cut);
            CHECK(o.status.ToString() == whole.status.ToString());
            CHECK(o.rows == whole.rows);
        }
    }
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST_CASE("RFC 4180: embedded delimiters, doubled quotes, newlines inside quotes",
          "[engine][import][reader]") {
    const Outcome o = Read(
        "sku,title,qty\n"
        "A1,\"Mug, large\",3\n"
        "A2,\"12\"\" ruler\",4\n"
        "A3,\"two\nlines\r\nhere\",5\n"
        "A4,\"\",\n");
    REQUIRE(o.status.ok());
    CHECK(o.delimiter == ',');
    CHECK(o.quoting == QuoteMode::kRfc4180);
    CHECK(Fields(o) == Table{{"sku", "title", "qty"},
                             {"A1", "Mug, large", "3"},
                             {"A2", "12\" ruler", "4"},
                             {"A3", "two\nlines\r\nhere", "5"},
                             {"A4", "", ""}});
    CHECK(Lines(o) == std::vector<int64_t>{1, 2, 3, 4, 7});
}

TEST_CASE("RFC 4180 leniency: text after a closing quote and quotes inside unquoted fields",
          "[engine][import][reader]") {
    const Outcome o = Read("a,b\n\"x\"y,z\"w\"\n");
    REQUIRE(o.status.ok());
    CHECK(Fields(o) == Table{{"a", "b"}, {"xy", "z\"w\""}});
}

TEST_CASE("tab-separated: stray quotes are data, one wrapping pair is removed",
          "[engine][import][reader]") {
    const Outcome o = Read(
        "item-name\tsku\tqty\n"
        "Yoga Mat \"Pro\" 6mm\tS1\t3\n"
        "\"unbalanced title\tS2\t4\n"
        "\"wrapped\"\tS3\t\"\"\n");
    REQUIRE(o.status.ok());
    CHECK(o.delimiter == '\t');
    CHECK(o.quoting == QuoteMode::kWrapOnly);
    CHECK(Fields(o) == Table{{"item-name", "sku", "qty"},
                             {"Yoga Mat \"Pro\" 6mm", "S1", "3"},
                             {"\"unbalanced title", "S2", "4"},
                             {"wrapped", "S3", ""}});
    CHECK(Lines(o) == std::vector<int64_t>{1, 2, 3, 4});
}

TEST_CASE("a fully quoted TSV with unescaped inner quotes (Amazon ledger/restock)",
          "[engine][import][reader]") {
    const Outcome o = Read(
        "\"Date\"\t\"Title\"\t\"Qty\"\r\n"
        "\"11/21/2023\"\t\" Webcam for PC/Mac, 1/2\" Sensor \"\t\"5\"\r\n");
    REQUIRE(o.status.ok());
    CHECK(o.delimiter == '\t');
    CHECK(Fields(o) == Table{{"Date", "Title", "Qty"},
                             {"11/21/2023", " Webcam for PC/Mac, 1/2\" Sensor ", "5"}});
}

TEST_CASE("the reader splits the Amazon fixtures exactly as LineReader + SplitTabs",
          "[engine][import][reader]") {
    for (const char* name : {"all_listings_us_cp1252.txt", "all_listings_uk_utf8_bom.txt"}) {
        INFO(name);
        const std::string bytes = ReadFile(std::string(ST_FIXTURES) + "/amazon/" + name);
        REQUIRE(!bytes.empty());
        ChunkDecoder decoder;
        std::string text;
        REQUIRE(decoder.Decode(bytes, &text).ok());
        REQUIRE(decoder.Finish(&text).ok());
        LineReader lines(text);
        std::string_view line;
        int64_t number = 0;
        std::vector<std::string_view> fields;
        std::vector<Row> expected;
        while (lines.Next(&line, &number)) {
            SplitTabs(line, &fields);
            Row row;
            row.line = number;
            for (std::string_view f : fields) row.fields.emplace_back(f);
            expected.push_back(row);
        }
        for (Row& r : expected) r.ragged = r.fields.size() != expected[0].fields.size();
        for (size_t chunk : {size_t{0}, size_t{1}, size_t{13}}) {
            const Outcome o = Read(bytes, chunk);
            REQUIRE(o.status.ok());
            CHECK(o.delimiter == '\t');
            CHECK(o.rows == expected);
            CHECK(o.bytes_fed == bytes.size());
        }
    }
}

TEST_CASE("delimiter sniffing: comma, tab, semicolon", "[engine][import][reader]") {
    CHECK(SniffDelimiter("a,b,c\n1,2,3\n", true) == ',');
    CHECK(SniffDelimiter("a\tb\tc\n1\t2\t3\n", true) == '\t');
    CHECK(SniffDelimiter("a;b;c\n1,5;2;3\n", true) == ';');
    // Commas inside Amazon titles do not make a tab file comma-separated.
    CHECK(SniffDelimiter("item-name\tsku\nMug, large, blue\tS1\n", true) == '\t');
    // Quoted semicolons and newlines do not count.
    CHECK(SniffDelimiter("a,b\n\"x;y;z\",\"1\n2\"\n", true) == ',');
    CHECK(SniffDelimiter("single\ncolumn\n", true) == ',');
    CHECK(Read("Artikel;Preis;Menge\nTasse;12,99;3\n").delimiter == ';');
}

TEST_CASE("the caller can force the delimiter and the quoting", "[engine][import][reader]") {
    DelimitedReaderOptions options;
    options.delimiter = '|';
    options.quoting = QuoteMode::kWrapOnly;
    const Outcome o = Read("a|b\n\"x,y\"|\"q\n", 0, options);
    REQUIRE(o.status.ok());
    CHECK(Fields(o) == Table{{"a", "b"}, {"x,y", "\"q"}});
    options.delimiter = '"';
    CHECK(Read("a", 0, options).status.code() == Code::kInvalidArgument);
}

TEST_CASE("UTF-8 with and without BOM", "[engine][import][reader]") {
    const Outcome bom = Read("\xEF\xBB\xBFsku,name\nS1,Caf\xC3\xA9\n");
    REQUIRE(bom.status.ok());
    CHECK(bom.encoding == SourceEncoding::kUtf8);
    CHECK(Fields(bom) == Table{{"sku", "name"}, {"S1", "Caf\xC3\xA9"}});
    const Outcome plain = Read("sku,name\nS1,Caf\xC3\xA9\n");
    REQUIRE(plain.status.ok());
    CHECK(Fields(plain) == Fields(bom));
}

TEST_CASE("UTF-16 LE and BE with BOM, surrogate pairs included", "[engine][import][reader]") {
    const std::u16string text = u"sku\tname\r\nS1\tCaf\u00e9 \U0001F600 \u65e5\r\n";
    const Table expected{{"sku", "name"}, {"S1", "Caf\xC3\xA9 \xF0\x9F\x98\x80 \xE6\x97\xA5"}};
    for (bool le : {true, false}) {
        const std::string bytes = Utf16(text, le);
        const Outcome o = Read(bytes);
        REQUIRE(o.status.ok());
        CHECK(o.encoding == (le ? SourceEncoding::kUtf16Le : SourceEncoding::kUtf16Be));
        CHECK(Fields(o) == expected);
        CheckChunkInvariance(bytes);
    }
    // An odd byte count or an unpaired surrogate is refused.
    CHECK(Read(Utf16(u"a,b\n", true) + "x").status.code() == Code::kCorruption);
    std::u16string lone = u"a,b\n";
    lone += static_cast<char16_t>(0xD800);
    lone += u"x\n";
    CHECK(Read(Utf16(lone, true)).status.code() == Code::kCorruption);
}

TEST_CASE("windows-1252 when the bytes are not UTF-8", "[engine][import][reader]") {
    const Outcome o = Read("sku,name\nS1,Caf\xE9 \x80 5\n");
    REQUIRE(o.status.ok());
    CHECK(o.encoding == SourceEncoding::kWindows1252);
    CHECK(Fields(o) == Table{{"sku", "name"}, {"S1", "Caf\xC3\xA9 \xE2\x82\xAC 5"}});
    // The first accent may come long after the start: ASCII is undecided until then.
    std::string late = "sku,name\n";
    for (int i = 0; i < 20000; ++i) {
        // Appended piece by piece: g++ 12 -O3 warns (-Wrestrict) on "S" + std::string.
        late += 'S';
        late += std::to_string(i);
        late += ",plain\n";
    }
    late += "S,Caf\xE9\n";
    for (size_t chunk : {size_t{0}, size_t{4096}}) {
        const Outcome l = Read(late, chunk);
        REQUIRE(l.status.ok());
        CHECK(l.encoding == SourceEncoding::kWindows1252);
        CHECK(l.rows.back().fields[1] == "Caf\xC3\xA9");
    }
}

TEST_CASE("line ends: LF, CRLF, CR; blank lines; trailing empty columns; ragged rows",
          "[engine][import][reader]") {
    const Table expected{{"a", "b", "c"}, {"1", "", ""}, {"2", "x", ""}};
    for (const char* text : {"a,b,c\n1,,\n\n2,x,\n", "a,b,c\r\n1,,\r\n\r\n2,x,\r\n",
                             "a,b,c\r1,,\r\r2,x,\r", "a,b,c\n1,,\r\n\r2,x,"}) {
        INFO(text);
        const Outcome o = Read(text);
        REQUIRE(o.status.ok());
        CHECK(Fields(o) == expected);
        CHECK(Lines(o) == std::vector<int64_t>{1, 2, 4});
    }
    const Outcome blank = Read("h1\th2\n \t \n\nx\ty\n\n");
    CHECK(Lines(blank) == std::vector<int64_t>{1, 4});
    const Outcome ragged = Read("a,b,c\n1,2\n1,2,3\n1,2,3,4\n");
    REQUIRE(ragged.status.ok());
    std::vector<bool> flags;
    for (const Row& r : ragged.rows) flags.push_back(r.ragged);
    CHECK(flags == std::vector<bool>{false, true, false, true});
}

TEST_CASE("chunk boundaries at every position give the same records", "[engine][import][reader]") {
    CheckChunkInvariance(
        "sku,title,qty\r\nA1,\"Mug, large\",3\r\nA2,\"12\"\" ruler\",4\r\n"
        "A3,\"two\r\nlines\",5\r\n\r\nA4,Caf\xC3\xA9 \xF0\x9F\x98\x80,\r\n");
    CheckChunkInvariance("a\tb\rc\t\"d\"\r\rx\ty\"z\r");
    CheckChunkInvariance("a;b\nCaf\xE9;\x80\n");
    CheckChunkInvariance("\xEF\xBB\xBFh\nCaf\xC3\xA9");
    CheckChunkInvariance("a,b\n\"open,never closed\n");
    CheckChunkInvariance("a,b\nCaf\xC3");
}

TEST_CASE("malformed files are each answered by one clear error", "[engine][import][reader]") {
    SECTION("5,000 columns") {
        std::string wide;
        for (int i = 0; i < 5000; ++i) {
            wide += 'c';
            wide += std::to_string(i);
            wide += ',';
        }
        wide += "\n";
        const Outcome o = Read(wide);
        CHECK(o.status.code() == Code::kInvalidArgument);
        CHECK_THAT(o.status.message(), Catch::Contains("2000"));
        CHECK_THAT(o.status.message(), Catch::Contains("line 1"));
    }
    SECTION("a 10 MB single line") {
        const std::string line(10 * 1000 * 1000, 'x');
        for (size_t chunk : {size_t{0}, size_t{1} << 20}) {
            const Outcome o = Read(line + "\n", chunk);
            CHECK(o.status.code() == Code::kInvalidArgument);
            CHECK_THAT(o.status.message(), Catch::Contains("longer than 1048576 bytes"));
            CHECK(o.max_capacity < (size_t{3} << 20) + (chunk == 0 ? 11000000 : 0));
        }
    }
    SECTION("an unbalanced quote") {
        const Outcome small = Read("a,b\n1,\"never closed\n2,3\n");
        CHECK(small.status.code() == Code::kCorruption);
        CHECK_THAT(small.status.message(), Catch::Contains("line 2 never closes"));
        std::string big = "a,b\n1,\"open\n";
        for (int i = 0; i < 400000; ++i) big += "2,3\n";
        const Outcome runaway = Read(big, 65536);
        CHECK(runaway.status.code() == Code::kInvalidArgument);
        CHECK_THAT(runaway.status.message(), Catch::Contains("unbalanced quote"));
    }
    SECTION("truncated UTF-8") {
        const Outcome o = Read("a,b\nCaf\xC3\xA9,\xE2\x82");
        CHECK(o.status.code() == Code::kCorruption);
        CHECK_THAT(o.status.message(), Catch::Contains("truncated"));
    }
    SECTION("invalid UTF-8 after a UTF-8 BOM") {
        const Outcome o = Read(
            "\xEF\xBB\xBF"
            "a,b\nCaf\xE9\n");
        CHECK(o.status.code() == Code::kCorruption);
        CHECK_THAT(o.status.message(), Catch::Contains("byte order mark"));
    }
    SECTION("binary garbage, gzip, ZIP, UTF-16 without BOM") {
        std::string garbage;
        uint32_t x = 12345;
        for (int i = 0; i < 10000; ++i) {
            x = x * 1103515245u + 12345u;
            garbage.push_back(static_cast<char>(x >> 24));
        }
        garbage[100] = '\0';
        const Outcome o = Read(garbage, 1000);
        CHECK(o.status.code() == Code::kUnsupported);
        CHECK_THAT(o.status.message(), Catch::Contains("binary"));
        CHECK_THAT(Read("\x1F\x8B\x08\x00rest").status.message(), Catch::Contains("gzip"));
        CHECK_THAT(Read("PK\x03\x04rest").status.message(), Catch::Contains("ZIP"));
        const std::string no_bom = Utf16(u"sku,name\n", true).substr(2);
        CHECK_THAT(Read(no_bom).status.message(), Catch::Contains("without a byte order mark"));
    }
}

TEST_CASE("memory stays bounded by a chunk plus a record", "[engine][import][reader]") {
    std::string big = "sku\ttitle\tqty\n";
    while (big.size() < 8 * 1000 * 1000) big += "SKU-123456\tA title, with \"quotes\"\t17\n";
    const Outcome o = Read(big, 65536);
    REQUIRE(o.status.ok());
    CHECK(o.rows.size() > 200000);
    CHECK(o.bytes_fed == big.size());
    CHECK(o.max_capacity < 512 * 1024);
}

TEST_CASE("an empty file has no records", "[engine][import][reader]") {
    const Outcome o = Read("");
    CHECK(o.status.ok());
    CHECK(o.rows.empty());
}

TEST_CASE("progress, counters and sticky errors", "[engine][import][reader]") {
    DelimitedReader reader;
    REQUIRE(reader.Feed("a,b\n1,2\n3\n").ok());
    REQUIRE(reader.Finish().ok());
    CHECK(reader.bytes_fed() == 10);
    DelimitedRecord record;
    int records = 0;
    for (;;) {
        Result<ReadState> state = reader.Next(&record);
        REQUIRE(state.ok());
        if (*state == ReadState::kEnd) break;
        ++records;
    }
    CHECK(records == 3);
    CHECK(reader.records_read() == 3);
    CHECK(reader.ragged_records() == 1);
    CHECK(reader.header_field_count() == 2);
    CHECK(reader.Feed("more").code() == Code::kInvalidArgument);
    // After an error every call answers the same error.
    DelimitedReader bad;
    // A short file is probed when it ends.
    REQUIRE(bad.Feed("\x1F\x8B\x08\x00 and more bytes").ok());
    const Status first = bad.Finish();
    CHECK(first.code() == Code::kUnsupported);
    CHECK(bad.Feed("x").message() == first.message());
    CHECK(bad.Next(&record).status().message() == first.message());
}

TEST_CASE("a CRLF split across two chunks is one line end", "[engine][import][reader]") {
    DelimitedReaderOptions options;
    options.sniff_bytes = 4;
    options.delimiter = ',';
    const Outcome o = Read("a,b\r\n1,2\r\n\r\n3,4\r", 4, options);
    REQUIRE(o.status.ok());
    CHECK(Lines(o) == std::vector<int64_t>{1, 2, 4});
}

}  // namespace
}  // namespace stocktake::engine
