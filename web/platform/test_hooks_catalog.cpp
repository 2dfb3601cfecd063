// Test hooks of the catalogue screens, called by tests/e2e/views_catalog.mjs
// as Module._stocktake_catalog_*(): the screens' state as one JSON object, and actions.
#include <emscripten.h>

#include <nlohmann/json.hpp>
#include <string>

#include "platform/platform_internal.h"

extern "C" {

// The catalogue screens' state as JSON (CatalogTestSnapshot; positions in CSS pixels). The
// string lives until the next call.
EMSCRIPTEN_KEEPALIVE const char* stocktake_catalog_state() {
    static std::string text;
    stocktake::web::PlatformClient* client = stocktake::web::TestHooksClient();
    if (client == nullptr) return "{}";
    const stocktake::web::CatalogTestSnapshot s = client->CatalogSnapshot();
    const float ratio = stocktake::web::TestHooksPlatform()->PixelRatio();
    const auto css = [ratio](float device) { return device < 0.0f ? -1.0 : device / ratio; };
    const nlohmann::json state = {
        {"dashboardLoaded", s.dashboard_loaded},
        {"skus", s.skus},
        {"unitsOnHand", s.units_on_hand},
        {"valueAtCostE4", s.value_at_cost_e4},
        {"outOfStock", s.out_of_stock},
        {"slowMovers", s.slow_movers},
        {"aged", s.aged},
        {"toReorder", s.to_reorder},
        {"salesDays", s.sales_days},
        {"salesPoints", s.sales_points},
        {"salesTotal", s.sales_total},
        {"detailLoaded", s.detail_loaded},
        {"detailFound", s.detail_found},
        {"detailRows", s.detail_rows},
        {"detailLevels", s.detail_levels},
        {"detailLedger", s.detail_ledger},
        {"detailLedgerSum", s.detail_ledger_sum},
        {"detailMetrics", s.detail_metrics},
        {"detailRestock", s.detail_restock},
        {"detailListPrice", s.detail_list_price},
        {"detailName", s.detail_name},
        {"editSerial", s.edit_serial},
        {"editOk", s.edit_ok},
        {"listingsFullReads", s.listings_full_reads},
        {"listingsPatches", s.listings_patches},
        {"selectedListPrice", s.selected_list_price},
        {"editing", s.editing},
        {"filterX", css(s.filter_x)},
        {"filterY", css(s.filter_y)},
        {"rowX", css(s.row_x)},
        {"rowY", css(s.row_y)},
        {"tableScrollY", s.table_scroll_y / ratio},
        {"locations", s.locations},
        {"stockLevels", s.stock_levels},
        {"stockPending", s.stock_pending},
        {"stockChanges", s.stock_changes},
        {"stockMessageIsError", s.stock_message_is_error},
        {"selectedSku", s.selected_sku},
        {"editError", s.edit_error},
        {"stockMessage", s.stock_message},
        {"pendingSummary", s.pending_summary},
    };
    // Replace: names may hold any bytes; the test reads what can be shown.
    text = state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return text.c_str();
}

// An action on the catalogue screens (CatalogTestAction, web/app/app_catalog_test.cpp).
EMSCRIPTEN_KEEPALIVE void stocktake_catalog_action(int action, const char* a, const char* b,
                                                   const char* c, double n) {
    stocktake::web::PlatformClient* client = stocktake::web::TestHooksClient();
    if (client == nullptr) return;
    client->OnCatalogTestAction(action, a, b, c, static_cast<int64_t>(n));
}

}  // extern "C"
