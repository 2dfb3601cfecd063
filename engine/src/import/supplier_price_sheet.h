// Row validation for supplier price sheets (format "supplier_price_sheet", see formats.cpp):
// required supplier, sku, cost; optional currency, moq, pack size, lead time in days. The
// store upserts valid rows into vendor_prices keyed by (supplier, sku).
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "import/format_detect.h"

namespace stocktake::engine {

// Supplier costs often have sub-cent precision (0.0375 per unit in bulk), so cost is kept in
// units of 10^-4 of the currency rather than in cents.
inline constexpr int kSupplierCostScale = 4;

struct SupplierPriceRow {
    std::string supplier;        // trimmed
    std::string sku;             // trimmed
    int64_t cost = 0;            // 10^-kSupplierCostScale currency units, >= 0
    std::string currency;        // ISO 4217 upper case; "" when the sheet has none (store default)
    std::optional<int64_t> moq;  // >= 1
    std::optional<int64_t> pack_size;       // >= 1
    std::optional<int64_t> lead_time_days;  // >= 0
};

// One problem with one cell, for the import report and the row's highlight.
struct FieldError {
    std::string field;  // canonical field ("cost", "moq", ...)
    int column = -1;    // 0-based column index in the file, -1 when the column is absent
    std::string value;  // the cell as written
    std::string message;
};

struct SupplierRowResult {
    std::optional<SupplierPriceRow> row;  // set only when errors is empty
    std::vector<FieldError> errors;       // every problem of the row, not just the first
};

// Validates one data row (cells in file order) against a binding from
// BindFormat("supplier_price_sheet", header). Short rows read as empty cells.
SupplierRowResult ValidateSupplierPriceRow(const FormatBinding& binding,
                                           const std::vector<std::string_view>& cells);
SupplierRowResult ValidateSupplierPriceRow(const FormatBinding& binding,
                                           const std::vector<std::string>& cells);

}  // namespace stocktake::engine
