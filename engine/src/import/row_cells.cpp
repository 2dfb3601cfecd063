#include "import/row_cells.h"

#include "import/tsv_lines.h"
#include "stocktake/decimal.h"
#include "stocktake/time.h"

namespace stocktake::engine {

RowCells::RowCells(const FormatBinding& binding, const std::vector<std::string>& header)
    : header_(header), fields_(binding.fields.begin(), binding.fields.end()) {}

int RowCells::Column(std::string_view field) const {
    for (const auto& [name, column] : fields_) {
        if (name == field) return column;
    }
    return -1;
}

void RowCells::Begin(std::span<const std::string_view> cells, int64_t line,
                     std::vector<RowError>* errors) {
    cells_ = cells;
    line_ = line;
    errors_ = errors;
    errors_before_ = errors->size();
    const size_t width = header_.size();
    for (size_t i = width; i < cells.size(); ++i) {
        if (!TrimSpace(cells[i]).empty()) {
            errors->push_back(
                RowError{line, "",
                         "the row has " + std::to_string(cells.size()) +
                             " fields but the header has " + std::to_string(width) +
                             "; a value may contain the delimiter. Fix the row and import it again",
                         std::string(cells[i])});
            break;
        }
    }
}

std::string_view RowCells::Raw(int column) const {
    if (column < 0 || static_cast<size_t>(column) >= cells_.size()) return {};
    return cells_[static_cast<size_t>(column)];
}

std::string_view RowCells::Text(int column) const {
    return TrimSpace(Raw(column));
}

void RowCells::Error(int column, std::string message) {
    const std::string name = column >= 0 && static_cast<size_t>(column) < header_.size()
                                 ? header_[static_cast<size_t>(column)]
                                 : std::string();
    errors_->push_back(RowError{line_, name, std::move(message), std::string(Raw(column))});
}

std::optional<FieldValue> RowCells::Amount(int column, int scale, bool allow_negative) {
    if (column < 0) return std::nullopt;
    const std::string_view text = Text(column);
    if (text.empty()) return FieldValue::Null();
    AmountOptions options;
    options.scale = scale;
    Result<stocktake::Amount> amount = ParseAmount(text, options);
    if (!amount.ok()) {
        Error(column, amount.status().message());
        return std::nullopt;
    }
    if (!amount->minor) return FieldValue::Null();
    if (*amount->minor < 0 && !allow_negative) {
        // Appended piecewise: g++ 12 warns falsely (-Wrestrict) on "'" + std::string(...).
        std::string message = "'";
        message += text;
        message += "' is negative; a price cannot be";
        Error(column, std::move(message));
        return std::nullopt;
    }
    return FieldValue::Int(*amount->minor);
}

std::optional<FieldValue> RowCells::Quantity(int column) {
    if (column < 0) return std::nullopt;
    Result<std::optional<int64_t>> quantity = ParseQuantity(Text(column));
    if (!quantity.ok()) {
        Error(column, quantity.status().message() + "; leave it empty when unknown");
        return std::nullopt;
    }
    return quantity.value() ? FieldValue::Int(**quantity) : FieldValue::Null();
}

std::optional<FieldValue> RowCells::Date(int column, std::string* storage) {
    if (column < 0) return std::nullopt;
    const std::string_view text = Text(column);
    if (text.empty()) return FieldValue::Null();
    Result<int64_t> when = ParseDateTime(text);
    if (!when.ok()) {
        Error(column, when.status().message());
        return std::nullopt;
    }
    *storage = FormatIso8601Utc(when.value());
    return FieldValue::Text(*storage);
}

}  // namespace stocktake::engine
