// The scanner screen's state and intents (issue 8 item 5). App owns ScannerState and
// changes it only through these intents (web/app/app_scanner.cpp); ScannerView draws it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stocktake/engine/engine.h"

namespace stocktake::web {

// What a scan does. Every scan applies through the engine, so it works offline and
// queues for sync like any other change.
enum class ScanMode {
    kLookUp,   // show the product and its stock
    kReceive,  // +1 at the location (free), or a receipt line of an open purchase order
    kPick,     // tick off a line of an open order; ship it when every line is picked
    kMove,     // transfer 1 from the location to another
    kCount,    // tally units per SKU; "Record count" stores the tallies as counts
};
inline constexpr const char* kScanModeNames[] = {"Look up", "Receive", "Pick", "Move", "Count"};

enum class CameraState { kOff, kStarting, kOn, kDenied, kUnavailable };

// The options the mode's scans use, as the seller set them on the screen.
struct ScannerSettings {
    ScanMode mode = ScanMode::kLookUp;
    std::string location;     // where receive, pick, count happen; the "from" of a move
    std::string to_location;  // move: where the unit goes
    std::string po_id;        // receive: "" = free receiving
    std::string order_key;    // pick: "channel/external_id" of an open order
};

// The last scan and what it did.
struct ScanOutcome {
    std::string code;
    std::string sku;
    std::string name;
    std::string message;  // what happened, or what is wrong and what to do
    bool ok = false;
    bool unknown = false;                    // no product has this code: offer to link it
    std::vector<engine::StockLevel> levels;  // look up: on-hand per location
};

struct PickLine {
    std::string sku;
    int64_t ordered = 0;
    int64_t picked = 0;
};

struct CountTally {
    std::string sku;
    int64_t counted = 0;
};

struct ScannerState {
    uint64_t revision = 0;  // bumped on every change: views re-derive their caches
    ScannerSettings settings;
    CameraState camera = CameraState::kOff;
    std::string camera_message;  // why the camera is off (denied, none, unsupported)
    std::string decoder;         // "BarcodeDetector" or "ZXing" once the camera runs
    std::vector<engine::Location> locations;
    std::vector<engine::PurchaseOrder> open_pos;
    std::vector<std::string> open_orders;  // "channel/external_id"
    std::vector<PickLine> pick_lines;      // the chosen order's lines and what was picked
    std::vector<CountTally> tallies;       // count mode, since the count began
    int64_t count_seen_position = 0;       // the ledger position when the count began
    ScanOutcome last;
    bool has_last = false;
    // Link an unknown code to a product: the products matching the search.
    std::string link_code;
    std::string link_search;  // what the seller typed to find the product
    std::vector<engine::ListingRow> link_matches;
    int64_t decodes = 0;  // decodes the camera or a wedge delivered
    int64_t scans = 0;    // scans applied (after the debounce)
};

struct ScannerStartCameraIntent {};
struct ScannerStopCameraIntent {};
struct ScannerSettingsIntent {  // mode or its options changed
    ScannerSettings settings;
};
struct ScannerSubmitIntent {  // a typed code (or a keyboard-wedge scanner's)
    std::string code;
};
struct ScannerSearchProductsIntent {  // for linking: products whose SKU or name match
    std::string text;
};
struct ScannerLinkIntent {  // link ScannerState::link_code to this SKU, then apply the scan
    std::string sku;
};
struct ScannerAddLocationIntent {  // a first warehouse, so receiving has somewhere to go
    std::string id;
};
struct ScannerRecordCountIntent {};  // count mode: store the tallies
struct ScannerShipOrderIntent {};    // pick mode: every line picked, ship the order

}  // namespace stocktake::web
