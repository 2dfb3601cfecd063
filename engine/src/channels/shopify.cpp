// Shopify: the inventory CSV with one row per variant and location (Products > Inventory >
// Import), setting "On hand (new)". Shopify derives Available from it minus its own
// committed units, so it shows at most what the rules allow. The inventory file has no
// prices (they live in the product CSV), so Shopify does not opt into price files.
// docs/FORMATS.md.
#include "channels/bulk_file.h"

namespace stocktake::engine {
namespace {

class ShopifyChannel final : public TableFileChannel {
  public:
    const char* id() const override { return "shopify"; }
    const char* display_name() const override { return "Shopify"; }
    uint32_t features() const override {
        return kQuantityFileBit | kDelistFileBit | kReallocationPushBit | kReallocationPullBit;
    }
    // An inventory import applies within minutes of the upload.
    int64_t update_delay_minutes() const override { return 30; }

  protected:
    DelimitedWriterOptions Options() const override {
        return DelimitedWriterOptions::SpreadsheetCsv();
    }
    std::vector<std::vector<std::string_view>> Header() const override {
        return {{"Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name",
                 "Option2 Value", "Option3 Name", "Option3 Value", "SKU", "HS Code", "COO",
                 "Location", "Bin name", "Incoming (not editable)", "Unavailable (not editable)",
                 "Committed (not editable)", "Available (not editable)", "On hand (current)",
                 "On hand (new)"}};
    }
    // Options and the read-only columns are left empty: Stocktake does not keep options,
    // and the handle and SKU name the variant.
    Cells QuantityRow(const ChannelListing& l, int64_t quantity) const override {
        Cells row(19);
        row[0] = l.listing_id;               // Handle
        row[1] = l.name;                     // Title
        row[8] = l.sku;                      // SKU
        row[11] = l.location;                // Location
        row[18] = std::to_string(quantity);  // On hand (new)
        return row;
    }
};

}  // namespace

const Channel& ShopifyChannelPlugin() {
    static const ShopifyChannel kChannel;
    return kChannel;
}

}  // namespace stocktake::engine
