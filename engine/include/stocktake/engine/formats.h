// The file formats the engine recognises by their header row (docs/FORMATS.md).
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stocktake/engine/types.h"
#include "stocktake/status.h"

namespace stocktake::engine {

// The format id of a catalogue whose columns the user maps (ImportRequest::mapping).
inline constexpr std::string_view kGenericCatalogFormatId = "generic_catalog";
inline constexpr std::string_view kGenericCatalogDisplayName = "Catalog CSV (your column mapping)";

struct FormatInfo {
    std::string id;                             // stable snake_case id ("amazon_all_listings")
    std::string display_name;                   // for the seller
    std::vector<std::string> required_columns;  // documented header names
    bool importable = false;  // false: recognised, but its rows cannot be imported yet
};

// Every recognised format, then the generic catalog (columns mapped by the user).
std::vector<FormatInfo> ListFormats();

// A generic-catalogue mapping written as JSON: the saved form
// {"version":1,"fields":{"sku":{"column":"Item Code","occurrence":1}}} or the short form
// {"sku":"Item Code","name":"Title"}. InvalidArgument saying what is wrong, including a
// mapping without "sku".
Result<ColumnMapping> ParseColumnMapping(std::string_view json);

}  // namespace stocktake::engine
