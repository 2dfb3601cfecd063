// PurchasingView: purchase orders by status (open one: edit a draft's lines, mark it
// ordered, receive all or part of it after a preview, cancel it after a confirmation),
// suppliers (add and edit) and vendor prices per SKU. Draws App's cached PurchasingState;
// the typed values are this view's UI state until an intent carries them to App.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stocktake/engine/purchasing.h"
#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class PurchasingView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    void DrawOrders(const ViewContext& ctx);
    void DrawOpenPo(const ViewContext& ctx);
    void DrawDraftLines(const ViewContext& ctx, const engine::PurchaseOrder& po);
    void DrawReceiveLines(const engine::PurchaseOrder& po);
    void DrawReceiveConfirmation(const ViewContext& ctx, const engine::PurchaseOrder& po);
    void DrawCancelConfirmation(const ViewContext& ctx, const engine::PurchaseOrder& po);
    void DrawSuppliers(const ViewContext& ctx);
    void DrawVendorPrices(const ViewContext& ctx);
    // Restarts the typed quantities when another PO opens or the open one changes.
    void Follow(const PurchasingState& state, uint64_t revision);

    // UI state.
    uint64_t followed_revision_ = UINT64_MAX;
    std::string followed_po_;
    std::vector<int> line_qty_;     // a draft's quantities as typed, per line
    std::vector<int> receive_qty_;  // units arriving now, per line (default: what is open)
    std::string receive_location_;
    std::string new_po_supplier_;
    std::string add_sku_;
    int add_qty_ = 1;
    engine::Supplier supplier_;  // the supplier form
    int supplier_lead_ = 0;
    std::string price_filter_;
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
