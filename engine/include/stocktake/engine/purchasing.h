// Purchasing and kits: suppliers, purchase orders (receiving appends receive movements to
// the ledger) and kits (virtual SKUs made of components). Plain value types; the Engine's
// purchasing methods take and return them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stocktake/engine/stock.h"

namespace stocktake::engine {

// The largest quantity a purchase order line, a receipt or a kit component may carry: more
// is a typo (a barcode scanned into the quantity field), not an order.
inline constexpr int64_t kMaxPurchaseQuantity = 1'000'000'000;

struct Supplier {
    std::string id;  // chosen by the user; the same as VendorPrice::supplier
    std::string name;
    std::string email;                      // "" or an address with an '@'
    std::optional<int64_t> lead_time_days;  // default delivery time, 0..3650
    std::string notes;
};

// A purchase order's status. draft: lines can change. ordered: sent to the supplier,
// waiting for goods. partially_received / received: set by the engine as receipts arrive.
// cancelled: final; whatever was received stays in stock.
inline constexpr const char* kPoDraft = "draft";
inline constexpr const char* kPoOrdered = "ordered";
inline constexpr const char* kPoPartiallyReceived = "partially_received";
inline constexpr const char* kPoReceived = "received";
inline constexpr const char* kPoCancelled = "cancelled";

struct PoLine {
    int64_t line = 0;  // 1, 2, ... in the PO (set by the engine)
    std::string sku;   // a product; one line per SKU
    int64_t quantity_ordered = 0;
    int64_t quantity_received = 0;  // set by the engine: the sum of the line's receipts
    std::optional<int64_t> cost;    // per unit, in 10^-4 of the currency (like VendorPrice)
};

struct PurchaseOrder {
    std::string id;  // "" when creating = the engine makes one ("PO-20261123-3f9a2c")
    std::string supplier_id;
    std::string status;  // see kPoDraft...; set by the engine
    std::string created_at;
    std::string ordered_at;   // "" until ordered
    std::string expected_at;  // ISO-8601 or ""; default when ordering: now + lead time
    std::string updated_at;
    std::string notes;
    std::vector<PoLine> lines;
};

// Goods arriving for a PO at one location. Lines are named by SKU.
struct PoReceiptLine {
    std::string sku;
    int64_t quantity = 0;  // > 0
};

struct PoReceipt {
    std::string po_id;
    // Names this delivery: the same receipt sent again moves stock once. "" = the engine
    // makes one (every call is then a new delivery).
    std::string receipt_id;
    std::string location;
    std::vector<PoReceiptLine> lines;
    // Receiving more than ordered is refused unless set; then the excess is reported.
    bool allow_over = false;
    std::string occurred_at;  // ISO-8601; "" = now
    std::string recorded_by;
};

struct PoReceivedLine {
    std::string sku;
    int64_t line = 0;
    int64_t quantity = 0;  // received by this receipt
    int64_t ordered = 0;
    int64_t received = 0;           // the line's total after this receipt
    int64_t over_received = 0;      // the part of quantity beyond what was ordered
    bool already_recorded = false;  // a re-sent receipt: nothing moved this time
    Movement movement;              // the receive movement (reference "po:<id>")
};

struct PoReceiptResult {
    std::string po_id;
    std::string receipt_id;
    std::string status;  // the PO's status afterwards
    std::vector<PoReceivedLine> lines;
};

// Units ordered and not yet received, over ordered and partially received POs.
struct InboundStock {
    std::string sku;
    int64_t quantity = 0;
    std::string next_expected_at;  // the earliest expected_at among those POs, or ""
};

struct KitComponent {
    std::string sku;
    int64_t quantity = 0;  // units of the component in one kit, > 0
};

// A kit is sold as one SKU but has no stock of its own: its components do. A kit cannot
// contain itself or another kit, and a kit's SKU cannot be a component.
struct Kit {
    std::string sku;
    std::vector<KitComponent> components;  // by SKU
};

}  // namespace stocktake::engine
