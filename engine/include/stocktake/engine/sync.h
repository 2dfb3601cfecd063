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
