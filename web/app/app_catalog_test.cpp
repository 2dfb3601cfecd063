// App's test side for the catalogue screens: the snapshot the end-to-end
// test reads and the actions it takes, each posting exactly the intent a widget posts.
#include "app/app.h"

namespace stocktake::web {
namespace {

// Actions of stocktake_catalog_action(n, a, b, c, number).
enum class CatalogTestAction {
    kOpenProduct = 1,       // a = SKU
    kSaveProductField = 2,  // a = SKU, b = "name" or "price", c = the text typed
    kSetSalesWindow = 3,    // number = 30 or 90
    kExplainOnHand = 4,     // a = location ("" = all)
    kAddLocation = 5,       // a = id, b = parent ("" = a warehouse), c = name
    kPreviewTransfer = 6,   // a = SKU, b = from, c = to, number = units
    kPreviewCount = 7,      // a = SKU, b = location, number = counted
    kConfirmStockChange = 8,
    kCancelStockChange = 9,
};

}  // namespace

CatalogTestSnapshot App::CatalogSnapshot() const {
    CatalogTestSnapshot s;
    const DashboardState& d = catalog_.dashboard;
    s.dashboard_loaded = d.loaded;
    if (d.loaded) {
        s.skus = d.stock.skus;
        s.units_on_hand = d.stock.units_on_hand;
        s.value_at_cost_e4 = d.stock.value_at_cost_e4;
        s.sales_days = d.sales_days;
        s.sales_points = static_cast<int64_t>(d.sales.size());
        s.sales_total = d.sales_total;
    }
    s.out_of_stock = dashboard_view_.out_of_stock();
    s.slow_movers = dashboard_view_.slow_movers();
    s.aged = dashboard_view_.aged();
    if (insights_.plan) s.to_reorder = static_cast<int64_t>(insights_.plan->lines.size());

    const ProductDetailState& p = catalog_.detail;
    s.detail_loaded = p.loaded;
    s.detail_found = p.found;
    if (p.loaded) {
        s.detail_rows = static_cast<int64_t>(p.rows.size());
        s.detail_levels = static_cast<int64_t>(p.levels.size());
        s.detail_ledger = static_cast<int64_t>(p.ledger.size());
        s.detail_ledger_sum = p.ledger_sum;
        s.detail_metrics = static_cast<int64_t>(p.metrics.size());
        s.detail_restock = p.restock ? p.restock->quantity : -1;
        if (!p.rows.empty()) {
            s.detail_name = p.rows.front().name;
            s.detail_list_price = p.rows.front().list_price_minor.value_or(-1);
        }
    }

    s.edit_serial = catalog_.edit.serial;
    s.edit_ok = catalog_.edit.ok;
    s.listings_full_reads = listings_view_.full_reads();
    s.listings_patches = listings_view_.patches();
    s.selected_list_price = listings_view_.selected_list_price();
    s.editing = listings_view_.editing();
    s.filter_x = listings_view_.filter_center().x;
    s.filter_y = listings_view_.filter_center().y;
    s.row_x = listings_view_.first_row_center().x;
    s.row_y = listings_view_.first_row_center().y;
    s.table_scroll_y = listings_view_.scroll_y();
    s.selected_sku = listings_view_.selected_sku();
    s.edit_error = listings_view_.edit_error();

    const StockScreenState& st = catalog_.stock;
    if (st.loaded) {
        s.locations = static_cast<int64_t>(st.locations.size());
        s.stock_levels = static_cast<int64_t>(st.levels.size());
    }
    s.stock_pending = st.pending.has_value();
    s.stock_changes = st.changes_recorded;
    s.stock_message_is_error = st.message_is_error;
    s.stock_message = st.message;
    if (st.pending) s.pending_summary = st.pending->summary;
    return s;
}

void App::OnCatalogTestAction(int action, std::string a, std::string b, std::string c, int64_t n) {
    switch (static_cast<CatalogTestAction>(action)) {
        case CatalogTestAction::kOpenProduct: intents_.Post(OpenProductIntent{a}); break;
        case CatalogTestAction::kSaveProductField:
            intents_.Post(SaveProductFieldIntent{
                a, b == "price" ? ProductField::kListPrice : ProductField::kName, c});
            break;
        case CatalogTestAction::kSetSalesWindow:
            intents_.Post(SetSalesWindowIntent{static_cast<int>(n)});
            break;
        case CatalogTestAction::kExplainOnHand: intents_.Post(ExplainOnHandIntent{a}); break;
        case CatalogTestAction::kAddLocation: {
            engine::Location location;
            location.id = a;
            location.parent_id = b;
            location.name = c;
            location.kind = b.empty() ? "warehouse" : "bin";
            intents_.Post(AddLocationIntent{location});
            break;
        }
        case CatalogTestAction::kPreviewTransfer:
            intents_.Post(PreviewTransferIntent{a, b, c, std::to_string(n), "e2e transfer"});
            break;
        case CatalogTestAction::kPreviewCount:
            intents_.Post(PreviewCountIntent{a, b, std::to_string(n)});
            break;
        case CatalogTestAction::kConfirmStockChange:
            intents_.Post(ConfirmStockChangeIntent{});
            break;
        case CatalogTestAction::kCancelStockChange: intents_.Post(CancelStockChangeIntent{}); break;
    }
}

}  // namespace stocktake::web
