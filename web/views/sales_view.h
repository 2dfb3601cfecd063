// SalesView: the order lines behind an Insights "units sold" number, in a window over the
// Insights screen (OpenSalesIntent opens it, Close posts one with days 0). Draws App's
// cached SalesState.
#pragma once

#include "views/view.h"

namespace stocktake::web {

class SalesView {
  public:
    void Draw(const ViewContext& ctx);
};

}  // namespace stocktake::web
