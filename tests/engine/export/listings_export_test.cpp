#include "export/listings_export.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "import/amazon_listings.h"
#include "import/delimited_reader.h"
#include "import/format_detect.h"

namespace stocktake::engine {

bool operator==(const ExportedListing& a, const ExportedListing& b) {
    return a.sku == b.sku && a.name == b.name && a.description == b.description &&
           a.product_id == b.product_id && a.product_id_type == b.product_id_type &&
           a.listing_id == b.listing_id && a.asin == b.asin && a.fulfillment == b.fulfillment &&
           a.status == b.status && a.opened_at == b.opened_at && a.price_minor == b.price_minor &&
           a.quantity == b.quantity;
}

std::ostream& operator<<(std::ostream& os, const ExportedListing& l) {
    const auto opt = [](const std::optional<int64_t>& v) {
        return v ? std::to_string(*v) : std::string("-");
    };
    return os << "{sku<" << l.sku << "> name<" << l.name << "> description<" << l.description
              << "> product_id<" << l.product_id << "> type<" << l.product_id_type << "> listing<"
              << l.listing_id << "> asin<" << l.asin << "> fulfillment<" << l.fulfillment
              << "> status<" << l.status << "> opened<" << l.opened_at << "> price "
              << opt(l.price_minor) << " quantity " << opt(l.quantity) << "}";
}

namespace {

struct Imported {
    std::vector<std::string> header;
    std::vector<ExportedListing> rows;
    std::vector<RowError> errors;
};

// Reads a report the way the importer does: the streaming reader with Amazon's TSV
// convention, then ParseListingsHeaderFields and ParseListingRow.
Imported Import(const std::string& text) {
    DelimitedReaderOptions options;
    options.delimiter = '\t';
    options.quoting = QuoteMode::kWrapOnly;
    DelimitedReader reader(options);
    REQUIRE(reader.Feed(text).ok());
    REQUIRE(reader.Finish().ok());
    Imported imported;
    std::optional<ListingsHeader> header;
    for (;;) {
        DelimitedRecord record;
        Result<ReadState> state = reader.Next(&record);
        REQUIRE(state.ok());
        if (*state == ReadState::kEnd) break;
        REQUIRE(*state == ReadState::kRecord);
        const std::vector<std::string_view> fields(record.fields.begin(), record.fields.end());
        if (!header) {
            Result<ListingsHeader> parsed = ParseListingsHeaderFields(fields);
            REQUIRE(parsed.ok());
            header = parsed.value();
            imported.header.assign(fields.begin(), fields.end());
            continue;
        }
        CHECK_FALSE(record.ragged);
        ListingFields out;
        if (!ParseListingRow(*header, fields, record.line, &out, &imported.errors)) continue;
        ExportedListing row;
        row.sku = out.sku;
        row.name = out.name;
        row.description = out.description;
        row.product_id = out.product_id;
        row.product_id_type = out.product_id_type;
        row.listing_id = out.listing_id;
        row.asin = out.asin;
        row.fulfillment = out.fulfillment;
        row.status = out.status;
        row.opened_at = out.opened_at;
        row.price_minor = out.price_minor;
        row.quantity = out.quantity;
        imported.rows.push_back(std::move(row));
    }
    return imported;
}

std::string ErrorsText(const std::vector<RowError>& errors) {
    std::string text;
    for (const RowError& e : errors) {
        text += std::to_string(e.line) + " " + e.column + ": " + e.message + "\n";
    }
    return text;
}

ExportedListing Listing(std::string sku) {
    ExportedListing l;
    l.sku = std::move(sku);
    l.fulfillment = "merchant";
    return l;
}

std::vector<ExportedListing> Sample() {
    std::vector<ExportedListing> rows;
    {
        ExportedListing l = Listing("MUG-12");
        l.name = "Mug \"12 oz\", blue";
        l.description = "Stoneware; dishwasher-safe, 350 ml";
        l.listing_id = "0315ABCDEF1";
        l.asin = "B00TEST123";
        l.product_id = "B00TEST123";
        l.product_id_type = "1";
        l.status = "Active";
        l.opened_at = "2022-03-15T09:26:37Z";
        l.price_minor = 1250;
        l.quantity = 7;
        rows.push_back(l);
    }
    {
        ExportedListing l = Listing("TÉ-日本-😀");
        l.name = "Théière en fonte 日本 \xE2\x80\x94 \"Tetsubin";
        l.description = "\"quoted whole\"";
        l.fulfillment = "fba";
        l.status = "Inactive";
        l.opened_at = "2009-09-18T06:18:58Z";
        l.price_minor = 0;
        rows.push_back(l);  // FBA: quantity unknown
    }
    {
        ExportedListing l = Listing("NEG");
        l.name = "  spaces kept in names  ";
        l.quantity = -3;  // oversold: negative stock is kept
        l.product_id = "00012345678905";
        l.product_id_type = "4";
        rows.push_back(l);  // price unknown, no date, no status
    }
    {
        ExportedListing l = Listing("=SUM(A1)");  // no formula guard in an import file
        l.name = "-5 degrees, +1 @home";
        l.price_minor = 123456789;
        l.quantity = 0;
        rows.push_back(l);
    }
    return rows;
}

TEST_CASE("an All Listings report has Amazon's 29 columns and is recognised", "[export]") {
    const std::string text = WriteAllListingsReport({});
    CHECK(text.substr(0, text.find('\n')) ==
          "item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\topen-date\t"
          "image-url\titem-is-marketplace\tproduct-id-type\tzshop-shipping-fee\titem-note\t"
          "item-condition\tzshop-category1\tzshop-browse-path\tzshop-storefront-feature\tasin1\t"
          "asin2\tasin3\twill-ship-internationally\texpedited-shipping\tzshop-boldface\t"
          "product-id\tbid-for-featured-placement\tadd-delete\tpending-quantity\t"
          "fulfillment-channel\tmerchant-shipping-group\tstatus");
    const Imported imported = Import(text);
    REQUIRE(imported.header.size() == 29);
    const Detection detection = DetectFormat(imported.header);
    CHECK(detection.outcome == DetectOutcome::kRecognised);
    REQUIRE_FALSE(detection.candidates.empty());
    CHECK(detection.candidates.front().format_id == kAmazonAllListingsFormat);
}

TEST_CASE("values are written the way Amazon writes them", "[export]") {
    std::vector<ExportedListing> rows = Sample();
    const std::string text = WriteAllListingsReport(rows);
    // Rows in order, LF line ends, no BOM, no quoting.
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.rfind("item-name\t", 0) == 0);
    CHECK(text.find("Mug \"12 oz\", blue\tStoneware; dishwasher-safe, 350 ml\t0315ABCDEF1\t"
                    "MUG-12\t12.50\t7\t2022-03-15T09:26:37Z\t") != std::string::npos);
    CHECK(text.find("\tDEFAULT\t\tActive\n") != std::string::npos);
    CHECK(text.find("\tAMAZON_NA\t\tInactive\n") != std::string::npos);
    CHECK(text.find("\"\"quoted whole\"\"") != std::string::npos);
    CHECK(text.find("\tNEG\t\t-3\t\t") != std::string::npos);
    CHECK(text.find("\t=SUM(A1)\t1234567.89\t0\t") != std::string::npos);
    CHECK(text.find("\t0.00\t\t2009-09-18T06:18:58Z") != std::string::npos);
}

TEST_CASE("export then import gives back the same listings", "[export]") {
    const std::vector<ExportedListing> rows = Sample();
    int64_t lossy = -1;
    const Imported imported = Import(WriteAllListingsReport(rows, &lossy));
    CHECK(lossy == 0);
    INFO(ErrorsText(imported.errors));
    CHECK(imported.errors.empty());
    REQUIRE(imported.rows.size() == rows.size());
    for (size_t i = 0; i < rows.size(); ++i) CHECK(imported.rows[i] == rows[i]);
}

TEST_CASE("an open-date in another ISO form is normalised to the same instant", "[export]") {
    ExportedListing l = Listing("D");
    l.opened_at = "2022-03-15T11:26:37+02:00";
    const Imported imported = Import(WriteAllListingsReport({l}));
    REQUIRE(imported.rows.size() == 1);
    CHECK(imported.rows[0].opened_at == "2022-03-15T09:26:37Z");
}

TEST_CASE("TAB, CR and LF in a value become spaces and are counted", "[export]") {
    ExportedListing l = Listing("LOSSY");
    l.name = "line one\r\nline two";
    l.description = "a\tb\nc";
    int64_t lossy = 0;
    const Imported imported = Import(WriteAllListingsReport({l}, &lossy));
    CHECK(lossy == 2);
    REQUIRE(imported.rows.size() == 1);
    CHECK(imported.rows[0].name == "line one line two");
    CHECK(imported.rows[0].description == "a b c");
}

// Random listings whose values the format can carry (no TAB/CR/LF; no spaces around the
// values the importer trims) survive export -> import unchanged.
TEST_CASE("random listings round-trip through export and import", "[export]") {
    constexpr std::string_view kPieces[] = {
        "a", "Z", "9", " ", ",", ";", "\"", "'", "=", "-", "+", "@", "é", "€", "日本", "😀", "/",
    };
    constexpr std::string_view kDates[] = {"", "2022-03-15T09:26:37Z", "1999-12-31T23:59:59Z",
                                           "2024-02-29T00:00:00Z"};
    std::mt19937 rng(7);
    const auto below = [&](size_t n) {
        return static_cast<uint32_t>(rng() % static_cast<uint32_t>(n));
    };
    const auto text = [&](bool trimmed) {
        std::string s;
        const uint32_t n = below(7);
        for (uint32_t i = 0; i < n; ++i) s += kPieces[below(std::size(kPieces))];
        if (trimmed) {
            while (!s.empty() && s.front() == ' ') s.erase(0, 1);
            while (!s.empty() && s.back() == ' ') s.pop_back();
        }
        return s;
    };
    for (int iteration = 0; iteration < 100; ++iteration) {
        std::vector<ExportedListing> rows(1 + below(8));
        for (size_t i = 0; i < rows.size(); ++i) {
            ExportedListing& l = rows[i];
            l.sku = "SKU" + std::to_string(i) + text(false);
            l.name = text(false);
            l.description = text(false);
            l.product_id = text(true);
            l.product_id_type = text(true);
            l.listing_id = text(true);
            l.asin = text(true);
            l.status = text(true);
            l.fulfillment = below(2) == 0 ? "merchant" : "fba";
            l.opened_at = kDates[below(std::size(kDates))];
            if (below(3) != 0) l.price_minor = static_cast<int64_t>(rng() % 10'000'000u);
            if (below(3) != 0) l.quantity = static_cast<int64_t>(rng() % 2001u) - 1000;
        }
        const Imported imported = Import(WriteAllListingsReport(rows));
        INFO("iteration " << iteration << "\n" << ErrorsText(imported.errors));
        CHECK(imported.errors.empty());
        CHECK(imported.rows == rows);
    }
}

}  // namespace
}  // namespace stocktake::engine
