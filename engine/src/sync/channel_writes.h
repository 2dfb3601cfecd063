// The writes of channel rules, reallocation entries, their audited moves and the listed
// quantities a move changes, as last-writer-wins records through the outbox
// (sync/outbox.h), so every device ends with the same list and rules. The caller holds the
// transaction and has validated the values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "stocktake/engine/channels.h"
#include "stocktake/status.h"

namespace stocktake::engine {

class Store;

Status WriteChannelRules(Store& store, const ChannelRules& rules, std::string_view now);
Status WriteReallocation(Store& store, const ReallocationEntry& entry, std::string_view now);
Status WriteReallocationState(Store& store, const std::string& id, const std::string& state,
                              std::string_view now);
Status WriteReallocationMove(Store& store, const ReallocationMove& move, std::string_view now);
// A listing's listed quantity, the field an import of the channel's report would set.
Status WriteListingQuantity(Store& store, const std::string& sku, const std::string& channel,
                            const std::string& marketplace, int64_t quantity, std::string_view now);

}  // namespace stocktake::engine
