// SeenKeys: which match keys (GTIN-14s, name keys) an import has written so far, kept as
// 64-bit hashes so that a probe for "another product with this key" can be skipped when
// the answer is certainly "none". Only sound while the table held nothing the import did
// not write (an import into an empty catalogue, the seller's first): then every stored key
// passed through Add, so a hash never added means no stored row has the key. A hash that
// was added (the key is stored, or two keys collide) says nothing: the caller asks the
// database, which stays the only source of the answer.
//
// Why: a first import of a million listings probes the name-key index once per row, and
// almost every probe misses; the probes were ~11% of the import (docs/PERFORMANCE.md).
// Thread safety: none; one per import job.
#pragma once

#include <cstdint>
#include <string_view>

#include "store/key_hashes.h"

namespace stocktake::engine {

class SeenKeys {
  public:
    // Starts or stops trusting the hashes; a stopped SeenKeys answers "maybe" to everything.
    void Enable(bool enabled) {
        enabled_ = enabled;
        hashes_.Clear();
    }

    // False only when no row written so far (by Add) can hold key.
    bool MaybeSeen(std::string_view key) const {
        return !enabled_ || hashes_.MaybeHas(KeyHashes::Hash(key));
    }

    void Add(std::string_view key) {
        if (enabled_ && !key.empty()) hashes_.Add(KeyHashes::Hash(key));
    }

  private:
    bool enabled_ = false;
    KeyHashes hashes_;  // grows as keys are added: nothing is held until then
};

}  // namespace stocktake::engine
