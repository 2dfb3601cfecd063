// Test hooks of the Imports history and the Sync screen's devices, called by
// tests/e2e/views_admin.mjs as Module._stocktake_admin_*(): their state as one JSON object,
// and actions.
#include <emscripten.h>

#include <string>

#include "platform/platform_internal.h"

extern "C" {

// The state as JSON (App::AdminTestState). The string lives until the next call.
EMSCRIPTEN_KEEPALIVE const char* stocktake_admin_state() {
    static std::string text;
    stocktake::web::PlatformClient* client = stocktake::web::TestHooksClient();
    if (client == nullptr) return "{}";
    text = client->AdminTestState();
    return text.c_str();
}

// An action (AdminTestAction in web/app/app_admin.cpp) with a number, e.g. a job id.
EMSCRIPTEN_KEEPALIVE void stocktake_admin_action(int action, double n) {
    stocktake::web::PlatformClient* client = stocktake::web::TestHooksClient();
    if (client == nullptr) return;
    client->OnAdminTestAction(action, static_cast<int64_t>(n));
}

}  // extern "C"
