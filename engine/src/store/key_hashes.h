// KeyHashes: a set of 64-bit hashes of record keys, open-addressed in one array (16 bytes
// a key at worst, against ~40 for a node-based set), for a million keys of a first import.
// MaybeHas is false only for a key never added; true may be a collision, so a caller asks
// the database then.
// Thread safety: none.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace stocktake::engine {

class KeyHashes {
  public:
    static uint64_t Hash(std::string_view text) {
        // FNV-1a: every byte counts, and keys are short.
        uint64_t hash = 14695981039346656037ull;
        for (const char c : text) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 1099511628211ull;
        }
        hash ^= hash >> 32;           // the slot is taken from the low bits
        return hash == 0 ? 1 : hash;  // 0 marks an empty slot
    }

    bool MaybeHas(uint64_t hash) const {
        if (slots_.empty()) return false;
        for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i] == hash) return true;
            if (slots_[i] == 0) return false;
        }
    }

    void Add(uint64_t hash) {
        if ((count_ + 1) * 2 > slots_.size()) Grow();
        for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i] == hash) return;
            if (slots_[i] == 0) {
                slots_[i] = hash;
                ++count_;
                return;
            }
        }
    }

    void Clear() {
        std::vector<uint64_t>().swap(slots_);
        count_ = 0;
    }

  private:
    void Grow() {
        std::vector<uint64_t> old;
        old.swap(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
        count_ = 0;
        for (const uint64_t hash : old) {
            if (hash != 0) Add(hash);
        }
    }

    std::vector<uint64_t> slots_;
    size_t count_ = 0;
};

}  // namespace stocktake::engine
