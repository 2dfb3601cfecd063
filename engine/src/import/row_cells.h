// RowCells: what every converter does with one row's cells. Columns are resolved once per
// file from the binding; cells are read trimmed; problems become RowErrors naming the
// column as the file's header wrote it and quoting the cell.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "import/format_detect.h"
#include "stocktake/engine/types.h"
#include "store/record_write.h"

namespace stocktake::engine {

class RowCells {
  public:
    RowCells(const FormatBinding& binding, const std::vector<std::string>& header);

    // The column bound to a canonical field, or -1.
    int Column(std::string_view field) const;

    // Starts a row. Reports non-empty cells beyond the header (a value holding the
    // delimiter) as a row error.
    void Begin(std::span<const std::string_view> cells, int64_t line,
               std::vector<RowError>* errors);
    std::string_view Raw(int column) const;
    std::string_view Text(int column) const;  // trimmed
    void Error(int column, std::string message);
    bool HasErrors() const { return errors_->size() != errors_before_; }
    int64_t line() const { return line_; }

    // Parsed values; absent column -> nullopt (field not set); empty cell -> Null.
    // A bad cell adds an error and returns nullopt.
    std::optional<FieldValue> Amount(int column, int scale, bool allow_negative);
    std::optional<FieldValue> Quantity(int column);
    // ISO-8601 UTC text in *storage (owned by the caller, kept for the row).
    std::optional<FieldValue> Date(int column, std::string* storage);

    const std::vector<std::string>& header() const { return header_; }

  private:
    std::vector<std::string> header_;
    std::span<const std::string_view> cells_;
    int64_t line_ = 0;
    std::vector<RowError>* errors_ = nullptr;
    size_t errors_before_ = 0;
    std::vector<std::pair<std::string, int>> fields_;
};

}  // namespace stocktake::engine
