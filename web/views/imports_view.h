// ImportsView: the Imports screen. Every import on this device, newest first (file, format,
// when, row totals, duration, and whether it was committed, a dry run, cancelled or
// failed); opening one shows its rejected rows, downloadable as a CSV. With no import yet,
// it says how to start. Draws App's ImportsHistoryState; opening and downloading post
// intents.
#pragma once

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class ImportsView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    MissingGlyphs glyphs_;  // file names and values in any script
};

}  // namespace stocktake::web
