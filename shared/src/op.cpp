#include "stocktake/op.h"

#include <algorithm>
#include <array>

namespace stocktake {

namespace {

constexpr int kCounterBits = 16;

struct EntityRule {
    const char* entity;
    MergeRule rule;
};

// Every entity a device may send. Ledger facts merge by union; records field by field.
constexpr std::array<EntityRule, 19> kEntities = {{
    {"movement", MergeRule::kUnion},
    {"count", MergeRule::kUnion},
    {"product", MergeRule::kLastWriterWins},
    {"listing", MergeRule::kLastWriterWins},
    {"vendor_price", MergeRule::kLastWriterWins},
    {"location", MergeRule::kLastWriterWins},
    {"order", MergeRule::kLastWriterWins},
    {"order_line", MergeRule::kLastWriterWins},
    {"supplier", MergeRule::kLastWriterWins},
    {"purchase_order", MergeRule::kLastWriterWins},
    {"po_line", MergeRule::kLastWriterWins},
    {"kit_component", MergeRule::kLastWriterWins},
    {"channel_rules", MergeRule::kLastWriterWins},
    {"reallocation", MergeRule::kLastWriterWins},
    {"reallocation_move", MergeRule::kLastWriterWins},
    {"setting", MergeRule::kLastWriterWins},
    {"channel_fee", MergeRule::kLastWriterWins},
    {"product_plan", MergeRule::kLastWriterWins},
    {"barcode", MergeRule::kLastWriterWins},
}};

const EntityRule* FindEntity(std::string_view entity) {
    for (const EntityRule& known : kEntities) {
        if (entity == known.entity) return &known;
    }
    return nullptr;
}

bool IsLowerHex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Status Bad(const std::string& what) {
    return Status::InvalidArgument("op: " + what);
}

}  // namespace

uint64_t HybridClock::Tick(int64_t wall_ms) {
    const uint64_t wall = static_cast<uint64_t>(std::max<int64_t>(wall_ms, 0)) << kCounterBits;
    // Ahead of the wall clock (a device that saw a faster clock): count within that
    // millisecond. A counter overflow carries into the milliseconds, which is still ordered.
    last_ = wall > last_ ? wall : last_ + 1;
    return last_;
}

void HybridClock::Observe(uint64_t remote) {
    last_ = std::max(last_, remote);
}

std::string HlcText(uint64_t hlc) {
    std::string text;
    AppendHlcText(hlc, &text);
    return text;
}

void AppendHlcText(uint64_t hlc, std::string* out) {
    static constexpr char kDigits[] = "0123456789abcdef";
    const size_t start = out->size();
    out->resize(start + 16);
    for (int i = 15; i >= 0; --i, hlc >>= 4) {
        (*out)[start + static_cast<size_t>(i)] = kDigits[hlc & 0xF];
    }
}

Result<uint64_t> ParseHlc(std::string_view text) {
    if (text.size() != 16 || !IsLowerHex(text)) {
        return Bad("hlc must be 16 lowercase hex digits, got '" + std::string(text) + "'");
    }
    uint64_t value = 0;
    for (char c : text)
        value = value << 4 | static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    return value;
}

MergeRule MergeRuleOf(std::string_view entity) {
    const EntityRule* known = FindEntity(entity);
    return known ? known->rule : MergeRule::kLastWriterWins;
}

bool IsKnownEntity(std::string_view entity) {
    return FindEntity(entity) != nullptr;
}

std::string Op::id() const {
    std::string id = device;
    id += ':';
    id += std::to_string(seq);
    return id;
}

nlohmann::json OpToJson(const Op& op) {
    return {{"id", op.id()},          {"device", op.device}, {"seq", op.seq},
            {"hlc", HlcText(op.hlc)}, {"entity", op.entity}, {"key", op.key},
            {"payload", op.payload}};
}

Result<Op> OpFromJson(const nlohmann::json& json) {
    if (!json.is_object()) return Bad("must be a JSON object");
    Op op;
    const auto device = json.find("device");
    if (device == json.end() || !device->is_string()) return Bad("device must be a string");
    op.device = device->get<std::string>();
    if (op.device.size() != 32 || !IsLowerHex(op.device)) {
        return Bad("device must be 32 lowercase hex digits");
    }
    const auto seq = json.find("seq");
    if (seq == json.end() || !seq->is_number_integer() || seq->get<int64_t>() < 1) {
        return Bad("seq must be an integer >= 1");
    }
    op.seq = seq->get<int64_t>();
    const auto hlc = json.find("hlc");
    if (hlc == json.end() || !hlc->is_string()) return Bad("hlc must be a string");
    Result<uint64_t> parsed = ParseHlc(hlc->get<std::string>());
    if (!parsed.ok()) return parsed.status();
    op.hlc = parsed.value();
    const auto entity = json.find("entity");
    if (entity == json.end() || !entity->is_string()) return Bad("entity must be a string");
    op.entity = entity->get<std::string>();
    if (!IsKnownEntity(op.entity)) return Bad("unknown entity '" + op.entity + "'");
    const auto key = json.find("key");
    if (key == json.end() || !key->is_array() || key->empty()) {
        return Bad("key must be a non-empty array of strings");
    }
    for (const nlohmann::json& part : *key) {
        if (!part.is_string()) return Bad("key must be a non-empty array of strings");
        op.key.push_back(part.get<std::string>());
    }
    const auto payload = json.find("payload");
    if (payload == json.end() || !payload->is_object()) return Bad("payload must be an object");
    op.payload = *payload;
    const auto id = json.find("id");
    if (id != json.end() && (!id->is_string() || id->get<std::string>() != op.id())) {
        return Bad("id must be \"<device>:<seq>\"");
    }
    return op;
}

}  // namespace stocktake
