// Test hooks: tiny exported functions the browser end-to-end test (tests/e2e/run.mjs) calls
// as Module._stocktake_*(). Read-only views of the app's state; declared only here.
#include <emscripten.h>

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

// Files refused because an import was already running.
EMSCRIPTEN_KEEPALIVE double stocktake_imports_refused() {
    return static_cast<double>(Snapshot().imports_refused);
}

// Frames drawn since the page loaded.
EMSCRIPTEN_KEEPALIVE double stocktake_frame_count() {
    return stocktake::web::g_platform == nullptr
               ? 0.0
               : static_cast<double>(stocktake::web::g_platform->frame_count());
}

// The last import: wall-clock time from bytes received to done, frames drawn meanwhile and
// data rows seen.
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

}  // extern "C"
