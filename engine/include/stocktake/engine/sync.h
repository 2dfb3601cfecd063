// Sync: what applying other devices' ops did, and the catalogue edits that become ops.
// The op itself is stocktake/op.h (shared with the server).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "stocktake/op.h"
#include "stocktake/status.h"

namespace stocktake::engine {

// What Engine::ApplyOps did with one op.
struct OpOutcome {
    enum class State {
        kApplied,    // new here, and applied
        kDuplicate,  // applied before: nothing changed
        kRejected,   // malformed or contradicting a stored fact: see code and reason
    };
    std::string op_id;
    State state = State::kApplied;
    Code code = Code::kOk;
    std::string reason;
};

const char* OpOutcomeStateName(OpOutcome::State state);  // "applied", "duplicate", "rejected"

// This device's link to a sync server: who is signed in and how far it has read the
// server's change log. Kept on the device only (it never syncs). email "" = signed out.
struct SyncAccount {
    std::string email;
    std::string org_id;
    std::string access_token;
    std::string refresh_token;
    int64_t pull_cursor = 0;   // the server's change log is applied here up to this number
    std::string last_sync_at;  // ISO-8601 UTC of the last sync that finished; "" never
};

// A seller's edit of a product. Unset fields keep their value; a new product needs a name.
struct ProductEdit {
    std::string sku;
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::optional<std::string> brand;
    std::optional<std::string> category;
    std::optional<int64_t> list_price_minor;  // cents
};

}  // namespace stocktake::engine
