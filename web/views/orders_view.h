// OrdersView: the channels' orders, newest first, filtered by status and channel; opening
// one shows its lines, what each reserves and what shipped, and the ledger entries that
// name it. Draws App's cached OrdersState; filters and opening post intents.
#pragma once

#include <string>
#include <vector>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class OrdersView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    void DrawFilters(const ViewContext& ctx);
    void DrawOpenOrder(const ViewContext& ctx);
    void DrawList(const ViewContext& ctx);

    std::vector<std::string> channel_ids_;  // "" (any) first, then the registered channels
    std::vector<std::string> channel_labels_;
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
