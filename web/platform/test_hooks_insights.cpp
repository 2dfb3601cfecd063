// The insights refresh's test hooks (tests/e2e/insights_slices.mjs) as
// Module._stocktake_insights_*(): whether a refresh is running and how far it is, and what
// the last one cost in frames, its longest slice and wall time. Kept apart from
// test_hooks.cpp so features merge independently.
#include <emscripten.h>

#include "platform/platform_internal.h"

extern "C" {

// 1 while a refresh spread over frames is running.
EMSCRIPTEN_KEEPALIVE int stocktake_insights_generating() {
    return stocktake::web::CurrentTestSnapshot().insights_generating ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE double stocktake_insights_percent() {
    return static_cast<double>(stocktake::web::CurrentTestSnapshot().insights_percent);
}
// Frames drawn while the last refresh ran.
EMSCRIPTEN_KEEPALIVE double stocktake_insights_last_frames() {
    return static_cast<double>(stocktake::web::CurrentTestSnapshot().last_insights_frames);
}
// The longest slice of the last refresh (ms of one frame's work on it).
EMSCRIPTEN_KEEPALIVE double stocktake_insights_last_max_slice_ms() {
    return stocktake::web::CurrentTestSnapshot().last_insights_max_slice_ms;
}
// Refresh started -> done, wall clock (ms).
EMSCRIPTEN_KEEPALIVE double stocktake_insights_last_ms() {
    return stocktake::web::CurrentTestSnapshot().last_insights_ms;
}

}  // extern "C"
