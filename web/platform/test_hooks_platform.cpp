// Hooks on what the platform layer itself does, called as Module._stocktake_*(): the main
// thread's work per frame and what saves cost (tests/bench/app_bench.mjs, issue 8 item 7),
// and whether the CJK font was fetched (tests/e2e/run.mjs).
#include <emscripten.h>

#include "platform/fonts.h"
#include "platform/platform_internal.h"

using stocktake::web::TestHooksPlatform;

extern "C" {

// Frames whose work was timed since the page loaded.
EMSCRIPTEN_KEEPALIVE double stocktake_frames_timed() {
    const auto* platform = TestHooksPlatform();
    return platform == nullptr ? 0.0 : static_cast<double>(platform->frame_stats().count());
}

// The p-th percentile (100 = the slowest) of the work of the last `frames` frames, in ms.
EMSCRIPTEN_KEEPALIVE double stocktake_frame_work_ms(double p, double frames) {
    const auto* platform = TestHooksPlatform();
    return platform == nullptr
               ? 0.0
               : platform->frame_stats().Percentile(p, static_cast<int64_t>(frames));
}

// The mean work of the last `frames` frames, in ms.
EMSCRIPTEN_KEEPALIVE double stocktake_frame_work_mean_ms(double frames) {
    const auto* platform = TestHooksPlatform();
    return platform == nullptr ? 0.0 : platform->frame_stats().Mean(static_cast<int64_t>(frames));
}

// Saves to the browser's storage completed since the page loaded.
EMSCRIPTEN_KEEPALIVE double stocktake_saves_completed() {
    const auto* platform = TestHooksPlatform();
    return platform == nullptr ? 0.0 : static_cast<double>(platform->save_stats().completed);
}

// The last completed save: milliseconds, blocks written, the database's bytes.
EMSCRIPTEN_KEEPALIVE double stocktake_last_save_ms() {
    const auto* platform = TestHooksPlatform();
    return platform == nullptr ? 0.0 : platform->save_stats().last_ms;
}

EMSCRIPTEN_KEEPALIVE double stocktake_last_save_blocks() {
    const auto* platform = TestHooksPlatform();
    return platform == nullptr ? 0.0 : static_cast<double>(platform->save_stats().last_blocks);
}

EMSCRIPTEN_KEEPALIVE double stocktake_frames_yielded_to_saves() {
    const auto* platform = TestHooksPlatform();
    return platform == nullptr ? 0.0 : static_cast<double>(platform->save_stats().frames_yielded);
}

EMSCRIPTEN_KEEPALIVE double stocktake_database_bytes() {
    const auto* platform = TestHooksPlatform();
    return platform == nullptr ? 0.0 : static_cast<double>(platform->save_stats().file_bytes);
}

// The CJK fallback font: 0 not needed (not fetched), 1 loading, 2 loaded, 3 failed.
EMSCRIPTEN_KEEPALIVE int stocktake_cjk_font_state() {
    const auto* platform = TestHooksPlatform();
    return platform == nullptr ? 0 : static_cast<int>(platform->fonts().cjk_font());
}

}  // extern "C"
