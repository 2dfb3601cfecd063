// What every view gets: read-only state to draw from, and a queue to post intents to.
// Views hold UI state only (filters, sort, scroll); the engine is the source of truth.
// Views never change domain state while drawing: they post an Intent, and App applies it
// after the frame.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "stocktake/engine/engine.h"
#include "stocktake/engine/formats.h"
#include "stocktake/engine/insights.h"
#include "stocktake/engine/types.h"
#include "views/admin.h"       // the Imports history and the Sync screen's devices
#include "views/operations.h"  // the operations screens (Orders, Purchasing, ...)
#include "views/scanner_state.h"

namespace stocktake::web {

// --- Intents: requests from views, applied by App after the frame ---------------------
struct ChooseFileIntent {};           // open the browser's file chooser
struct DismissImportResultIntent {};  // close the import screen (back to the listings)
struct RequestGlyphsIntent {          // add these code points to the font atlas
    std::vector<uint32_t> codepoints;
};
// The import wizard (ImportWizard below).
struct SelectFormatIntent {  // import the file as this ListFormats() id
    std::string format;
};
struct MapColumnIntent {  // bind a catalogue field to a header column (-1: not imported)
    std::string field;
    int column = -1;
};
struct PreviewChangesIntent {};   // dry run: what would the import do?
struct CommitImportIntent {};     // import for real
struct CancelImportJobIntent {};  // stop the running dry run or import
struct BackToFileIntent {};       // from the previewed changes back to the file and mapping
struct DownloadErrorsIntent {};   // the shown report's rejected rows as a CSV download

// The screens of the main column (the navigation's order is NavEntries() in nav_view.cpp).
// Values are the test hooks' screen numbers: append only.
enum class Screen {
    kListings,  // "Products": the import flow and the products table
    kInsights,
    kRestock,
    kSync,
    // The operations screens (views/operations.h).
    kOrders,
    kPurchasing,
    kReallocation,
    kChannels,
    kScanner,  // the phone scanner (views/scanner_state.h)
    // The catalogue screens (CatalogState below).
    kDashboard,
    kProductDetail,  // opened from a product row (OpenProductIntent)
    kStock,
    kImports,  // the import history (views/admin.h)
};
struct ShowScreenIntent {
    Screen screen = Screen::kListings;
};
// Insights and the restock plan (InsightsState below).
struct RefreshInsightsIntent {};  // GenerateInsights now, then re-read insights and the plan
struct SelectInsightIntent {      // open the metrics behind one insight
    std::string kind;
    std::string sku;
    std::string channel;
};
struct DownloadInsightsCsvIntent {  // the insights of one kind ("" = all) as a CSV download
    std::string kind;
};
struct DownloadRestockCsvIntent {};  // the restock plan as a CSV download
struct CreateRestockPosIntent {};    // the plan as draft purchase orders (after confirming)
struct DownloadChannelFileIntent {   // a channel's quantity bulk file, after its rules
    std::string channel;
};

// Sync with the server (SyncState below).
struct SignInIntent {
    std::string email;
    std::string password;
};
struct CreateAccountIntent {  // a new organisation with this user as its owner
    std::string organisation;
    std::string email;
    std::string password;
};
struct SignOutIntent {};
struct SyncNowIntent {};

// --- The catalogue screens: Dashboard, Products, Product detail, Stock & locations -------
enum class ProductField { kName, kListPrice };
struct OpenProductIntent {  // the product detail screen for this SKU
    std::string sku;
};
struct SaveProductFieldIntent {  // an inline edit, as typed: App validates and saves it
    std::string sku;
    ProductField field = ProductField::kName;
    std::string text;
};
struct SetSalesWindowIntent {  // the dashboard's sales chart: the last 30 or 90 days
    int days = 30;
};
struct ExplainOnHandIntent {  // the product detail's ledger at one location ("" = all)
    std::string location;
};
struct AddLocationIntent {
    engine::Location location;
};
struct PreviewTransferIntent {  // shows what the transfer would do; ConfirmStockChange does it
    std::string sku;
    std::string from;
    std::string to;
    std::string quantity;  // as typed: App says what is wrong with it
    std::string reason;
};
struct PreviewCountIntent {  // shows the adjustment a count would make
    std::string sku;
    std::string location;
    std::string counted;  // as typed
};
struct ConfirmStockChangeIntent {};  // records the previewed transfer or count
struct CancelStockChangeIntent {};

using Intent =
    std::variant<ChooseFileIntent, DismissImportResultIntent, RequestGlyphsIntent,
                 SelectFormatIntent, MapColumnIntent, PreviewChangesIntent, CommitImportIntent,
                 CancelImportJobIntent, BackToFileIntent, DownloadErrorsIntent, ShowScreenIntent,
                 RefreshInsightsIntent, SelectInsightIntent, DownloadInsightsCsvIntent,
                 DownloadRestockCsvIntent, CreateRestockPosIntent, DownloadChannelFileIntent,
                 SignInIntent, CreateAccountIntent, SignOutIntent, SyncNowIntent,
                 // The scanner (views/scanner_state.h).
                 ScannerStartCameraIntent, ScannerStopCameraIntent, ScannerSettingsIntent,
                 ScannerSubmitIntent, ScannerSearchProductsIntent, ScannerLinkIntent,
                 ScannerAddLocationIntent, ScannerRecordCountIntent, ScannerShipOrderIntent,
                 // The operations screens (views/operations.h).
                 OperationsIntent,
                 // The catalogue screens.
                 OpenProductIntent, SaveProductFieldIntent, SetSalesWindowIntent,
                 ExplainOnHandIntent, AddLocationIntent, PreviewTransferIntent, PreviewCountIntent,
                 ConfirmStockChangeIntent, CancelStockChangeIntent,
                 // The Imports history and the devices (views/admin.h).
                 AdminIntent>;

class IntentQueue {
  public:
    void Post(Intent intent) { items_.push_back(std::move(intent)); }
    std::vector<Intent> TakeAll() { return std::exchange(items_, {}); }

  private:
    std::vector<Intent> items_;
};

// Posts one of the operations screens' intents (views/operations.h).
template <typename T>
void PostOperation(IntentQueue* queue, T intent) {
    queue->Post(OperationsIntent{std::move(intent)});
}

// --- State views draw from (owned by App) ---------------------------------------------

// The import wizard's steps, in the order a seller meets them.
enum class WizardStep {
    kIdle,        // no file, or its result was dismissed: the listings show
    kReading,     // a file arrived; App previews it after this frame
    kUnreadable,  // the file cannot be read at all (preview.error says why)
    kFile,        // how the file reads: format, first rows, column mapping
    kDryRun,      // "Preview changes" is running
    kDiff,        // what the import would do (dry_run)
    kCommitting,  // the import is running
    kDone,        // the import finished (report)
};

using engine::kGenericCatalogFormatId;

// Everything the import screens show. Owned by App, changed only by App (through intents),
// so no widget holds wizard state across frames.
struct ImportWizard {
    WizardStep step = WizardStep::kIdle;
    uint64_t revision = 0;     // bumped on every change: views re-derive their caches
    uint64_t file_serial = 0;  // bumped per file: tables sized to a file's columns restart

    std::string file_name;
    int64_t file_size = 0;
    engine::FilePreview preview;
    // Formats the seller may choose: importable ListFormats() entries, generic catalog last.
    std::vector<engine::FormatInfo> formats;
    std::string format;             // chosen format id; "" until one is (ambiguous file)
    engine::ColumnMapping mapping;  // for generic_catalog, as edited on the mapping panel

    engine::ImportProgress progress;              // while a job runs
    double elapsed_ms = 0;                        // running: so far; finished: total
    std::optional<engine::ImportReport> dry_run;  // kDiff, and kCommitting after a preview
    std::optional<engine::ImportReport> report;   // kDone
    std::string notice;                           // e.g. "a file is still importing"
    bool notice_is_error = false;

    bool UsesMapping() const { return format == kGenericCatalogFormatId; }
    bool IsBusy() const {
        return step == WizardStep::kReading || step == WizardStep::kDryRun ||
               step == WizardStep::kCommitting;
    }
    // True when the chosen format and mapping are enough to start a job.
    bool CanStart() const {
        if (format.empty()) return false;
        return !UsesMapping() || mapping.fields.count("sku") == 1;
    }
};

// Insights, the metrics of the selected one, and the restock plan: engine results cached by
// App (read when the insights screen first shows and after each refresh), never by widgets.
struct InsightsState {
    bool loaded = false;       // Insights() and the plan have been read at least once
    uint64_t revision = 0;     // bumped on every change: views re-derive their caches
    std::string refreshed_at;  // the last GenerateInsights on this page load ("" = none)
    engine::InsightRun last_run;
    std::vector<engine::Insight> insights;  // every kind, by kind, SKU, channel
    std::string error;                      // why the last read or refresh failed
    // A refresh under way, spread over frames: the lists stay the previous results until
    // it is done.
    bool generating = false;
    std::string progress_phase;  // engine::InsightsProgress::phase
    int64_t progress_percent = 0;

    // The insight whose numbers are open, and its SKU's metrics (all channels first).
    std::string selected_kind;
    std::string selected_sku;
    std::string selected_channel;
    std::vector<engine::SkuMetrics> metrics;
    std::string metrics_error;

    std::optional<engine::RestockPlan> plan;
    std::string restock_message;  // what "Create draft purchase orders" did
    bool restock_message_is_error = false;

    bool IsSelected(const engine::Insight& i) const {
        return i.kind == selected_kind && i.sku == selected_sku && i.channel == selected_channel;
    }
};

// The link to the sync server, as SyncClient (web/app/sync_client.h) keeps it.
struct SyncState {
    bool signed_in = false;
    std::string email;
    int64_t pending_ops = 0;   // changes made here the server has not stored yet
    std::string last_sync_at;  // ISO-8601 UTC of the last finished sync ("" = never)
    bool busy = false;         // a request is under way
    bool offline = false;      // the last attempt got no answer: retried automatically
    std::string activity;      // what is happening now ("Sending 120 changes")
    std::string error;         // what went wrong and what to do about it
    int64_t refused_ops = 0;   // changes the server refused (their reasons are in error)
    int64_t syncs_completed = 0;
    std::string device_name;  // what this device calls itself ("" = the browser's name)
};

// --- State of the Dashboard, Products, Product detail and Stock screens -----------------
// Engine reads cached by App (web/app/app_catalog.cpp), re-read when the engine's data
// generation moves while the screen shows; never held by widgets.
struct DashboardState {
    bool loaded = false;
    engine::StockValuation stock;
    int sales_days = 30;                    // the chart's window: 30 or 90
    std::vector<engine::DailyUnits> sales;  // one per day, oldest first
    std::vector<float> sales_plot;          // the same, for ImGui::PlotHistogram
    int64_t sales_total = 0;
    std::string error;
};

struct ProductDetailState {
    std::string sku;  // "" = none open
    bool loaded = false;
    bool found = false;                          // the SKU is in the catalogue
    std::vector<engine::ListingRow> rows;        // its listings (one row without any)
    std::vector<engine::StockLevel> levels;      // on-hand per location
    std::string explain_location;                // the ledger shown: "" = all locations
    std::vector<engine::Movement> ledger;        // ExplainOnHand, oldest first
    int64_t ledger_sum = 0;                      // what the ledger adds up to
    std::vector<engine::SkuMetrics> metrics;     // all channels first
    std::optional<engine::RestockLine> restock;  // its line in the plan, if it needs ordering
    bool plan_read = false;                      // the plan was read (no line = nothing to order)
    bool plan_updating = false;                  // a refresh is bringing the plan up to date
    std::string error;
};

// The last inline edit App applied: the products table shows its error in place and keeps
// the typed text, or closes the editor when it saved.
struct ProductEditResult {
    uint64_t serial = 0;  // bumped per applied SaveProductFieldIntent
    std::string sku;
    ProductField field = ProductField::kName;
    bool ok = false;
    std::string error;
    // The engine's generation just before and after a saved edit: when nothing else moved
    // it, the products table re-reads only this product's rows.
    uint64_t generation_before = 0;
    uint64_t generation_after = 0;
};

// A transfer or count checked and waiting for "Confirm".
struct StockChangePreview {
    bool is_count = false;
    std::string sku;
    std::string from;  // transfer: from; count: the location
    std::string to;
    int64_t quantity = 0;       // transfer: units moved; count: units counted
    int64_t from_before = 0;    // on-hand at `from` now
    int64_t to_before = 0;      // on-hand at `to` now (transfer)
    int64_t seen_position = 0;  // count: the ledger position the count is against
    std::string reason;
    std::string summary;  // the preview as a sentence
};

struct StockScreenState {
    bool loaded = false;
    std::vector<engine::Location> locations;  // by id
    std::vector<engine::StockLevel> levels;   // every SKU and location
    std::optional<StockChangePreview> pending;
    std::string message;  // what the last confirm did, or why it was refused
    bool message_is_error = false;
    std::string error;  // why the locations or levels could not be read
    int64_t changes_recorded = 0;
};

struct CatalogState {
    uint64_t revision = 0;  // bumped on every change: views re-derive their caches
    DashboardState dashboard;
    ProductDetailState detail;
    ProductEditResult edit;
    StockScreenState stock;
};

struct ViewContext {
    const engine::Engine* engine = nullptr;             // null until the database is open
    const engine::Summary* summary = nullptr;           // cached for the current generation
    const engine::ImportReport* last_import = nullptr;  // newest in history, if any
    uint64_t generation = 0;
    const ImportWizard* wizard = nullptr;
    const InsightsState* insights = nullptr;
    const SyncState* sync = nullptr;
    IntentQueue* intents = nullptr;
    const ScannerState* scanner = nullptr;
    const OperationsState* operations = nullptr;
    const CatalogState* catalog = nullptr;
    bool narrow = false;  // a phone-sized layout (under ~56 characters wide)
    const AdminState* admin = nullptr;
};

}  // namespace stocktake::web
