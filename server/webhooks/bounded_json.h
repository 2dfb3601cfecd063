// Parsing untrusted JSON with a nesting limit: the depth is measured on the raw text first
// (one pass, no allocation), so a body of 10,000 nested arrays is refused before any parser
// or destructor recurses through it.
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake::server {

// The deepest nesting of arrays and objects in text (strings' contents ignored); text need
// not be valid JSON.
int JsonNestingDepth(std::string_view text);

// text as JSON. InvalidArgument when it nests deeper than max_depth or is not JSON.
Result<nlohmann::json> ParseBoundedJson(std::string_view text, int max_depth);

}  // namespace stocktake::server
