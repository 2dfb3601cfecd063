// SummaryView: the dashboard's figures (SKUs, listings, units on hand, FBA listings) and
// listings counted by channel and by status. Draws the App's cached engine::Summary.
#pragma once

#include <cstdint>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class SummaryView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    MissingGlyphs glyphs_;
    bool scanned_ = false;
    uint64_t scanned_generation_ = 0;  // channel/status names checked for missing glyphs
};

}  // namespace stocktake::web
