// What each frame and each save cost on the page's thread, for the app benchmark
// (tests/bench/app_bench.mjs, issue 8 item 7: <= 16 ms of work per frame, a small edit
// saved in <= 50 ms). Kept by Platform, read through test_hooks_bench.cpp.
#pragma once

#include <cstdint>
#include <vector>

namespace stocktake::web {

class FrameStats {
  public:
    // The most recent frames kept: a bench measures a window of seconds.
    static constexpr int64_t kKept = 4096;

    // Milliseconds of one frame's work (Platform::Tick, start to end).
    void Add(double ms);
    // Frames added since the page loaded.
    int64_t count() const { return count_; }
    // The p-th percentile (0..100; 100 = the slowest) and the mean of the last `frames`
    // frames (at most kKept and count()); 0 with none.
    double Percentile(double p, int64_t frames) const;
    double Mean(int64_t frames) const;

  private:
    std::vector<float> Last(int64_t frames) const;

    std::vector<float> ring_ = std::vector<float>(kKept);
    int64_t count_ = 0;
};

struct SaveStats {
    int64_t completed = 0;       // saves that finished without an error since the page loaded
    double last_ms = 0;          // the last save: its blocks handed to IndexedDB -> committed
    int64_t last_blocks = 0;     // 64 KiB blocks the last save wrote
    int64_t file_bytes = 0;      // the database's size at the last save
    int64_t frames_yielded = 0;  // frames skipped to let a small save complete first
};

}  // namespace stocktake::web
