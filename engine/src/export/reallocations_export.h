// The reallocation list as a CSV for spreadsheets (UTF-8 with a BOM, CRLF, RFC 4180), with
// cells that would run as formulas guarded: a file for people, never imported again.
// Thread safety: pure function; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "stocktake/engine/channels.h"

namespace stocktake::engine {

// Columns: id, sku, channel_origin, reason, quantity, state, added_at, added_by.
std::string WriteReallocationsCsv(const std::vector<ReallocationEntry>& entries);

}  // namespace stocktake::engine
