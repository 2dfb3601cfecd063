// The platform layer: the only code that knows about GLFW, WebGL, emscripten and the page's
// JavaScript. It owns the window, the ImGui context and its backends, fonts, browser storage
// and file input, and runs the frame loop (emscripten_set_main_loop).
// The app layer sees it through two small interfaces: PlatformServices (what the app may ask
// the browser for) and PlatformClient (what the platform calls on the app each frame).
// Thread safety: everything runs on the browser's main thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/frame_stats.h"

struct GLFWwindow;

namespace stocktake::web {

class FontManager;

// The app's database: a file of the engine's memory VFS (stocktake/engine/memory_vfs.h),
// persisted by the platform.
inline constexpr const char* kDatabasePath = "/data/stocktake.db";

// State of the browser storage that keeps the database across page loads.
enum class StorageState {
    kLoading,      // reading saved data from the browser; do not open the database yet
    kReady,        // loaded (or nothing saved yet); nothing to save
    kSaving,       // writing changes to the browser
    kSaved,        // the last save finished
    kUnavailable,  // no browser storage (e.g. private mode): data lives until the tab closes
    kError,        // the last save failed; message says why
};

// A file the user chose or dropped. The File itself stays on the JavaScript side (never
// copied into the wasm heap whole); the app reads it a slice at a time by id.
struct BrowserFile {
    int id = 0;
    std::string name;
    int64_t size = 0;  // bytes
};

// How much of a file arrives with it (OnFileReceived): enough for the preview.
inline constexpr int64_t kFileHeadBytes = int64_t{1} << 20;

struct StorageStatus {
    StorageState state = StorageState::kLoading;
    std::string message;  // human-readable detail for kUnavailable / kError
};

// What the app may ask of the browser. Calls never block; results arrive later (a file as
// PlatformClient::OnFileReceived, a slice of it as OnFileSlice, a save as a StorageStatus
// change).
class PlatformServices {
  public:
    virtual ~PlatformServices() = default;
    // Opens the browser's file chooser (the page's hidden <input type=file>).
    virtual void OpenFilePicker() = 0;
    // Reads bytes [offset, offset + length) of a received file (fewer at its end); they
    // arrive as PlatformClient::OnFileSlice, or OnFileSliceFailed (e.g. the file changed on
    // disk). Reads of one file arrive in the order asked.
    virtual void ReadFileSlice(int file_id, int64_t offset, int64_t length) = 0;
    // The app is done with a received file: the browser may free it.
    virtual void ReleaseFile(int file_id) = 0;
    // Saves what commits changed to browser storage: after the current frame's work (at
    // once when called outside a frame); repeated calls coalesce, and a call while a write
    // transaction is open saves after it commits.
    virtual void PersistData() = 0;
    virtual const StorageStatus& Storage() const = 0;
    // Asks for glyphs (Unicode code points) the font atlas lacks; the atlas is rebuilt
    // before the next frame. Code points no installed font has are remembered and ignored.
    virtual void RequestGlyphs(const std::vector<uint32_t>& codepoints) = 0;
    // While true, closing or reloading the tab asks the user first (unsaved work).
    virtual void SetLeaveWarning(bool enabled) = 0;
    // Offers bytes to the user as a downloaded file (the browser saves it, usually without
    // asking). mime_type e.g. "text/csv".
    virtual void Download(const std::string& file_name, const std::string& bytes,
                          const std::string& mime_type) = 0;
    // Device pixels per CSS pixel (1, 1.5, 2...). ImGui works in device pixels.
    virtual float PixelRatio() const = 0;
    // Sends an HTTP request to the app's own server (path: "/api/v1/..."), with a bearer
    // token when not "" and a JSON body when not "". The answer arrives as
    // PlatformClient::OnHttpResponse with the same request_id.
    virtual void HttpRequest(int request_id, const std::string& method, const std::string& path,
                             const std::string& bearer_token, const std::string& json_body) = 0;
};

// Numbers the end-to-end test reads through the module's exported test hooks.
struct TestSnapshot {
    bool ready = false;              // database open and at least one frame drawn with it
    int64_t listing_count = -1;      // listings in the database (-1 until ready)
    int import_state = 0;            // 0 idle, 1 running, 2 succeeded, 3 failed
    int64_t imports_finished = 0;    // imports finished (either way) since the page loaded
    int64_t imports_refused = 0;     // files refused while a preview or import job ran
    int64_t files_opened = 0;        // files the wizard took (a refused one is not counted)
    double last_import_ms = 0;       // import (commit) started -> done, wall clock
    int64_t last_import_frames = 0;  // frames drawn while the last import ran
    int64_t last_import_rows = 0;    // data rows the last import saw
    int storage_state = 0;           // StorageState as int
    int64_t visible_rows = -1;       // rows the listings table shows (after the filter)
    // The import wizard (web/views/view.h).
    int wizard_step = 0;         // WizardStep as int
    int preview_outcome = 0;     // 0 none, 1 recognised, 2 ambiguous, 3 needs_mapping
    bool mapping_shown = false;  // the mapping panel is on screen
    int64_t mapped_fields = 0;   // catalogue fields bound to a column
    int64_t preview_rows = 0;    // sample rows the file preview shows
    int64_t diff_created = -1;   // the dry run's counts (-1 without one)
    int64_t diff_changed = -1;
    int64_t diff_unchanged = -1;
    int64_t diff_failed = -1;
    int64_t report_errors = -1;    // rejected rows in the shown import report (-1: none)
    int64_t report_imported = -1;  // rows the shown import report imported (-1: none)
    int64_t downloads = 0;         // files offered for download since the page loaded
    // Insights (web/views/view.h InsightsState).
    int screen = 0;                       // Screen as int: 0 listings, 1 insights, 2 restock
    int64_t insight_refreshes = 0;        // "Refresh insights" runs that succeeded
    std::vector<int64_t> insight_counts;  // per engine::InsightKinds() kind; empty until loaded
    int64_t metrics_rows = -1;            // metrics rows of the selected insight (-1: none open)
    // The refresh spread over frames (test_hooks_insights.cpp): running now, its percent;
    // the last one's frames, longest slice and wall time.
    bool insights_generating = false;
    int64_t insights_percent = 0;
    int64_t last_insights_frames = 0;
    double last_insights_max_slice_ms = 0;
    double last_insights_ms = 0;
    int64_t restock_lines = -1;           // lines of the restock plan (-1: not planned)
    int64_t purchase_orders_created = 0;  // drafts made by "Create draft purchase orders"
    // Sync (web/app/sync_client.h).
    bool sync_signed_in = false;
    int64_t sync_pending = 0;     // ops waiting to be sent
    int64_t syncs_completed = 0;  // syncs finished since the page loaded
    bool sync_offline = false;    // the last attempt got no answer
    // The scanner (web/views/scanner_state.h).
    int64_t scanner_decodes = 0;  // codes the camera or a wedge delivered
    int64_t scanner_scans = 0;    // scans applied after the debounce
    int scanner_camera = 0;       // CameraState as int: 0 off, 1 starting, 2 on, 3 denied, 4 none
    int scanner_last = 0;         // the last scan: 0 none, 1 applied, 2 failed, 3 unknown code
    // The operations screens (web/views/operations.h).
    int64_t orders_shown = 0;          // orders the Orders screen lists
    int64_t order_open_lines = -1;     // lines of the open order (-1: none open)
    int64_t pos_shown = 0;             // purchase orders Purchasing lists
    int64_t pos_draft = 0;             // of them, drafts
    std::string po_open_status;        // the open PO's status ("" none)
    int64_t po_receipts = 0;           // receipts recorded since the page loaded
    int64_t simulated_listings = 0;    // listings of the Channels screen's channel
    int64_t simulated_would_show = 0;  // sum of what they would show
    bool deliveries_loaded = false;    // the webhook deliveries were read
    int64_t deliveries_dead = 0;       // of them, dead letters
    int64_t deliveries_pending = 0;    // and pending ones
    int64_t delivery_replays = 0;      // replays the server accepted
    int64_t sales_lines = -1;          // lines behind the open "units sold" (-1: none)
    int64_t sales_units = 0;           // their units
    int64_t reallocation_entries = 0;  // entries on the reallocation list
};

// Actions the end-to-end test may take, each exactly what a button or combo on the import
// screen posts (ImGui widgets have no DOM element to aim at; see also FooterButtonCenter).
enum class TestAction {
    kPreviewChanges = 1,
    kCommitImport = 2,
    kCancelJob = 3,
    kBackToFile = 4,
    kDownloadErrors = 5,
    kDismiss = 6,
    kMapColumn = 7,  // a = index into FilePreview::mapping_fields, b = column (-1: none)
    // The insights and restock screens (kind = an index into engine::InsightKinds()).
    kShowScreen = 8,            // a = Screen as int
    kRefreshInsights = 9,       // "Refresh insights"
    kSelectInsight = 10,        // a = kind, b = row within the kind
    kDownloadInsightsCsv = 11,  // a = kind (-1: every kind)
    kDownloadRestockCsv = 12,   // the restock plan's "Download CSV"
    kCreateRestockPos = 13,     // "Create drafts" in the confirmation
    kDownloadChannelFile = 14,  // a = index into Engine::Channels(): its quantity file
    kSyncNow = 15,              // the Sync screen's "Sync now"
    // The scanner (web/app/app_scanner.cpp).
    kScannerShow = 40,         // show the Scanner screen
    kScannerSetMode = 41,      // a = ScanMode as int
    kScannerStartCamera = 42,  // "Start camera"
    kScannerStopCamera = 43,   // "Stop camera"
    kScannerAddLocation = 44,  // "Create warehouse MAIN"
    // The operations screens (views/operations.h).
    kOpenPo = 16,          // a = index into the purchase orders Purchasing lists
    kOrderPo = 17,         // "Mark ordered" on the open PO
    kReceivePo = 18,       // "Receive" with every open unit, into location index a
    kOpenChannel = 19,     // a = index into Engine::Channels()
    kSetMaxListed = 20,    // the shown channel's rules saved with max listed a (-1: none)
    kLoadDeliveries = 21,  // the Sync screen's deliveries "Load"/"Refresh"
    kReplayDelivery = 22,  // a = index into the deliveries listed
    kOpenOrder = 23,       // a = index into the orders listed
    kOpenSales = 24,       // a = row of the open insight's metrics, b = days (7, 30, 90)
    // "Push" with the Channels screen's channel and its a-th simulated listing's SKU, b units.
    kPushReallocation = 25,
};

// What tests/e2e/views_catalog.mjs reads (web/platform/test_hooks_catalog.cpp).
// Positions are in device pixels (what ImGui works in); -1 when not drawn.
struct CatalogTestSnapshot {
    // The dashboard as drawn: its tiles and the sales chart.
    bool dashboard_loaded = false;
    int64_t skus = -1;
    int64_t units_on_hand = -1;
    int64_t value_at_cost_e4 = -1;
    int64_t out_of_stock = -1;
    int64_t slow_movers = -1;
    int64_t aged = -1;
    int64_t to_reorder = -1;
    int sales_days = 0;
    int64_t sales_points = 0;
    int64_t sales_total = -1;
    // The open product.
    bool detail_loaded = false;
    bool detail_found = false;
    int64_t detail_rows = -1;
    int64_t detail_levels = -1;
    int64_t detail_ledger = -1;
    int64_t detail_ledger_sum = 0;
    int64_t detail_metrics = -1;
    int64_t detail_restock = -1;     // the plan's quantity (-1: nothing to order)
    int64_t detail_list_price = -1;  // minor units (-1: none)
    std::string detail_name;
    // The products table and its inline editor.
    uint64_t edit_serial = 0;
    bool edit_ok = false;
    int64_t listings_full_reads = 0;
    int64_t listings_patches = 0;
    int64_t selected_list_price = -1;
    bool editing = false;
    float filter_x = -1.0f;
    float filter_y = -1.0f;
    float row_x = -1.0f;
    float row_y = -1.0f;
    float table_scroll_y = 0.0f;
    // Stock & locations.
    int64_t locations = -1;
    int64_t stock_levels = -1;
    bool stock_pending = false;
    int64_t stock_changes = 0;
    bool stock_message_is_error = false;
    // Text for the test's messages.
    std::string selected_sku;
    std::string edit_error;
    std::string stock_message;
    std::string pending_summary;
};

// What the platform calls on the app. All calls happen on the main thread, outside
// ImGui::NewFrame()..Render() except DrawFrame().
class PlatformClient {
  public:
    virtual ~PlatformClient() = default;
    // A file the user chose or dropped, with its first bytes (kFileHeadBytes, or all of a
    // smaller file). Read the rest with PlatformServices::ReadFileSlice.
    virtual void OnFileReceived(BrowserFile file, std::string head) = 0;
    // Bytes a ReadFileSlice asked for (offset: where they start in the file).
    virtual void OnFileSlice(int file_id, int64_t offset, std::string bytes) = 0;
    virtual void OnFileSliceFailed(int file_id, std::string message) = 0;
    // The browser could not read a chosen/dropped file.
    virtual void OnFileError(std::string message) = 0;
    // The answer to PlatformServices::HttpRequest: the HTTP status and body, or status 0
    // when no answer came (offline, server unreachable) with body saying why.
    virtual void OnHttpResponse(int request_id, int status, std::string body) = 0;
    // Builds the UI for this frame (between ImGui::NewFrame and ImGui::Render). Must not
    // change domain state: post intents instead.
    virtual void DrawFrame() = 0;
    // After the frame is rendered: apply intents, pump long jobs within their time budget.
    virtual void AfterFrame() = 0;
    // Work that goes on between frames, in tasks of its own (an import's steps), so a long
    // job is not held to its share of each frame. The platform asks after each frame, each
    // file slice and each call, and calls WorkBetweenFrames while the answer is true.
    // budget_ms: how long one call may take, so that frames and input still get the thread.
    virtual bool HasWorkBetweenFrames() const { return false; }
    virtual void WorkBetweenFrames(double /*budget_ms*/) {}
    virtual TestSnapshot Snapshot() const = 0;
    // A test hook's action (between frames) with its arguments (TestAction says which it
    // uses); unknown values are ignored.
    virtual void OnTestAction(int action, int a, int b) = 0;
    // The Sync screen's "Sign in" with these credentials (ImGui fields have no DOM input).
    virtual void OnTestSignIn(std::string email, std::string password) = 0;
    // On-hand of `sku` summed over its locations, from the engine's stock levels; nullopt
    // before the database is open or when the read fails.
    virtual std::optional<int64_t> TestOnHand(const std::string& sku) const = 0;
    // Where the last frame drew the import screen's i-th footer button, in device pixels
    // (what ImGui works in); false when there is none. For the test's real clicks.
    virtual bool FooterButtonCenter(int i, float* x, float* y) const = 0;
    // The catalogue screens' state, and an action on them with up to three
    // strings and a number (CatalogTestAction in web/app/app_catalog_test.cpp says which).
    virtual CatalogTestSnapshot CatalogSnapshot() const = 0;
    virtual void OnCatalogTestAction(int action, std::string a, std::string b, std::string c,
                                     int64_t n) = 0;
    // The scanner modes and the reallocation list as JSON for tests/e2e/scanner_modes.mjs,
    // with `sku`'s on-hand per location; and an action on them with a text and a number
    // (ScannerModesTestAction in web/app/app_scanner_test.cpp says which).
    virtual std::string ScannerModesTestState(const std::string& sku) const = 0;
    virtual void OnScannerModesTestAction(int action, std::string text, int64_t n) = 0;
    // The Imports history's and the devices' state as a JSON object, and an action on them
    // with a number (AdminTestAction in web/app/app_admin.cpp says which).
    virtual std::string AdminTestState() const { return "{}"; }
    virtual void OnAdminTestAction(int /*action*/, int64_t /*n*/) {}
    // The device name's and the resumed scanner session's state as a JSON object, and an
    // action with a text (GapsTestAction in web/app/app_gaps.cpp says which).
    virtual std::string GapsTestState() const { return "{}"; }
    virtual void OnGapsTestAction(int /*action*/, std::string /*text*/) {}
};

// The emscripten platform. Run() never returns: the browser drives frames from then on.
class Platform final : public PlatformServices {
  public:
    Platform();
    ~Platform() override;
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    // Creates the window and ImGui, loads fonts, starts loading storage, installs the file
    // input and the test hooks, then starts the frame loop. Returns only on failure.
    int Run(PlatformClient* client);

    void OpenFilePicker() override;
    void ReadFileSlice(int file_id, int64_t offset, int64_t length) override;
    void ReleaseFile(int file_id) override;
    void PersistData() override;
    const StorageStatus& Storage() const override { return storage_; }
    void RequestGlyphs(const std::vector<uint32_t>& codepoints) override;
    void SetLeaveWarning(bool enabled) override;
    void Download(const std::string& file_name, const std::string& bytes,
                  const std::string& mime_type) override;
    float PixelRatio() const override { return pixel_ratio_; }
    void HttpRequest(int request_id, const std::string& method, const std::string& path,
                     const std::string& bearer_token, const std::string& json_body) override;

    // Internal: called by the emscripten main loop trampoline and the JS callbacks.
    void Tick();
    // Schedules a task for the client's work between frames, if it has some (one at a time).
    void WakeBetweenFrames();
    // The scheduled task.
    void BetweenFrames();
    void OnStorageLoaded(int error_code, std::string message);
    void OnStorageSaved(int error_code, std::string message);
    uint64_t frame_count() const { return frame_count_; }
    PlatformClient* client() const { return client_; }
    const FrameStats& frame_stats() const { return frame_stats_; }
    const FontManager& fonts() const { return *fonts_; }
    const SaveStats& save_stats() const { return save_stats_; }

  private:
    void SyncCanvasSize();
    void ApplyPixelRatio(float ratio);
    void UpdateMouseCursor();
    void StartSave();

    PlatformClient* client_ = nullptr;
    GLFWwindow* window_ = nullptr;
    FontManager* fonts_ = nullptr;
    StorageStatus storage_;
    bool save_in_flight_ = false;
    bool save_wanted_ = false;  // PersistData was asked; StartSave has not taken it yet
    bool in_tick_ = false;
    bool between_frames_scheduled_ = false;
    float pixel_ratio_ = 1.0f;
    int canvas_w_ = 0;
    int canvas_h_ = 0;
    int last_cursor_ = -2;
    uint64_t frame_count_ = 0;
    bool first_frame_reported_ = false;
    FrameStats frame_stats_;
    SaveStats save_stats_;
    double save_started_ms_ = 0;  // the save in flight: when it started, what it writes
    int64_t saving_blocks_ = 0;
    int64_t saving_file_bytes_ = 0;
};

}  // namespace stocktake::web
