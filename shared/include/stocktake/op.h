// Op: one change as it travels between a device and the server, the unit of the sync
// protocol (docs/ARCHITECTURE.md, "Sync protocol"). The engine writes one in its outbox
// in the same transaction as every change; the server stores and relays them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "stocktake/status.h"

namespace stocktake {

// Hybrid logical clock time: wall-clock milliseconds in the high 48 bits and a counter in
// the low 16. Times a device hands out only grow, and a device that has seen a time hands
// out larger ones afterwards, even when the two devices' wall clocks disagree.
class HybridClock {
  public:
    explicit HybridClock(uint64_t last = 0) : last_(last) {}

    // The time of a local event happening at wall_ms.
    uint64_t Tick(int64_t wall_ms);
    // Takes in a time received from another device, so later local events order after it.
    void Observe(uint64_t remote);
    uint64_t last() const { return last_; }

  private:
    uint64_t last_;
};

// Sixteen lowercase hex digits: sorts as text the way the times sort as numbers, and
// survives JSON readers whose numbers are doubles (JavaScript's).
std::string HlcText(uint64_t hlc);
void AppendHlcText(uint64_t hlc, std::string* out);
Result<uint64_t> ParseHlc(std::string_view text);

// How a receiver merges ops on an entity.
enum class MergeRule {
    kUnion,          // facts that only accumulate (ledger movements, counts): kept once by key
    kLastWriterWins  // records: each field takes the value of the latest op (HLC, then device)
};

// Entities and their merge rule. Unknown entities are refused by receivers.
MergeRule MergeRuleOf(std::string_view entity);
bool IsKnownEntity(std::string_view entity);

// In a last-writer-wins payload, a field holding true when the record is deleted (a
// tombstone; false when created again).
inline constexpr const char* kDeletedField = "_deleted";

struct Op {
    std::string device;  // the device that made the change: 32 lowercase hex digits
    int64_t seq = 0;     // that device's sequence number: 1, 2, 3...
    uint64_t hlc = 0;
    std::string entity;            // "movement", "product", "listing", "location", ...
    std::vector<std::string> key;  // the entity's key parts, e.g. {sku, channel, marketplace}
    // Union: the whole fact. Last-writer-wins: only the fields this op sets.
    nlohmann::json payload = nlohmann::json::object();

    // Unique across devices: "<device>:<seq>".
    std::string id() const;
};

// Wire form: {"id", "device", "seq", "hlc" (HlcText), "entity", "key" [..], "payload" {..}}.
nlohmann::json OpToJson(const Op& op);
// Checks every member (types, hex device, seq >= 1, known entity, an id that matches) and
// says which one is wrong.
Result<Op> OpFromJson(const nlohmann::json& json);

}  // namespace stocktake
