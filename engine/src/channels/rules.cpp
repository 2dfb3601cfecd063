// The channel rules (channels.h, ChannelRules) and the names of bulk file kinds.
#include <algorithm>

#include "stocktake/engine/channels.h"

namespace stocktake::engine {

ChannelQuantity ApplyChannelRules(const ChannelRules& rules, int64_t available) {
    if (available <= 0) return {0, "out_of_stock"};
    if (available < rules.zero_below) return {0, "zero_below"};
    const int64_t percent = std::clamp<int64_t>(rules.percent_of_available, 0, 100);
    ChannelQuantity shown{available, "available"};
    if (percent < 100) {
        // available * percent fits: available is a stock count far below 2^56.
        shown = {available * percent / 100, "percent"};
    }
    if (shown.quantity < rules.min_quantity) {
        shown = {std::min(rules.min_quantity, available), "min_quantity"};
    }
    if (rules.max_quantity && shown.quantity > *rules.max_quantity) {
        shown = {*rules.max_quantity, "max_quantity"};
    }
    return shown;
}

const char* BulkFileKindName(BulkFileKind kind) {
    switch (kind) {
        case BulkFileKind::kQuantity: return "quantity";
        case BulkFileKind::kPrice: return "price";
        case BulkFileKind::kDelist: return "delist";
    }
    return "quantity";
}

}  // namespace stocktake::engine
