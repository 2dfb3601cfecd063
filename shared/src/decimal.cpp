#include "stocktake/decimal.h"

#include <limits>
#include <string>
#include <utility>

namespace stocktake {

namespace {

Status BadDecimal(std::string_view text, const char* why) {
    std::string message = "'";
    message.append(text);
    message += "' is not a number: ";
    message += why;
    return Status::InvalidArgument(std::move(message));
}

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}

// value = value * 10 + digit, false on int64 overflow (value stays non-negative).
bool AppendDigit(int64_t* value, int digit) {
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    if (*value > (kMax - digit) / 10) return false;
    *value = *value * 10 + digit;
    return true;
}

}  // namespace

Result<int64_t> ParseDecimalMinor(std::string_view text, int scale) {
    size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    const std::string_view s = text.substr(begin, end - begin);
    if (s.empty()) return BadDecimal(text, "it is empty");

    size_t pos = 0;
    bool negative = false;
    if (s[pos] == '-' || s[pos] == '+') {
        negative = s[pos] == '-';
        ++pos;
    }

    // Integer part: digits, optionally grouped by commas in threes ("1,299,000").
    int64_t units = 0;
    int int_digits = 0;
    int group_digits = 0;  // digits since the last comma
    bool grouped = false;
    for (; pos < s.size() && s[pos] != '.'; ++pos) {
        const char c = s[pos];
        if (IsDigit(c)) {
            if (!AppendDigit(&units, c - '0')) return BadDecimal(text, "it is too large");
            ++int_digits;
            ++group_digits;
        } else if (c == ',') {
            if (int_digits == 0 || (grouped && group_digits != 3) ||
                (!grouped && group_digits > 3)) {
                return BadDecimal(text, "misplaced thousands separator");
            }
            grouped = true;
            group_digits = 0;
        } else {
            return BadDecimal(text, "unexpected character");
        }
    }
    if (grouped && group_digits != 3) return BadDecimal(text, "misplaced thousands separator");

    // Fraction part.
    int frac_digits = 0;
    if (pos < s.size()) {  // s[pos] == '.'
        ++pos;
        for (; pos < s.size(); ++pos) {
            const char c = s[pos];
            if (!IsDigit(c)) return BadDecimal(text, "unexpected character");
            if (frac_digits < scale) {
                if (!AppendDigit(&units, c - '0')) return BadDecimal(text, "it is too large");
            } else if (c != '0') {
                return BadDecimal(text, "too many decimal places");
            }
            ++frac_digits;
        }
    }
    if (int_digits == 0 && frac_digits == 0) return BadDecimal(text, "no digits");
    for (int i = frac_digits; i < scale; ++i) {
        if (!AppendDigit(&units, 0)) return BadDecimal(text, "it is too large");
    }
    return negative ? -units : units;
}

std::string FormatDecimalMinor(int64_t minor, int scale) {
    const bool negative = minor < 0;
    // Work in unsigned so that INT64_MIN formats correctly.
    uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
    std::string digits = std::to_string(magnitude);
    if (scale > 0) {
        const size_t width = static_cast<size_t>(scale) + 1;
        if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
        digits.insert(digits.size() - static_cast<size_t>(scale), 1, '.');
    }
    if (negative) digits.insert(0, 1, '-');
    return digits;
}

}  // namespace stocktake
