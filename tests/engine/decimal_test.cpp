#include "stocktake/decimal.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

namespace stocktake {
namespace {

struct DecimalCase {
    const char* text;
    int64_t minor;
};

TEST_CASE("decimal parser turns price text into cents without floating point",
          "[shared][decimal]") {
    const DecimalCase c = GENERATE(values<DecimalCase>({
        {"15.69", 1569},
        {"25", 2500},
        {"0.02", 2},
        {"1,299", 129900},
        {"1,299,000.50", 129900050},
        {"0", 0},
        {".5", 50},
        {"5.", 500},
        {"3.1", 310},
        {"15.690", 1569},
        {"  7.25 ", 725},
        {"-3.10", -310},
        {"+4", 400},
        {"0000012.30", 1230},
        {"92233720368547758.07", INT64_MAX},
    }));
    CAPTURE(c.text);
    Result<int64_t> parsed = ParseDecimalMinor(c.text, 2);
    REQUIRE(parsed.ok());
    CHECK(parsed.value() == c.minor);
}

TEST_CASE("decimal parser rejects garbage with a status that quotes the text",
          "[shared][decimal]") {
    const char* text =
        GENERATE("", "   ", "abc", "12x", "1.2.3", "12,99", "1,2345", ",123", "1.005", "-", ".",
                 "$5", "5 USD", "1e3", "92233720368547758.08", "12 34");
    CAPTURE(text);
    Result<int64_t> parsed = ParseDecimalMinor(text, 2);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Code::kInvalidArgument);
    CHECK(parsed.status().message().find(std::string("'") + text + "'") != std::string::npos);
}

TEST_CASE("decimal parser honours the scale it is given", "[shared][decimal]") {
    CHECK(ParseDecimalMinor("1299", 0).value() == 1299);
    CHECK_FALSE(ParseDecimalMinor("12.5", 0).ok());
    CHECK(ParseDecimalMinor("12.5", 0 + 1).value() == 125);
    CHECK(ParseDecimalMinor("0.000001", 6).value() == 1);
}

TEST_CASE("decimal formatter writes minor units back as text", "[shared][decimal]") {
    CHECK(FormatDecimalMinor(1569) == "15.69");
    CHECK(FormatDecimalMinor(2) == "0.02");
    CHECK(FormatDecimalMinor(-310) == "-3.10");
    CHECK(FormatDecimalMinor(0) == "0.00");
    CHECK(FormatDecimalMinor(1299, 0) == "1299");
    CHECK(FormatDecimalMinor(INT64_MIN) == "-92233720368547758.08");
}

// --- ParseAmount / ParseQuantity ---------------------------------------------------------

struct AmountCase {
    const char* text;
    int64_t minor;
    const char* currency_text;
    const char* currency_code;
};

TEST_CASE("amounts decide the decimal mark only when the text proves it",
          "[shared][decimal][amount]") {
    const AmountCase c = GENERATE(values<AmountCase>({
        {"15.69", 1569, "", ""},
        {"12,99", 1299, "", ""},       // EU decimal comma
        {"1.234,56", 123456, "", ""},  // both marks: the last is the decimal
        {"1,234.56", 123456, "", ""},
        {"1.234.567,89", 123456789, "", ""},
        {"1,234,567.89", 123456789, "", ""},
        {"1.234.567", 123456700, "", ""},  // repeated: a group mark
        {"1,234,567", 123456700, "", ""},
        {"1 234,56", 123456, "", ""},  // FR with a space
        {"1\xC2\xA0"
         "234,56",
         123456, "", ""},  // NBSP
        {"1\xE2\x80\xAF"
         "234,56",
         123456, "", ""},  // narrow NBSP
        {"1 234 567", 123456700, "", ""},
        {"1 234.5", 123450, "", ""},
        {"1'234.50", 123450, "", ""},  // CH
        {"1234,5", 123450, "", ""},    // four digits before: not a group
        {"1234.560", 123456, "", ""},
        {".5", 50, "", ""},
        {",5", 50, "", ""},
        {"5.", 500, "", ""},
        {"0", 0, "", ""},
        {"-0", 0, "", ""},
        {"-0,50", -50, "", ""},
        {"+4", 400, "", ""},
        {"-3.10", -310, "", ""},
        {"$12.99", 1299, "$", ""},
        {"-$12.99", -1299, "$", ""},
        {"$-12.99", -1299, "$", ""},
        {"US$ 5", 500, "US$", "USD"},
        {"12,99 \xE2\x82\xAC", 1299, "\xE2\x82\xAC", "EUR"},  // 12,99 €
        {"\xE2\x82\xAC"
         "1.299,00",
         129900, "\xE2\x82\xAC", "EUR"},  // €1.299,00
        {"\xC2\xA3"
         "7.50",
         750, "\xC2\xA3", "GBP"},  // £7.50
        {"\xC2\xA5"
         "1,299.00",
         129900, "\xC2\xA5", ""},             // ¥: JPY or CNY
        {"1,299 JPY", 129900, "JPY", "JPY"},  // JP help page
        {"USD 1,234.56", 123456, "USD", "USD"},
        {"12.99USD", 1299, "USD", "USD"},
        {"  7.25 ", 725, "", ""},
        {"92233720368547758.07", INT64_MAX, "", ""},
        {"-92233720368547758.07", -INT64_MAX, "", ""},
    }));
    CAPTURE(c.text);
    Result<Amount> parsed = ParseAmount(c.text);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->minor.has_value());
    CHECK(*parsed->minor == c.minor);
    CHECK(parsed->currency_text == c.currency_text);
    CHECK(parsed->currency_code == c.currency_code);
}

TEST_CASE("a lone separator before three digits is ambiguous without a format",
          "[shared][decimal][amount]") {
    const char* text = GENERATE("1,234", "1.234", "-1.234", "$1,234", "999.000", "12,500 EUR");
    CAPTURE(text);
    Result<Amount> parsed = ParseAmount(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Code::kInvalidArgument);
    CHECK(parsed.status().message().find("choose the number format") != std::string::npos);
    CHECK(parsed.status().message().find(std::string("'") + text + "'") != std::string::npos);
}

// The minor units as text, or the error message: a failed parse cannot pass by accident.
std::string Minor(std::string_view text, const AmountOptions& options) {
    Result<Amount> parsed = ParseAmount(text, options);
    if (!parsed.ok()) return parsed.status().message();
    if (!parsed->minor.has_value()) return "no value";
    return std::to_string(*parsed->minor);
}

TEST_CASE("an explicit number format settles the ambiguity and rejects the other style",
          "[shared][decimal][amount]") {
    AmountOptions us;
    us.format = kDotDecimal;
    AmountOptions eu;
    eu.format = kCommaDecimal;
    AmountOptions fr;
    fr.format = kSpaceGroupCommaDecimal;
    AmountOptions plain;
    plain.format = NumberFormat{'.', '\0'};

    CHECK(Minor("1,234", us) == "123400");
    CHECK(Minor("1.234", eu) == "123400");
    CHECK(Minor("1.234.567,89", eu) == "123456789");
    CHECK(Minor("1 234,56", fr) == "123456");
    CHECK(Minor("1\xC2\xA0"
                "234,56 \xE2\x82\xAC",
                fr) == "123456");
    CHECK(Minor("1234.56", plain) == "123456");
    AmountOptions us_milli = us;
    us_milli.scale = 3;
    CHECK(Minor("1.234", us_milli) == "1234");
    CHECK(Minor("1.234", us).find("decimal places") != std::string::npos);
    CHECK(Minor("1,234", eu).find("decimal places") != std::string::npos);

    // A wrong format must fail loudly rather than scale the price by 1000.
    CHECK_FALSE(ParseAmount("12,99", us).ok());
    CHECK_FALSE(ParseAmount("1.234,56", us).ok());
    CHECK_FALSE(ParseAmount("1,234.56", eu).ok());
    CHECK_FALSE(ParseAmount("1 234,56", us).ok());
    CHECK_FALSE(ParseAmount("1,234", plain).ok());
    CHECK_FALSE(ParseAmount("1,2345", us).ok());

    AmountOptions broken;
    broken.format = NumberFormat{',', ','};
    CHECK_FALSE(ParseAmount("1", broken).ok());
}

TEST_CASE("empty amounts are no value, which is not zero", "[shared][decimal][amount]") {
    const char* text = GENERATE("", " ", "\t", "\xC2\xA0");
    CAPTURE(text);
    Result<Amount> parsed = ParseAmount(text);
    REQUIRE(parsed.ok());
    CHECK_FALSE(parsed->minor.has_value());
    CHECK(parsed->currency_text.empty());
    CHECK(ParseAmount("0")->minor.has_value());
}

TEST_CASE("amounts that are not numbers fail with a reason", "[shared][decimal][amount]") {
    struct Bad {
        const char* text;
        const char* reason;
    };
    const Bad bad = GENERATE(values<Bad>({
        {"Not stocked", "text, not a number"},
        {"N/A", "text, not a number"},
        {"$", "expected digits"},
        {"-", "expected digits"},
        {".", "expected digits"},
        {"$5 USD", "more than one currency"},
        {"5-", "sign must come before"},
        {"1e3", "unexpected text"},
        {"12 34", "misplaced thousands separator"},
        {"1.2.3", "misplaced thousands separator"},
        {"1,23,456", "misplaced thousands separator"},  // lakh grouping is not guessed
        {"1.234,567.89", "text after the decimal part"},
        {"1 234'567", "mixed thousands separators"},
        {"1 234.567,8", "mixed thousands separators"},
        {"1.005", "choose the number format"},
        {"1.0051", "decimal places"},
        {"0,125", "decimal places"},  // a lead 0 makes the comma decimal: 0.125
        {"1,,5", "misplaced"},
        {"92233720368547758.08", "too large"},
        {"99999999999999999999", "too large"},
        {"--5", "expected digits"},
        {"5 apples", "unexpected text"},
    }));
    CAPTURE(bad.text);
    Result<Amount> parsed = ParseAmount(bad.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Code::kInvalidArgument);
    CHECK(parsed.status().message().find(bad.reason) != std::string::npos);
    CHECK(parsed.status().message().find(std::string("'") + bad.text + "'") != std::string::npos);
}

TEST_CASE("amount scale follows the options", "[shared][decimal][amount]") {
    AmountOptions yen;
    yen.scale = 0;
    CHECK(Minor("1,299 JPY", yen) == "1299");
    CHECK(Minor("\xEF\xBF\xA5"
                "1.299",
                yen) == "1299");  // fullwidth yen sign
    CHECK_FALSE(ParseAmount("12.5", yen).ok());
    AmountOptions fine;
    fine.scale = 4;
    CHECK(Minor("0,0125", fine) == "125");
    AmountOptions bad_scale;
    bad_scale.scale = 10;
    CHECK_FALSE(ParseAmount("1", bad_scale).ok());
}

TEST_CASE("quantities are whole numbers, may be negative, and empty is unknown",
          "[shared][decimal][quantity]") {
    struct QuantityCase {
        const char* text;
        std::optional<int64_t> value;
    };
    const QuantityCase c = GENERATE(values<QuantityCase>({
        {"12", 12},
        {"-2", -2},  // oversold (Shopify)
        {"0", 0},
        {"-0", 0},
        {"", std::nullopt},
        {"   ", std::nullopt},
        {"1,234,567", 1234567},
        {"1.234.567", 1234567},
        {"1 234", 1234},
        {"5.0", 5},
        {"5,00", 5},
        {"9223372036854775807", INT64_MAX},
    }));
    CAPTURE(c.text);
    Result<std::optional<int64_t>> parsed = ParseQuantity(c.text);
    REQUIRE(parsed.ok());
    CHECK(parsed.value() == c.value);
}

TEST_CASE("quantities reject text, fractions and currencies", "[shared][decimal][quantity]") {
    struct Bad {
        const char* text;
        const char* reason;
    };
    const Bad bad = GENERATE(values<Bad>({
        {"Not stocked", "text, not a number"},
        {"not stocked", "text, not a number"},
        {"2.5", "not a whole number"},
        {"$5", "no currency"},
        {"5 EUR", "no currency"},
        {"1,000", "choose the number format"},
        {"9223372036854775808", "too large"},
        {"5 units", "unexpected text"},
    }));
    CAPTURE(bad.text);
    Result<std::optional<int64_t>> parsed = ParseQuantity(bad.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().message().find("is not a quantity") != std::string::npos);
    CHECK(parsed.status().message().find(bad.reason) != std::string::npos);

    CHECK(ParseQuantity("1,000", kDotDecimal).value() == std::optional<int64_t>(1000));
    CHECK(ParseQuantity("1.000", kCommaDecimal).value() == std::optional<int64_t>(1000));
}

// Writes |minor| at scale 2 with thousands grouped by `group` and the given decimal mark.
std::string Written(int64_t minor, const char* group, char decimal_mark) {
    const uint64_t magnitude =
        minor < 0 ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
    const std::string digits = std::to_string(magnitude / 100);
    std::string text = minor < 0 ? "-" : "";
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) text += group;
        text += digits[i];
    }
    const uint64_t cents = magnitude % 100;
    text += decimal_mark;
    text += static_cast<char>('0' + cents / 10);
    text += static_cast<char>('0' + cents % 10);
    return text;
}

TEST_CASE("amounts written in every style parse back to the same minor units",
          "[shared][decimal][amount]") {
    std::vector<int64_t> values = {0,      1,         -1,         99,        100,       99999,
                                   100000, 123456789, -123456789, INT64_MAX, -INT64_MAX};
    uint64_t state = 0x9E3779B97F4A7C15u;  // xorshift: the same values on every run
    for (int i = 0; i < 2000; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        const int64_t value = static_cast<int64_t>(state >> (i % 60 + 1));
        values.push_back(i % 2 == 0 ? value : -value);
    }
    struct Style {
        const char* group;
        char decimal_mark;
        NumberFormat format;
    };
    const Style styles[] = {
        {",", '.', kDotDecimal},
        {".", ',', kCommaDecimal},
        {" ", ',', kSpaceGroupCommaDecimal},
        {"\xC2\xA0", ',', kSpaceGroupCommaDecimal},
        {"\xE2\x80\xAF", ',', kSpaceGroupCommaDecimal},
        {"'", '.', NumberFormat{'.', '\''}},
        {"", '.', NumberFormat{'.', '\0'}},
        {"", ',', NumberFormat{',', '\0'}},
    };
    for (int64_t value : values) {
        for (const Style& style : styles) {
            const std::string text = Written(value, style.group, style.decimal_mark);
            CAPTURE(text);
            Result<Amount> automatic = ParseAmount(text);
            REQUIRE(automatic.ok());
            REQUIRE(automatic->minor == value);
            AmountOptions explicit_format;
            explicit_format.format = style.format;
            Result<Amount> told = ParseAmount(text, explicit_format);
            REQUIRE(told.ok());
            REQUIRE(told->minor == value);
        }
    }
}

}  // namespace
}  // namespace stocktake
