// CatalogRepo: queries over products, listings and vendor prices (imports write through
// RecordTable). Prepared statements that run per row are made once and reused.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "export/listings_export.h"
#include "stocktake/engine/types.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

class CatalogRepo {
  public:
    explicit CatalogRepo(Db* db) : db_(db) {}

    // Another SKU with the same GTIN-14 / folded name, or "" when there is none. For
    // suggesting matches; never used to merge.
    Result<std::string> OtherSkuWithGtin14(std::string_view gtin14, std::string_view sku);
    Result<std::string> OtherSkuWithNameKey(std::string_view name_key, std::string_view sku);
    // The name-key index OtherSkuWithNameKey reads through. A first import leaves it to be
    // made when next needed (RecordTable::CreateDeferredIndexes): this makes it if it is
    // missing (one sort of the products), a no-op otherwise. Every import calls it before
    // its first probe, outside its transaction, so that a preview's rollback keeps it.
    static constexpr const char* kNameKeyIndex = "products_by_name_key";
    Status EnsureNameKeyIndex();

    Result<std::vector<VendorPrice>> VendorPrices(std::string_view sku);  // "" = all
    // The listings of one channel with their products' fields, by SKU.
    Result<std::vector<ExportedListing>> ChannelListings(std::string_view channel);

    Result<std::vector<ListingRow>> Listings(const ListingQuery& query);
    Result<Summary> Summarize();

  private:
    Result<std::string> OtherSku(Statement* stmt, std::string_view sql, std::string_view value,
                                 std::string_view sku);

    Db* db_;
    Statement by_gtin14_;
    Statement by_name_key_;
};

}  // namespace stocktake::engine
