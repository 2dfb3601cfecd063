// RestockView: the restock plan (what to order from whom, and how each quantity was
// derived), its CSV download, "Create draft purchase orders" behind a confirmation that
// says how many orders and lines per supplier it would write, and each channel's quantity
// file. Draws App's cached plan.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class RestockView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    struct SupplierOrder {
        std::string supplier;
        int64_t lines = 0;
        int64_t units = 0;
    };
    // Re-derives the per-supplier preview when the state's revision moves.
    void Summarize(const InsightsState& state);
    void DrawConfirmation(const ViewContext& ctx);
    void DrawChannelFiles(const ViewContext& ctx);

    // Derived from InsightsState at summarized_revision_.
    uint64_t summarized_revision_ = UINT64_MAX;
    std::vector<SupplierOrder> orders_;  // one draft per supplier, as the engine makes them
    int64_t unorderable_lines_ = 0;      // no valid vendor price: left out of the drafts
    MissingGlyphs glyphs_;
    // The channels whose plug-in makes a quantity file (the registry does not change).
    std::vector<std::string> channel_ids_;
    std::vector<std::string> channel_labels_;
};

}  // namespace stocktake::web
