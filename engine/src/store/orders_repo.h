// OrdersRepo: orders and their lines (the reservations, a kit's on its components), and
// availability per SKU.
// The caller holds the transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stocktake/engine/stock.h"
#include "stocktake/status.h"
#include "store/db.h"

namespace stocktake::engine {

class OrdersRepo {
  public:
    explicit OrdersRepo(Db* db) : db_(db) {}

    // The order with its lines, if recorded.
    Result<std::optional<Order>> Find(std::string_view id);
    // Open orders with their lines, oldest first, at most limit.
    Result<std::vector<Order>> OpenOrders(int64_t limit);
    Result<std::vector<Availability>> Availabilities(std::string_view sku);
    // For a generation that computes only some SKUs, and only while no kit is recorded (a
    // kit's line reserves its components): the units reserved by open orders, by SKU (the
    // open orders are few: their partial index). With a SKU's stock levels, Availabilities'
    // row of that SKU.
    Result<std::vector<std::pair<std::string, int64_t>>> ReservedWithoutKits();
    // Orders matching query (validated by the caller), newest first, with their line counts.
    Result<std::vector<OrderSummary>> List(const OrderQuery& query);

  private:
    Db* db_;
};

}  // namespace stocktake::engine
