// GS1 element strings: AIs 01, 10, 17 and 30 from the raw (FNC1/GS) and the human-readable
// form, symbology identifiers stripped, and errors that say what is wrong.
#include <catch2/catch.hpp>

#include "stocktake/engine/barcode.h"

namespace stocktake::engine {
namespace {

const std::string kGs = "\x1d";

TEST_CASE("GS1 raw and bracketed forms give the same GTIN, lot, expiry and count",
          "[engine][barcode]") {
    const std::string code = GENERATE(
        std::string("]d2") + "0109501101530003" + "17250531" + "10AB-12" + kGs + "3012",
        std::string("]C1") + "010950110153000317250531" + "3012" + kGs + "10AB-12",
        std::string("]Q3") + kGs + "0109501101530003" + "10AB-12" + kGs + "17250531" + "3012",
        std::string("(01)09501101530003(17)250531(10)AB-12(30)12"));
    INFO(code);
    Result<Gs1Data> gs1 = ParseGs1(code);
    REQUIRE(gs1.ok());
    CHECK(gs1->gtin14 == "09501101530003");
    CHECK(gs1->lot == "AB-12");
    CHECK(gs1->expiry == "2025-05-31");
    REQUIRE(gs1->count.has_value());
    CHECK(*gs1->count == 12);
}

TEST_CASE("GS1 expiry day 00 means the last day of the month", "[engine][barcode]") {
    CHECK(ParseGs1("(01)09501101530003(17)240200")->expiry == "2024-02-29");
    CHECK(ParseGs1("(01)09501101530003(17)250200")->expiry == "2025-02-28");
    CHECK(ParseGs1("0109501101530003"
                   "17261100")
              ->expiry == "2026-11-30");
}

TEST_CASE("GS1 AIs Stocktake does not use are stepped over", "[engine][barcode]") {
    // SSCC-free pallet label: GTIN, serial (21, variable), net weight (3103, fixed 6).
    Result<Gs1Data> gs1 = ParseGs1(
        "]C1"
        "0109501101530003"
        "21SER9" +
        kGs +
        "3103001250"
        "10L7");
    REQUIRE(gs1.ok());
    CHECK(gs1->gtin14 == "09501101530003");
    CHECK(gs1->lot == "L7");
    CHECK(!gs1->count.has_value());
    CHECK(ParseGs1("(01)09501101530003(7003)2501011200(10)L8")->lot == "L8");
}

TEST_CASE("bad GS1 strings are refused with the reason", "[engine][barcode]") {
    const auto message = [](const std::string& code) {
        Result<Gs1Data> gs1 = ParseGs1(code);
        REQUIRE(!gs1.ok());
        CHECK(gs1.status().code() == Code::kInvalidArgument);
        return gs1.status().message();
    };
    CHECK_THAT(message("(01)09501101530004"), Catch::Contains("check digit"));
    CHECK_THAT(message("0109501101530003"
                       "17251301"),
               Catch::Contains("month 13"));
    CHECK_THAT(message("0109501101530003"
                       "17250231"),
               Catch::Contains("not a date"));
    CHECK_THAT(message("(01)0950110153"), Catch::Contains("14 characters"));
    CHECK_THAT(message("0109501101530003"
                       "7003x"),
               Catch::Contains("unknown application"));
    CHECK_THAT(message("(10)" + std::string(21, 'A')), Catch::Contains("up to 20"));
    CHECK_THAT(message("(30)12a"), Catch::Contains("count (30)"));
    CHECK_THAT(message("(01"), Catch::Contains("never closed"));
    CHECK_THAT(message("   "), Catch::Contains("empty"));
}

TEST_CASE("which codes are GS1 element strings", "[engine][barcode]") {
    CHECK(IsGs1ElementString("]d20109501101530003"));
    CHECK(IsGs1ElementString("(01)09501101530003"));
    CHECK(
        IsGs1ElementString("0109501101530003"
                           "10LOT"));
    CHECK(IsGs1ElementString("10LOT" + kGs + "0109501101530003"));
    CHECK(!IsGs1ElementString("9501101530003"));     // EAN-13
    CHECK(!IsGs1ElementString("]E09501101530003"));  // EAN-13 with its identifier
    CHECK(!IsGs1ElementString("X001ABCDEF"));
    CHECK(StripSymbologyId(" ]E09501101530003\r\n") == "9501101530003");
}

TEST_CASE("FNSKU shapes", "[engine][barcode]") {
    CHECK(IsFnsku("X001ABCDEF"));
    CHECK(IsFnsku("B0041IZHVO"));
    CHECK(!IsFnsku("X001abcdef"));
    CHECK(!IsFnsku("X001ABCDE"));
    CHECK(!IsFnsku("A001ABCDEF"));
}

}  // namespace
}  // namespace stocktake::engine
