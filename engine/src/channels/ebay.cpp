// eBay: a File Exchange CSV of Revise rows, keyed by ItemID (the item number) and
// CustomLabel (the SKU); an empty cell leaves the listing's value alone. Delisting revises
// the quantity to 0, which keeps the listing (out of stock) for sellers with eBay's
// out-of-stock option on, instead of ending it and losing its history. docs/FORMATS.md.
#include "channels/bulk_file.h"

namespace stocktake::engine {
namespace {

class EbayChannel final : public TableFileChannel {
  public:
    const char* id() const override { return "ebay"; }
    const char* display_name() const override { return "eBay"; }
    uint32_t features() const override {
        return kQuantityFileBit | kPriceFileBit | kDelistFileBit | kReallocationPushBit |
               kReallocationPullBit;
    }
    // File Exchange uploads queue behind other sellers' and can take hours at busy times.
    int64_t update_delay_minutes() const override { return 240; }

  protected:
    DelimitedWriterOptions Options() const override {
        return DelimitedWriterOptions::SpreadsheetCsv();
    }
    // The Action header names the site, country, currency and schema version (eBay US).
    std::vector<std::vector<std::string_view>> Header() const override {
        return {{"*Action(SiteID=US|Country=US|Currency=USD|Version=1193)", "ItemID", "CustomLabel",
                 "Quantity", "StartPrice"}};
    }
    Cells QuantityRow(const ChannelListing& l, int64_t quantity) const override {
        return {"Revise", l.listing_id, l.sku, std::to_string(quantity), ""};
    }
    Cells PriceRow(const ChannelListing& l) const override {
        return {"Revise", l.listing_id, l.sku, "", PriceText(l)};
    }
};

}  // namespace

const Channel& EbayChannelPlugin() {
    static const EbayChannel kChannel;
    return kChannel;
}

}  // namespace stocktake::engine
