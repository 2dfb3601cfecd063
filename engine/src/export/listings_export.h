// Writes Amazon "All Listings" reports (GET_MERCHANT_LISTINGS_ALL_DATA), the format the
// importer reads (import/amazon_listings.h), so export -> import changes nothing.
//
// Contract:
//   - Tab-separated, LF line ends, no BOM, no quoting (DelimitedWriterOptions::AmazonTsv),
//     the 29 columns of Amazon's header in Amazon's order (kAllListingsColumns). Columns
//     Stocktake does not keep (image-url, zshop-*, ...) are written empty.
//   - price: decimal with two places ("12.50"), empty when unknown. quantity: a whole
//     number (negative stock is kept), empty when unknown (FBA rows).
//   - fulfillment-channel: "merchant" or "" -> DEFAULT, "fba" -> AMAZON_NA; any other
//     value is written as given (the importer then reports it).
//   - open-date: ISO-8601 UTC ("2022-03-15T09:26:37Z"), normalised when it parses, else
//     written as given. Amazon writes local time with a zone abbreviation ("2022-03-15
//     02:26:37 PDT"), but which zone is the marketplace's, and abbreviations are lossy
//     (IST, no DST rule); UTC ISO is exact, and ParseAmazonDate reads it to the same
//     instant. Amazon does not read this file back, so its own style buys nothing.
//   - What does not survive: a TAB, CR or LF inside a value becomes a space (Amazon's
//     format has no quoting), and the importer trims spaces around listing-id, asin1,
//     product-id, product-id-type, status, price, quantity and open-date. Names,
//     descriptions and SKUs keep their spaces.
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stocktake::engine {

// Amazon's All Listings header, in order (formats.md 1.1; docs/FORMATS.md).
inline constexpr std::array<std::string_view, 29> kAllListingsColumns = {
    "item-name",
    "item-description",
    "listing-id",
    "seller-sku",
    "price",
    "quantity",
    "open-date",
    "image-url",
    "item-is-marketplace",
    "product-id-type",
    "zshop-shipping-fee",
    "item-note",
    "item-condition",
    "zshop-category1",
    "zshop-browse-path",
    "zshop-storefront-feature",
    "asin1",
    "asin2",
    "asin3",
    "will-ship-internationally",
    "expedited-shipping",
    "zshop-boldface",
    "product-id",
    "bid-for-featured-placement",
    "add-delete",
    "pending-quantity",
    "fulfillment-channel",
    "merchant-shipping-group",
    "status",
};

struct ExportedListing {
    std::string sku;
    std::string name;
    std::string description;
    std::string product_id;
    std::string product_id_type;
    std::string listing_id;
    std::string asin;
    std::string fulfillment;  // "merchant" | "fba"
    std::string status;
    std::string opened_at;  // ISO-8601 UTC "2022-03-15T09:26:37Z", or ""
    std::optional<int64_t> price_minor;
    std::optional<int64_t> quantity;
};

// The whole report: the header and one row per listing, in the order given. When
// lossy_fields is not null it receives how many values lost a TAB, CR or LF.
std::string WriteAllListingsReport(const std::vector<ExportedListing>& rows,
                                   int64_t* lossy_fields = nullptr);

}  // namespace stocktake::engine
