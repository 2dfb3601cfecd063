// What this device keeps for itself and never syncs: the name it goes by on the server's
// device list, and the scanner's work in progress (a half-picked order, a count, the bins a
// move goes between), so a reloaded or killed tab resumes where the worker was.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stocktake::engine {

// One SKU of a scanner session: a pick line (ordered, and how many were picked) or a count
// tally (ordered 0, done = units counted).
struct ScanSessionLine {
    std::string sku;
    int64_t ordered = 0;
    int64_t done = 0;

    bool operator==(const ScanSessionLine& o) const {
        return sku == o.sku && ordered == o.ordered && done == o.done;
    }
};

// The scanner's settings and progress as the worker left them. mode is the web app's name
// for it ("lookup", "receive", "pick", "move", "count"); the engine only keeps it.
struct ScanSession {
    std::string mode;
    std::string location;             // receive, pick and count happen here; a move's "from"
    std::string to_location;          // a move's "to"
    std::string po_id;                // receiving against this purchase order ("" = free)
    std::string order_key;            // picking this order ("channel/external_id")
    int64_t count_seen_position = 0;  // the ledger position the count in progress began at
    std::vector<ScanSessionLine> picks;
    std::vector<ScanSessionLine> tallies;

    bool operator==(const ScanSession& o) const {
        return mode == o.mode && location == o.location && to_location == o.to_location &&
               po_id == o.po_id && order_key == o.order_key &&
               count_seen_position == o.count_seen_position && picks == o.picks &&
               tallies == o.tallies;
    }
    bool operator!=(const ScanSession& o) const { return !(*this == o); }
};

}  // namespace stocktake::engine
