// Stock: locations and the append-only stock ledger (movements), with on-hand derived
// from it. Plain value types; the Engine's stock methods take and return them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stocktake::engine {

enum class MovementKind {
    kReceive,      // goods in (a PO receipt): delta > 0
    kSale,         // sold: delta < 0
    kShip,         // shipped out otherwise: delta < 0
    kReturn,       // customer return: delta > 0
    kAdjust,       // correction, either sign
    kTransferOut,  // leaves a location: delta < 0
    kTransferIn,   // arrives at a location: delta > 0
    kCountAdjust,  // from a count: either sign
};

const char* MovementKindName(MovementKind kind);  // "receive", "transfer_out", ...
std::optional<MovementKind> MovementKindFromName(std::string_view name);

// One ledger entry. On-hand is the sum of deltas; an entry is never changed or removed.
struct Movement {
    std::string id;  // globally unique; "" when recording = the engine makes one
    std::string sku;
    std::string location;  // a location id
    int64_t delta = 0;     // signed units
    MovementKind kind = MovementKind::kAdjust;
    std::string reason;
    std::string reference;    // order, PO or import job it came from
    std::string lot;          // "" = none
    std::string expiry;       // "YYYY-MM-DD" or ""
    std::string occurred_at;  // ISO-8601 UTC; "" when recording = now
    std::string recorded_by;
    std::string device;
    int64_t position = 0;  // set by the engine: ledger position on this device (1, 2, ...)
};

// A warehouse, or a bin inside a warehouse or inside another bin.
struct Location {
    std::string id;         // stable, chosen by the user ("MAIN", "MAIN/A-01")
    std::string parent_id;  // "" for a warehouse
    std::string name;
    std::string kind;  // "warehouse" or "bin"
};

struct StockLevel {
    std::string sku;
    std::string location;
    int64_t on_hand = 0;  // may be negative: a physical fact recorded before its cause
};

// A cycle count: what the counter found, and the ledger position their device had seen
// when the count began (Engine::LedgerPosition). Movements recorded after that position
// (a sale on another device meanwhile) are not part of what was counted, so they survive.
struct Count {
    std::string id;  // "" = the engine makes one; recording an id twice counts once
    std::string sku;
    std::string location;
    int64_t counted = 0;
    int64_t seen_position = 0;
    bool blind = false;      // the counter was not shown the expected quantity
    std::string counted_at;  // ISO-8601 UTC; "" = now
    std::string counted_by;
    // Set by the engine:
    int64_t expected = 0;     // the ledger's sum up to seen_position at that place
    std::string movement_id;  // the count_adjust it produced; "" when nothing differed
};

struct OrderLine {
    std::string sku;
    int64_t quantity = 0;  // > 0
    std::optional<int64_t> price_minor;
};

// A channel's order. While open its lines reserve stock; shipping appends their ship
// movements; cancelling releases them.
struct Order {
    std::string channel;      // "amazon", "shopify", ...
    std::string external_id;  // the channel's order number
    std::string status;       // "open", "shipped", "cancelled" (set by the engine)
    std::string ordered_at;   // ISO-8601 UTC; "" = now
    std::vector<OrderLine> lines;
};

// Which orders Engine::Orders lists: newest first, filtered by what is set.
struct OrderQuery {
    std::string status;   // "open", "shipped", "cancelled"; "" = any
    std::string channel;  // "" = any
    int64_t limit = 500;  // at most this many (a screen's worth; > 0)
};

// One order in a list: its header and the size of its lines.
struct OrderSummary {
    std::string channel;
    std::string external_id;
    std::string status;
    std::string ordered_at;
    int64_t lines = 0;
    int64_t units = 0;
};

// An order line and what it holds or moved: reserved while the order is open, shipped as
// the ledger's ship movements that name the order (the engine's or ShipStation's).
struct OrderLineDetail {
    int64_t line = 0;
    std::string sku;
    int64_t quantity = 0;
    std::optional<int64_t> price_minor;
    int64_t reserved = 0;
    int64_t shipped = 0;  // units of sku the order's movements took out (net of voids)
};

struct OrderDetail {
    std::string channel;
    std::string external_id;
    std::string status;
    std::string ordered_at;
    std::vector<OrderLineDetail> lines;
    std::vector<Movement> movements;  // the ledger entries naming the order, oldest first
};

// On-hand over every location, reserved by open orders, and what is left to sell.
struct Availability {
    std::string sku;
    int64_t on_hand = 0;
    int64_t reserved = 0;
    int64_t available = 0;  // on_hand - reserved; negative means oversold
    bool kit = false;       // a kit: see Engine::Availabilities for what the figures mean
};

// A summary row that disagrees with the ledger (CheckStockLevels).
struct StockMismatch {
    std::string sku;
    std::string location;
    int64_t summary = 0;
    int64_t ledger = 0;
};

}  // namespace stocktake::engine
