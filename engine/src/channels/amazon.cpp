// Amazon: the Price & Quantity inventory file (Flat.File.PriceInventory, tab-separated; its
// three header lines are in docs/FORMATS.md, "Channel bulk files"). An empty cell leaves
// the stored value alone, so a quantity file leaves prices as they are and the reverse.
// FBA listings (fulfillment "fba") are Amazon's stock: left out of quantity and delist
// files. Quantity 0 shows a merchant listing out of stock until stock returns: a pause,
// not a deletion, so its page and history stay.
#include "channels/bulk_file.h"

namespace stocktake::engine {
namespace {

class AmazonChannel final : public TableFileChannel {
  public:
    const char* id() const override { return "amazon"; }
    const char* display_name() const override { return "Amazon"; }
    uint32_t features() const override {
        return kQuantityFileBit | kPriceFileBit | kDelistFileBit | kReallocationPushBit |
               kReallocationPullBit;
    }
    // Amazon applies an uploaded inventory file within about 15 minutes; an hour leaves
    // room for the seller's upload routine.
    int64_t update_delay_minutes() const override { return 60; }
    bool HoldsStock(std::string_view fulfillment) const override { return fulfillment == "fba"; }

  protected:
    DelimitedWriterOptions Options() const override { return DelimitedWriterOptions::AmazonTsv(); }
    std::vector<std::vector<std::string_view>> Header() const override {
        return {{"TemplateType=PriceInventory", "Version=2018.0924",
                 "The top 3 rows are for Amazon use only. Do not modify or delete the top 3 "
                 "rows."},
                {"SKU", "Price", "Minimum Seller Allowed Price", "Maximum Seller Allowed Price",
                 "Quantity", "Handling Time", "Fulfillment Channel"},
                {"sku", "price", "minimum-seller-allowed-price", "maximum-seller-allowed-price",
                 "quantity", "handling-time", "fulfillment-channel"}};
    }
    Cells QuantityRow(const ChannelListing& l, int64_t quantity) const override {
        return {l.sku, "", "", "", std::to_string(quantity), "", "DEFAULT"};
    }
    Cells PriceRow(const ChannelListing& l) const override {
        return {l.sku, PriceText(l), "", "", "", "", ""};
    }
};

}  // namespace

const Channel& AmazonChannelPlugin() {
    static const AmazonChannel kChannel;
    return kChannel;
}

}  // namespace stocktake::engine
