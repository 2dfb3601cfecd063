// The file formats the engine recognises by their header row (docs/FORMATS.md).
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

namespace stocktake::engine {

struct FormatInfo {
    std::string id;                             // stable snake_case id ("amazon_all_listings")
    std::string display_name;                   // for the seller
    std::vector<std::string> required_columns;  // documented header names
    bool importable = false;  // false: recognised, but its rows cannot be imported yet
};

// Every recognised format, then the generic catalog (columns mapped by the user).
std::vector<FormatInfo> ListFormats();

}  // namespace stocktake::engine
