// BarcodesRepo: the reads behind Engine::ResolveBarcode: barcode links (written through the
// outbox as "barcode" records, sync/outbox.h) and products by GTIN-14 or SKU.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/engine/barcode.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

struct ProductRef {
    std::string sku;
    std::string name;
};

class BarcodesRepo {
  public:
    explicit BarcodesRepo(Db* db) : db_(db) {}

    Result<std::optional<BarcodeLink>> FindLink(std::string_view code);
    Result<std::vector<BarcodeLink>> LinksOf(std::string_view sku);  // by code
    // The product whose GTIN is gtin14 (the first SKU when several share it).
    Result<std::optional<ProductRef>> ProductWithGtin14(std::string_view gtin14);
    Result<std::optional<ProductRef>> ProductWithSku(std::string_view sku);

  private:
    Result<std::optional<ProductRef>> OneProduct(const char* sql, std::string_view value);

    Db* db_;
};

}  // namespace stocktake::engine
