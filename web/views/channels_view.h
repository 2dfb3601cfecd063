// ChannelsView: per channel its rules (max listed, percent of available, minimum, zero
// below N, update delay) with Save, the simulator (what each listing would show now and its
// oversell risk), the marketplace's bulk files, and the fee table. Draws App's cached
// ChannelsState; the rules and fees being typed are this view's UI state until saved.
#pragma once

#include <string>
#include <vector>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class ChannelsView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    void DrawRules(const ViewContext& ctx);
    void DrawFiles(const ViewContext& ctx);
    void DrawSimulation(const ViewContext& ctx);
    void DrawFees(const ViewContext& ctx);
    // Restarts the typed rules and fees when the state changes.
    void Follow(const ChannelsState& state, uint64_t revision);

    uint64_t followed_revision_ = UINT64_MAX;
    // The rules as typed.
    bool capped_ = false;
    int max_ = 0;
    int percent_ = 100;
    int min_ = 0;
    int zero_below_ = 0;
    bool delay_set_ = false;
    int delay_ = 0;
    // The fees as typed, per channel of state.channels: percent (x100) and fixed cents.
    std::vector<float> fee_percent_;
    std::vector<int> fee_fixed_;
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
