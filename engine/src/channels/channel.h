// Channel: the plug-in interface a marketplace implements. A channel says which features it
// opts into and writes the marketplace's own bulk files from listings the engine has already
// put through the seller's rules; it never calls the marketplace. One file per channel
// (amazon.cpp, ...) and one line in registry.cpp add a channel.
// Thread safety: channels are immutable singletons; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/engine/channels.h"

namespace stocktake::engine {

// One listing as a file builder sees it.
struct ChannelListing {
    std::string sku;
    std::string name;
    std::string marketplace;
    std::string listing_id;  // Amazon listing id, eBay item number, Shopify handle
    std::string asin;
    std::string fulfillment;  // "merchant" or "fba"
    std::string currency;
    // Price files: the new price; other files: the stored price. nullopt = unknown.
    std::optional<int64_t> price_minor;
    // The quantity after the rules; nullopt when the channel holds the stock (FBA).
    std::optional<int64_t> quantity;
    // Where the channel keeps the units, for files that name it (Shopify's location).
    std::string location;
};

enum ChannelFeatureBit : uint32_t {
    kQuantityFileBit = 1u << 0,
    kPriceFileBit = 1u << 1,
    kDelistFileBit = 1u << 2,
    kReallocationPushBit = 1u << 3,
    kReallocationPullBit = 1u << 4,
};

class Channel {
  public:
    virtual ~Channel() = default;

    virtual const char* id() const = 0;
    virtual const char* display_name() const = 0;
    virtual uint32_t features() const = 0;  // ChannelFeatureBit flags
    // Minutes the marketplace takes to show an uploaded quantity (a default the seller's
    // rules may override).
    virtual int64_t update_delay_minutes() const = 0;
    // Whether the marketplace itself holds this listing's stock (Amazon FBA): such a
    // listing has no quantity of ours to show.
    virtual bool HoldsStock(std::string_view fulfillment) const {
        (void)fulfillment;
        return false;
    }

    // Only called for a feature the channel opts into. Listings come by SKU.
    virtual BulkFile BuildQuantityFile(std::span<const ChannelListing> listings) const = 0;
    virtual BulkFile BuildPriceFile(std::span<const ChannelListing> listings) const = 0;
    // Pauses or ends the listings given (the engine passes those with nothing to show).
    virtual BulkFile BuildDelistFile(std::span<const ChannelListing> listings) const = 0;
};

// The registered channels, by id (registry.cpp).
const std::vector<const Channel*>& RegisteredChannels();
// nullptr when no channel has that id.
const Channel* FindChannel(std::string_view id);
ChannelInfo InfoOf(const Channel& channel);

}  // namespace stocktake::engine
