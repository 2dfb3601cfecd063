#include "stocktake/decimal.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

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

namespace {

// --- ParseAmount / ParseQuantity -----------------------------------------------------------

// Length of the space-like character at text[pos] (ASCII space or tab, NBSP, narrow NBSP,
// thin space, all as UTF-8), or 0. French exports group thousands with NBSP or U+202F.
size_t SpaceLength(std::string_view text, size_t pos) {
    const std::string_view rest = text.substr(pos);
    if (rest.empty()) return 0;
    if (rest[0] == ' ' || rest[0] == '\t') return 1;
    if (rest.substr(0, 2) == "\xC2\xA0") return 2;  // U+00A0
    if (rest.substr(0, 3) == "\xE2\x80\xAF" ||
        rest.substr(0, 3) == "\xE2\x80\x89") {  // U+202F, U+2009
        return 3;
    }
    return 0;
}

struct Currency {
    const char* text;
    const char* code;  // "" when the symbol is shared by several currencies
};

// Longer spellings first so that "US$" is not read as "US" + "$".
constexpr Currency kCurrencies[] = {
    {"US$", "USD"},
    {"CA$", "CAD"},
    {"AU$", "AUD"},
    {"NZ$", "NZD"},
    {"MX$", "MXN"},
    {"C$", "CAD"},
    {"A$", "AUD"},
    {"R$", "BRL"},
    {"USD", "USD"},
    {"EUR", "EUR"},
    {"GBP", "GBP"},
    {"JPY", "JPY"},
    {"CAD", "CAD"},
    {"AUD", "AUD"},
    {"NZD", "NZD"},
    {"MXN", "MXN"},
    {"BRL", "BRL"},
    {"INR", "INR"},
    {"CNY", "CNY"},
    {"SEK", "SEK"},
    {"NOK", "NOK"},
    {"DKK", "DKK"},
    {"PLN", "PLN"},
    {"CZK", "CZK"},
    {"HUF", "HUF"},
    {"CHF", "CHF"},
    {"TRY", "TRY"},
    {"AED", "AED"},
    {"SAR", "SAR"},
    {"SGD", "SGD"},
    {"EGP", "EGP"},
    {"ZAR", "ZAR"},
    {"\xE2\x82\xAC", "EUR"},  // €
    {"\xC2\xA3", "GBP"},      // £
    {"\xEF\xBF\xA5", "JPY"},  // fullwidth ￥, Japanese only
    {"\xC2\xA5", ""},         // ¥: JPY or CNY
    {"\xE2\x82\xB9", "INR"},  // ₹
    {"z\xC5\x82", "PLN"},     // zł
    {"$", ""},
};

const Currency* MatchCurrency(std::string_view text, size_t pos) {
    const std::string_view rest = text.substr(pos);
    for (const Currency& currency : kCurrencies) {
        const std::string_view spelling = currency.text;
        if (rest.substr(0, spelling.size()) != spelling) continue;
        // A code must not run into more letters: "USDT" is not "USD".
        if (spelling.size() < rest.size()) {
            const char next = rest[spelling.size()];
            if ((next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z')) continue;
        }
        return &currency;
    }
    return nullptr;
}

bool IsMark(char c) {
    return c == '.' || c == ',' || c == '\'';
}

bool HasLetter(std::string_view text) {
    for (char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return true;
    }
    return false;
}

// The digits of a number and the marks between them: runs[i] is followed by marks[i].
// ' ' stands for every space-like group mark.
struct NumberBody {
    std::vector<std::string_view> runs;
    std::vector<char> marks;
};

class AmountParser {
  public:
    AmountParser(std::string_view text, const char* noun) : text_(text), noun_(noun) {}

    Status Fail(std::string_view why) const {
        std::string message = "'";
        message.append(text_);
        message += "' is not ";
        message += noun_;
        message += ": ";
        message.append(why);
        return Status::InvalidArgument(std::move(message));
    }

    // Fills *amount; leaves amount->minor empty for blank text.
    Status Parse(int scale, std::optional<NumberFormat> format, bool allow_currency,
                 Amount* amount) {
        size_t begin = 0, end = text_.size();
        while (begin < end) {
            const size_t n = SpaceLength(text_, begin);
            if (n == 0) break;
            begin += n;
        }
        while (end > begin) {
            size_t n = 0;
            for (size_t len = 1; len <= 3 && len <= end - begin && n == 0; ++len) {
                if (SpaceLength(text_, end - len) == len) n = len;
            }
            if (n == 0) break;
            end -= n;
        }
        if (begin == end) return Status::Ok();  // blank: no value

        // Prefix: sign and currency in either order, spaces between.
        bool negative = false, signed_ = false;
        size_t pos = begin;
        while (pos < end) {
            const char c = text_[pos];
            if ((c >= '0' && c <= '9') || c == '.' || c == ',') break;
            if (const size_t n = SpaceLength(text_, pos); n > 0) {
                pos += n;
            } else if ((c == '-' || c == '+') && !signed_) {
                negative = c == '-';
                signed_ = true;
                ++pos;
            } else if (const Currency* currency = MatchCurrency(text_, pos)) {
                Status st = TakeCurrency(*currency, allow_currency, amount);
                if (!st.ok()) return st;
                pos += std::string_view(currency->text).size();
            } else {
                return NotANumber();
            }
        }

        // Body: digits and marks, ending at the last digit or mark.
        NumberBody body;
        size_t run_start = pos;
        bool any_digit = false;
        while (pos < end) {
            const char c = text_[pos];
            if (c >= '0' && c <= '9') {
                any_digit = true;
                ++pos;
                continue;
            }
            size_t mark_len = IsMark(c) ? 1 : SpaceLength(text_, pos);
            if (mark_len == 0) break;
            // A space ends the number unless a digit follows it ("12,99 €").
            if (!IsMark(c) && (pos + mark_len >= end || text_[pos + mark_len] < '0' ||
                               text_[pos + mark_len] > '9')) {
                break;
            }
            body.runs.push_back(text_.substr(run_start, pos - run_start));
            body.marks.push_back(IsMark(c) ? c : ' ');
            pos += mark_len;
            run_start = pos;
        }
        body.runs.push_back(text_.substr(run_start, pos - run_start));
        if (!any_digit) return NotANumber();

        // Suffix: spaces and a currency.
        while (pos < end) {
            if (const size_t n = SpaceLength(text_, pos); n > 0) {
                pos += n;
            } else if (const Currency* currency = MatchCurrency(text_, pos)) {
                Status st = TakeCurrency(*currency, allow_currency, amount);
                if (!st.ok()) return st;
                pos += std::string_view(currency->text).size();
            } else if (text_[pos] == '-' || text_[pos] == '+') {
                return Fail("the sign must come before the number");
            } else {
                return Fail("unexpected text after the number");
            }
        }

        char decimal_mark = 0, group_mark = 0;
        if (format.has_value()) {
            decimal_mark = format->decimal_mark;
            group_mark = format->group_mark;
            if (decimal_mark != '.' && decimal_mark != ',') {
                return Fail("the number format's decimal mark must be '.' or ','");
            }
            if (group_mark == decimal_mark) {
                return Fail("the number format uses one mark for decimals and groups");
            }
        } else {
            Status st = Decide(body, amount->currency_code, &decimal_mark, &group_mark);
            if (!st.ok()) return st;
        }

        // Group marks split the integer part into groups of three; one decimal mark ends it.
        std::string int_digits;
        std::string_view frac_digits;
        size_t groups = 0;
        bool seen_decimal = false;
        for (size_t i = 0; i < body.runs.size(); ++i) {
            const std::string_view run = body.runs[i];
            if (seen_decimal) {
                if (i + 1 < body.runs.size()) return Fail("text after the decimal part");
                frac_digits = run;
                break;
            }
            if (groups > 0 && run.size() != 3) return Fail("misplaced thousands separator");
            int_digits.append(run);
            if (i + 1 == body.runs.size()) break;
            const char mark = body.marks[i];
            if (mark == decimal_mark) {
                seen_decimal = true;
            } else if (mark == group_mark) {
                if (run.empty() || (groups == 0 && run.size() > 3)) {
                    return Fail("misplaced thousands separator");
                }
                ++groups;
            } else {
                std::string why = "unexpected '";
                why += mark;
                why += "' for the number format";
                return Fail(why);
            }
        }
        if (seen_decimal && frac_digits.empty() && int_digits.empty()) return Fail("no digits");

        // Accumulate in minor units without floating point.
        int64_t minor = 0;
        for (char c : int_digits) {
            if (!AppendDigit(&minor, c - '0')) return Fail("it is too large");
        }
        for (size_t i = 0; i < frac_digits.size(); ++i) {
            const char c = frac_digits[i];
            if (static_cast<int>(i) < scale) {
                if (!AppendDigit(&minor, c - '0')) return Fail("it is too large");
            } else if (c != '0') {
                return Fail(scale == 0 ? "it is not a whole number" : "too many decimal places");
            }
        }
        for (int i = static_cast<int>(frac_digits.size()); i < scale; ++i) {
            if (!AppendDigit(&minor, 0)) return Fail("it is too large");
        }
        amount->minor = negative ? -minor : minor;
        return Status::Ok();
    }

  private:
    Status NotANumber() const {
        return Fail(HasLetter(text_) ? "it is text, not a number" : "expected digits");
    }

    Status TakeCurrency(const Currency& currency, bool allow_currency, Amount* amount) const {
        if (!allow_currency) return Fail("a quantity has no currency");
        if (!amount->currency_text.empty()) return Fail("more than one currency");
        amount->currency_text = currency.text;
        amount->currency_code = currency.code;
        return Status::Ok();
    }

    // The automatic mode: decides the marks only when the text proves them (see decimal.h).
    Status Decide(const NumberBody& body, std::string_view currency_code, char* decimal_mark,
                  char* group_mark) const {
        int dots = 0, commas = 0, spaces = 0, apostrophes = 0;
        size_t last_dot = 0, last_comma = 0;
        for (size_t i = 0; i < body.marks.size(); ++i) {
            switch (body.marks[i]) {
                case '.':
                    ++dots;
                    last_dot = i;
                    break;
                case ',':
                    ++commas;
                    last_comma = i;
                    break;
                case ' ': ++spaces; break;
                default: ++apostrophes; break;
            }
        }
        if (spaces > 0 && apostrophes > 0) return Fail("mixed thousands separators");
        const char spacing = spaces > 0 ? ' ' : apostrophes > 0 ? '\'' : 0;
        if (dots > 0 && commas > 0) {
            if (spacing != 0) return Fail("mixed thousands separators");
            *decimal_mark = last_dot > last_comma ? '.' : ',';
            *group_mark = last_dot > last_comma ? ',' : '.';
            return Status::Ok();
        }
        if (dots + commas == 0) {
            *decimal_mark = '.';
            *group_mark = spacing;
            return Status::Ok();
        }
        const char mark = dots > 0 ? '.' : ',';
        const char other = mark == '.' ? ',' : '.';
        if (spacing != 0) {
            *decimal_mark = mark;
            *group_mark = spacing;
            return Status::Ok();
        }
        if (dots + commas > 1) {
            *decimal_mark = other;
            *group_mark = mark;
            return Status::Ok();
        }
        // One '.' or ',' alone: a group mark only fits "d,ddd" to "ddd,ddd" without a lead 0.
        size_t at = 0;
        while (body.marks[at] != mark) ++at;
        const std::string_view before = body.runs[at];
        const std::string_view after = body.runs[at + 1];
        const bool could_group =
            after.size() == 3 && !before.empty() && before.size() <= 3 && before[0] != '0';
        // Yen have no minor unit, so "1,299 JPY" can only be grouped.
        if (could_group && currency_code == "JPY") {
            *decimal_mark = other;
            *group_mark = mark;
            return Status::Ok();
        }
        if (could_group) {
            std::string why = "'";
            why += mark;
            why += "' could separate thousands or decimals; choose the number format ('";
            why += mark;
            why += "' as decimal mark or as thousands separator)";
            return Fail(why);
        }
        *decimal_mark = mark;
        *group_mark = other;
        return Status::Ok();
    }

    std::string_view text_;
    const char* noun_;
};

}  // namespace

Result<Amount> ParseAmount(std::string_view text, const AmountOptions& options) {
    Amount amount;
    AmountParser parser(text, "an amount");
    if (options.scale < 0 || options.scale > 9) return parser.Fail("scale must be 0 to 9");
    Status status = parser.Parse(options.scale, options.format, true, &amount);
    if (!status.ok()) return status;
    return amount;
}

Result<std::optional<int64_t>> ParseQuantity(std::string_view text,
                                             std::optional<NumberFormat> format) {
    Amount amount;
    AmountParser parser(text, "a quantity");
    Status status = parser.Parse(0, format, false, &amount);
    if (!status.ok()) return status;
    return amount.minor;
}

}  // namespace stocktake
