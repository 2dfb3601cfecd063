#include "stocktake/time.h"

#include <chrono>
#include <cstdio>
#include <utility>

#include "stocktake/time_zones.h"

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
    const int hour = static_cast<int>(rem / 3600);
    const int minute = static_cast<int>(rem / 60 % 60);
    const int second = static_cast<int>(rem % 60);
    if (date.year < 0 || date.year > 9999) {
        char buf[48];
        std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02dZ",
                      static_cast<long long>(date.year), date.month, date.day, hour, minute,
                      second);
        return buf;
    }
    // The common case digit by digit: imports format a date per row, and snprintf was
    // ~5% of a large import.
    char text[] = "0000-00-00T00:00:00Z";
    const auto put = [&text](size_t at, int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10) {
            text[at + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
        }
    };
    put(0, static_cast<int>(date.year), 4);
    put(5, date.month, 2);
    put(8, date.day, 2);
    put(11, hour, 2);
    put(14, minute, 2);
    put(17, second, 2);
    return std::string(text, sizeof(text) - 1);
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

namespace {

// A left-to-right reader over the text of one date, for ParseDateTime.
class DateReader {
  public:
    explicit DateReader(std::string_view text) : text_(text) {}

    bool AtEnd() const { return pos_ >= text_.size(); }
    char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
    bool PeekDigit() const { return Peek() >= '0' && Peek() <= '9'; }
    bool PeekLetter() const {
        const char c = Peek();
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
    bool Take(char c) {
        if (Peek() != c) return false;
        ++pos_;
        return true;
    }
    void SkipSpaces() {
        while (Peek() == ' ' || Peek() == '\t') ++pos_;
    }
    // Reads a run of digits; returns how many (0 when none), the value in *out. Runs longer
    // than 9 digits are read but reported as too long by their count.
    size_t Digits(int64_t* out) {
        const size_t start = pos_;
        int64_t value = 0;
        while (PeekDigit()) {
            if (pos_ - start < 9) value = value * 10 + (Peek() - '0');
            ++pos_;
        }
        *out = value;
        return pos_ - start;
    }
    std::string_view Letters() {
        const size_t start = pos_;
        while (PeekLetter()) ++pos_;
        return text_.substr(start, pos_ - start);
    }

  private:
    std::string_view text_;
    size_t pos_ = 0;
};

char LowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsLower(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        if (LowerAscii(text[i]) != lower[i]) return false;
    }
    return true;
}

// 1..12 for an English month name or its three-letter abbreviation ("Jun", "june",
// "Sept"), 0 otherwise.
int MonthFromName(std::string_view name) {
    static constexpr const char* kMonths[12] = {"january",   "february", "march",    "april",
                                                "may",       "june",     "july",     "august",
                                                "september", "october",  "november", "december"};
    for (int i = 0; i < 12; ++i) {
        const std::string_view full = kMonths[i];
        if (EqualsLower(name, full) || EqualsLower(name, full.substr(0, 3)) ||
            (i == 8 && EqualsLower(name, "sept"))) {
            return i + 1;
        }
    }
    return 0;
}

Status BadDateTime(std::string_view text, std::string_view why) {
    std::string message = "'";
    message.append(text);
    message += "' is not a date Stocktake can read: ";
    message.append(why);
    return Status::InvalidArgument(std::move(message));
}

// Reads "+hh", "+hhmm", "+hh:mm" at the reader, and "+h" when `short_hours` ("UTC+8");
// *minutes east of UTC.
bool ReadOffset(DateReader* in, bool short_hours, int64_t* minutes) {
    int sign = 1;
    if (in->Take('-')) {
        sign = -1;
    } else if (!in->Take('+')) {
        return false;
    }
    int64_t hours = 0, mins = 0;
    const size_t n = in->Digits(&hours);
    if (n == 4) {
        mins = hours % 100;
        hours /= 100;
    } else if (n == 2 || (n == 1 && short_hours)) {
        if (in->Take(':') && in->Digits(&mins) != 2) return false;
    } else {
        return false;
    }
    if (hours > 18 || mins > 59) return false;
    *minutes = sign * (hours * 60 + mins);
    return true;
}

}  // namespace

Result<int64_t> ParseDateTime(std::string_view raw, const DateOptions& options) {
    size_t begin = 0, end = raw.size();
    while (begin < end && (raw[begin] == ' ' || raw[begin] == '\t')) ++begin;
    while (end > begin && (raw[end - 1] == ' ' || raw[end - 1] == '\t')) --end;
    const std::string_view text = raw.substr(begin, end - begin);
    if (text.empty()) return BadDateTime(raw, "it is empty");
    DateReader in(text);

    // --- the date -------------------------------------------------------------------------
    int64_t year = 0, month = 0, day = 0;
    // Set when day and month are two numbers that only the order can tell apart.
    int64_t first = 0, second = 0;
    bool numeric_pair = false;
    constexpr const char* kExpected =
        "expected a date like 2021-03-14, 03/14/2021, 14.03.2021 or Jun-29-26";
    const auto read_year = [&](bool two_digits_ok) {
        const size_t n = in.Digits(&year);
        if (n == 2 && two_digits_ok) {
            year += year >= 69 ? 1900 : 2000;
            return true;
        }
        return n == 4;
    };
    if (in.PeekLetter()) {  // "Jun-29-26", "Jun 29 2026"
        month = MonthFromName(in.Letters());
        const char sep = in.Peek();
        if (month == 0 || (sep != '-' && sep != ' ') || !in.Take(sep)) {
            return BadDateTime(raw, kExpected);
        }
        const size_t n = in.Digits(&day);
        if (n < 1 || n > 2 || !in.Take(sep) || !read_year(true)) {
            return BadDateTime(raw, kExpected);
        }
    } else {
        int64_t a = 0;
        const size_t n = in.Digits(&a);
        const char sep = in.Peek();
        if (n == 0 || (sep != '-' && sep != '/' && sep != '.') || !in.Take(sep)) {
            return BadDateTime(raw, kExpected);
        }
        if (n == 4) {  // year first: always year, month, day
            year = a;
            const size_t m = in.Digits(&month);
            const size_t d = m >= 1 && m <= 2 && in.Take(sep) ? in.Digits(&day) : 0;
            if (d < 1 || d > 2) {
                return BadDateTime(raw, kExpected);
            }
        } else if (n <= 2 && in.PeekLetter()) {  // "29-Jun-2026"
            day = a;
            month = MonthFromName(in.Letters());
            if (month == 0 || !in.Take(sep) || !read_year(true)) {
                return BadDateTime(raw, kExpected);
            }
        } else if (n <= 2) {
            int64_t b = 0;
            const size_t m = in.Digits(&b);
            if (m < 1 || m > 2 || !in.Take(sep)) return BadDateTime(raw, kExpected);
            if (!read_year(false)) {
                return BadDateTime(raw,
                                   "expected a four-digit year (03/04/05 cannot be read "
                                   "safely)");
            }
            if (sep == '.') {  // nobody writes month.day.year
                day = a;
                month = b;
            } else {
                first = a;
                second = b;
                numeric_pair = true;
            }
        } else {
            return BadDateTime(raw, kExpected);
        }
    }

    // --- the time -------------------------------------------------------------------------
    bool has_time = false;
    int64_t hour = 0, minute = 0, second_of_minute = 0;
    {
        const bool t = in.Take('T') || in.Take('t');
        in.SkipSpaces();
        if (in.PeekDigit()) {
            has_time = true;
            const size_t h = in.Digits(&hour);
            if (h < 1 || h > 2 || !in.Take(':') || in.Digits(&minute) != 2) {
                return BadDateTime(raw, "expected a time like 07:12:44");
            }
            if (in.Take(':')) {
                if (in.Digits(&second_of_minute) != 2) {
                    return BadDateTime(raw, "expected seconds as two digits");
                }
                if (in.Take('.') || in.Take(',')) {
                    int64_t ignored = 0;
                    if (in.Digits(&ignored) == 0) {
                        return BadDateTime(raw, "expected digits after the decimal point");
                    }
                }
            }
            in.SkipSpaces();
        } else if (t) {
            return BadDateTime(raw, "expected a time after 'T'");
        }
    }
    if (has_time) {
        // "7:12 PM": a whole word, so that "PST" or "PDT" stays a zone.
        DateReader probe = in;
        const std::string_view word = probe.Letters();
        if (EqualsLower(word, "am") || EqualsLower(word, "pm")) {
            in = probe;
            if (hour < 1 || hour > 12) return BadDateTime(raw, "AM/PM hours run from 1 to 12");
            if (hour == 12) hour = 0;
            if (EqualsLower(word, "pm")) hour += 12;
            in.SkipSpaces();
        }
        if (hour > 23 || minute > 59 || second_of_minute > 59) {
            return BadDateTime(raw, "time out of range");
        }
    }

    // --- the zone -------------------------------------------------------------------------
    in.SkipSpaces();
    bool has_zone = false;
    int64_t offset_minutes = options.default_offset_minutes;
    const ZoneAbbreviation* zone = nullptr;
    if (!in.AtEnd()) {
        has_zone = true;
        if (in.Peek() == '+' || in.Peek() == '-') {
            if (!ReadOffset(&in, false, &offset_minutes)) {
                return BadDateTime(raw, "expected a zone offset like +05:30 or -0800");
            }
        } else if (in.PeekLetter()) {
            const std::string_view name = in.Letters();
            if (EqualsLower(name, "z")) {
                offset_minutes = 0;
            } else {
                zone = FindZoneAbbreviation(name);
                if (zone == nullptr) {
                    return BadDateTime(raw, "unknown time zone '" + std::string(name) + "'");
                }
                offset_minutes = zone->offset_minutes;
                if ((in.Peek() == '+' || in.Peek() == '-') && zone->offset_minutes == 0 &&
                    (EqualsLower(name, "utc") || EqualsLower(name, "gmt"))) {
                    if (!ReadOffset(&in, true, &offset_minutes)) {
                        return BadDateTime(raw, "expected a zone offset like UTC+05:30");
                    }
                }
            }
        } else {
            return BadDateTime(raw, "unexpected text after the date");
        }
        in.SkipSpaces();
        if (!in.AtEnd()) return BadDateTime(raw, "unexpected text after the time zone");
    }
    if (has_time && !has_zone && !options.zoneless_time_uses_default) {
        return BadDateTime(raw, "it has no time zone (expected e.g. 'Z', '+05:30' or 'PDT')");
    }

    // --- day and month order --------------------------------------------------------------
    if (numeric_pair) {
        bool month_first = true;
        if (first > 12 && second <= 12) {
            month_first = false;
        } else if (second > 12 && first <= 12) {
            month_first = true;
        } else if (first == second || first > 12) {
            month_first = true;  // same date either way, or no reading works
        } else if (options.order == NumericDateOrder::kDayFirst) {
            month_first = false;
        } else if (options.order == NumericDateOrder::kByZone) {
            if (zone == nullptr || zone->slash_order == SlashDateOrder::kUnknown) {
                return BadDateTime(raw,
                                   "day and month order is ambiguous without a US or "
                                   "European time zone");
            }
            month_first = zone->slash_order == SlashDateOrder::kMonthFirst;
        }
        month = month_first ? first : second;
        day = month_first ? second : first;
    }
    if (!IsValidCivilDate(year, static_cast<int>(month), static_cast<int>(day))) {
        return BadDateTime(raw, "no such calendar date");
    }
    return DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day)) * 86400 +
           hour * 3600 + minute * 60 + second_of_minute - offset_minutes * 60;
}

int64_t NowUnixSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int64_t NowUnixMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace stocktake
