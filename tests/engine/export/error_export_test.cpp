#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "import/delimited_reader.h"
#include "stocktake/engine/export.h"

namespace stocktake::engine {
namespace {

TEST_CASE("the errors CSV has a BOM, its header and one row per error", "[export]") {
    const std::string csv = RowErrorsCsv({
        {12, "price", "price '12,5O' is not a number; use digits like 15.69", "12,5O"},
        {0, "", "the file has no seller-sku column", ""},
        {40, "item-name", "too long", "=HYPERLINK(\"http://evil\")"},
        {41, "quantity", "negative", "-3"},
    });
    CHECK(csv ==
          "\xEF\xBB\xBF"
          "line,column,value,problem\r\n"
          "12,price,\"12,5O\",\"price '12,5O' is not a number; use digits like 15.69\"\r\n"
          ",,,the file has no seller-sku column\r\n"
          "40,item-name,\"'=HYPERLINK(\"\"http://evil\"\")\",too long\r\n"
          "41,quantity,'-3,negative\r\n");
}

TEST_CASE("the errors CSV of no errors is its header", "[export]") {
    CHECK(RowErrorsCsv({}) == "\xEF\xBB\xBFline,column,value,problem\r\n");
}

TEST_CASE("the errors CSV reads back with the project's reader", "[export]") {
    const std::vector<RowError> errors = {
        {3, "item-name", "the name holds a line break", "Mug \"12 oz\",\nblue"},
        {4, "seller-sku", "unicode, \"quoted\"", "日本-😀"},
    };
    DelimitedReader reader;  // sniffs the delimiter, as an upload would be read
    REQUIRE(reader.Feed(RowErrorsCsv(errors)).ok());
    REQUIRE(reader.Finish().ok());
    std::vector<std::vector<std::string>> rows;
    DelimitedRecord record;
    for (;;) {
        Result<ReadState> state = reader.Next(&record);
        REQUIRE(state.ok());
        if (*state != ReadState::kRecord) break;
        rows.emplace_back(record.fields.begin(), record.fields.end());
    }
    CHECK(reader.had_bom());
    CHECK(reader.delimiter() == ',');
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"line", "column", "value", "problem"});
    CHECK(rows[1] == std::vector<std::string>{"3", "item-name", "Mug \"12 oz\",\nblue",
                                              "the name holds a line break"});
    CHECK(rows[2] == std::vector<std::string>{"4", "seller-sku", "日本-😀", "unicode, \"quoted\""});
}

}  // namespace
}  // namespace stocktake::engine
