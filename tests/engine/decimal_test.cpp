#include "stocktake/decimal.h"

#include <catch2/catch.hpp>
#include <string>

namespace stocktake {
namespace {

struct DecimalCase {
    const char* text;
    int64_t minor;
};

TEST_CASE("decimal parser turns price text into cents without floating point",
          "[shared][decimal]") {
    const DecimalCase c = GENERATE(values<DecimalCase>({
        {"15.69", 1569},
        {"25", 2500},
        {"0.02", 2},
        {"1,299", 129900},
        {"1,299,000.50", 129900050},
        {"0", 0},
        {".5", 50},
        {"5.", 500},
        {"3.1", 310},
        {"15.690", 1569},
        {"  7.25 ", 725},
        {"-3.10", -310},
        {"+4", 400},
        {"0000012.30", 1230},
        {"92233720368547758.07", INT64_MAX},
    }));
    CAPTURE(c.text);
    Result<int64_t> parsed = ParseDecimalMinor(c.text, 2);
    REQUIRE(parsed.ok());
    CHECK(parsed.value() == c.minor);
}

TEST_CASE("decimal parser rejects garbage with a status that quotes the text",
          "[shared][decimal]") {
    const char* text =
        GENERATE("", "   ", "abc", "12x", "1.2.3", "12,99", "1,2345", ",123", "1.005", "-", ".",
                 "$5", "5 USD", "1e3", "92233720368547758.08", "12 34");
    CAPTURE(text);
    Result<int64_t> parsed = ParseDecimalMinor(text, 2);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Code::kInvalidArgument);
    CHECK(parsed.status().message().find(std::string("'") + text + "'") != std::string::npos);
}

TEST_CASE("decimal parser honours the scale it is given", "[shared][decimal]") {
    CHECK(ParseDecimalMinor("1299", 0).value() == 1299);
    CHECK_FALSE(ParseDecimalMinor("12.5", 0).ok());
    CHECK(ParseDecimalMinor("12.5", 0 + 1).value() == 125);
    CHECK(ParseDecimalMinor("0.000001", 6).value() == 1);
}

TEST_CASE("decimal formatter writes minor units back as text", "[shared][decimal]") {
    CHECK(FormatDecimalMinor(1569) == "15.69");
    CHECK(FormatDecimalMinor(2) == "0.02");
    CHECK(FormatDecimalMinor(-310) == "-3.10");
    CHECK(FormatDecimalMinor(0) == "0.00");
    CHECK(FormatDecimalMinor(1299, 0) == "1299");
    CHECK(FormatDecimalMinor(INT64_MIN) == "-92233720368547758.08");
}

}  // namespace
}  // namespace stocktake
