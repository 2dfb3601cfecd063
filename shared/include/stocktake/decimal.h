// Decimal text to integer minor units (money as int64 cents), with no floating point and
// no locale. Accepts what price columns hold in practice: "15.69", "25", "0.02", ".5",
// "-3.10", "1,299" (comma thousands separators in groups of three), surrounding spaces.
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake {

// Parses text into units of 10^-scale: ParseDecimalMinor("15.69", 2) == 1569. Rejects empty
// text, stray characters, misplaced separators, more significant fraction digits than
// `scale` ("1.005" at scale 2; trailing zeros are fine) and values that overflow int64.
// REQUIRES: 0 <= scale <= 9.
Result<int64_t> ParseDecimalMinor(std::string_view text, int scale = 2);

// Formats minor units back to text: FormatDecimalMinor(1569, 2) == "15.69".
std::string FormatDecimalMinor(int64_t minor, int scale = 2);

// --- Amounts and quantities as sellers' files write them -------------------------------
//
// ParseAmount and ParseQuantity read what spreadsheets and marketplace exports contain:
// "1.234,56" (EU), "1,234.56" (US), "1 234,56" with a space, NBSP or narrow NBSP between
// groups (FR), "1'234.50" (CH), currency symbols or codes before or after ("$12.99",
// "12,99 €", "1,299 JPY"), a sign ("-2"), and empty cells. Everything stays integer minor
// units; no floating point and no locale is involved, so native and wasm agree.
//
// Which mark is the decimal mark. A wrong guess multiplies or divides a price by 1000
// without any error, so the automatic mode decides only when the text itself proves it:
//   - both '.' and ',' appear: the last one is the decimal mark and must appear once
//     ("1.234.567,89", "1,234.56");
//   - one of them appears more than once: it groups thousands ("1.234.567");
//   - one of them appears once and is not followed by exactly three digits, or follows a
//     lone 0 or more than three digits: it is the decimal mark ("12,99", "0,125", "1234,567",
//     "5.", ",5");
//   - spaces or apostrophes group the digits: the other mark is the decimal mark
//     ("1 234,567");
//   - the currency is the yen ("JPY", fullwidth yen sign), which has no minor unit: a lone
//     mark groups thousands ("1,299 JPY", the JP help page's own example);
//   - otherwise, "1,234" and "1.234" are AMBIGUOUS and rejected (kInvalidArgument, the
//     message says to choose a number format). Pass a NumberFormat for the column instead,
//     e.g. from the marketplace (amazon.de -> kCommaDecimal) or from a column in which some
//     value settled the question.
// With an explicit NumberFormat, the decimal mark is the only one accepted as such and the
// group mark must sit between groups of exactly three digits, so EU text read with the US
// format ("12,99") is an error, not 1299.

struct NumberFormat {
    char decimal_mark = '.';  // '.' or ','
    // ',', '.', '\'' or ' ' (a space also matches NBSP and narrow NBSP), or '\0' for none.
    char group_mark = ',';
};
inline constexpr NumberFormat kDotDecimal{'.', ','};              // 1,234.56 (US, UK, JP)
inline constexpr NumberFormat kCommaDecimal{',', '.'};            // 1.234,56 (DE, ES, IT, NL)
inline constexpr NumberFormat kSpaceGroupCommaDecimal{',', ' '};  // 1 234,56 (FR, SE, PL)

struct AmountOptions {
    int scale = 2;                       // minor units: 10^-scale. REQUIRES: 0..9
    std::optional<NumberFormat> format;  // nullopt: decide from the text (rules above)
};

struct Amount {
    // nullopt when the cell is empty or blank: "no value", which is not zero.
    std::optional<int64_t> minor;
    // The currency as written ("$", "€", "USD", "US$"), empty when none.
    std::string currency_text;
    // The ISO 4217 code when the text settles it ("€" and "EUR" -> "EUR"); empty for none
    // and for "$" and "¥", which several currencies share: the marketplace decides those.
    std::string currency_code;
};

// Parses a price or other amount. Errors (kInvalidArgument, quoting the text) for text
// that is not a number ("Not stocked", "N/A"), an ambiguous separator, misplaced group
// marks, more fraction digits than `scale` allows (trailing zeros are fine), two
// currencies, a currency with no digits, and int64 overflow. "-0" is 0.
Result<Amount> ParseAmount(std::string_view text, const AmountOptions& options = {});

// Parses a stock quantity: a whole number, negative allowed ("-2": oversold), thousands
// grouped per `format` (nullopt: decide from the text as above), "5.0" and "5,00" accepted,
// "2.5" and any currency rejected. nullopt for an empty or blank cell, which is "unknown",
// not 0 (Amazon leaves FBA quantities empty). Text such as "Not stocked" is an error whose
// message says a number was expected; callers that know such words map them before.
Result<std::optional<int64_t>> ParseQuantity(std::string_view text,
                                             std::optional<NumberFormat> format = std::nullopt);

}  // namespace stocktake
