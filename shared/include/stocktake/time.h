// Civil-date arithmetic and ISO-8601 text for UTC instants, without locale or time zone
// database. Instants are int64 seconds since 1970-01-01T00:00:00Z (proleptic Gregorian).
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake {

struct CivilDate {
    int64_t year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
};

// Days since 1970-01-01 of a date (negative before it). REQUIRES: IsValidCivilDate(date).
int64_t DaysFromCivil(int64_t year, int month, int day);
// The inverse of DaysFromCivil.
CivilDate CivilFromDays(int64_t days);
bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, int month);  // 0 when month is not 1..12
bool IsValidCivilDate(int64_t year, int month, int day);

// "2022-03-15T09:26:37Z".
std::string FormatIso8601Utc(int64_t unix_seconds);

// Parses "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM[:SS[.fraction]]" followed by
// "Z", "+hh:mm", "+hhmm" or "+hh" (or '-'); a space may stand for the 'T'. Fractions of a
// second are truncated. A date-time without a zone is rejected: its instant is unknown.
Result<int64_t> ParseIso8601(std::string_view text);

// How "03/04/2021" reads when both numbers could be the month.
enum class NumericDateOrder {
    kMonthFirst,  // US: 03/04/2021 is March 4
    kDayFirst,    // UK, EU, most of the world: 4 March
    kByZone,      // from the zone abbreviation in the text (PDT: month first, BST: day
                  // first); ambiguous text without such a zone is an error
};

struct DateOptions {
    NumericDateOrder order = NumericDateOrder::kMonthFirst;
    // Minutes east of UTC for text that names no zone: a date alone is midnight there.
    int default_offset_minutes = 0;
    // A date with a time but no zone is an error unless this is set: its instant depends on
    // a zone the file does not state (ShipStation's zone-less times are Pacific, say).
    bool zoneless_time_uses_default = false;
};

// Parses the dates found in seller files to UTC seconds:
//   "2021-03-14", "2021-03-14T07:12:44Z", "2021-03-14 07:12:44.123+05:30", "...-0800",
//   "2021-03-14 07:12:44 PST" (zone abbreviations from time_zones.h, also "UTC+05:30"),
//   "2009/09/18 15:18:58 JST", "03/14/2021", "14/03/2021", "14.03.2021" (dots: day first),
//   "3/4/2021 7:12 PM", "Jun-29-26 16:00:01 PDT" (eBay), "29-Jun-2026".
// Day and month: a number above 12 settles the order whatever options.order says
// ("14/03/2021" and "03/14/2021" both read); options.order decides only when both could be
// the month. Years have four digits, except after a month name (eBay), where two-digit
// years follow POSIX strptime: 69..99 are 1969..1999, 00..68 are 2000..2068. Numeric dates
// with a two-digit year ("03/04/05") are rejected: no rule reads them reliably. Fractions
// of a second are truncated. Anything else is InvalidArgument quoting the text and saying
// what was expected.
Result<int64_t> ParseDateTime(std::string_view text, const DateOptions& options = {});

// Seconds since the epoch now, from the system clock.
int64_t NowUnixSeconds();
// Milliseconds since the epoch now (hybrid logical clocks are in milliseconds).
int64_t NowUnixMillis();

}  // namespace stocktake
