// ChannelsRepo: reads of channel rules, of the listings a channel file covers, and of the
// reallocation list and its audit, plus the purge of old entries. The records themselves
// are written through the outbox (sync/channel_writes.h). The caller holds the transaction
// for writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/channel.h"
#include "stocktake/engine/channels.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

// A stored listing with what the channel files need.
struct StoredChannelListing {
    std::string channel;
    ChannelListing listing;         // quantity: the stored listed quantity
    std::optional<int64_t> listed;  // the same, kept when listing.quantity is replaced
};

class ChannelsRepo {
  public:
    explicit ChannelsRepo(Db* db) : db_(db) {}

    Result<std::optional<ChannelRules>> FindRules(std::string_view channel);
    // Listings on channel ("" = all), by channel, SKU and marketplace, with product names.
    Result<std::vector<StoredChannelListing>> Listings(std::string_view channel);

    Result<std::optional<ReallocationEntry>> FindEntry(std::string_view id);
    // Newest first; state "" = all.
    Result<std::vector<ReallocationEntry>> Entries(std::string_view state);
    // Newest first; sku "" = all.
    Result<std::vector<ReallocationMove>> Moves(std::string_view sku);
    // Deletes the entries added before cutoff (ISO-8601 UTC); returns how many. Derived on
    // every device from the same rule, so not an op (docs/DECISIONS.md).
    Result<int64_t> PurgeEntriesBefore(std::string_view cutoff);

  private:
    Db* db_;
};

}  // namespace stocktake::engine
