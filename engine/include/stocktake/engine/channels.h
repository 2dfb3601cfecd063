// Channels and the reallocation list: what each marketplace would show after the seller's
// rules, the marketplace's own bulk files (nothing here calls a marketplace), and the list
// of SKUs one channel offers and another takes. Plain value types; the Engine's channel
// methods take and return them.
// Thread safety: values; ApplyChannelRules is a pure function.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stocktake::engine {

// What a channel plug-in opts into (ChannelInfo::features).
inline constexpr const char* kFeatureQuantityFile = "quantity_file";
inline constexpr const char* kFeaturePriceFile = "price_file";
inline constexpr const char* kFeatureDelistFile = "delist_file";
inline constexpr const char* kFeatureReallocationPush = "reallocation_push";
inline constexpr const char* kFeatureReallocationPull = "reallocation_pull";

struct ChannelInfo {
    std::string id;  // "amazon", the same as ListingRow::channel
    std::string display_name;
    std::vector<std::string> features;  // kFeature... names
    // How long the marketplace takes to show a quantity after the file is uploaded (the
    // plug-in's default; ChannelRules::update_delay_minutes overrides it).
    int64_t update_delay_minutes = 0;
};

// The seller's rules for one channel, applied to a SKU's available stock (on hand minus
// open orders, Engine::Availabilities) in this order:
//   1. nothing available (<= 0): 0;
//   2. available < zero_below: 0 (a buffer for the last units);
//   3. floor(available * percent_of_available / 100);
//   4. raised to min_quantity when that is less, but never above what is available;
//   5. capped at max_quantity.
// The defaults list everything available.
struct ChannelRules {
    std::string channel;
    std::optional<int64_t> max_quantity;  // >= 0; nullopt = no cap
    int64_t percent_of_available = 100;   // 0..100
    int64_t min_quantity = 0;             // >= 0
    int64_t zero_below = 0;               // >= 0; 0 = no buffer
    // Overrides the channel's update delay (minutes, 0..43200); nullopt = the plug-in's.
    std::optional<int64_t> update_delay_minutes;
};

struct ChannelQuantity {
    int64_t quantity = 0;
    // The step that decided it: "out_of_stock", "zero_below", "available", "percent",
    // "min_quantity" or "max_quantity".
    std::string decided_by;
};

ChannelQuantity ApplyChannelRules(const ChannelRules& rules, int64_t available);

// One listing as its channel would show it now (Engine::SimulateChannels).
struct SimulatedListing {
    std::string sku;
    std::string channel;
    std::string marketplace;
    std::string listing_id;
    std::string fulfillment;
    int64_t available = 0;
    std::optional<int64_t> listed;      // the quantity stored for the listing, if known
    std::optional<int64_t> would_show;  // nullopt: the channel holds the stock (FBA)
    std::string decided_by;             // ChannelQuantity::decided_by, or "channel_stock"
    int64_t units_sold_30d = 0;         // order lines on this channel, not cancelled
    double velocity_per_day = 0;        // units_sold_30d / 30
    int64_t update_delay_minutes = 0;
    // Units the channel is expected to sell before it shows a change: velocity x delay.
    double sales_during_delay = 0;
    // The listing shows stock and may sell all that is available before it hears of it:
    // would_show > 0 and sales_during_delay >= available.
    bool oversell_risk = false;
};

inline constexpr int64_t kVelocityWindowDays = 30;

enum class BulkFileKind {
    kQuantity,  // listed quantities after the rules
    kPrice,     // prices, adjusted by ChannelExportOptions
    kDelist,    // pause or end the listings with nothing to show (quantity 0 after rules)
};
const char* BulkFileKindName(BulkFileKind kind);  // "quantity", "price", "delist"

struct ChannelExportOptions {
    BulkFileKind kind = BulkFileKind::kQuantity;
    // Price files: every price changes by this many hundredths of a percent (-250 = -2.5%),
    // rounded half away from zero to the cent. > -10000.
    int64_t price_change_basis_points = 0;
    // Price files: SKU -> new price in cents, instead of the adjusted price.
    std::map<std::string, int64_t> prices;
    // Shopify's inventory file names a location; "" = the listing's marketplace, else
    // "Shop location".
    std::string location;
};

// A marketplace's bulk file, ready to upload.
struct BulkFile {
    std::string channel;
    std::string kind;       // BulkFileKindName
    std::string file_name;  // "amazon_quantity.txt"
    std::string media_type;
    std::string text;
    int64_t rows = 0;     // data rows written
    int64_t skipped = 0;  // listings the file leaves out (notes say why)
    std::vector<std::string> notes;
};

// --- The reallocation list -------------------------------------------------------------
// A channel pushes a SKU it sells slowly onto the list; another channel pulls it, moving
// stock (a ledger transfer) or listed quantity (the listings' quantities) towards itself.
// Every move is audited (ReallocationMove). Entries older than kReallocationRetentionDays
// are purged.

inline constexpr int64_t kReallocationRetentionDays = 90;
inline constexpr const char* kReallocationOpen = "open";
inline constexpr const char* kReallocationTaken = "taken";

struct ReallocationEntry {
    std::string id;
    std::string sku;
    std::string channel_origin;
    std::string reason;
    std::optional<int64_t> quantity;  // units offered; nullopt = whatever is listed
    std::string state;                // "open" or "taken"
    std::string added_at;             // ISO-8601 UTC
    std::string added_by;
};

struct ReallocationPush {
    std::string sku;
    std::string channel;  // must opt into reallocation_push
    std::string reason;
    std::optional<int64_t> quantity;
    std::string added_by;
    std::string at;  // ISO-8601; "" = now
};

struct ReallocationPull {
    std::string entry_id;
    std::string channel;  // the taker: must opt into reallocation_pull
    int64_t quantity = 0;
    std::string by;
    std::string at;  // ISO-8601; "" = now
    // Both set: the stock moves between these locations (a ledger transfer), e.g. to the
    // warehouse that feeds the channel. Both empty: the origin's listed quantity goes down
    // and the taker's goes up (one listing of the SKU on each channel).
    std::string from_location;
    std::string to_location;
};

inline constexpr const char* kMoveTransfer = "transfer";
inline constexpr const char* kMoveListingQuantity = "listing_quantity";

// The audit record of one pull.
struct ReallocationMove {
    std::string id;
    std::string entry_id;
    std::string sku;
    std::string from_channel;
    std::string to_channel;
    std::string from_location;  // transfers only
    std::string to_location;
    int64_t quantity = 0;
    std::string kind;  // kMoveTransfer or kMoveListingQuantity
    std::string by;
    std::string at;
    std::string reference;  // transfers: the movements' reference
};

}  // namespace stocktake::engine
