// RecordWrite: the fields one imported row sets on one stored record (a product, a listing,
// a vendor price). Fields a row does not set keep their stored value, so a file that lacks a
// column never blanks what another file wrote. Importers fill these; RecordTable applies
// them. Views point into the importer's buffers and stay valid until the row is applied.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace stocktake::engine {

struct FieldValue {
    enum class Kind : uint8_t { kNull, kInt, kText };
    Kind kind = Kind::kNull;
    int64_t integer = 0;
    std::string_view text;

    static FieldValue Null() { return {}; }
    static FieldValue Int(int64_t value) { return {Kind::kInt, value, {}}; }
    static FieldValue Text(std::string_view value) { return {Kind::kText, 0, value}; }
};

// Column indexes of each table's value columns (the order of the TableSpecs in
// record_table.cpp).
enum ProductColumn : int {
    kProductName,
    kProductDescription,
    kProductId,
    kProductIdType,
    kProductGtin,
    kProductBrand,
    kProductCategory,
    kProductImageUrl,
    kProductCondition,
    kProductWeight,
    kProductAsin,
    kProductListPrice,
    kProductCost,
    kProductCurrency,
    kProductGtin14,   // derived, for matching; not shown in diffs
    kProductNameKey,  // derived, for matching; not shown in diffs
    kProductColumnCount
};

enum ListingColumn : int {
    kListingId,
    kListingAsin,
    kListingPrice,
    kListingQuantity,
    kListingFulfillment,
    kListingStatus,
    kListingOpenedAt,
    kListingCurrency,
    kListingColumnCount
};

enum VendorPriceColumn : int {
    kVendorCost,
    kVendorCurrency,
    kVendorMoq,
    kVendorPackSize,
    kVendorLeadTimeDays,
    kVendorPartNumber,
    kVendorColumnCount
};

enum BarcodeColumn : int { kBarcodeSku, kBarcodeKind, kBarcodeColumnCount };

struct RecordWrite {
    bool active = false;
    // Key columns in the table's order: product {sku}; listing {sku, channel, marketplace};
    // vendor price {supplier, sku}.
    std::array<std::string_view, 3> key{};
    std::vector<std::pair<int, FieldValue>> fields;

    void Reset() {
        active = false;
        key = {};
        fields.clear();
    }
    void Set(int column, FieldValue value) { fields.emplace_back(column, value); }
};

// Everything one data row writes. The product comes first (listings refer to it).
struct RowWrites {
    RecordWrite product;
    RecordWrite listing;
    RecordWrite vendor_price;
    RecordWrite barcode;  // a code the row links to its product (an FBA row's FNSKU)

    void Reset() {
        product.Reset();
        listing.Reset();
        vendor_price.Reset();
        barcode.Reset();
    }
};

}  // namespace stocktake::engine
