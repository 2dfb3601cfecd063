#include "sync/channel_writes.h"

#include "sync/outbox.h"

namespace stocktake::engine {

namespace {

using nlohmann::json;

json IntOrNull(const std::optional<int64_t>& value) {
    return value ? json(*value) : json(nullptr);
}

}  // namespace

Status WriteChannelRules(Store& store, const ChannelRules& rules, std::string_view now) {
    return WriteRecord(store, "channel_rules", {rules.channel},
                       {{"max_quantity", IntOrNull(rules.max_quantity)},
                        {"percent_of_available", rules.percent_of_available},
                        {"min_quantity", rules.min_quantity},
                        {"zero_below", rules.zero_below},
                        {"update_delay_minutes", IntOrNull(rules.update_delay_minutes)},
                        {kDeletedField, false}},
                       now);
}

Status WriteReallocation(Store& store, const ReallocationEntry& entry, std::string_view now) {
    return WriteRecord(store, "reallocation", {entry.id},
                       {{"sku", entry.sku},
                        {"channel_origin", entry.channel_origin},
                        {"reason", entry.reason},
                        {"quantity", IntOrNull(entry.quantity)},
                        {"state", entry.state},
                        {"added_at", entry.added_at},
                        {"added_by", entry.added_by},
                        {kDeletedField, false}},
                       now);
}

Status WriteReallocationState(Store& store, const std::string& id, const std::string& state,
                              std::string_view now) {
    return WriteRecord(store, "reallocation", {id}, {{"state", state}}, now);
}

Status WriteReallocationMove(Store& store, const ReallocationMove& move, std::string_view now) {
    return WriteRecord(store, "reallocation_move", {move.id},
                       {{"entry_id", move.entry_id},
                        {"sku", move.sku},
                        {"from_channel", move.from_channel},
                        {"to_channel", move.to_channel},
                        {"from_location", move.from_location},
                        {"to_location", move.to_location},
                        {"quantity", move.quantity},
                        {"kind", move.kind},
                        {"moved_by", move.by},
                        {"moved_at", move.at},
                        {"reference", move.reference},
                        {kDeletedField, false}},
                       now);
}

Status WriteListingQuantity(Store& store, const std::string& sku, const std::string& channel,
                            const std::string& marketplace, int64_t quantity,
                            std::string_view now) {
    return WriteRecord(store, "listing", {sku, channel, marketplace}, {{"quantity", quantity}},
                       now);
}

}  // namespace stocktake::engine
