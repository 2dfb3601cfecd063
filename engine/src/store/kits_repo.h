// KitsRepo: reads of kit definitions (kit SKU -> components). Kits are written through the
// outbox (sync/entity_writes.h). The caller holds the transaction.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "stocktake/engine/purchasing.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

class KitsRepo {
  public:
    explicit KitsRepo(Db* db) : db_(db) {}

    // The kit with its components by SKU, or nullopt when sku is not a kit.
    Result<std::optional<Kit>> FindKit(std::string_view sku);
    Result<std::vector<Kit>> Kits();  // by SKU
    // Whether sku is a component of some kit.
    Result<bool> IsComponent(std::string_view sku);

  private:
    Db* db_;
};

}  // namespace stocktake::engine
