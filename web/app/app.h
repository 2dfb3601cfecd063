// App: owns the engine, the views, the intent queue and the import wizard's state. Each frame
// it draws the views from cached state; after the frame it applies the views' intents, opens
// the database once the browser storage has loaded, previews a newly arrived file, and pumps
// a running import job (dry run or commit) within a time budget so the UI keeps drawing
// while a large file imports.
// Thread safety: main thread only, like everything in web/.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/sync_client.h"
#include "platform/platform.h"
#include "stocktake/engine/engine.h"
#include "stocktake/engine/scan_debounce.h"
#include "views/channels_view.h"
#include "views/dashboard_view.h"
#include "views/import_view.h"
#include "views/imports_view.h"
#include "views/insights_view.h"
#include "views/listings_view.h"
#include "views/nav_view.h"
#include "views/orders_view.h"
#include "views/product_detail_view.h"
#include "views/purchasing_view.h"
#include "views/reallocation_view.h"
#include "views/restock_view.h"
#include "views/sales_view.h"
#include "views/scanner_view.h"
#include "views/stock_view.h"
#include "views/summary_view.h"
#include "views/sync_view.h"
#include "views/view.h"

namespace stocktake::web {

class App final : public PlatformClient {
  public:
    explicit App(PlatformServices* platform);
    ~App() override;

    void OnFileReceived(BrowserFile file, std::string head) override;
    void OnFileSlice(int file_id, int64_t offset, std::string bytes) override;
    void OnFileSliceFailed(int file_id, std::string message) override;
    void OnFileError(std::string message) override;
    void OnHttpResponse(int request_id, int status, std::string body) override;
    void DrawFrame() override;
    void AfterFrame() override;
    bool HasWorkBetweenFrames() const override;
    void WorkBetweenFrames(double budget_ms) override;
    TestSnapshot Snapshot() const override;
    void OnTestAction(int action, int a, int b) override;
    void OnTestSignIn(std::string email, std::string password) override;
    std::optional<int64_t> TestOnHand(const std::string& sku) const override;
    bool FooterButtonCenter(int i, float* x, float* y) const override;
    CatalogTestSnapshot CatalogSnapshot() const override;  // app_catalog_test.cpp
    void OnCatalogTestAction(int action, std::string a, std::string b, std::string c,
                             int64_t n) override;
    std::string ScannerModesTestState(
        const std::string& sku) const override;  // app_scanner_test.cpp
    void OnScannerModesTestAction(int action, std::string text, int64_t n) override;
    std::string AdminTestState() const override;  // app_admin.cpp
    void OnAdminTestAction(int action, int64_t n) override;
    std::string GapsTestState() const override;  // app_gaps.cpp
    void OnGapsTestAction(int action, std::string text) override;

  private:
    using Clock = std::chrono::steady_clock;

    void DrawHeader();
    void DrawLoading();
    void ApplyIntents();
    void ApplyIntent(Intent& intent);
    void OpenDatabaseWhenStorageReady();
    void PreviewArrivedFile();
    void ReleaseFile();
    void FeedNextSlice();
    void RequestNextSlice();
    void SelectFormat(const std::string& format);
    void MapColumn(const std::string& field, int column);
    void StartJob(bool dry_run);
    void CancelJob();
    void DownloadErrors();
    // What a long job may take of this frame: about half the frame interval, 8 to 50 ms.
    static double FrameSliceMs();
    // Runs the import job for up to about budget_ms (in a frame, or between frames).
    void PumpImport(double budget_ms);
    void FinishJob(const Status& step_status);
    void FinishCommit(engine::ImportReport report);
    void RefreshCachedData();
    void UpdateLeaveWarning();

    // Insights and the restock plan (app_insights.cpp).
    void ShowScreen(Screen screen);
    void LoadInsights();                // re-reads Insights(), the plan and the open metrics
    void RefreshInsights();             // starts a generation spread over frames (PumpInsights)
    void RefreshInsightsAfterChange();  // the same, when shown data changed
    void PumpInsights();                // after each frame: one slice of the running generation
    void FinishInsights(const Status& status);
    void SelectInsight(const SelectInsightIntent& selection);
    void LoadSelectedMetrics();
    void DownloadInsightsCsv(const std::string& kind);
    void DownloadRestockCsv();
    void DownloadChannelFile(const std::string& channel);
    void CreateRestockPurchaseOrders();
    void Download(const std::string& file_name, const std::string& text,
                  const char* media_type = "text/csv;charset=utf-8");
    void PostInsightsTestAction(TestAction action, int a, int b);
    void FillInsightsSnapshot(TestSnapshot* s) const;

    // The scanner (app_scanner.cpp).
    bool ApplyScannerIntent(Intent& intent);  // false: not a scanner intent
    void PumpScanner();
    // Persists when the engine's data or the scanner's session changed.
    void SaveScannerChanges(uint64_t generation_before);
    bool SaveScannerSession();     // writes the session when it changed; true if it did
    void RestoreScannerSession();  // once the database is open: the work a reload cut off
    void LoadScannerLists();
    void PutAsidePickOfClosedOrder();
    void ChangeScannerSettings(const ScannerSettings& settings);
    void StartScannerCount();
    void ApplyScan(const std::string& code);
    Status ApplyScanInMode(const engine::ResolvedBarcode& product, ScanOutcome* out);
    void SearchLinkProducts(const std::string& text);
    void LinkScannedCode(const std::string& sku);
    void AddScannerLocation(const std::string& id);
    void RecordScannedCounts();
    void ShipPickedOrder();
    void PostScannerTestAction(TestAction action, int a);
    // The operations screens (app_operations.cpp).
    void LoadOperationsIfShown();  // reads what the shown screen draws, once per generation
    void LoadOrders();
    void LoadPurchasing();
    void LoadReallocation();
    void LoadChannels();
    void ApplyOperation(OperationsIntent& intent);
    void Report(Outcome* outcome, const Status& status, const std::string& done);
    void ReceivePurchaseOrder(engine::PoReceipt receipt);
    void RequestDeliveries();
    void ReplayDelivery(int64_t id);
    // An answer for the deliveries endpoints; false when it was for someone else.
    bool OnOperationsHttpResponse(int request_id, int status, const std::string& body);
    void PostOperationsTestAction(TestAction action, int a, int b);
    void FillOperationsSnapshot(TestSnapshot* s) const;
    // The Dashboard, Product detail and Stock screens (app_catalog.cpp).
    bool DrawCatalogScreen(const ViewContext& ctx);  // false: screen_ is not one of them
    void LoadCatalogScreens();  // after the frame: re-reads what the shown screen needs
    void LoadDashboard();
    void LoadProductDetail();
    void FindDetailRestockLine();  // the detail's line of the plan as it is now
    void LoadStockScreen();
    bool ApplyCatalogIntent(Intent& intent);  // false: not a catalogue intent
    void SaveProductField(const SaveProductFieldIntent& edit);
    void PreviewTransfer(const PreviewTransferIntent& transfer);
    void PreviewCount(const PreviewCountIntent& count);
    void ConfirmStockChange();
    void AddLocation(const engine::Location& location);
    void CatalogChanged();  // after a write: save and re-read
    // The Imports history and the Sync screen's devices (app_admin.cpp).
    bool ApplyAdminIntent(Intent& intent);  // false: not one of them
    void LoadAdminScreens();                // after the frame: re-reads what the screen needs
    void LoadImportsHistory();
    void OpenImportJob(int64_t job_id);
    void DownloadJobErrors(int64_t job_id);
    void RequestDevices();
    // An answer for GET /api/v1/devices; false when it was for someone else.
    bool OnAdminHttpResponse(int request_id, int status, const std::string& body);
    // This device's name (app_gaps.cpp).
    void LoadDeviceName();
    void SaveDeviceName();

    PlatformServices* platform_;
    IntentQueue intents_;
    std::unique_ptr<engine::Engine> engine_;
    std::string open_error_;  // why the saved database could not be opened, if it could not
    bool persist_ = true;     // false when working on a throwaway in-memory database

    // Cached reads, refreshed when engine_->Generation() moves.
    bool has_data_ = false;
    uint64_t data_generation_ = 0;
    engine::Summary summary_;
    std::optional<engine::ImportReport> last_import_;

    // Import wizard. The file stays a browser File (platform side) from arrival until the
    // import is done; only its head (until previewed) and one slice at a time are in memory.
    ImportWizard wizard_;
    BrowserFile file_;             // id 0: none
    std::string file_head_;        // the head that arrived with the file, until it is previewed
    int64_t read_offset_ = 0;      // next byte to read for the running job
    bool read_in_flight_ = false;  // a ReadFileSlice is under way
    std::string next_slice_;       // read ahead, fed when the job asks for input
    bool next_slice_ready_ = false;
    std::string read_error_;  // why reading the file failed, for the job's report
    std::unique_ptr<engine::ImportJob> job_;
    bool job_is_dry_run_ = false;
    int last_commit_state_ = 0;  // TestSnapshot::import_state of this page load's last commit
    int64_t downloads_ = 0;
    Clock::time_point import_started_;
    int64_t step_rows_ = 256;  // adapted so one Step() stays well inside the budget
    int64_t import_frames_ = 0;
    double last_import_ms_ = 0;  // bytes handed to the import job -> done
    int64_t last_import_frames_ = 0;
    int64_t last_import_rows_ = 0;
    int64_t imports_finished_ = 0;
    int64_t imports_refused_ = 0;

    bool drew_with_engine_ = false;
    bool leave_warning_ = false;

    // The main column's screen, and the insights state it draws from (loaded when an
    // insights screen first shows; re-read when the engine's data changes while one shows).
    Screen screen_ = Screen::kListings;
    InsightsState insights_;
    uint64_t insights_generation_ = 0;
    int64_t insight_refreshes_ = 0;
    // The running generation of the insights and what its slices cost (for the e2e check
    // that frames keep coming): frames it spanned and its longest slice.
    std::unique_ptr<engine::InsightsJob> insights_job_;
    uint64_t refreshed_generation_ = 0;  // the engine's generation right after the refresh
    // The generation at which the last refresh failed: no automatic retry at it.
    std::optional<uint64_t> failed_refresh_generation_;
    int64_t insights_job_frames_ = 0;
    double insights_job_max_slice_ms_ = 0;
    int64_t last_insights_frames_ = 0;
    double last_insights_max_slice_ms_ = 0;
    double last_insights_ms_ = 0;
    Clock::time_point insights_started_;
    int64_t purchase_orders_created_ = 0;

    ImportView import_view_;
    ListingsView listings_view_;
    SummaryView summary_view_;
    InsightsView insights_view_;
    RestockView restock_view_;

    // Sync with the server. Answers that arrive while an import job holds the database
    // wait here until it is done.
    SyncClient sync_;
    struct HttpAnswer {
        int request_id;
        int status;
        std::string body;
    };
    std::vector<HttpAnswer> deferred_answers_;
    SyncView sync_view_;

    // The scanner.
    ScannerState scanner_;
    engine::ScanDebounce scan_debounce_;
    ScannerView scanner_view_;
    bool scanner_loaded_ = false;  // its lists were read for scanner_generation_
    uint64_t scanner_generation_ = 0;
    bool scanner_restored_ = false;           // the saved session was read back
    engine::ScanSession saved_scan_session_;  // as last written to the database
    // The operations screens: their cached engine reads, and the views drawing them.
    OperationsState operations_;
    Screen operations_loaded_screen_ = Screen::kListings;
    uint64_t operations_generation_ = 0;
    int64_t po_receipts_ = 0;
    OrdersView orders_view_;
    PurchasingView purchasing_view_;
    ReallocationView reallocation_view_;
    ChannelsView channels_view_;
    SalesView sales_view_;
    // The catalogue screens.
    CatalogState catalog_;
    uint64_t dashboard_generation_ = 0;
    uint64_t detail_generation_ = 0;
    uint64_t stock_generation_ = 0;
    NavView nav_view_;
    DashboardView dashboard_view_;
    ProductDetailView product_detail_view_;
    StockView stock_view_;
    // The Imports history and the devices.
    AdminState admin_;
    uint64_t imports_generation_ = 0;
    uint64_t imports_wizard_revision_ = 0;
    int64_t devices_syncs_seen_ = -1;  // syncs_completed when the devices were last asked for
    ImportsView imports_view_;
    bool device_name_loaded_ = false;
};

// "catalog.csv" -> "catalog-errors.csv": the name of an import's errors download.
std::string ErrorsFileName(const std::string& file_name);

}  // namespace stocktake::web
