#include "export/error_export.h"

#include "export/delimited_writer.h"

namespace stocktake::engine {

std::string WriteRowErrorsCsv(const std::vector<ErrorLine>& errors) {
    DelimitedWriter writer(DelimitedWriterOptions::GuardedSpreadsheetCsv());
    writer.WriteRow({"line", "column", "value", "problem"});
    for (const ErrorLine& error : errors) {
        const std::string line = error.line > 0 ? std::to_string(error.line) : std::string();
        writer.WriteRow({line, error.column, error.value, error.message});
    }
    return writer.Take();
}

}  // namespace stocktake::engine
