// ScanDebounce: turns a camera's stream of decodes into scans. A camera decodes the code in
// view on every frame it reads; a worker holding one box under the phone means one scan.
// The same code counts again only once it has been out of view for absent_ms (the worker
// took it away and brought it, or another item with the same code, back), or, when
// repeat_ms is set, once that long has passed since it last counted.
// Thread safety: none; one per scanner. Times are the caller's monotonic milliseconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace stocktake::engine {

struct ScanDebounceOptions {
    int64_t absent_ms = 800;  // out of view this long = the next decode is a new scan
    int64_t repeat_ms = 0;    // > 0: a code held in view counts again after this long
};

class ScanDebounce {
  public:
    explicit ScanDebounce(ScanDebounceOptions options = {}) : options_(options) {}

    // A decode of code at now_ms: true when it is a new scan. REQUIRES: now_ms never
    // decreases between calls.
    bool Accept(std::string_view code, int64_t now_ms);
    // Forgets every code (the scanner stopped, or its mode changed).
    void Reset() { seen_.clear(); }
    const ScanDebounceOptions& options() const { return options_; }

  private:
    struct Seen {
        int64_t last_seen_ms = 0;
        int64_t counted_ms = 0;
    };

    ScanDebounceOptions options_;
    std::unordered_map<std::string, Seen> seen_;
};

}  // namespace stocktake::engine
