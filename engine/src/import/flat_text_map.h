// FlatTextMap: text keys to small values for an import's per-row lookups (a million rows'
// keys), in two flat arrays: slots of 8 bytes (a hash tag and an entry's index) probed
// linearly, and the entries in insertion order. A lookup of an absent key, an import's
// usual case, reads one slot and no key text; std::unordered_map read a bucket, a node
// and the key, and freeing its million nodes was a visible share of the import.
// The keys are views: their text must outlive the map (an arena's copies, text_arena.h).
// Thread safety: none.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace stocktake::engine {

// Eight bytes a step (FNV-1a's byte a step showed in a first import's profile), every byte
// counted, each step mixed by a multiply and a shift.
inline uint64_t HashText(std::string_view text) {
    constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
    uint64_t hash = 0xCBF29CE484222325ull ^ (text.size() * kMul);
    const char* p = text.data();
    size_t left = text.size();
    for (; left >= 8; p += 8, left -= 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        hash = (hash ^ word) * kMul;
        hash ^= hash >> 29;
    }
    if (left > 0) {
        uint64_t word = 0;
        std::memcpy(&word, p, left);
        hash = (hash ^ word) * kMul;
    }
    return hash ^ (hash >> 32);  // the slot is taken from the low bits
}

template <typename Value>
class FlatTextMap {
  public:
    // Room for keys entries without growing.
    void Reserve(size_t keys) {
        entries_.reserve(keys);
        if (SlotsFor(keys) > slots_.size()) Rehash(SlotsFor(keys));
    }
    void Clear() {
        std::vector<Slot>().swap(slots_);
        std::vector<Entry>().swap(entries_);
    }
    size_t size() const { return entries_.size(); }

    // The value stored with key, or nullptr.
    const Value* Find(std::string_view key) const {
        return const_cast<FlatTextMap*>(this)->Find(key);
    }
    Value* Find(std::string_view key) {
        if (slots_.empty()) return nullptr;
        const uint64_t hash = HashText(key);
        for (size_t i = Home(hash);; i = Next(i)) {
            const Slot slot = slots_[i];
            if (slot.entry == 0) return nullptr;
            Entry& entry = entries_[slot.entry - 1];
            if (slot.tag == Tag(hash) && entry.key == key) return &entry.value;
        }
    }

    // The value stored with key, after storing value with it if there was none (then
    // .second is true). key's text must outlive the map.
    std::pair<Value*, bool> Insert(std::string_view key, const Value& value) {
        // Twice the slots when they fill: a third to two thirds in use.
        if (SlotsFor(entries_.size() + 1) > slots_.size()) Rehash(SlotsFor(entries_.size() + 1));
        const uint64_t hash = HashText(key);
        for (size_t i = Home(hash);; i = Next(i)) {
            Slot& slot = slots_[i];
            if (slot.entry == 0) {
                entries_.push_back(Entry{key, value});
                slot = Slot{Tag(hash), static_cast<uint32_t>(entries_.size())};
                return {&entries_.back().value, true};
            }
            Entry& entry = entries_[slot.entry - 1];
            if (slot.tag == Tag(hash) && entry.key == key) return {&entry.value, false};
        }
    }

  private:
    struct Slot {
        uint32_t tag;    // the hash's high half: most mismatches end without the key
        uint32_t entry;  // 1 + the entry's index; 0 marks an empty slot
    };
    struct Entry {
        std::string_view key;
        Value value;
    };

    // At most two thirds of the slots in use: probes stay short, and a million keys take
    // 16 MB of slots.
    static size_t SlotsFor(size_t keys) {
        size_t slots = 1024;
        while (slots * 2 < keys * 3) slots *= 2;
        return slots;
    }
    static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }
    size_t Home(uint64_t hash) const { return static_cast<size_t>(hash) & (slots_.size() - 1); }
    size_t Next(size_t i) const { return (i + 1) & (slots_.size() - 1); }

    void Rehash(size_t slots) {
        slots_.assign(slots, Slot{0, 0});
        for (size_t e = 0; e < entries_.size(); ++e) {
            const uint64_t hash = HashText(entries_[e].key);
            size_t i = Home(hash);
            while (slots_[i].entry != 0) i = Next(i);
            slots_[i] = Slot{Tag(hash), static_cast<uint32_t>(e + 1)};
        }
    }

    std::vector<Slot> slots_;
    std::vector<Entry> entries_;
};

}  // namespace stocktake::engine
