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

// Seconds since the epoch now, from the system clock.
int64_t NowUnixSeconds();

}  // namespace stocktake
