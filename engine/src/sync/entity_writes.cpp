#include "sync/entity_writes.h"

#include <set>

#include "store/store.h"
#include "sync/outbox.h"

namespace stocktake::engine {

namespace {

using nlohmann::json;

json TextOrNull(const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
}

json IntOrNull(const std::optional<int64_t>& value) {
    return value ? json(*value) : json(nullptr);
}

// Deletes the records of spec whose key starts with parent and whose last key part is not
// in kept (the parts of a PO, kit or order that are gone).
Status DeleteOtherParts(Store& store, const TableSpec& spec, const char* parent_column,
                        const std::string& parent, const std::set<std::string>& kept,
                        std::string_view now) {
    Result<std::vector<std::vector<std::string>>> keys =
        store.records().KeysWhere(spec, parent_column, parent);
    if (!keys.ok()) return keys.status();
    for (const std::vector<std::string>& key : keys.value()) {
        if (kept.count(key.back()) > 0) continue;
        Status deleted = WriteRecord(store, spec.entity, key, {{kDeletedField, true}}, now);
        if (!deleted.ok()) return deleted;
    }
    return Status::Ok();
}

}  // namespace

Status WriteSupplier(Store& store, const Supplier& supplier, std::string_view now) {
    return WriteRecord(store, "supplier", {supplier.id},
                       {{"name", supplier.name},
                        {"email", supplier.email},
                        {"lead_time_days", IntOrNull(supplier.lead_time_days)},
                        {"notes", supplier.notes},
                        {kDeletedField, false}},
                       now);
}

Status WritePurchaseOrderHeader(Store& store, const PurchaseOrder& po, std::string_view now) {
    return WriteRecord(store, "purchase_order", {po.id},
                       {{"supplier_id", po.supplier_id},
                        {"status", po.status},
                        {"ordered_at", TextOrNull(po.ordered_at)},
                        {"expected_at", TextOrNull(po.expected_at)},
                        {"notes", po.notes},
                        {kDeletedField, false}},
                       now);
}

Status WritePoLine(Store& store, const std::string& po_id, const PoLine& line,
                   std::string_view now) {
    Status written = WriteRecord(store, "po_line", {po_id, std::to_string(line.line)},
                                 {{"sku", line.sku},
                                  {"quantity_ordered", line.quantity_ordered},
                                  {"cost", IntOrNull(line.cost)},
                                  {kDeletedField, false}},
                                 now);
    if (!written.ok()) return written;
    return store.purchasing().SetReceived(po_id, line.line, line.quantity_received);
}

Status DeletePoLine(Store& store, const std::string& po_id, int64_t line, std::string_view now) {
    return WriteRecord(store, "po_line", {po_id, std::to_string(line)}, {{kDeletedField, true}},
                       now);
}

Status WriteKit(Store& store, const Kit& kit, std::string_view now) {
    std::set<std::string> kept;
    for (const KitComponent& component : kit.components) {
        kept.insert(component.sku);
        Status written =
            WriteRecord(store, "kit_component", {kit.sku, component.sku},
                        {{"quantity", component.quantity}, {kDeletedField, false}}, now);
        if (!written.ok()) return written;
    }
    return DeleteOtherParts(store, KitComponentsTable(), "kit_sku", kit.sku, kept, now);
}

Status WriteOrder(Store& store, const std::string& id, const Order& order, std::string_view now) {
    Status written = WriteRecord(store, "order", {id},
                                 {{"channel", order.channel},
                                  {"external_id", order.external_id},
                                  {"status", order.status},
                                  {"ordered_at", order.ordered_at},
                                  {kDeletedField, false}},
                                 now);
    if (!written.ok()) return written;
    std::set<std::string> kept;
    for (size_t i = 0; i < order.lines.size(); ++i) {
        const OrderLine& line = order.lines[i];
        const std::string number = std::to_string(i + 1);
        kept.insert(number);
        written = WriteRecord(store, "order_line", {id, number},
                              {{"sku", line.sku},
                               {"quantity", line.quantity},
                               {"price_minor", IntOrNull(line.price_minor)},
                               {kDeletedField, false}},
                              now);
        if (!written.ok()) return written;
    }
    return DeleteOtherParts(store, OrderLinesTable(), "order_id", id, kept, now);
}

Status WriteOrderStatus(Store& store, const std::string& id, const std::string& status,
                        std::string_view now) {
    return WriteRecord(store, "order", {id}, {{"status", status}}, now);
}

}  // namespace stocktake::engine
