#include "stocktake/time.h"

#include <chrono>
#include <cstdio>
#include <utility>

namespace stocktake {

namespace {

// Reads exactly `count` ASCII digits at text[*pos]; advances *pos.
bool ReadDigits(std::string_view text, size_t* pos, int count, int64_t* out) {
    if (*pos + static_cast<size_t>(count) > text.size()) return false;
    int64_t value = 0;
    for (int i = 0; i < count; ++i) {
        const char c = text[*pos + static_cast<size_t>(i)];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    *pos += static_cast<size_t>(count);
    *out = value;
    return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
    if (*pos >= text.size() || text[*pos] != c) return false;
    ++*pos;
    return true;
}

Status BadIso(std::string_view text, const char* why) {
    std::string message = "'";
    message.append(text);
    message += "' is not an ISO-8601 date: ";
    message += why;
    return Status::InvalidArgument(std::move(message));
}

}  // namespace

bool IsLeapYear(int64_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int64_t year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && IsLeapYear(year)) return 29;
    return kDays[month - 1];
}

bool IsValidCivilDate(int64_t year, int month, int day) {
    return day >= 1 && day <= DaysInMonth(year, month);
}

// Howard Hinnant's days_from_civil (http://howardhinnant.github.io/date_algorithms.html).
int64_t DaysFromCivil(int64_t year, int month, int day) {
    const int64_t y = month <= 2 ? year - 1 : year;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;                          // [0, 399]
    const int64_t mp = month > 2 ? month - 3 : month + 9;       // [0, 11]
    const int64_t doy = (153 * mp + 2) / 5 + day - 1;           // [0, 365]
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
    return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
    const int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;                                       // [0, 146096]
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
    const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
    CivilDate date;
    date.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    date.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    date.year = yoe + era * 400 + (date.month <= 2 ? 1 : 0);
    return date;
}

std::string FormatIso8601Utc(int64_t unix_seconds) {
    int64_t days = unix_seconds / 86400;
    int64_t rem = unix_seconds % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    const CivilDate date = CivilFromDays(days);
    char buf[48];
    std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02dZ",
                  static_cast<long long>(date.year), date.month, date.day,
                  static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                  static_cast<int>(rem % 60));
    return buf;
}

Result<int64_t> ParseIso8601(std::string_view text) {
    size_t pos = 0;
    int64_t year = 0, month = 0, day = 0;
    if (!ReadDigits(text, &pos, 4, &year) || !Expect(text, &pos, '-') ||
        !ReadDigits(text, &pos, 2, &month) || !Expect(text, &pos, '-') ||
        !ReadDigits(text, &pos, 2, &day)) {
        return BadIso(text, "expected YYYY-MM-DD");
    }
    if (!IsValidCivilDate(year, static_cast<int>(month), static_cast<int>(day))) {
        return BadIso(text, "no such calendar date");
    }
    const int64_t days = DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
    if (pos == text.size()) return days * 86400;

    if (text[pos] != 'T' && text[pos] != ' ') return BadIso(text, "expected 'T' after the date");
    ++pos;
    int64_t hour = 0, minute = 0, second = 0;
    if (!ReadDigits(text, &pos, 2, &hour) || !Expect(text, &pos, ':') ||
        !ReadDigits(text, &pos, 2, &minute)) {
        return BadIso(text, "expected hh:mm after the date");
    }
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        if (!ReadDigits(text, &pos, 2, &second)) return BadIso(text, "expected seconds");
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
            ++pos;
            const size_t start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
            if (pos == start) return BadIso(text, "expected digits after the decimal point");
        }
    }
    if (hour > 23 || minute > 59 || second > 59) return BadIso(text, "time out of range");

    int64_t offset_seconds = 0;
    if (pos >= text.size()) return BadIso(text, "no time zone (add Z or an offset like +02:00)");
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        const int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        int64_t off_h = 0, off_m = 0;
        if (!ReadDigits(text, &pos, 2, &off_h)) return BadIso(text, "bad zone offset");
        if (pos < text.size()) {
            Expect(text, &pos, ':');
            if (!ReadDigits(text, &pos, 2, &off_m)) return BadIso(text, "bad zone offset");
        }
        if (off_h > 23 || off_m > 59) return BadIso(text, "zone offset out of range");
        offset_seconds = sign * (off_h * 3600 + off_m * 60);
    } else {
        return BadIso(text, "unexpected text after the time");
    }
    if (pos != text.size()) return BadIso(text, "unexpected text after the zone");
    return days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
}

int64_t NowUnixSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace stocktake
