#include "stocktake/engine/scan_debounce.h"

#include <iterator>

namespace stocktake::engine {

bool ScanDebounce::Accept(std::string_view code, int64_t now_ms) {
    // Codes long out of view are forgotten, so a day of scanning keeps a handful of entries.
    for (auto it = seen_.begin(); it != seen_.end();) {
        it =
            now_ms - it->second.last_seen_ms > options_.absent_ms ? seen_.erase(it) : std::next(it);
    }
    auto [it, is_new] = seen_.try_emplace(std::string(code), Seen{now_ms, now_ms});
    Seen& seen = it->second;
    seen.last_seen_ms = now_ms;
    if (is_new) return true;
    if (options_.repeat_ms > 0 && now_ms - seen.counted_ms >= options_.repeat_ms) {
        seen.counted_ms = now_ms;
        return true;
    }
    return false;
}

}  // namespace stocktake::engine
