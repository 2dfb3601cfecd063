#include "export/delimited_writer.h"
#include "stocktake/engine/export.h"

namespace stocktake::engine {

std::string RowErrorsCsv(const std::vector<RowError>& errors) {
    DelimitedWriter writer(DelimitedWriterOptions::GuardedSpreadsheetCsv());
    writer.WriteRow({"line", "column", "value", "problem"});
    for (const RowError& error : errors) {
        const std::string line = error.line > 0 ? std::to_string(error.line) : std::string();
        writer.WriteRow({line, error.column, error.value, error.message});
    }
    return writer.Take();
}

}  // namespace stocktake::engine
