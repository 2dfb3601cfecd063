#include "stocktake/time.h"

#include <catch2/catch.hpp>

namespace stocktake {
namespace {

TEST_CASE("days_from_civil matches known dates and round-trips", "[shared][time]") {
    CHECK(DaysFromCivil(1970, 1, 1) == 0);
    CHECK(DaysFromCivil(1969, 12, 31) == -1);
    CHECK(DaysFromCivil(2000, 3, 1) == 11017);
    CHECK(DaysFromCivil(2022, 3, 15) == 19066);
    CHECK(DaysFromCivil(1600, 1, 1) == -135140);
    for (int64_t days = -800000; days <= 800000; days += 997) {
        const CivilDate date = CivilFromDays(days);
        REQUIRE(IsValidCivilDate(date.year, date.month, date.day));
        REQUIRE(DaysFromCivil(date.year, date.month, date.day) == days);
    }
}

TEST_CASE("calendar validity knows leap years", "[shared][time]") {
    CHECK(IsValidCivilDate(2024, 2, 29));
    CHECK(IsValidCivilDate(2000, 2, 29));
    CHECK_FALSE(IsValidCivilDate(1900, 2, 29));
    CHECK_FALSE(IsValidCivilDate(2023, 2, 29));
    CHECK_FALSE(IsValidCivilDate(2023, 4, 31));
    CHECK_FALSE(IsValidCivilDate(2023, 13, 1));
    CHECK_FALSE(IsValidCivilDate(2023, 0, 1));
    CHECK_FALSE(IsValidCivilDate(2023, 1, 0));
}

TEST_CASE("UTC instants format as ISO-8601 with Z", "[shared][time]") {
    CHECK(FormatIso8601Utc(0) == "1970-01-01T00:00:00Z");
    CHECK(FormatIso8601Utc(1647336397) == "2022-03-15T09:26:37Z");
    CHECK(FormatIso8601Utc(-1) == "1969-12-31T23:59:59Z");
    CHECK(FormatIso8601Utc(951782400) == "2000-02-29T00:00:00Z");
}

TEST_CASE("ISO-8601 parser accepts Z, offsets and plain dates", "[shared][time]") {
    CHECK(ParseIso8601("2022-03-15T09:26:37Z").value() == 1647336397);
    CHECK(ParseIso8601("2022-03-15T11:26:37+02:00").value() == 1647336397);
    CHECK(ParseIso8601("2022-03-15T02:26:37-0700").value() == 1647336397);
    CHECK(ParseIso8601("2022-03-15 09:26:37.123456Z").value() == 1647336397);
    CHECK(ParseIso8601("2022-03-15T09:26Z").value() == 1647336360);
    CHECK(ParseIso8601("2022-03-15").value() == 1647302400);
    CHECK(ParseIso8601("2022-03-15T18:26:37+09").value() == 1647336397);
}

TEST_CASE("ISO-8601 parser rejects malformed or zone-less times", "[shared][time]") {
    const char* text = GENERATE("", "2022-3-15", "2022-02-30", "2022-03-15T09:26:37",
                                "2022-03-15T25:00:00Z", "2022-03-15T09:26:37Zjunk",
                                "2022-03-15X09:26:37Z", "15/03/2022", "2022-03-15T09:26:37+2");
    CAPTURE(text);
    CHECK_FALSE(ParseIso8601(text).ok());
}

}  // namespace
}  // namespace stocktake
