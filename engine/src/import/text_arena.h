// TextArena: copies of many short texts (an import's row keys), kept in large blocks so
// that each costs no heap allocation of its own. A copy lives as long as the arena.
// Thread safety: none.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace stocktake::engine {

class TextArena {
  public:
    explicit TextArena(size_t block_bytes) : block_bytes_(block_bytes) {}

    std::string_view Keep(std::string_view text) {
        if (blocks_.empty() || block_size_ - used_ < text.size()) {
            block_size_ = std::max(block_bytes_, text.size());
            // Not zeroed (make_unique would): every byte handed out is copied in first.
            blocks_.push_back(std::unique_ptr<char[]>(new char[block_size_]));
            used_ = 0;
        }
        char* copy = blocks_.back().get() + used_;
        if (!text.empty()) std::memcpy(copy, text.data(), text.size());
        used_ += text.size();
        return std::string_view(copy, text.size());
    }

    void Clear() {
        blocks_.clear();
        block_size_ = 0;
        used_ = 0;
    }

  private:
    size_t block_bytes_;
    std::vector<std::unique_ptr<char[]>> blocks_;
    size_t block_size_ = 0;
    size_t used_ = 0;
};

}  // namespace stocktake::engine
