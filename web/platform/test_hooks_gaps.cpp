// Test hooks of the device name and the resumed scanner session, called by
// tests/e2e/app_gaps.mjs as Module._stocktake_gaps_*(): their state as one JSON object, and
// actions with a text.
#include <emscripten.h>

#include <string>

#include "platform/platform_internal.h"

extern "C" {

// The state as JSON (App::GapsTestState). The string lives until the next call.
EMSCRIPTEN_KEEPALIVE const char* stocktake_gaps_state() {
    static std::string text;
    stocktake::web::PlatformClient* client = stocktake::web::TestHooksClient();
    if (client == nullptr) return "{}";
    text = client->GapsTestState();
    return text.c_str();
}

// An action (GapsTestAction in web/app/app_gaps.cpp) with a text (UTF-8, C string).
EMSCRIPTEN_KEEPALIVE void stocktake_gaps_action(int action, const char* text) {
    stocktake::web::PlatformClient* client = stocktake::web::TestHooksClient();
    if (client == nullptr) return;
    client->OnGapsTestAction(action, text != nullptr ? text : "");
}

}  // extern "C"
