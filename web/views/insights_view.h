// InsightsView: what the engine noticed about the seller's SKUs, one list per kind (slow
// movers, out of stock, aged listings...) with its count. Each row names the SKU, the
// channel, since when it holds and its key numbers; selecting one opens the SKU's metrics
// (the rows behind the numbers). Draws App's cached InsightsState; "Refresh insights",
// selecting a row and "Download CSV" post intents.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

// "slow_mover" -> "Slow movers": the kind as the seller reads it.
const char* InsightKindName(const std::string& kind);

// The running refresh's bar, "<what>: <phase> N%" (the insights and restock screens).
void DrawRefreshProgress(const InsightsState& state, const char* what);

class InsightsView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    // Re-derives rows per kind and their key numbers when the state's revision moves.
    void Index(const InsightsState& state);
    void DrawStatus(const ViewContext& ctx);
    void DrawKindPicker();
    void DrawRows(const ViewContext& ctx);

    // UI state.
    size_t shown_kind_ = 0;           // index into engine::InsightKinds()
    bool chose_kind_ = false;         // shown_kind_ was set from the data (or by the seller)
    std::string followed_selection_;  // the selection shown_kind_ last followed

    // Derived from InsightsState at indexed_revision_.
    uint64_t indexed_revision_ = UINT64_MAX;
    std::vector<std::vector<size_t>> rows_by_kind_;  // indexes into state.insights
    std::vector<std::string> key_numbers_;           // per insight: "available 0, on hand 0"
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
