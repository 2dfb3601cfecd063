// StockView: the Stock & locations screen. The location tree (warehouses and their bins)
// with on-hand per location, the on-hand table (clipped, filtered by location and SKU), a
// form to add a location, and the transfer and count forms: each is previewed ("moves 3 of
// MUG from MAIN (10 -> 7) to MAIN/A-01 (0 -> 3)") and recorded only on Confirm. The forms'
// text is UI state here; every check and write is App's (intents).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class StockView {
  public:
    void Draw(const ViewContext& ctx);
    // Rows the on-hand table shows after its filters (-1 before the first draw).
    int64_t level_rows() const { return static_cast<int64_t>(shown_.size()); }

  private:
    void Derive(const ViewContext& ctx);
    void DrawTree(const ViewContext& ctx);
    void DrawTreeNode(const ViewContext& ctx, size_t index);
    void DrawLevels(const ViewContext& ctx);
    void DrawAddLocation(const ViewContext& ctx);
    void DrawForms(const ViewContext& ctx);
    void DrawPending(const ViewContext& ctx);
    bool LocationCombo(const char* id, const ViewContext& ctx, std::string* location);

    // UI state.
    std::string selected_location_;  // "" = all
    std::string sku_filter_;
    std::string new_id_, new_name_, new_parent_;
    std::string move_sku_, move_from_, move_to_, move_quantity_, move_reason_;
    std::string count_sku_, count_location_, count_counted_;

    // Derived at derived_revision_ / the filters it was derived with.
    uint64_t derived_revision_ = UINT64_MAX;
    std::string derived_location_;
    std::string derived_filter_;
    std::vector<size_t> shown_;                  // indices into levels
    std::vector<int64_t> location_totals_;       // per location (by index)
    std::vector<std::vector<size_t>> children_;  // per location: its children's indices
    std::vector<size_t> roots_;
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
