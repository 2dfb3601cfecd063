// Files the engine writes for the seller to download.
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "stocktake/engine/types.h"

namespace stocktake::engine {

// The rejected rows of an import as a CSV a spreadsheet opens as UTF-8 (with a BOM):
// columns line, column, value, problem. Cells that a spreadsheet would run as a formula
// are prefixed with ' so opening the file is safe.
std::string RowErrorsCsv(const std::vector<RowError>& errors);

}  // namespace stocktake::engine
