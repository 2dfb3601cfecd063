// FirstMatchKeys: for each match key (a GTIN-14, a name key) an import has written, the
// smallest SKU written with it. While a first import builds the catalogue's match indexes
// only after its rows (RecordTable::DeferIndexes), it answers the match-suggestion probes
// instead, with exactly the database's answer: "the smallest SKU other than this one with
// the key" is the smallest written so far, as long as every product the import wrote was a
// new one (SKUs unique) and the row's own SKU is noted only after its probe.
// Thread safety: none; one per import job.
#pragma once

#include <cstddef>
#include <string_view>

#include "import/flat_text_map.h"
#include "import/text_arena.h"

namespace stocktake::engine {

class FirstMatchKeys {
  public:
    void Clear() {
        smallest_.Clear();
        arena_.Clear();
    }

    size_t size() const { return smallest_.size(); }
    // Room for keys keys without growing.
    void Reserve(size_t keys) { smallest_.Reserve(keys); }
    // The smallest SKU noted with key, or "" when none was.
    std::string_view Find(std::string_view key) const {
        const std::string_view* found = smallest_.Find(key);
        return found != nullptr ? *found : std::string_view();
    }

    void Note(std::string_view key, std::string_view sku) {
        if (key.empty()) return;
        std::string_view* found = smallest_.Find(key);
        if (found == nullptr) {
            smallest_.Insert(arena_.Keep(key), arena_.Keep(sku));
        } else if (sku < *found) {
            *found = arena_.Keep(sku);
        }
    }

  private:
    // Keys and SKUs live in the arena: a string per entry would cost a heap allocation
    // each, for a million rows.
    FlatTextMap<std::string_view> smallest_;
    TextArena arena_{size_t{1} << 20};
};

}  // namespace stocktake::engine
