// Woot: no public bulk-file specification was found (docs/FORMATS.md), so this is a plain
// CSV of sku, quantity and price for the seller's Woot contact or portal; an empty cell
// means "unchanged". Woot sells deals from stock other channels give up: it pulls from the
// reallocation list but does not push onto it.
#include "channels/bulk_file.h"

namespace stocktake::engine {
namespace {

class WootChannel final : public TableFileChannel {
  public:
    const char* id() const override { return "woot"; }
    const char* display_name() const override { return "Woot"; }
    uint32_t features() const override {
        return kQuantityFileBit | kPriceFileBit | kDelistFileBit | kReallocationPullBit;
    }
    // Files go through a person at Woot: a day.
    int64_t update_delay_minutes() const override { return 1440; }

  protected:
    DelimitedWriterOptions Options() const override {
        return DelimitedWriterOptions::SpreadsheetCsv();
    }
    std::vector<std::vector<std::string_view>> Header() const override {
        return {{"sku", "quantity", "price"}};
    }
    Cells QuantityRow(const ChannelListing& l, int64_t quantity) const override {
        return {l.sku, std::to_string(quantity), ""};
    }
    Cells PriceRow(const ChannelListing& l) const override { return {l.sku, "", PriceText(l)}; }
};

}  // namespace

const Channel& WootChannelPlugin() {
    static const WootChannel kChannel;
    return kChannel;
}

}  // namespace stocktake::engine
