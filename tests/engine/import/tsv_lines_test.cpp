#include "import/tsv_lines.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

namespace stocktake::engine {
namespace {

std::vector<std::pair<int64_t, std::string>> ReadAll(std::string_view text) {
    LineReader reader(text);
    std::vector<std::pair<int64_t, std::string>> lines;
    std::string_view line;
    int64_t number = 0;
    while (reader.Next(&line, &number)) lines.emplace_back(number, std::string(line));
    return lines;
}

using Lines = std::vector<std::pair<int64_t, std::string>>;

TEST_CASE("lines end in LF, CRLF or CR and keep their physical numbers", "[engine][import][tsv]") {
    CHECK(ReadAll("a\nb\nc\n") == Lines{{1, "a"}, {2, "b"}, {3, "c"}});
    CHECK(ReadAll("a\r\nb\r\nc\r\n") == Lines{{1, "a"}, {2, "b"}, {3, "c"}});
    CHECK(ReadAll("a\rb\rc") == Lines{{1, "a"}, {2, "b"}, {3, "c"}});
    CHECK(ReadAll("a\r\nb\nc\rd") == Lines{{1, "a"}, {2, "b"}, {3, "c"}, {4, "d"}});
}

TEST_CASE("blank lines are skipped but still counted", "[engine][import][tsv]") {
    CHECK(ReadAll("h\n\nx\n \t \ny\n\n") == Lines{{1, "h"}, {3, "x"}, {5, "y"}});
    CHECK(ReadAll("h\r\n\r\nx") == Lines{{1, "h"}, {3, "x"}});
    CHECK(ReadAll("").empty());
    CHECK(ReadAll("\n\r\n\t\n").empty());
}

TEST_CASE("the reader knows when only blank lines remain", "[engine][import][tsv]") {
    LineReader reader("h\nx\n\n \n");
    std::string_view line;
    int64_t number = 0;
    CHECK_FALSE(reader.AtEnd());
    REQUIRE(reader.Next(&line, &number));
    REQUIRE(reader.Next(&line, &number));
    CHECK(line == "x");
    CHECK(reader.AtEnd());
    CHECK_FALSE(reader.Next(&line, &number));
}

TEST_CASE("fields split on every tab with no quote handling", "[engine][import][tsv]") {
    std::vector<std::string_view> fields;
    SplitTabs("a\tb\t\tc", &fields);
    CHECK(fields == std::vector<std::string_view>{"a", "b", "", "c"});

    SplitTabs("\tleading empty", &fields);
    CHECK(fields == std::vector<std::string_view>{"", "leading empty"});

    SplitTabs("trailing\t", &fields);
    CHECK(fields == std::vector<std::string_view>{"trailing", ""});

    // An unbalanced quote is an ordinary character and does not swallow the next tab.
    SplitTabs("Yoga Mat \"Pro 6mm\tSKU-1\t\"", &fields);
    CHECK(fields == std::vector<std::string_view>{"Yoga Mat \"Pro 6mm", "SKU-1", "\""});

    // One outer pair of quotes around the whole field is removed; inner quotes stay.
    SplitTabs("\"Throw\"\t\"12\" ruler\"\t\"\"\tx\"y\"", &fields);
    CHECK(fields == std::vector<std::string_view>{"Throw", "12\" ruler", "", "x\"y\""});
}

TEST_CASE("TrimSpace removes spaces and tabs only at the ends", "[engine][import][tsv]") {
    CHECK(TrimSpace("  a b \t") == "a b");
    CHECK(TrimSpace("") == "");
    CHECK(TrimSpace(" \t ") == "");
}

}  // namespace
}  // namespace stocktake::engine
