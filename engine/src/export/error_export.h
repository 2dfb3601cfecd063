// The row errors of an import as a CSV a seller downloads from the import screen to fix
// their spreadsheet: columns "line,column,value,problem", one row per error.
//
// The file is for people and spreadsheets, never for importing again, so it is written
// with DelimitedWriterOptions::GuardedSpreadsheetCsv(): UTF-8 with a BOM (Excel reads
// accents correctly), CRLF, RFC 4180 quoting, and formula guarding. The value column
// repeats what the seller's file held, which may be "=HYPERLINK(...)"; guarded, it shows as
// text instead of running. The cost: a value like "-3" shows as "'-3".
// Thread safety: pure function; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stocktake::engine {

struct ErrorLine {
    int64_t line = 0;     // 1-based line in the imported file; <= 0: the whole file
    std::string column;   // header name, or "" for whole-row problems
    std::string value;    // the cell as the file held it, or ""
    std::string message;  // what is wrong and what to do about it
};

// The header row and one row per error, in the order given. A line <= 0 is written as
// an empty cell.
std::string WriteRowErrorsCsv(const std::vector<ErrorLine>& errors);

}  // namespace stocktake::engine
