// GTIN (barcode number) validation and normalisation per the GS1 General Specifications:
// GTIN-8 (EAN-8), GTIN-12 (UPC-A), GTIN-13 (EAN-13, ISBN-13) and GTIN-14, plus UPC-E, the
// zero-suppressed 8-digit form of a UPC-A. All of them share one mod-10 check digit whose
// weights are anchored on the right, so left-padding with zeros to 14 digits keeps the
// number valid: GTIN-14 is the one form in which two files' codes compare equal.
// GTINs are text, never numbers: leading zeros are part of the code.
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake {

enum class GtinKind {
    kGtin8,   // EAN-8
    kGtin12,  // UPC-A
    kGtin13,  // EAN-13 (also ISBN-13)
    kGtin14,
    kUpcE,  // written as 6 or 8 digits; gtin14 holds its UPC-A expansion
};

const char* GtinKindName(GtinKind kind);  // "GTIN-8", ..., "UPC-E"

struct Gtin {
    std::string original;  // the text as the file said it (surrounding spaces trimmed)
    std::string gtin14;    // 14 digits, zero-padded: the key for matching
    GtinKind kind = GtinKind::kGtin14;
};

// The GS1 check digit ('0'..'9') for `data`, the digits without the check digit.
// REQUIRES: `data` is all ASCII digits.
char GtinCheckDigit(std::string_view data);

// OK when `digits` is 8, 12, 13 or 14 ASCII digits whose last digit is the GS1 check digit
// of the others; otherwise InvalidArgument saying what is wrong (a non-digit, a length, or
// the check digit that was expected).
Status ValidateGtin(std::string_view digits);

// Expands a UPC-E to its 12-digit UPC-A. Accepts 8 digits "SabcdeNX" (number system S is 0
// or 1, X the check digit of the expansion, verified) or the 6-digit body "abcdeN" (S = 0,
// check digit computed). Any other input is InvalidArgument.
Result<std::string> ExpandUpcE(std::string_view upc_e);

// Validates a product code and returns it as GTIN-14 alongside what the file said.
// Accepts 8, 12, 13 or 14 digits, and 6-digit UPC-E bodies; surrounding spaces are trimmed,
// anything else that is not a digit is rejected (ASINs, "036000 291452", "3.6E+11").
// Eight digits are both EAN-8 and UPC-E: the reading whose check digit holds wins; when
// both hold, a leading 0 reads as UPC-E (US number system 0, by far the commonest UPC-E;
// EAN-8s starting with 0 are restricted-circulation or unassigned) and anything else as
// EAN-8. Lengths 9 to 11 are rejected rather than padded: they are usually a UPC or EAN
// whose leading zeros a spreadsheet dropped, and the file should be fixed, not guessed at.
Result<Gtin> NormalizeToGtin14(std::string_view text);

}  // namespace stocktake
