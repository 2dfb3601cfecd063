// What ShipStation's orders and shipments do to an organisation's stock, written as ops
// through the path a device's push takes (PushTransaction + ApplyOp + the change log), so
// every device applies exactly these changes at its next pull (docs/DECISIONS.md,
// "ShipStation processing (issue 7)"):
//   an order        -> its order record and lines (open lines reserve stock);
//   a shipment      -> a ship movement per line at the warehouse's location, and the order
//                      no longer open (its reservations released);
//   a cancellation  -> the order cancelled (released);
//   a voided label  -> a compensating movement per shipped line, the order open again.
// Every effect is keyed (order id + line key; shipment id + line key) and compared with
// what is stored, so applying the same order or shipment again writes nothing.
// Thread safety: Apply is safe from many threads (each call is one transaction; the
// organisation's lock orders them).
#pragma once

#include <string>
#include <vector>

#include "storage/sql.h"
#include "webhooks/shipstation_config.h"
#include "webhooks/shipstation_payload.h"

namespace stocktake::server {

// The device id the server's ShipStation ops carry for org: 32 hex digits derived from the
// organisation, the same in every process and every run.
std::string ShipStationDeviceId(const std::string& org_id);

// The order record's id for ShipStation's orderId: "shipstation:<orderId>", the engine's
// "<channel>:<external id>" with channel "shipstation".
std::string ShipStationOrderRecordId(const std::string& order_id);

struct ShipStationEffectsSummary {
    int ops = 0;           // ops appended to the change log (0: everything was applied before)
    int unknown_skus = 0;  // lines whose SKU the catalogue lacks (flagged as insights)
};

class ShipStationEffects {
  public:
    // REQUIRES: db outlives this.
    ShipStationEffects(SqlDatabase& db, ShipStationConfig config)
        : db_(db), config_(std::move(config)) {}

    // Orders first, then shipments, in one transaction. InvalidArgument when one cannot be
    // applied as it is (a shipment without items whose order is unknown; an op the sync
    // path refuses): nothing is stored. Other failures are the database's.
    Result<ShipStationEffectsSummary> Apply(const std::string& org_id,
                                            const std::vector<ShipStationOrder>& orders,
                                            const std::vector<ShipStationShipment>& shipments);

  private:
    SqlDatabase& db_;
    const ShipStationConfig config_;
};

}  // namespace stocktake::server
