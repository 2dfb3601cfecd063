// The operations screens' intents and state: Orders, Purchasing, Reallocation, Channels,
// the webhook dead letters on the Sync screen, and the sales behind an Insights number.
// One OperationsIntent in view.h's Intent carries any of them; App applies them in
// app_operations.cpp. The state is engine reads cached by App, never by widgets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "stocktake/engine/channels.h"
#include "stocktake/engine/engine.h"
#include "stocktake/engine/insights.h"
#include "stocktake/engine/purchasing.h"

namespace stocktake::web {

// --- Intents ------------------------------------------------------------------------------
struct FilterOrdersIntent {  // "" = any
    std::string status;
    std::string channel;
};
struct OpenOrderIntent {  // external_id "" closes the open one
    std::string channel;
    std::string external_id;
};
struct SaveSupplierIntent {
    engine::Supplier supplier;
};
struct FilterPosIntent {
    std::string status;  // "" = all
};
struct OpenPoIntent {
    std::string po_id;  // "" closes it
};
struct CreatePoIntent {
    std::string supplier_id;
};
struct SetPoLineIntent {  // adds the line when the SKU is not on the draft yet
    std::string po_id;
    engine::PoLine line;
};
struct RemovePoLineIntent {
    std::string po_id;
    std::string sku;
};
struct OrderPoIntent {
    std::string po_id;
};
struct ReceivePoIntent {  // after the view's preview was confirmed
    engine::PoReceipt receipt;
};
struct CancelPoIntent {
    std::string po_id;
};
struct PushReallocationIntent {
    engine::ReallocationPush push;
};
struct PullReallocationIntent {
    engine::ReallocationPull pull;
};
struct DownloadReallocationsCsvIntent {};
// The reallocation screen's two forms as the seller fills them in (App state: the popups
// draw them and post every change).
struct ReallocationPushForm {
    bool open = false;  // the "Push a SKU" popup shows
    std::string sku;
    std::string channel;
    std::string reason;
    int quantity = 0;  // 0 = whatever is listed
    bool operator==(const ReallocationPushForm& o) const {
        return open == o.open && sku == o.sku && channel == o.channel && reason == o.reason &&
               quantity == o.quantity;
    }
};
struct ReallocationPullForm {
    bool open = false;  // the "Pull" confirmation shows
    engine::ReallocationEntry entry;
    std::string channel;
    int quantity = 1;
    std::string from_location;  // both set: a ledger transfer between these locations
    std::string to_location;
    bool operator==(const ReallocationPullForm& o) const {
        return open == o.open && entry.id == o.entry.id && channel == o.channel &&
               quantity == o.quantity && from_location == o.from_location &&
               to_location == o.to_location;
    }
};
struct EditReallocationPushIntent {
    ReallocationPushForm form;
};
struct EditReallocationPullIntent {
    ReallocationPullForm form;
};
struct OpenChannelIntent {  // the Channels screen's channel: its rules and simulation
    std::string channel;
};
struct SaveChannelRulesIntent {
    engine::ChannelRules rules;
};
struct SaveChannelFeeIntent {
    engine::ChannelFee fee;
};
struct DownloadBulkFileIntent {
    std::string channel;
    engine::BulkFileKind kind = engine::BulkFileKind::kQuantity;
};
struct LoadDeliveriesIntent {};  // the webhook deliveries, from the server
struct ReplayDeliveryIntent {
    int64_t id = 0;
};
struct OpenSalesIntent {  // the order lines behind "units sold over `days` days"
    std::string sku;
    std::string channel;
    int64_t days = 0;  // 0 closes the list
};

using OperationsIntent =
    std::variant<FilterOrdersIntent, OpenOrderIntent, SaveSupplierIntent, FilterPosIntent,
                 OpenPoIntent, CreatePoIntent, SetPoLineIntent, RemovePoLineIntent, OrderPoIntent,
                 ReceivePoIntent, CancelPoIntent, PushReallocationIntent, PullReallocationIntent,
                 DownloadReallocationsCsvIntent, OpenChannelIntent, SaveChannelRulesIntent,
                 SaveChannelFeeIntent, DownloadBulkFileIntent, LoadDeliveriesIntent,
                 ReplayDeliveryIntent, OpenSalesIntent, EditReallocationPushIntent,
                 EditReallocationPullIntent>;

// --- State --------------------------------------------------------------------------------

// What the last action did, shown above the screen that took it.
struct Outcome {
    std::string text;
    bool is_error = false;
};

struct OrdersState {
    FilterOrdersIntent filter;
    std::vector<engine::OrderSummary> orders;  // newest first, at most kOrdersShown
    std::optional<engine::OrderDetail> open;
    std::string error;
};

struct PurchasingState {
    std::vector<engine::Supplier> suppliers;
    std::vector<engine::VendorPrice> vendor_prices;  // by supplier, SKU
    std::string status_filter;                       // "" = all
    std::vector<engine::PurchaseOrder> pos;          // newest first, filtered
    std::optional<engine::PurchaseOrder> open;
    std::vector<std::string> locations;  // where goods can be received
    Outcome outcome;
    std::string error;
};

struct ReallocationState {
    std::vector<engine::ReallocationEntry> entries;  // newest first
    std::vector<engine::ReallocationMove> moves;     // newest first
    std::vector<engine::ChannelInfo> channels;
    ReallocationPushForm push;
    ReallocationPullForm pull;
    Outcome outcome;
    std::string error;
};

struct ChannelsState {
    std::vector<engine::ChannelInfo> channels;
    std::string shown;  // the channel whose rules and simulation show
    engine::ChannelRules rules;
    std::vector<engine::SimulatedListing> simulation;  // the shown channel's listings
    std::vector<engine::ChannelFee> fees;
    Outcome outcome;
    std::string error;
};

// A webhook delivery as GET /api/v1/webhooks/deliveries lists it.
struct WebhookDelivery {
    int64_t id = 0;
    std::string received_at;
    std::string status;  // "pending" or "dead"
    int64_t attempts = 0;
    std::string last_error;
    std::string reason;  // why it was parked ("" unless dead)
};

struct DeliveriesState {
    bool loaded = false;
    bool busy = false;
    std::vector<WebhookDelivery> deliveries;
    int64_t replays = 0;  // replays the server accepted since the page loaded
    Outcome outcome;
};

struct SalesState {
    std::string sku;
    std::string channel;
    int64_t days = 0;  // 0: no list open
    std::vector<engine::SaleLine> lines;
    std::string error;
};

struct OperationsState {
    uint64_t revision = 0;  // bumped on every change: views re-derive their caches
    OrdersState orders;
    PurchasingState purchasing;
    ReallocationState reallocation;
    ChannelsState channels;
    DeliveriesState deliveries;
    SalesState sales;
    std::string device_id;  // this device's id (the server lists no devices)
};

}  // namespace stocktake::web
