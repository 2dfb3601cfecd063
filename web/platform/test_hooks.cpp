// Test hooks: tiny exported functions the browser end-to-end test (tests/e2e/run.mjs) calls
// as Module._stocktake_*(). Read-only views of the app's state; declared only here.
#include <emscripten.h>

#include <limits>
#include <optional>
#include <vector>

#include "imgui.h"
#include "platform/platform_internal.h"

namespace stocktake::web {
namespace {

const Platform* g_platform = nullptr;

TestSnapshot Snapshot() {
    if (g_platform == nullptr || g_platform->client() == nullptr) return TestSnapshot();
    return g_platform->client()->Snapshot();
}

}  // namespace

void InstallTestHooks(const Platform* platform) {
    g_platform = platform;
}

const Platform* TestHooksPlatform() {
    return g_platform;
}

PlatformClient* TestHooksClient() {
    return g_platform == nullptr ? nullptr : g_platform->client();
}

TestSnapshot CurrentTestSnapshot() {
    return Snapshot();
}

}  // namespace stocktake::web

using stocktake::web::Snapshot;

extern "C" {

// 1 once the database is open and a frame has been drawn with it.
EMSCRIPTEN_KEEPALIVE int stocktake_ready() {
    return Snapshot().ready ? 1 : 0;
}

// Listings in the database, or -1 before ready. (double: exact for any realistic count.)
EMSCRIPTEN_KEEPALIVE double stocktake_listing_count() {
    return static_cast<double>(Snapshot().listing_count);
}

// 0 idle, 1 running, 2 succeeded, 3 failed (the current or last import of this page load).
EMSCRIPTEN_KEEPALIVE int stocktake_import_state() {
    return Snapshot().import_state;
}

// Imports finished (succeeded or failed) since the page loaded.
EMSCRIPTEN_KEEPALIVE double stocktake_imports_finished() {
    return static_cast<double>(Snapshot().imports_finished);
}

// Files refused because a preview or import job was running.
EMSCRIPTEN_KEEPALIVE double stocktake_imports_refused() {
    return static_cast<double>(Snapshot().imports_refused);
}
// Files the wizard took: a test waits for this to move, since the wizard may already show the
// previous file's preview (the same step) when a new file is chosen.
EMSCRIPTEN_KEEPALIVE double stocktake_files_opened() {
    return static_cast<double>(Snapshot().files_opened);
}

// Frames drawn since the page loaded.
EMSCRIPTEN_KEEPALIVE double stocktake_frame_count() {
    return stocktake::web::g_platform == nullptr
               ? 0.0
               : static_cast<double>(stocktake::web::g_platform->frame_count());
}

// The last import: wall-clock time from its start (the commit, not the preview) to done, frames
// drawn meanwhile and data rows seen.
EMSCRIPTEN_KEEPALIVE double stocktake_last_import_ms() {
    return Snapshot().last_import_ms;
}
EMSCRIPTEN_KEEPALIVE double stocktake_last_import_frames() {
    return static_cast<double>(Snapshot().last_import_frames);
}
EMSCRIPTEN_KEEPALIVE double stocktake_last_import_rows() {
    return static_cast<double>(Snapshot().last_import_rows);
}

// Rows the listings table shows after its text filter (-1 before its first query).
EMSCRIPTEN_KEEPALIVE double stocktake_visible_rows() {
    return static_cast<double>(Snapshot().visible_rows);
}

// Where ImGui believes the mouse is, in CSS pixels (checks the HiDPI mouse mapping).
EMSCRIPTEN_KEEPALIVE double stocktake_mouse_css_x() {
    const float ratio =
        stocktake::web::g_platform ? stocktake::web::g_platform->PixelRatio() : 1.0f;
    return static_cast<double>(ImGui::GetIO().MousePos.x / ratio);
}
EMSCRIPTEN_KEEPALIVE double stocktake_mouse_css_y() {
    const float ratio =
        stocktake::web::g_platform ? stocktake::web::g_platform->PixelRatio() : 1.0f;
    return static_cast<double>(ImGui::GetIO().MousePos.y / ratio);
}
EMSCRIPTEN_KEEPALIVE double stocktake_pixel_ratio() {
    return stocktake::web::g_platform ? stocktake::web::g_platform->PixelRatio() : 0.0;
}

// Browser storage: 0 loading, 1 ready, 2 saving, 3 saved, 4 unavailable, 5 error.
EMSCRIPTEN_KEEPALIVE int stocktake_storage_state() {
    return Snapshot().storage_state;
}

// The import wizard: its step (WizardStep: 0 idle, 1 reading, 2 unreadable, 3 file, 4 dry
// run, 5 diff, 6 committing, 7 done) and what its screens show.
EMSCRIPTEN_KEEPALIVE int stocktake_wizard_step() {
    return Snapshot().wizard_step;
}
// 0 no preview, 1 recognised, 2 ambiguous, 3 needs_mapping.
EMSCRIPTEN_KEEPALIVE int stocktake_preview_outcome() {
    return Snapshot().preview_outcome;
}
EMSCRIPTEN_KEEPALIVE int stocktake_mapping_shown() {
    return Snapshot().mapping_shown ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE double stocktake_mapped_fields() {
    return static_cast<double>(Snapshot().mapped_fields);
}
EMSCRIPTEN_KEEPALIVE double stocktake_preview_rows() {
    return static_cast<double>(Snapshot().preview_rows);
}
// The dry run's counts, -1 when there is none.
EMSCRIPTEN_KEEPALIVE double stocktake_diff_created() {
    return static_cast<double>(Snapshot().diff_created);
}
EMSCRIPTEN_KEEPALIVE double stocktake_diff_changed() {
    return static_cast<double>(Snapshot().diff_changed);
}
EMSCRIPTEN_KEEPALIVE double stocktake_diff_unchanged() {
    return static_cast<double>(Snapshot().diff_unchanged);
}
EMSCRIPTEN_KEEPALIVE double stocktake_diff_failed() {
    return static_cast<double>(Snapshot().diff_failed);
}
// Rejected rows listed by the shown import report, -1 when no report is shown.
EMSCRIPTEN_KEEPALIVE double stocktake_report_errors() {
    return static_cast<double>(Snapshot().report_errors);
}
EMSCRIPTEN_KEEPALIVE double stocktake_report_imported() {
    return static_cast<double>(Snapshot().report_imported);
}
EMSCRIPTEN_KEEPALIVE double stocktake_downloads() {
    return static_cast<double>(Snapshot().downloads);
}

// Where the import screen's i-th footer button is, in CSS pixels (-1 when not drawn), so the
// test can click it for real: 0 is "Preview changes" on the file screen and "Import N rows"
// on the diff.
EMSCRIPTEN_KEEPALIVE double stocktake_footer_button_css_x(int i) {
    const stocktake::web::Platform* platform = stocktake::web::g_platform;
    float x = 0;
    float y = 0;
    if (platform == nullptr || platform->client() == nullptr ||
        !platform->client()->FooterButtonCenter(i, &x, &y)) {
        return -1.0;
    }
    return static_cast<double>(x / platform->PixelRatio());
}
EMSCRIPTEN_KEEPALIVE double stocktake_footer_button_css_y(int i) {
    const stocktake::web::Platform* platform = stocktake::web::g_platform;
    float x = 0;
    float y = 0;
    if (platform == nullptr || platform->client() == nullptr ||
        !platform->client()->FooterButtonCenter(i, &x, &y)) {
        return -1.0;
    }
    return static_cast<double>(y / platform->PixelRatio());
}

// Does what an import-screen button does (TestAction in platform.h): 1 preview changes,
// 2 import, 3 cancel, 4 back, 5 download errors, 6 dismiss. Applied after the next frame,
// like a click.
EMSCRIPTEN_KEEPALIVE void stocktake_wizard_action(int action) {
    const stocktake::web::Platform* platform = stocktake::web::g_platform;
    if (platform != nullptr && platform->client() != nullptr) {
        platform->client()->OnTestAction(action, 0, 0);
    }
}

// What choosing a column in a mapping combo does: binds mapping field `field` (an index into
// the preview's mapping fields, 0 is "sku") to header column `column` (-1: not imported).
EMSCRIPTEN_KEEPALIVE void stocktake_map_column(int field, int column) {
    const stocktake::web::Platform* platform = stocktake::web::g_platform;
    if (platform != nullptr && platform->client() != nullptr) {
        platform->client()->OnTestAction(static_cast<int>(stocktake::web::TestAction::kMapColumn),
                                         field, column);
    }
}

// The insights and restock screens: the shown screen (0 listings, 1 insights, 2 restock),
// successful refreshes, insights of the k-th kind of engine::InsightKinds() (-1 before they
// are loaded), the open insight's metrics rows (-1: none open), the plan's lines (-1: not
// planned) and drafts created.
EMSCRIPTEN_KEEPALIVE int stocktake_screen() {
    return Snapshot().screen;
}
EMSCRIPTEN_KEEPALIVE double stocktake_insight_refreshes() {
    return static_cast<double>(Snapshot().insight_refreshes);
}
EMSCRIPTEN_KEEPALIVE double stocktake_insight_count(int kind) {
    const std::vector<int64_t> counts = Snapshot().insight_counts;
    if (kind < 0 || static_cast<size_t>(kind) >= counts.size()) return -1.0;
    return static_cast<double>(counts[static_cast<size_t>(kind)]);
}
EMSCRIPTEN_KEEPALIVE double stocktake_metrics_rows() {
    return static_cast<double>(Snapshot().metrics_rows);
}
EMSCRIPTEN_KEEPALIVE double stocktake_restock_lines() {
    return static_cast<double>(Snapshot().restock_lines);
}
EMSCRIPTEN_KEEPALIVE double stocktake_purchase_orders_created() {
    return static_cast<double>(Snapshot().purchase_orders_created);
}

// Any TestAction (platform.h) with its arguments: what the insights and restock screens'
// buttons and rows post, applied after the next frame like a click.
EMSCRIPTEN_KEEPALIVE void stocktake_action(int action, int a, int b) {
    const stocktake::web::Platform* platform = stocktake::web::g_platform;
    if (platform != nullptr && platform->client() != nullptr) {
        platform->client()->OnTestAction(action, a, b);
    }
}

// Sync: signed in (0/1), ops waiting to be sent, syncs finished since the page loaded, and
// whether the last attempt found the server unreachable.
EMSCRIPTEN_KEEPALIVE int stocktake_sync_signed_in() {
    return Snapshot().sync_signed_in ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE double stocktake_sync_pending() {
    return static_cast<double>(Snapshot().sync_pending);
}
EMSCRIPTEN_KEEPALIVE double stocktake_syncs_completed() {
    return static_cast<double>(Snapshot().syncs_completed);
}
EMSCRIPTEN_KEEPALIVE int stocktake_sync_offline() {
    return Snapshot().sync_offline ? 1 : 0;
}
// Signs in as the Sync screen's "Sign in" does.
EMSCRIPTEN_KEEPALIVE void stocktake_sign_in(const char* email, const char* password) {
    if (stocktake::web::g_platform == nullptr || stocktake::web::g_platform->client() == nullptr) {
        return;
    }
    stocktake::web::g_platform->client()->OnTestSignIn(email, password);
}

// On-hand of a SKU over all its locations, as the engine's stock levels say; NaN before the
// database is open or when the read fails (so a test cannot mistake "unknown" for 0).
EMSCRIPTEN_KEEPALIVE double stocktake_on_hand(const char* sku) {
    const stocktake::web::Platform* platform = stocktake::web::g_platform;
    if (platform == nullptr || platform->client() == nullptr)
        return std::numeric_limits<double>::quiet_NaN();
    const std::optional<int64_t> on_hand = platform->client()->TestOnHand(sku);
    return on_hand.has_value() ? static_cast<double>(*on_hand)
                               : std::numeric_limits<double>::quiet_NaN();
}
}  // extern "C"
