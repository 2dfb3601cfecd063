#include "sync/record_tables.h"

#include <algorithm>

namespace stocktake::server {
namespace {

RecordColumn Text(const char* name) {
    return {name, false};
}
RecordColumn Int(const char* name) {
    return {name, true};
}

const std::vector<RecordTable>& AllTables() {
    static const std::vector<RecordTable> kTables = {
        {"product",
         "products",
         {"sku"},
         {Text("name"), Text("description"), Text("product_id"), Text("product_id_type"),
          Text("gtin"), Text("brand"), Text("category"), Text("image_url"), Text("condition"),
          Text("weight"), Text("asin"), Int("list_price_minor"), Int("cost"), Text("currency"),
          Text("gtin14"), Text("name_key")},
         {}},
        {"listing",
         "listings",
         {"sku", "channel", "marketplace"},
         {Text("listing_id"), Text("asin"), Int("price_minor"), Int("quantity"),
          Text("fulfillment"), Text("status"), Text("opened_at"), Text("currency")},
         {"channel"}},
        {"vendor_price",
         "vendor_prices",
         {"supplier", "sku"},
         {Int("cost"), Text("currency"), Int("moq"), Int("pack_size"), Int("lead_time_days"),
          Text("supplier_part_number")},
         {}},
        {"location", "locations", {"id"}, {Text("parent_id"), Text("name"), Text("kind")}, {}},
        {"order",
         "orders",
         {"id"},
         {Text("channel"), Text("external_id"), Text("status"), Text("ordered_at")},
         {"channel"}},
        {"order_line",
         "order_lines",
         {"order_id", "line"},
         {Text("sku"), Int("quantity"), Int("price_minor")},
         {}},
        {"supplier",
         "suppliers",
         {"id"},
         {Text("name"), Text("email"), Int("lead_time_days"), Text("notes")},
         {}},
        {"purchase_order",
         "purchase_orders",
         {"id"},
         {Text("supplier_id"), Text("status"), Text("ordered_at"), Text("expected_at"),
          Text("notes")},
         {}},
        {"po_line",
         "po_lines",
         {"po_id", "line"},
         {Text("sku"), Int("quantity_ordered"), Int("cost")},
         {}},
        {"kit_component", "kit_components", {"kit_sku", "component_sku"}, {Int("quantity")}, {}},
        {"channel_rules",
         "channel_rules",
         {"channel"},
         {Int("max_quantity"), Int("percent_of_available"), Int("min_quantity"), Int("zero_below"),
          Int("update_delay_minutes")},
         {"channel"}},
        {"reallocation",
         "reallocations",
         {"id"},
         {Text("sku"), Text("channel_origin"), Text("reason"), Int("quantity"), Text("state"),
          Text("added_at"), Text("added_by")},
         {"channel_origin"}},
        {"reallocation_move",
         "reallocation_moves",
         {"id"},
         {Text("entry_id"), Text("sku"), Text("from_channel"), Text("to_channel"),
          Text("from_location"), Text("to_location"), Int("quantity"), Text("kind"),
          Text("moved_by"), Text("moved_at"), Text("reference")},
         {"from_channel", "to_channel"}},
        {"setting", "settings", {"name"}, {Int("value")}, {}},
        {"channel_fee",
         "channel_fees",
         {"channel"},
         {Int("percent_bp"), Int("fixed_minor")},
         {"channel"}},
        {"product_plan",
         "product_plans",
         {"sku"},
         {Int("reorder_point"), Text("preferred_supplier")},
         {}},
        {"barcode", "barcodes", {"code"}, {Text("sku"), Text("kind")}, {}},
    };
    return kTables;
}

}  // namespace

const RecordColumn* RecordTable::FindColumn(std::string_view name) const {
    for (const RecordColumn& column : columns) {
        if (name == column.name) return &column;
    }
    return nullptr;
}

bool RecordTable::IsKey(std::string_view name) const {
    return std::any_of(keys.begin(), keys.end(), [name](const char* key) { return name == key; });
}

const RecordTable* RecordTableOf(std::string_view entity) {
    for (const RecordTable& table : AllTables()) {
        if (entity == table.entity) return &table;
    }
    return nullptr;
}

}  // namespace stocktake::server
