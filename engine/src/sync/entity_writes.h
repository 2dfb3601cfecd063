// The writes of suppliers, purchase orders, kits and orders as last-writer-wins records
// through the outbox (sync/outbox.h): one function per entity, each writing the record's
// fields and the tombstones of parts that went away (a removed PO line, a kit component
// no longer in the kit, an order line dropped by a revision). The caller holds the
// transaction and has validated the values.
#pragma once

#include <string>
#include <string_view>

#include "stocktake/engine/purchasing.h"
#include "stocktake/engine/stock.h"
#include "stocktake/status.h"

namespace stocktake::engine {

class Store;

Status WriteSupplier(Store& store, const Supplier& supplier, std::string_view now);
// The PO's own fields, not its lines.
Status WritePurchaseOrderHeader(Store& store, const PurchaseOrder& po, std::string_view now);
// A line's ordered quantity and cost (its quantity_received, which the ledger decides, is
// stored but not sent: every device sums the receive movements it has).
Status WritePoLine(Store& store, const std::string& po_id, const PoLine& line,
                   std::string_view now);
Status DeletePoLine(Store& store, const std::string& po_id, int64_t line, std::string_view now);
// The components; components stored before and absent from kit.components are deleted.
Status WriteKit(Store& store, const Kit& kit, std::string_view now);
// The order (status included) and its lines; lines beyond order.lines are deleted.
Status WriteOrder(Store& store, const std::string& id, const Order& order, std::string_view now);
Status WriteOrderStatus(Store& store, const std::string& id, const std::string& status,
                        std::string_view now);

}  // namespace stocktake::engine
