// The SQL ShipStation processing reads and writes beside the sync path: what the server
// holds of an order, whether a movement, product or location is recorded, where the
// server's own device stands in the change log, and the unknown-SKU insight. Runs inside
// the caller's write transaction (after PushTransaction::Begin took the organisation's
// lock), so what it reads cannot change before the ops built from it are stored.
// Thread safety: one thread, inside SqlDatabase::Transact.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "storage/sql.h"

namespace stocktake::server {

struct StoredOrderLine {
    std::string sku;
    int64_t quantity = 0;
    std::optional<int64_t> price_minor;
    bool deleted = false;
};

struct StoredOrder {
    std::string status;
    std::string ordered_at;
    bool deleted = false;
    std::map<std::string, StoredOrderLine> lines;  // by line key, deleted ones included
    uint64_t newest_clock = 0;  // the latest HLC among the order's and its lines' fields
};

struct StoredMovement {
    std::string location;
    int64_t delta = 0;
};

struct DeviceCursor {
    int64_t last_seq = 0;   // the device's last op's seq (0: none yet)
    uint64_t last_hlc = 0;  // and its clock
};

class ShipStationStore {
  public:
    ShipStationStore(SqlConnection& connection, std::string org_id)
        : connection_(connection), org_id_(std::move(org_id)) {}

    Result<std::optional<StoredOrder>> ReadOrder(const std::string& id);
    Result<std::optional<StoredMovement>> ReadMovement(const std::string& id);
    Result<bool> HasProduct(const std::string& sku);
    Result<bool> HasLocation(const std::string& id);
    // REQUIRES: the device is claimed for the organisation (PushTransaction::ClaimDevice).
    Result<DeviceCursor> ReadDeviceCursor(const std::string& device);
    // Records (or refreshes) that sku, named by order, is not in the catalogue.
    Status FlagUnknownSku(const std::string& sku, const std::string& order_id,
                          const std::string& now);

  private:
    SqlConnection& connection_;
    const std::string org_id_;
};

}  // namespace stocktake::server
