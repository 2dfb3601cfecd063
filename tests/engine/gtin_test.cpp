#include "stocktake/gtin.h"

#include <catch2/catch.hpp>
#include <string>

namespace stocktake {
namespace {

TEST_CASE("GS1 check digits of real GTINs", "[shared][gtin]") {
    const char* code = GENERATE("036000291452",    // UPC-A (Wrigley)
                                "4006381333931",   // EAN-13 (Stabilo)
                                "9780306406157",   // ISBN-13 of ISBN-10 0306406152
                                "96385074",        // EAN-8
                                "55123457",        // EAN-8
                                "10012345678902",  // GTIN-14 (case of 00012345678905)
                                "00012345678905",  // GTIN-14 padded GTIN-12
                                "012345000065", "042100005264");
    CAPTURE(code);
    CHECK(ValidateGtin(code).ok());
    const std::string digits = code;
    CHECK(GtinCheckDigit(digits.substr(0, digits.size() - 1)) == digits.back());
}

TEST_CASE("GTIN validation rejects wrong check digits, lengths and non-digits", "[shared][gtin]") {
    struct Bad {
        const char* text;
        const char* reason;
    };
    const Bad bad = GENERATE(values<Bad>({
        {"036000291453", "check digit should be 2"},
        {"4006381333932", "check digit should be 1"},
        {"96385075", "check digit should be 4"},
        {"0360002914", "10 digits"},
        {"", "empty"},
        {"03600029145X", "character 12 is not a digit"},
        {"B00EXAMPLE", "character 1 is not a digit"},
        {"0360 0029 1452", "character 5"},
        {"3.6E+11", "character 2"},
    }));
    CAPTURE(bad.text);
    const Status status = ValidateGtin(bad.text);
    REQUIRE_FALSE(status.ok());
    CHECK(status.code() == Code::kInvalidArgument);
    CHECK(status.message().find(bad.reason) != std::string::npos);
    CHECK(status.message().find(std::string("'") + bad.text + "'") != std::string::npos);
}

TEST_CASE("UPC-E expands to UPC-A under every last-digit rule", "[shared][gtin]") {
    struct Expansion {
        const char* upc_e;
        const char* upc_a;
    };
    const Expansion c = GENERATE(values<Expansion>({
        {"04252614", "042100005264"},  // N = 1
        {"01234505", "012000003455"},  // N = 0
        {"01234514", "012100003454"},  // N = 1
        {"01234523", "012200003453"},  // N = 2
        {"01234531", "012300000451"},  // N = 3
        {"01234543", "012340000053"},  // N = 4
        {"01234558", "012345000058"},  // N = 5
        {"01234565", "012345000065"},  // N = 6
        {"01234596", "012345000096"},  // N = 9
        {"11234520", "112200003450"},  // number system 1
        {"11234538", "112300000458"},
        {"16543214", "165100004324"},
        {"425261", "042100005264"},  // 6-digit body: S = 0, check digit computed
        {"123453", "012300000451"},
    }));
    CAPTURE(c.upc_e);
    Result<std::string> upc_a = ExpandUpcE(c.upc_e);
    REQUIRE(upc_a.ok());
    CHECK(upc_a.value() == c.upc_a);
    CHECK(ValidateGtin(upc_a.value()).ok());
}

TEST_CASE("UPC-E expansion rejects bad input with a reason", "[shared][gtin]") {
    const char* text = GENERATE("04252615", "24252614", "0425261", "042526140", "04252a14", "");
    CAPTURE(text);
    Result<std::string> upc_a = ExpandUpcE(text);
    REQUIRE_FALSE(upc_a.ok());
    CHECK(upc_a.status().code() == Code::kInvalidArgument);
}

TEST_CASE("product codes normalise to GTIN-14 and keep what the file said", "[shared][gtin]") {
    struct Normal {
        const char* text;
        const char* original;
        const char* gtin14;
        GtinKind kind;
    };
    const Normal c = GENERATE(values<Normal>({
        {"036000291452", "036000291452", "00036000291452", GtinKind::kGtin12},
        {"4006381333931", "4006381333931", "04006381333931", GtinKind::kGtin13},
        {"9780306406157", "9780306406157", "09780306406157", GtinKind::kGtin13},
        {"10012345678902", "10012345678902", "10012345678902", GtinKind::kGtin14},
        {"96385074", "96385074", "00000096385074", GtinKind::kGtin8},
        {"04252614", "04252614", "00042100005264", GtinKind::kUpcE},
        {"425261", "425261", "00042100005264", GtinKind::kUpcE},
        // Valid both as EAN-8 and UPC-E: a leading 0 reads as UPC-E, otherwise EAN-8.
        {"01234565", "01234565", "00012345000065", GtinKind::kUpcE},
        {"11234562", "11234562", "00000011234562", GtinKind::kGtin8},
        {"  036000291452\t", "036000291452", "00036000291452", GtinKind::kGtin12},
        {"00012345678905", "00012345678905", "00012345678905", GtinKind::kGtin14},
    }));
    CAPTURE(c.text);
    Result<Gtin> gtin = NormalizeToGtin14(c.text);
    REQUIRE(gtin.ok());
    CHECK(gtin->original == c.original);
    CHECK(gtin->gtin14 == c.gtin14);
    CHECK(gtin->kind == c.kind);
    CHECK(ValidateGtin(gtin->gtin14).ok());
}

TEST_CASE("one product written as UPC-E, UPC-A, EAN-13 and GTIN-14 matches", "[shared][gtin]") {
    const char* form = GENERATE("04252614", "042100005264", "0042100005264", "00042100005264");
    CAPTURE(form);
    Result<Gtin> gtin = NormalizeToGtin14(form);
    REQUIRE(gtin.ok());
    CHECK(gtin->gtin14 == "00042100005264");
    CHECK(gtin->original == form);
}

TEST_CASE("normalisation refuses what it cannot vouch for", "[shared][gtin]") {
    struct Bad {
        const char* text;
        const char* reason;
    };
    const Bad bad = GENERATE(values<Bad>({
        {"", "empty"},
        {"   ", "empty"},
        {"36000291452", "leading zeros lost"},  // UPC-A after a spreadsheet
        {"0306406152", "leading zeros lost"},   // ISBN-10 is not a GTIN
        {"B07XJ8C8F5", "not a digit"},          // ASIN
        {"036000-291452", "character 7"},
        {"036000291453", "check digit should be 2"},
        {"96385075", "neither EAN-8"},
        {"00000000000000", "placeholder"},
        {"12345", "5 digits"},
        {"123456789012345", "15 digits"},
        {"4006381333931\xC2\xA0", "not a digit"},  // NBSP is not trimmed away silently
    }));
    CAPTURE(bad.text);
    Result<Gtin> gtin = NormalizeToGtin14(bad.text);
    REQUIRE_FALSE(gtin.ok());
    CHECK(gtin.status().code() == Code::kInvalidArgument);
    CHECK(gtin.status().message().find(bad.reason) != std::string::npos);
}

TEST_CASE("every GTIN kind has a name", "[shared][gtin]") {
    CHECK(std::string(GtinKindName(GtinKind::kGtin8)) == "GTIN-8");
    CHECK(std::string(GtinKindName(GtinKind::kGtin12)) == "GTIN-12");
    CHECK(std::string(GtinKindName(GtinKind::kGtin13)) == "GTIN-13");
    CHECK(std::string(GtinKindName(GtinKind::kGtin14)) == "GTIN-14");
    CHECK(std::string(GtinKindName(GtinKind::kUpcE)) == "UPC-E");
}

}  // namespace
}  // namespace stocktake
