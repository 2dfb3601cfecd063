// The DeliveryProcessor `stocktake serve` hands the webhook queue: the one place that
// chooses it. Until the ShipStation processor (issue 7, items 3 and 4) is built in, there is
// none: deliveries are verified and stored, and stay pending until a server with one runs.
#pragma once

#include <memory>

#include "log.h"
#include "storage/sql.h"
#include "webhooks/delivery_processor.h"

namespace stocktake::server {

// null when this build has no processor. REQUIRES: db and logger outlive the processor.
std::unique_ptr<DeliveryProcessor> MakeDeliveryProcessor(SqlDatabase& db, Logger& logger);

}  // namespace stocktake::server
