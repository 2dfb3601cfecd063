// ListingsView: every listing in one sortable, filterable table. Rows are queried from the
// engine only when the filter, the sort or the engine's data generation changes, cached
// here, and drawn with ImGuiListClipper so 100k rows scroll smoothly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class ListingsView {
  public:
    void Draw(const ViewContext& ctx);
    // Rows in the table as last drawn (after the filter); -1 before the first query.
    int64_t row_count() const { return has_cache_ ? static_cast<int64_t>(rows_.size()) : -1; }

  private:
    void DrawToolbar(const ViewContext& ctx);
    void DrawEmptyState(const ViewContext& ctx);
    void DrawTable();
    void ReadSortSpecs();
    void RefreshIfNeeded(const ViewContext& ctx);

    // UI state.
    std::string filter_;             // as typed
    double filter_edited_at_ = 0.0;  // ImGui time of the last keystroke (for debouncing)
    engine::ListingSort sort_ = engine::ListingSort::kSku;
    bool descending_ = false;

    // Cache: rows_ answer `cached_query_` at `cached_generation_`.
    bool has_cache_ = false;
    engine::ListingQuery cached_query_;
    uint64_t cached_generation_ = 0;
    std::vector<engine::ListingRow> rows_;
    std::string error_;
    double query_ms_ = 0.0;
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
