#include "import/supplier_price_sheet.h"

#include "import/tsv_lines.h"
#include "stocktake/ascii.h"
#include "stocktake/decimal.h"

namespace stocktake::engine {

namespace {

struct Cell {
    int column = -1;
    std::string_view text;  // trimmed
    std::string_view raw;
};

Cell CellFor(const FormatBinding& binding, const std::vector<std::string_view>& cells,
             const char* field) {
    Cell cell;
    const auto it = binding.fields.find(field);
    if (it == binding.fields.end()) return cell;
    cell.column = it->second;
    if (cell.column >= 0 && static_cast<size_t>(cell.column) < cells.size()) {
        cell.raw = cells[static_cast<size_t>(cell.column)];
        cell.text = TrimSpace(cell.raw);
    }
    return cell;
}

void AddError(const char* field, const Cell& cell, std::string message,
              std::vector<FieldError>* errors) {
    FieldError error;
    error.field = field;
    error.column = cell.column;
    error.value = std::string(cell.raw);
    error.message = std::move(message);
    errors->push_back(std::move(error));
}

// Drops a trailing unit word from lead times ("14 days", "14d"): sheets write them so.
std::string_view StripDaysSuffix(std::string_view text) {
    for (std::string_view suffix : {"days", "day", "d"}) {
        // A bare unit ("d") is not a number with a unit: leave it for the number check.
        if (text.size() > suffix.size() && EndsWithIgnoreAsciiCase(text, suffix)) {
            return TrimSpace(text.substr(0, text.size() - suffix.size()));
        }
    }
    return text;
}

// An optional whole number >= minimum; "1,000" is fine, "2.5" and "3-5" are not.
std::optional<int64_t> WholeNumber(const char* field, const Cell& cell, std::string_view text,
                                   int64_t minimum, const char* what,
                                   std::vector<FieldError>* errors) {
    if (cell.text.empty()) return std::nullopt;
    Result<int64_t> value = ParseDecimalMinor(text, 0);
    if (!value.ok()) {
        AddError(field, cell, std::string(what) + " must be a whole number", errors);
        return std::nullopt;
    }
    if (value.value() < minimum) {
        AddError(field, cell, std::string(what) + " must be at least " + std::to_string(minimum),
                 errors);
        return std::nullopt;
    }
    return value.value();
}

}  // namespace

SupplierRowResult ValidateSupplierPriceRow(const FormatBinding& binding,
                                           const std::vector<std::string_view>& cells) {
    SupplierRowResult result;
    std::vector<FieldError>& errors = result.errors;
    SupplierPriceRow row;

    const Cell supplier = CellFor(binding, cells, "supplier");
    if (supplier.text.empty()) {
        AddError("supplier", supplier, "supplier is required", &errors);
    }
    row.supplier = std::string(supplier.text);

    const Cell sku = CellFor(binding, cells, "sku");
    if (sku.text.empty()) AddError("sku", sku, "sku is required", &errors);
    row.sku = std::string(sku.text);

    const Cell cost = CellFor(binding, cells, "cost");
    if (cost.text.empty()) {
        AddError("cost", cost, "cost is required", &errors);
    } else {
        Result<int64_t> parsed = ParseDecimalMinor(cost.text, kSupplierCostScale);
        if (!parsed.ok()) {
            AddError("cost", cost,
                     "cost must be a number like 12.50 or 0.0375 (at most 4 decimals, a dot as "
                     "decimal separator, no currency symbol: put the currency in its own column)",
                     &errors);
        } else if (parsed.value() < 0) {
            AddError("cost", cost, "cost cannot be negative", &errors);
        } else {
            row.cost = parsed.value();
        }
    }

    const Cell currency = CellFor(binding, cells, "currency");
    if (!currency.text.empty()) {
        bool letters = currency.text.size() == 3;
        for (char c : currency.text) {
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) letters = false;
        }
        if (!letters) {
            AddError("currency", currency, "currency must be a 3-letter ISO code such as USD",
                     &errors);
        } else {
            for (char c : currency.text) {
                row.currency += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
            }
        }
    }

    const Cell moq = CellFor(binding, cells, "moq");
    row.moq = WholeNumber("moq", moq, moq.text, 1, "minimum order quantity", &errors);
    const Cell pack = CellFor(binding, cells, "pack_size");
    row.pack_size = WholeNumber("pack_size", pack, pack.text, 1, "pack size", &errors);
    const Cell lead = CellFor(binding, cells, "lead_time_days");
    row.lead_time_days = WholeNumber("lead_time_days", lead, StripDaysSuffix(lead.text), 0,
                                     "lead time (days)", &errors);

    if (errors.empty()) result.row = std::move(row);
    return result;
}

SupplierRowResult ValidateSupplierPriceRow(const FormatBinding& binding,
                                           const std::vector<std::string>& cells) {
    std::vector<std::string_view> views(cells.begin(), cells.end());
    return ValidateSupplierPriceRow(binding, views);
}

}  // namespace stocktake::engine
