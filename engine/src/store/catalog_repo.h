// CatalogRepo: products and listings. Prepared statements are made once and reused.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "stocktake/engine/types.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

// One product + its listing on one channel, as an importer read it. Views point into the
// importer's buffers and must stay valid for the duration of Upsert().
struct ListingUpsert {
    std::string_view sku;
    std::string_view name;
    std::string_view description;
    std::string_view product_id;
    std::string_view product_id_type;
    std::string_view channel;
    std::string_view marketplace;
    std::string_view listing_id;
    std::string_view asin;
    std::optional<int64_t> price_minor;
    std::optional<int64_t> quantity;
    std::string_view fulfillment;
    std::string_view status;
    std::string_view opened_at;  // "" = unknown
};

class CatalogRepo {
  public:
    explicit CatalogRepo(Db* db) : db_(db) {}

    // Inserts or updates the product and the listing. A product field that is empty in the
    // import keeps its stored value; the listing takes the import's values as they are (an
    // empty quantity stays unknown). Rows whose values do not change are not rewritten,
    // so their updated_at stays, which makes re-importing the same file a no-op.
    Status Upsert(const ListingUpsert& row, std::string_view now);

    Result<std::vector<ListingRow>> Listings(const ListingQuery& query);
    Result<Summary> Summarize();

  private:
    Db* db_;
    Statement upsert_product_;
    Statement upsert_listing_;
};

}  // namespace stocktake::engine
