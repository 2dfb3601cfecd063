// Stocktake in the browser: builds the platform and the app, and hands control to the
// browser's frame loop.
#include "app/app.h"
#include "platform/platform.h"

int main() {
    // Both live for the whole page: main() returns while the browser keeps calling frames.
    static stocktake::web::Platform platform;
    static stocktake::web::App app(&platform);
    return platform.Run(&app);
}
