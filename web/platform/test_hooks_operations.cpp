// Test hooks of the operations screens (Orders, Purchasing, Reallocation, Channels, the
// webhook deliveries, the sales behind a number), called by tests/e2e/views_operations.mjs
// as Module._stocktake_*(). Read-only views of TestSnapshot; declared only here.
#include <emscripten.h>

#include <string>

#include "platform/platform_internal.h"

using stocktake::web::CurrentTestSnapshot;

extern "C" {

EMSCRIPTEN_KEEPALIVE double stocktake_orders_shown() {
    return static_cast<double>(CurrentTestSnapshot().orders_shown);
}
// Lines of the order open on the Orders screen, -1 when none is open.
EMSCRIPTEN_KEEPALIVE double stocktake_order_open_lines() {
    return static_cast<double>(CurrentTestSnapshot().order_open_lines);
}
EMSCRIPTEN_KEEPALIVE double stocktake_pos_shown() {
    return static_cast<double>(CurrentTestSnapshot().pos_shown);
}
EMSCRIPTEN_KEEPALIVE double stocktake_pos_draft() {
    return static_cast<double>(CurrentTestSnapshot().pos_draft);
}
// The open PO's status: 0 none, 1 draft, 2 ordered, 3 partially received, 4 received,
// 5 cancelled.
EMSCRIPTEN_KEEPALIVE int stocktake_po_open_status() {
    const std::string status = CurrentTestSnapshot().po_open_status;
    static const char* const kStatuses[] = {"draft", "ordered", "partially_received", "received",
                                            "cancelled"};
    for (int i = 0; i < 5; ++i) {
        if (status == kStatuses[i]) return i + 1;
    }
    return 0;
}
EMSCRIPTEN_KEEPALIVE double stocktake_po_receipts() {
    return static_cast<double>(CurrentTestSnapshot().po_receipts);
}
EMSCRIPTEN_KEEPALIVE double stocktake_simulated_listings() {
    return static_cast<double>(CurrentTestSnapshot().simulated_listings);
}
// The sum of what the Channels screen's listings would show after the channel's rules.
EMSCRIPTEN_KEEPALIVE double stocktake_simulated_would_show() {
    return static_cast<double>(CurrentTestSnapshot().simulated_would_show);
}
EMSCRIPTEN_KEEPALIVE int stocktake_deliveries_loaded() {
    return CurrentTestSnapshot().deliveries_loaded ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE double stocktake_deliveries_dead() {
    return static_cast<double>(CurrentTestSnapshot().deliveries_dead);
}
EMSCRIPTEN_KEEPALIVE double stocktake_deliveries_pending() {
    return static_cast<double>(CurrentTestSnapshot().deliveries_pending);
}
EMSCRIPTEN_KEEPALIVE double stocktake_delivery_replays() {
    return static_cast<double>(CurrentTestSnapshot().delivery_replays);
}
// Order lines behind the open "units sold" number (-1: none open), and their units.
EMSCRIPTEN_KEEPALIVE double stocktake_sales_lines() {
    return static_cast<double>(CurrentTestSnapshot().sales_lines);
}
EMSCRIPTEN_KEEPALIVE double stocktake_sales_units() {
    return static_cast<double>(CurrentTestSnapshot().sales_units);
}
EMSCRIPTEN_KEEPALIVE double stocktake_reallocation_entries() {
    return static_cast<double>(CurrentTestSnapshot().reallocation_entries);
}

}  // extern "C"
