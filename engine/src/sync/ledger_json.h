// The payloads of ledger ops: a movement or a count as a JSON object, and back (checking
// every member's type, so a malformed op is refused with the member it got wrong).
#pragma once

#include <nlohmann/json.hpp>

#include "stocktake/engine/stock.h"
#include "stocktake/status.h"

namespace stocktake::engine {

nlohmann::json MovementToJson(const Movement& movement);
Result<Movement> MovementFromJson(const nlohmann::json& json);

nlohmann::json CountToJson(const Count& count);
Result<Count> CountFromJson(const nlohmann::json& json);

}  // namespace stocktake::engine
