// Reader for Amazon Seller Central "All Listings" reports (GET_MERCHANT_LISTINGS_ALL_DATA).
// The rules, from the format research (formats.md 1.1, 1.2, 1.7, 6):
// - Tab-separated, one header row; columns are found by name (trimmed, case-insensitive),
//   never by position; unknown columns are ignored; seller-sku is the one required column.
// - No quoting convention: split on every TAB; one pair of quotes wrapping a whole field is
//   removed, any other quote is text (titles contain unbalanced quotes).
// - Short rows are padded with empty cells; extra non-empty cells make a row error.
// - Empty cells mean unknown: an empty quantity (FBA rows) is never 0; an empty price is
//   NULL. Negative quantities are kept (negative stock is a physical fact).
// - open-date is local time with a zone abbreviation whose marketplace also decides the
//   day/month order of slashed dates (US: MM/DD, UK/EU: DD/MM, JP: YYYY/MM/DD).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/engine/types.h"
#include "stocktake/status.h"

namespace stocktake::engine {

inline constexpr std::string_view kAmazonAllListingsFormat = "amazon_all_listings";

// Column positions found in a header; -1 when the column is absent.
struct ListingsHeader {
    std::vector<std::string> names;  // trimmed header names in file order
    int item_name = -1;
    int item_description = -1;
    int listing_id = -1;
    int seller_sku = -1;
    int price = -1;
    int quantity = -1;
    int open_date = -1;
    int product_id_type = -1;
    int asin1 = -1;
    int product_id = -1;
    int fulfillment_channel = -1;
    int status = -1;
};

// Maps a header line (names trimmed, compared case-insensitively; unknown names ignored).
// Non-OK, with a message for the seller, when the line is not tab-separated or has no
// seller-sku column.
Result<ListingsHeader> ParseListingsHeader(std::string_view line);
// The same for a header already split on TAB (a single field is the whole line).
Result<ListingsHeader> ParseListingsHeaderFields(const std::vector<std::string_view>& fields);

// One data row, ready to upsert. Views point into the line; opened_at is owned.
struct ListingFields {
    std::string_view sku;
    std::string_view name;
    std::string_view description;
    std::string_view listing_id;
    std::string_view asin;
    std::string_view product_id;
    std::string_view product_id_type;
    std::string_view status;
    std::string_view fulfillment;  // "merchant" or "fba"
    std::optional<int64_t> price_minor;
    std::optional<int64_t> quantity;
    std::string opened_at;  // ISO-8601 UTC, "" when the cell is empty
};

// Parses the fields of one data row (already split on TAB). Appends one RowError per
// problem found and returns false when there was any; *out is then unspecified.
bool ParseListingRow(const ListingsHeader& header, const std::vector<std::string_view>& fields,
                     int64_t line_number, ListingFields* out, std::vector<RowError>* errors);

// Parses Amazon's open-date forms into seconds since the epoch (UTC):
//   "2022-03-15 02:26:37 PDT"       (US zones PST/PDT, MST/MDT, CST/CDT, EST/EDT,
//                                    AKST/AKDT, HST; also GMT/BST/UTC/CET/CEST/WET/WEST, JST)
//   "08/07/2016 10:12:40 BST"       (European zones: DD/MM/YYYY)
//   "07/08/2016 10:12:40 PDT"       (US zones: MM/DD/YYYY)
//   "2009/09/18 15:18:58 JST"       (year first)
//   "2022-03-15T09:26:37Z", "2022-03-15T11:26:37+02:00", "2022-03-15" (midnight UTC).
// A slashed date without a zone is accepted only when the day/month order is unambiguous.
Result<int64_t> ParseAmazonDate(std::string_view text);

// Maps fulfillment-channel: "DEFAULT" or "" -> "merchant", "AMAZON_*" -> "fba"; else "".
std::string_view FulfillmentFromChannel(std::string_view channel);

}  // namespace stocktake::engine
