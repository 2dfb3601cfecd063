#include "export/listings_export.h"

#include <array>

#include "export/delimited_writer.h"
#include "stocktake/decimal.h"
#include "stocktake/time.h"

namespace stocktake::engine {

namespace {

constexpr size_t ColumnIndex(std::string_view name) {
    for (size_t i = 0; i < kAllListingsColumns.size(); ++i) {
        if (kAllListingsColumns[i] == name) return i;
    }
    return kAllListingsColumns.size();  // not a column: fails the static_asserts below
}

constexpr size_t kName = ColumnIndex("item-name");
constexpr size_t kDescription = ColumnIndex("item-description");
constexpr size_t kListingId = ColumnIndex("listing-id");
constexpr size_t kSku = ColumnIndex("seller-sku");
constexpr size_t kPrice = ColumnIndex("price");
constexpr size_t kQuantity = ColumnIndex("quantity");
constexpr size_t kOpenDate = ColumnIndex("open-date");
constexpr size_t kProductIdType = ColumnIndex("product-id-type");
constexpr size_t kAsin = ColumnIndex("asin1");
constexpr size_t kProductId = ColumnIndex("product-id");
constexpr size_t kChannel = ColumnIndex("fulfillment-channel");
constexpr size_t kStatus = ColumnIndex("status");
static_assert(kName < 29 && kDescription < 29 && kListingId < 29 && kSku < 29 && kPrice < 29 &&
              kQuantity < 29 && kOpenDate < 29 && kProductIdType < 29 && kAsin < 29 &&
              kProductId < 29 && kChannel < 29 && kStatus < 29);

std::string ChannelFor(const std::string& fulfillment) {
    if (fulfillment.empty() || fulfillment == "merchant") return "DEFAULT";
    if (fulfillment == "fba") return "AMAZON_NA";
    return fulfillment;
}

std::string OpenDateFor(const std::string& opened_at) {
    if (opened_at.empty()) return std::string();
    Result<int64_t> when = ParseIso8601(opened_at);
    return when.ok() ? FormatIso8601Utc(when.value()) : opened_at;
}

}  // namespace

std::string WriteAllListingsReport(const std::vector<ExportedListing>& rows,
                                   int64_t* lossy_fields) {
    DelimitedWriter writer(DelimitedWriterOptions::AmazonTsv());
    writer.WriteRow(std::span<const std::string_view>(kAllListingsColumns));
    std::array<std::string, kAllListingsColumns.size()> cells;
    for (const ExportedListing& row : rows) {
        for (std::string& cell : cells) cell.clear();
        cells[kName] = row.name;
        cells[kDescription] = row.description;
        cells[kListingId] = row.listing_id;
        cells[kSku] = row.sku;
        if (row.price_minor) cells[kPrice] = FormatDecimalMinor(*row.price_minor, 2);
        if (row.quantity) cells[kQuantity] = std::to_string(*row.quantity);
        cells[kOpenDate] = OpenDateFor(row.opened_at);
        cells[kProductIdType] = row.product_id_type;
        cells[kAsin] = row.asin;
        cells[kProductId] = row.product_id;
        cells[kChannel] = ChannelFor(row.fulfillment);
        cells[kStatus] = row.status;
        writer.WriteRow(std::span<const std::string>(cells));
    }
    if (lossy_fields != nullptr) *lossy_fields = writer.lossy_fields();
    return writer.Take();
}

}  // namespace stocktake::engine
