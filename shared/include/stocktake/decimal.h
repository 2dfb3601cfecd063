// Decimal text to integer minor units (money as int64 cents), with no floating point and
// no locale. Accepts what price columns hold in practice: "15.69", "25", "0.02", ".5",
// "-3.10", "1,299" (comma thousands separators in groups of three), surrounding spaces.
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake {

// Parses text into units of 10^-scale: ParseDecimalMinor("15.69", 2) == 1569. Rejects empty
// text, stray characters, misplaced separators, more significant fraction digits than
// `scale` ("1.005" at scale 2; trailing zeros are fine) and values that overflow int64.
// REQUIRES: 0 <= scale <= 9.
Result<int64_t> ParseDecimalMinor(std::string_view text, int scale = 2);

// Formats minor units back to text: FormatDecimalMinor(1569, 2) == "15.69".
std::string FormatDecimalMinor(int64_t minor, int scale = 2);

}  // namespace stocktake
