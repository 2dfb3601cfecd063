// The scanner's test hooks (tests/e2e/scanner.mjs) as Module._stocktake_scanner_*(): what
// the camera and wedge delivered, what the debounce let through, the camera's state, and the
// scanner screen's buttons. Kept apart from test_hooks.cpp so features merge independently.
#include <emscripten.h>

#include "platform/platform_internal.h"

namespace {

stocktake::web::TestSnapshot Snapshot() {
    const stocktake::web::Platform* platform = stocktake::web::TestHooksPlatform();
    if (platform == nullptr || platform->client() == nullptr) return {};
    return platform->client()->Snapshot();
}

void Act(stocktake::web::TestAction action, int a) {
    const stocktake::web::Platform* platform = stocktake::web::TestHooksPlatform();
    if (platform != nullptr && platform->client() != nullptr) {
        platform->client()->OnTestAction(static_cast<int>(action), a, 0);
    }
}

}  // namespace

extern "C" {

// Codes delivered (every camera frame that saw one, every wedge or typed code).
EMSCRIPTEN_KEEPALIVE double stocktake_scanner_decodes() {
    return static_cast<double>(Snapshot().scanner_decodes);
}
// Scans applied through the engine (after the debounce).
EMSCRIPTEN_KEEPALIVE double stocktake_scanner_scans() {
    return static_cast<double>(Snapshot().scanner_scans);
}
// 0 off, 1 starting, 2 on, 3 denied, 4 no camera.
EMSCRIPTEN_KEEPALIVE int stocktake_scanner_camera() {
    return Snapshot().scanner_camera;
}
// The last scan: 0 none, 1 applied, 2 failed, 3 unknown code.
EMSCRIPTEN_KEEPALIVE int stocktake_scanner_last() {
    return Snapshot().scanner_last;
}
// What the scanner screen's buttons do, applied after the next frame like a click:
// show the screen; choose a mode (0 look up, 1 receive, 2 pick, 3 move, 4 count); start or
// stop the camera; create the first warehouse (MAIN).
EMSCRIPTEN_KEEPALIVE void stocktake_scanner_show() {
    Act(stocktake::web::TestAction::kScannerShow, 0);
}
EMSCRIPTEN_KEEPALIVE void stocktake_scanner_mode(int mode) {
    Act(stocktake::web::TestAction::kScannerSetMode, mode);
}
EMSCRIPTEN_KEEPALIVE void stocktake_scanner_camera_on(int on) {
    Act(on ? stocktake::web::TestAction::kScannerStartCamera
           : stocktake::web::TestAction::kScannerStopCamera,
        0);
}
EMSCRIPTEN_KEEPALIVE void stocktake_scanner_add_location() {
    Act(stocktake::web::TestAction::kScannerAddLocation, 0);
}

}  // extern "C"
