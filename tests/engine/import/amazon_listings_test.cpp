#include "import/amazon_listings.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "import/tsv_lines.h"
#include "import/upload_checks.h"
#include "stocktake/time.h"

namespace stocktake::engine {
namespace {

std::string DateText(std::string_view text) {
    Result<int64_t> parsed = ParseAmazonDate(text);
    if (!parsed.ok()) return "error: " + parsed.status().message();
    return FormatIso8601Utc(parsed.value());
}

TEST_CASE("US open-dates convert from Pacific time to UTC", "[engine][import][dates]") {
    CHECK(DateText("2022-03-15 02:26:37 PDT") == "2022-03-15T09:26:37Z");
    CHECK(DateText("2022-03-10 19:20:20 PST") == "2022-03-11T03:20:20Z");
    CHECK(DateText("2021-08-15 20:35:17 PDT") == "2021-08-16T03:35:17Z");
}

TEST_CASE("the usual date shape read by position reads as the general reading does",
          "[engine][import][dates]") {
    // "YYYY-MM-DD hh:mm:ss ZONE" takes a fast path; two spaces after the date take the
    // general one. Both must accept and refuse the same dates, with the same values.
    const char* const dates[] = {"2022-03-15", "2024-02-29", "2023-02-29", "1899-12-31",
                                 "1900-01-01", "2021-13-01", "2021-00-10", "9999-12-31",
                                 "2021-1a-01", "2021-04-31"};
    const char* const times[] = {"00:00:00", "23:59:59", "24:00:00",
                                 "12:60:00", "12:00:60", "07:1x:44"};
    const char* const zones[] = {"PST", "PDT", "UTC", "GMT", "BST", "XYZ", "PST X", ""};
    int fast = 0;
    for (const char* date : dates) {
        for (const char* time : times) {
            for (const char* zone : zones) {
                const std::string usual = std::string(date) + " " + time + " " + zone;
                const std::string general = std::string(date) + "  " + time + " " + zone;
                const Result<int64_t> a = ParseAmazonDate(usual);
                const Result<int64_t> b = ParseAmazonDate(general);
                INFO(usual);
                REQUIRE(a.ok() == b.ok());
                if (a.ok()) {
                    CHECK(a.value() == b.value());
                    ++fast;
                } else {
                    CHECK(a.status().message().find("is not a date") != std::string::npos);
                }
            }
        }
    }
    CHECK(fast > 20);
    CHECK(DateText(" 2022-03-15 02:26:37 PDT ") == "2022-03-15T09:26:37Z");
}

TEST_CASE("every US zone abbreviation has its offset", "[engine][import][dates]") {
    CHECK(DateText("2023-01-01 00:00:00 MST") == "2023-01-01T07:00:00Z");
    CHECK(DateText("2023-07-01 00:00:00 MDT") == "2023-07-01T06:00:00Z");
    CHECK(DateText("2023-01-01 00:00:00 CST") == "2023-01-01T06:00:00Z");
    CHECK(DateText("2023-07-01 00:00:00 CDT") == "2023-07-01T05:00:00Z");
    CHECK(DateText("2023-01-01 00:00:00 EST") == "2023-01-01T05:00:00Z");
    CHECK(DateText("2023-07-01 00:00:00 EDT") == "2023-07-01T04:00:00Z");
    CHECK(DateText("2023-01-01 00:00:00 AKST") == "2023-01-01T09:00:00Z");
    CHECK(DateText("2023-07-01 00:00:00 AKDT") == "2023-07-01T08:00:00Z");
    CHECK(DateText("2023-01-01 00:00:00 HST") == "2023-01-01T10:00:00Z");
    CHECK(DateText("2023-01-01 00:00:00 pst") == "2023-01-01T08:00:00Z");
}

TEST_CASE("UK and EU slashed dates are day first", "[engine][import][dates]") {
    CHECK(DateText("08/07/2016 10:12:40 BST") == "2016-07-08T09:12:40Z");
    CHECK(DateText("30/03/2011 16:23:57 BST") == "2011-03-30T15:23:57Z");
    CHECK(DateText("24/03/2011 09:29:39 GMT") == "2011-03-24T09:29:39Z");
    CHECK(DateText("01/02/2020 12:00:00 CET") == "2020-02-01T11:00:00Z");
    CHECK(DateText("01/07/2020 12:00:00 CEST") == "2020-07-01T10:00:00Z");
    CHECK(DateText("01/02/2020 12:00:00 UTC") == "2020-02-01T12:00:00Z");
    CHECK(DateText("01/02/2020 12:00:00 WET") == "2020-02-01T12:00:00Z");
    CHECK(DateText("01/07/2020 12:00:00 WEST") == "2020-07-01T11:00:00Z");
    CHECK(DateText("2008-02-27 20:15:20 GMT") == "2008-02-27T20:15:20Z");
}

TEST_CASE("US slashed dates are month first", "[engine][import][dates]") {
    CHECK(DateText("08/07/2016 10:12:40 PDT") == "2016-08-07T17:12:40Z");
    CHECK(DateText("11/21/2023 08:00:00 EST") == "2023-11-21T13:00:00Z");
    // The same text means a different day in a day-first zone.
    CHECK(DateText("08/07/2016 10:12:40 BST") != DateText("08/07/2016 10:12:40 PDT"));
    CHECK(DateText("11/21/2023 08:00:00 GMT").rfind("error:", 0) == 0);  // no 21st month
}

TEST_CASE("Japanese year-first slashed dates and ISO forms", "[engine][import][dates]") {
    CHECK(DateText("2009/09/18 15:18:58 JST") == "2009-09-18T06:18:58Z");
    CHECK(DateText("2022-03-15T09:26:37Z") == "2022-03-15T09:26:37Z");
    CHECK(DateText("2022-03-15T11:26:37+02:00") == "2022-03-15T09:26:37Z");
    CHECK(DateText("2022-03-15 02:26:37-07:00") == "2022-03-15T09:26:37Z");
    CHECK(DateText("2022-03-15") == "2022-03-15T00:00:00Z");
    CHECK(DateText("  2022-03-15  ") == "2022-03-15T00:00:00Z");
}

TEST_CASE("slashed dates without a zone need an unambiguous order", "[engine][import][dates]") {
    CHECK(DateText("21/11/2023") == "2023-11-21T00:00:00Z");
    CHECK(DateText("11/21/2023") == "2023-11-21T00:00:00Z");
    CHECK(DateText("05/05/2023") == "2023-05-05T00:00:00Z");
    CHECK(DateText("05/06/2023").rfind("error:", 0) == 0);
}

TEST_CASE("unreadable open-dates are errors that quote the text", "[engine][import][dates]") {
    const char* text =
        GENERATE("yesterday", "2022-03-15 02:26:37", "2022-03-15 02:26:37 XYZ",
                 "2022-02-30 10:00:00 PST", "2022-03-15 25:00:00 PST", "15/03/22 10:00:00 GMT",
                 "2022-03-15 02:26 PDT extra", "2022.03.15 10:00:00 PST", "");
    CAPTURE(text);
    Result<int64_t> parsed = ParseAmazonDate(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().message().find(std::string("'") + text + "'") != std::string::npos);
}

TEST_CASE("fulfillment-channel maps to merchant or fba", "[engine][import]") {
    CHECK(FulfillmentFromChannel("DEFAULT") == "merchant");
    CHECK(FulfillmentFromChannel("") == "merchant");
    CHECK(FulfillmentFromChannel(" default ") == "merchant");
    CHECK(FulfillmentFromChannel("AMAZON_NA") == "fba");
    CHECK(FulfillmentFromChannel("AMAZON_EU") == "fba");
    CHECK(FulfillmentFromChannel("amazon_jp") == "fba");
    CHECK(FulfillmentFromChannel("SOMETHING") == "");
}

TEST_CASE("header columns are found by trimmed, case-insensitive name",
          "[engine][import][header]") {
    Result<ListingsHeader> header =
        ParseListingsHeader("status\t Seller-SKU \tfoo\tPRICE\tquantity\tasin1\tasin1");
    REQUIRE(header.ok());
    CHECK(header->status == 0);
    CHECK(header->seller_sku == 1);
    CHECK(header->price == 3);
    CHECK(header->quantity == 4);
    CHECK(header->asin1 == 5);  // the first of a repeated name wins
    CHECK(header->item_name == -1);
    CHECK(header->names.size() == 7);
    CHECK(header->names[1] == "Seller-SKU");
}

TEST_CASE("a header without seller-sku or tabs is refused with advice",
          "[engine][import][header]") {
    Result<ListingsHeader> no_sku = ParseListingsHeader("item-name\tprice\tquantity");
    REQUIRE_FALSE(no_sku.ok());
    CHECK(no_sku.status().message().find("no seller-sku column") != std::string::npos);
    CHECK(no_sku.status().message().find("found: item-name, price, quantity") != std::string::npos);
    CHECK(no_sku.status().message().find("All Listings") != std::string::npos);

    Result<ListingsHeader> csv = ParseListingsHeader("item-name,seller-sku,price");
    REQUIRE_FALSE(csv.ok());
    CHECK(csv.status().message().find("not a tab-separated header") != std::string::npos);
    CHECK(csv.status().message().find("CSV") != std::string::npos);
}

TEST_CASE("raw bytes that are not a text report are refused", "[engine][import][header]") {
    CHECK(CheckUploadBytes("seller-sku\tprice\nA\t1\n").ok());
    CHECK(CheckUploadBytes("").message().find("empty") != std::string::npos);
    CHECK(CheckUploadBytes(std::string("\x1F\x8B\x08\x00", 4)).message().find("gzip") !=
          std::string::npos);
    CHECK(CheckUploadBytes(std::string("PK\x03\x04rest", 8)).message().find("Excel") !=
          std::string::npos);
    // UTF-16 with a byte order mark is read by the streaming reader since the import uses it.
    CHECK(CheckUploadBytes(std::string("\xFF\xFEs\0k\0", 6)).ok());
    CHECK(CheckUploadBytes(std::string("\xFE\xFF\0s\0k", 6)).ok());
    CHECK(CheckUploadBytes(std::string("seller-sku\0\x01\x02", 13)).message().find("NUL") !=
          std::string::npos);
}

struct RowParse {
    bool ok = false;
    ListingFields fields;
    std::vector<RowError> errors;
};

RowParse Parse(std::string_view header_line, std::string_view row_line) {
    Result<ListingsHeader> header = ParseListingsHeader(header_line);
    REQUIRE(header.ok());
    std::vector<std::string_view> fields;
    SplitTabs(row_line, &fields);
    RowParse result;
    result.ok = ParseListingRow(header.value(), fields, 7, &result.fields, &result.errors);
    return result;
}

constexpr std::string_view kHeader =
    "item-name\tseller-sku\tprice\tquantity\topen-date\tfulfillment-channel\tstatus";

TEST_CASE("a good row parses into typed fields", "[engine][import][rows]") {
    RowParse r = Parse(kHeader, "Mug\tM-1\t15.69\t-2\t2022-03-15 02:26:37 PDT\tDEFAULT\tActive");
    REQUIRE(r.ok);
    CHECK(r.fields.sku == "M-1");
    CHECK(r.fields.name == "Mug");
    CHECK(r.fields.price_minor == 1569);
    CHECK(r.fields.quantity == -2);
    CHECK(r.fields.opened_at == "2022-03-15T09:26:37Z");
    CHECK(r.fields.fulfillment == "merchant");
    CHECK(r.fields.status == "Active");
}

TEST_CASE("short rows are padded and empty cells stay unknown", "[engine][import][rows]") {
    RowParse r = Parse(kHeader, "Mug\tM-1");
    REQUIRE(r.ok);
    CHECK_FALSE(r.fields.price_minor.has_value());
    CHECK_FALSE(r.fields.quantity.has_value());
    CHECK(r.fields.opened_at.empty());
    CHECK(r.fields.fulfillment == "merchant");

    RowParse fba = Parse(kHeader, "Mug\tM-1\t9\t\t\tAMAZON_NA\tActive\t\t");
    REQUIRE(fba.ok);  // trailing empty fields past the header are fine
    CHECK(fba.fields.fulfillment == "fba");
    CHECK_FALSE(fba.fields.quantity.has_value());  // never 0
}

TEST_CASE("every problem in a row is reported with its column", "[engine][import][rows]") {
    RowParse r = Parse(kHeader, "Mug\t\tabc\t3.5\tlast tuesday\tMFN\tActive\textra");
    CHECK_FALSE(r.ok);
    std::vector<std::string> columns;
    for (const RowError& e : r.errors) {
        CHECK(e.line == 7);
        columns.push_back(e.column);
    }
    CHECK(columns == std::vector<std::string>{"", "seller-sku", "price", "quantity",
                                              "fulfillment-channel", "open-date"});
    CHECK(r.errors[2].message.find("'abc'") != std::string::npos);
    CHECK(r.errors[3].message.find("'3.5'") != std::string::npos);
    CHECK(r.errors[5].message.find("'last tuesday'") != std::string::npos);
}

TEST_CASE("a negative price is refused", "[engine][import][rows]") {
    RowParse r = Parse(kHeader, "Mug\tM-1\t-1.00");
    CHECK_FALSE(r.ok);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].column == "price");
}

}  // namespace
}  // namespace stocktake::engine
