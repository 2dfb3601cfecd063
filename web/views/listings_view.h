// ListingsView: the Products screen's table. Every product with each of its listings (a
// product not listed anywhere gets one row), sortable, filtered by SKU, name, GTIN, ASIN
// or listing id. Rows are queried from the engine only when the filter, the sort or the
// engine's data generation changes, cached here, and drawn with ImGuiListClipper so 100k
// rows scroll smoothly. A row opens the product's detail (double-click, Enter, "Open");
// its name and list price edit in place (double-click the cell, F2, or "Edit"), saved by
// App through Engine::SaveProduct: a refused edit stays open with its error and the text.
// Keyboard: "/" filter, Up/Down/PageUp/PageDown/Home/End select, Enter opens, "e" edits the
// name and "p" the list price, Enter saves an edit and Escape cancels it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "imgui.h"
#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class ListingsView {
  public:
    void Draw(const ViewContext& ctx);
    // Rows in the table as last drawn (after the filter); -1 before the first query.
    int64_t row_count() const { return has_cache_ ? static_cast<int64_t>(rows_.size()) : -1; }
    // For the end-to-end test (device pixels, as ImGui works): where the filter box and the
    // first visible row were drawn, and how far the table is scrolled.
    ImVec2 filter_center() const { return filter_center_; }
    ImVec2 first_row_center() const { return first_row_center_; }
    float scroll_y() const { return scroll_y_; }
    const std::string& selected_sku() const { return selected_sku_; }
    bool editing() const { return !editing_sku_.empty(); }
    const std::string& edit_error() const { return edit_error_; }
    // How the rows were read again after changes: all of them, or an edited product's.
    int64_t full_reads() const { return full_reads_; }
    int64_t patches() const { return patches_; }
    // The selected row's list price in minor units; -1 when none is selected or it has none.
    int64_t selected_list_price() const {
        if (selected_row_ < 0 || static_cast<size_t>(selected_row_) >= rows_.size()) return -1;
        return rows_[static_cast<size_t>(selected_row_)].list_price_minor.value_or(-1);
    }

  private:
    void DrawToolbar(const ViewContext& ctx);
    void DrawSelectionBar(const ViewContext& ctx);
    void DrawEmptyState(const ViewContext& ctx);
    void DrawTable(const ViewContext& ctx);
    void DrawEditor(const ViewContext& ctx);
    void HandleKeys(const ViewContext& ctx);
    void ReadSortSpecs();
    void RefreshIfNeeded(const ViewContext& ctx);
    bool PatchEditedRows(const ViewContext& ctx);
    void CheckEditResult(const ViewContext& ctx);
    void Select(int row);
    void StartEdit(int row, ProductField field);

    // UI state.
    std::string filter_;             // as typed
    double filter_edited_at_ = 0.0;  // ImGui time of the last keystroke (for debouncing)
    engine::ListingSort sort_ = engine::ListingSort::kSku;
    bool descending_ = false;
    int selected_row_ = -1;
    std::string selected_sku_;
    bool scroll_to_selection_ = false;
    // The inline editor: which product and field, the text as typed, and the edit App has
    // been asked to save (its ProductEditResult::serial), if any.
    std::string editing_sku_;
    int editing_row_ = -1;
    ProductField editing_field_ = ProductField::kName;
    std::string edit_text_;
    bool focus_editor_ = false;
    uint64_t awaiting_serial_ = 0;
    std::string edit_error_;
    // Where this frame drew things (for double-clicks and the test).
    float name_x_ = 0.0f, name_w_ = 0.0f, price_x_ = 0.0f, price_w_ = 0.0f;
    ImVec2 filter_center_{-1.0f, -1.0f};
    ImVec2 first_row_center_{-1.0f, -1.0f};
    float scroll_y_ = 0.0f;

    // Cache: rows_ answer `cached_query_` at `cached_generation_`.
    bool has_cache_ = false;
    engine::ListingQuery cached_query_;
    uint64_t cached_generation_ = 0;
    std::vector<engine::ListingRow> rows_;
    std::string error_;
    double query_ms_ = 0.0;
    int64_t full_reads_ = 0;  // every row read again
    int64_t patches_ = 0;     // only an edited product's rows read again
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
