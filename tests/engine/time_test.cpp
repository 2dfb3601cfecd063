#include "stocktake/time.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "stocktake/time_zones.h"

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
    // Years are zero-padded to four digits, and years past four digits are written whole.
    CHECK(FormatIso8601Utc(-30636399477) == "0999-03-04T01:02:03Z");
    CHECK(FormatIso8601Utc(253402300799) == "9999-12-31T23:59:59Z");
    CHECK(FormatIso8601Utc(253402300800) == "10000-01-01T00:00:00Z");
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

// --- ParseDateTime -----------------------------------------------------------------------

struct DateCase {
    const char* text;
    const char* utc;
};

std::string Utc(std::string_view text, const DateOptions& options = {}) {
    Result<int64_t> parsed = ParseDateTime(text, options);
    if (!parsed.ok()) return "error: " + parsed.status().message();
    return FormatIso8601Utc(parsed.value());
}

TEST_CASE("dates from seller files become UTC", "[shared][time][datetime]") {
    const DateCase c = GENERATE(values<DateCase>({
        // ISO-8601, as ParseIso8601 reads it.
        {"2022-03-15T09:26:37Z", "2022-03-15T09:26:37Z"},
        {"2022-03-15T11:26:37+02:00", "2022-03-15T09:26:37Z"},
        {"2022-03-15T02:26:37-0700", "2022-03-15T09:26:37Z"},
        {"2022-03-15T18:26:37+09", "2022-03-15T09:26:37Z"},
        {"2022-03-15 09:26:37.1234567Z", "2022-03-15T09:26:37Z"},
        {"2022-03-15T09:26Z", "2022-03-15T09:26:00Z"},
        {"2021-03-14T07:12:44+05:30", "2021-03-14T01:42:44Z"},
        {"2021-03-14 07:12:44 +05:30", "2021-03-14T01:42:44Z"},
        {"2021-03-14T07:12:44-08:00", "2021-03-14T15:12:44Z"},
        {"2022-03-15", "2022-03-15T00:00:00Z"},
        // Amazon: zone abbreviations.
        {"2021-03-14 07:12:44 PST", "2021-03-14T15:12:44Z"},
        {"2021-03-14 07:12:44 PDT", "2021-03-14T14:12:44Z"},
        {"2022-03-15 02:26:37 pdt", "2022-03-15T09:26:37Z"},
        {"2009/09/18 15:18:58 JST", "2009-09-18T06:18:58Z"},
        {"2008-02-27 20:15:20 GMT", "2008-02-27T20:15:20Z"},
        {"2021-03-14 07:12:44 UTC+05:30", "2021-03-14T01:42:44Z"},
        {"2021-03-14 07:12:44 GMT-8", "2021-03-14T15:12:44Z"},
        {"2021-03-14 PST", "2021-03-14T08:00:00Z"},  // midnight Pacific
        // Numeric dates: US month first by default; a number above 12 settles it.
        {"03/14/2021", "2021-03-14T00:00:00Z"},
        {"14/03/2021", "2021-03-14T00:00:00Z"},
        {"03/04/2021", "2021-03-04T00:00:00Z"},
        {"3/4/2021", "2021-03-04T00:00:00Z"},
        {"11/21/2023", "2023-11-21T00:00:00Z"},
        {"05/05/2023", "2023-05-05T00:00:00Z"},
        {"2009/09/18", "2009-09-18T00:00:00Z"},
        {"14.03.2021", "2021-03-14T00:00:00Z"},  // dots: day first
        {"03.04.2021", "2021-04-03T00:00:00Z"},
        {"14-03-2021", "2021-03-14T00:00:00Z"},
        {"03/14/2021 7:12 PM PST", "2021-03-15T03:12:00Z"},
        {"03/14/2021 12:00:00 AM PST", "2021-03-14T08:00:00Z"},
        {"03/14/2021 12:30 pm Z", "2021-03-14T12:30:00Z"},
        {"08/07/2016 10:12:40 PDT", "2016-08-07T17:12:40Z"},
        // eBay: month name and a two-digit year.
        {"Jun-29-26 16:00:01 PDT", "2026-06-29T23:00:01Z"},
        {"Jun-29-2026 16:00:01 PDT", "2026-06-29T23:00:01Z"},
        {"Dec-31-69 23:00:00 GMT", "1969-12-31T23:00:00Z"},
        {"Jan-01-68", "2068-01-01T00:00:00Z"},
        {"29-Jun-2026", "2026-06-29T00:00:00Z"},
        {"Sept 5 2021", "2021-09-05T00:00:00Z"},
        {"february-29-2024", "2024-02-29T00:00:00Z"},
        // Leap days and the edges of the day.
        {"2024-02-29 23:59:59 Z", "2024-02-29T23:59:59Z"},
        {"2000-02-29T00:00:00+14:00", "2000-02-28T10:00:00Z"},
        {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"},
        {"  2022-03-15  ", "2022-03-15T00:00:00Z"},
    }));
    CAPTURE(c.text);
    CHECK(Utc(c.text) == c.utc);
}

TEST_CASE("the day-first option decides only ambiguous numeric dates", "[shared][time][datetime]") {
    DateOptions day_first;
    day_first.order = NumericDateOrder::kDayFirst;
    CHECK(Utc("03/04/2021", day_first) == "2021-04-03T00:00:00Z");
    CHECK(Utc("03/14/2021", day_first) == "2021-03-14T00:00:00Z");  // unambiguous
    CHECK(Utc("14/03/2021", day_first) == "2021-03-14T00:00:00Z");
    CHECK(Utc("08/07/2016 10:12:40 BST", day_first) == "2016-07-08T09:12:40Z");
    CHECK(Utc("2021/03/04", day_first) == "2021-03-04T00:00:00Z");  // year first never swaps

    DateOptions by_zone;
    by_zone.order = NumericDateOrder::kByZone;
    CHECK(Utc("08/07/2016 10:12:40 BST", by_zone) == "2016-07-08T09:12:40Z");
    CHECK(Utc("08/07/2016 10:12:40 PDT", by_zone) == "2016-08-07T17:12:40Z");
    CHECK(Utc("21/11/2023", by_zone) == "2023-11-21T00:00:00Z");
    CHECK(Utc("05/06/2023", by_zone).rfind("error:", 0) == 0);
    CHECK(Utc("05/06/2023 10:00:00 JST", by_zone).rfind("error:", 0) == 0);
    CHECK(Utc("05/06/2023 10:00:00 +09:00", by_zone).rfind("error:", 0) == 0);
}

TEST_CASE("text without a zone uses the default zone only where stated",
          "[shared][time][datetime]") {
    DateOptions pacific;
    pacific.default_offset_minutes = -8 * 60;
    CHECK(Utc("2021-03-14", pacific) == "2021-03-14T08:00:00Z");
    CHECK(Utc("03/14/2021", pacific) == "2021-03-14T08:00:00Z");
    CHECK(Utc("2021-03-14Z", pacific) == "2021-03-14T00:00:00Z");  // stated zone wins
    CHECK(Utc("2021-03-14 07:12:44", pacific).find("no time zone") != std::string::npos);
    pacific.zoneless_time_uses_default = true;
    CHECK(Utc("2021-03-14 07:12:44", pacific) == "2021-03-14T15:12:44Z");
    CHECK(Utc("2021-03-14T07:12:44.1234567", pacific) == "2021-03-14T15:12:44Z");
    CHECK(Utc("2021-03-14 07:12:44 EST", pacific) == "2021-03-14T12:12:44Z");
}

TEST_CASE("unreadable dates fail with a reason that quotes the text", "[shared][time][datetime]") {
    struct Bad {
        const char* text;
        const char* reason;
    };
    const Bad bad = GENERATE(values<Bad>({
        {"", "empty"},
        {"yesterday", "expected a date"},
        {"2021-03-14 07:12:44", "no time zone"},
        {"2021-03-14 07:12:44 XYZ", "unknown time zone 'XYZ'"},
        {"2021-03-14 07:12:44 IST", "unknown time zone"},  // Irish, Indian or Israeli?
        {"2021-02-29", "no such calendar date"},
        {"2021-13-01", "no such calendar date"},
        {"13/13/2021", "no such calendar date"},
        {"00/10/2021", "no such calendar date"},
        {"2021-03-14 25:00:00 Z", "out of range"},
        {"2021-03-14 07:60 Z", "out of range"},
        {"2021-03-14 13:00 PM Z", "AM/PM"},
        {"2021-03-14 7 Z", "expected a time"},
        {"2021-03-14T", "expected a time after 'T'"},
        {"03/04/05", "four-digit year"},
        {"3/4/21 10:00 PST", "four-digit year"},
        {"Jun-29-226", "expected a date"},
        {"Foo-29-26", "expected a date"},
        {"2021-03-14 07:12:44 PST extra", "unexpected text after the time zone"},
        {"2021-03-14 07:12:44+2", "zone offset"},
        {"2021-03-14 07:12:44+19:00", "zone offset"},
        {"2021-03-14 07:12:44 PST+5", "unexpected text"},
        {"2021/03-14", "expected a date"},
        {"20210314", "expected a date"},
        {"2021-03-14 #", "unexpected text after the date"},
        {"2021-03-14 07:12:44.Z", "digits after the decimal point"},
    }));
    CAPTURE(bad.text);
    Result<int64_t> parsed = ParseDateTime(bad.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Code::kInvalidArgument);
    CHECK(parsed.status().message().find(bad.reason) != std::string::npos);
    CHECK(parsed.status().message().find(std::string("'") + bad.text + "'") != std::string::npos);
}

TEST_CASE("the shared zone table knows the marketplaces' abbreviations", "[shared][time][zones]") {
    REQUIRE(FindZoneAbbreviation("PDT") != nullptr);
    CHECK(FindZoneAbbreviation("PDT")->offset_minutes == -420);
    CHECK(FindZoneAbbreviation("pst")->offset_minutes == -480);
    CHECK(FindZoneAbbreviation("BST")->slash_order == SlashDateOrder::kDayFirst);
    CHECK(FindZoneAbbreviation("EST")->slash_order == SlashDateOrder::kMonthFirst);
    CHECK(FindZoneAbbreviation("JST")->offset_minutes == 540);
    CHECK(FindZoneAbbreviation("JST")->slash_order == SlashDateOrder::kUnknown);
    CHECK(FindZoneAbbreviation("IST") == nullptr);
    CHECK(FindZoneAbbreviation("") == nullptr);
    CHECK(FindZoneAbbreviation("PDTX") == nullptr);
}

TEST_CASE("instants round-trip through the forms sellers write", "[shared][time][datetime]") {
    DateOptions day_first;
    day_first.order = NumericDateOrder::kDayFirst;
    for (int64_t t = -2208988800; t < 4102444800; t += 7777777) {  // 1900 to 2100
        CAPTURE(t);
        REQUIRE(ParseDateTime(FormatIso8601Utc(t)).value() == t);

        // The same instant on a Pacific standard-time clock, written the US and UK ways.
        const int64_t local = t - 8 * 3600;
        int64_t days = local / 86400;
        int64_t rem = local % 86400;
        if (rem < 0) {
            rem += 86400;
            --days;
        }
        const CivilDate date = CivilFromDays(days);
        char us[64], uk[64];
        std::snprintf(us, sizeof(us), "%02d/%02d/%04lld %02d:%02d:%02d PST", date.month, date.day,
                      static_cast<long long>(date.year), static_cast<int>(rem / 3600),
                      static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
        std::snprintf(uk, sizeof(uk), "%02d/%02d/%04lld %02d:%02d:%02d -0800", date.day, date.month,
                      static_cast<long long>(date.year), static_cast<int>(rem / 3600),
                      static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
        CAPTURE(us, uk);
        REQUIRE(ParseDateTime(us).value() == t);
        REQUIRE(ParseDateTime(uk, day_first).value() == t);
    }
}

}  // namespace
}  // namespace stocktake
