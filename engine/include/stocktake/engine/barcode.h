// Barcodes: what a scanned code says and which product it names. GS1 element strings
// (GS1-128, GS1 DataMatrix, GS1 QR) carry a GTIN with a lot, an expiry and a count; retail
// codes (EAN/UPC) are GTINs; Amazon FNSKU labels and other codes reach a product through
// the barcode links (Engine::LinkBarcode). Plain value types and pure functions.
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake::engine {

// The application identifiers Stocktake reads from a GS1 element string.
struct Gs1Data {
    std::string gtin14;            // AI 01, check digit verified; "" when absent
    std::string lot;               // AI 10; "" when absent
    std::string expiry;            // AI 17 as "YYYY-MM-DD" (DD 00 = end of month); "" when absent
    std::optional<int64_t> count;  // AI 30 (items in the unit)
};

// The code without the AIM symbology identifier a scanner may put in front ("]d2", "]C1",
// "]E0", ...) and without surrounding spaces and line ends.
std::string_view StripSymbologyId(std::string_view code);

// True when code is a GS1 element string: it has a GS1 symbology identifier (]d2 DataMatrix,
// ]C1 GS1-128, ]Q3 QR, ]e0 DataBar), a GS (FNC1) separator, the human-readable "(01)..."
// form, or starts with AI 01 and a GTIN followed by more (a scanner that sends no
// identifier).
bool IsGs1ElementString(std::string_view code);

// Parses a GS1 element string in either form: raw (AIs back to back, variable-length
// fields ended by GS 0x1d) or human-readable ("(01)09501101530003(17)250531(10)AB1").
// Years are 20YY. AIs other than 01, 10, 17 and 30 are skipped when Stocktake knows their
// length (or they are in parentheses). InvalidArgument, saying where and why, for anything
// that cannot be read: a wrong check digit, a date that does not exist, an unknown AI in
// the raw form (its length, so where the next AI starts, is unknown).
Result<Gs1Data> ParseGs1(std::string_view code);

// True for the shape of an Amazon FNSKU: "X00" or "B0" and then letters and digits, ten
// characters in all.
bool IsFnsku(std::string_view code);

// How a scanned code reached its product (Engine::ResolveBarcode).
struct ResolvedBarcode {
    std::string code;        // the code as looked up (symbology identifier removed)
    std::string sku;         // the product
    std::string name;        // the product's name
    std::string matched_by;  // "link" (a barcode link), "gtin" (the product's GTIN) or "sku"
    std::string gtin14;      // when the code is a GTIN or a GS1 element string
    Gs1Data gs1;             // lot, expiry and count when the code carried them
};

// A code linked to a product (Engine::LinkBarcode): kind "gtin" (code is a GTIN-14),
// "fnsku" (an Amazon label) or "alias" (any other code).
struct BarcodeLink {
    std::string code;
    std::string sku;
    std::string kind;
};

}  // namespace stocktake::engine
