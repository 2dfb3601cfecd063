// Units sold per channel and SKU in a time window: the one sales query the channel
// simulator needs (its velocity). A sale is an order line of an order that is not
// cancelled, dated by the order's ordered_at, on the order's channel. Kept to this one
// function so it can give way to a general sales query.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "stocktake/status.h"

namespace stocktake::engine {

class Db;

// (channel, sku) -> units ordered in [from, to) (ISO-8601 UTC instants).
Result<std::map<std::pair<std::string, std::string>, int64_t>> UnitsSoldByChannel(
    Db& db, std::string_view from, std::string_view to);

}  // namespace stocktake::engine
