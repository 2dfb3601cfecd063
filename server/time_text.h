// Time as text for logs, storage and HTTP headers. All UTC.
// Thread safety: pure functions.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace stocktake::server {

// "2024-05-01T12:00:00.123Z": now, millisecond precision.
std::string NowIsoUtc();

// RFC 7231 IMF-fixdate, e.g. "Wed, 01 May 2024 12:00:00 GMT".
std::string FormatHttpDate(std::time_t t);
// Parses an IMF-fixdate; empty on anything else.
std::optional<std::time_t> ParseHttpDate(std::string_view text);

}  // namespace stocktake::server
