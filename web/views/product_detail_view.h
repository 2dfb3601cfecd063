// ProductDetailView: one product, opened from its row in the products table. Its listings
// per channel, on-hand per location, the ledger that explains an on-hand figure ("why is
// on-hand N?"), its velocity and cover (Engine::Metrics) and, when the restock plan orders
// it, the plan's derivation. Draws App's cached ProductDetailState.
#pragma once

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class ProductDetailView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    void DrawListings(const ProductDetailState& d);
    void DrawStock(const ViewContext& ctx, const ProductDetailState& d);
    void DrawLedger(const ProductDetailState& d);
    void DrawVelocity(const ProductDetailState& d);
    void DrawRestock(const ProductDetailState& d);

    uint64_t scanned_revision_ = UINT64_MAX;
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
