// Test hooks of the scanner's modes, the reallocation pull and the channels' files, called
// by tests/e2e/scanner_modes.mjs and channels_files.mjs as Module._stocktake_scanner_modes_*().
// Kept apart from test_hooks_scanner.cpp so features merge independently.
#include <emscripten.h>

#include <string>

#include "platform/platform_internal.h"

extern "C" {

// The scanner's settings, last scan, pick lines, count tallies, link offer, the
// reallocation list and moves, and `sku`'s on-hand per location, as JSON
// (App::ScannerModesTestState). The string lives until the next call.
EMSCRIPTEN_KEEPALIVE const char* stocktake_scanner_modes_state(const char* sku) {
    static std::string text;
    stocktake::web::PlatformClient* client = stocktake::web::TestHooksClient();
    text = client == nullptr ? "{}" : client->ScannerModesTestState(sku == nullptr ? "" : sku);
    return text.c_str();
}

// What a combo, button or typed field on the scanner or reallocation screen posts
// (ScannerModesTestAction in web/app/app_scanner_test.cpp), applied after the next frame.
EMSCRIPTEN_KEEPALIVE void stocktake_scanner_modes_action(int action, const char* text, double n) {
    stocktake::web::PlatformClient* client = stocktake::web::TestHooksClient();
    if (client == nullptr) return;
    client->OnScannerModesTestAction(action, text == nullptr ? "" : text, static_cast<int64_t>(n));
}

}  // extern "C"
