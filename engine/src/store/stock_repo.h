// StockRepo: the movements ledger, the stock_levels summary, counts, and reads of locations
// (written as records through the outbox). The caller holds the transaction; Append writes
// the movement and its summary row together.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/engine/dashboard.h"
#include "stocktake/engine/stock.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

class StockRepo {
  public:
    explicit StockRepo(Db* db) : db_(db) {}

    Result<std::optional<Location>> FindLocation(std::string_view id);
    Result<std::vector<Location>> Locations();  // by id
    Result<StockValuation> Valuation();

    // The stored movement with this id, if any (appends are idempotent by id).
    Result<std::optional<Movement>> FindMovement(std::string_view id);
    // Appends movement (id, occurred_at set) and adds its delta to stock_levels; returns its
    // ledger position.
    Result<int64_t> Append(const Movement& movement, std::string_view now);

    Result<std::vector<StockLevel>> Levels(std::string_view sku);  // "" = every SKU
    Result<std::vector<StockLevel>> NegativeLevels();
    // Sum of the ledger up to and including `at` (ISO-8601 UTC); location "" = all.
    Result<int64_t> OnHandAt(std::string_view sku, std::string_view location, std::string_view at);
    // The movements that sum to on-hand, oldest first; location "" = all.
    Result<std::vector<Movement>> Movements(std::string_view sku, std::string_view location);
    // sku's movements whose reference is `reference` or starts with `reference` + ", "
    // (ShipStation's "order <id>, shipment <n>"), oldest first.
    Result<std::vector<Movement>> MovementsReferencing(std::string_view sku,
                                                       std::string_view reference);
    Result<int64_t> LastPosition();
    // The ledger's sum at one place up to and including a position.
    Result<int64_t> SumUpTo(std::string_view sku, std::string_view location, int64_t position);
    Result<std::optional<Count>> FindCount(std::string_view id);
    Status InsertCount(const Count& count);
    Result<std::vector<Count>> LastCounts(std::string_view sku);

    // Every (sku, location) where stock_levels and the ledger's sum differ.
    Result<std::vector<StockMismatch>> Mismatches();

  private:
    Db* db_;
};

}  // namespace stocktake::engine
