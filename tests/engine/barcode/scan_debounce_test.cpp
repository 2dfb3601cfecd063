// A code held in view counts once; it counts again after leaving view for absent_ms or,
// with repeat_ms, after that interval.
#include "stocktake/engine/scan_debounce.h"

#include <catch2/catch.hpp>

namespace stocktake::engine {
namespace {

// Decodes of code every frame_ms from start to end (exclusive); returns how many counted.
int Hold(ScanDebounce& debounce, const std::string& code, int64_t start, int64_t end,
         int64_t frame_ms = 33) {
    int counted = 0;
    for (int64_t t = start; t < end; t += frame_ms) counted += debounce.Accept(code, t) ? 1 : 0;
    return counted;
}

TEST_CASE("a code held in view counts once", "[engine][barcode]") {
    ScanDebounce debounce({800, 0});
    CHECK(Hold(debounce, "4006381333931", 0, 10'000) == 1);
}

TEST_CASE("a code counts again after it was out of view long enough", "[engine][barcode]") {
    ScanDebounce debounce({800, 0});
    CHECK(Hold(debounce, "A", 0, 2000) == 1);
    CHECK(Hold(debounce, "A", 2500, 3000) == 0);  // out of view 500 ms: a missed frame or two
    CHECK(Hold(debounce, "A", 4000, 5000) == 1);  // out of view 1000 ms: brought back
}

TEST_CASE("two codes in view count once each", "[engine][barcode]") {
    ScanDebounce debounce({800, 0});
    int counted = 0;
    for (int64_t t = 0; t < 3000; t += 33) {
        counted += debounce.Accept("A", t) ? 1 : 0;
        counted += debounce.Accept("B", t) ? 1 : 0;
    }
    CHECK(counted == 2);
}

TEST_CASE("with a repeat interval a held code counts once per interval", "[engine][barcode]") {
    ScanDebounce debounce({800, 2000});
    CHECK(Hold(debounce, "A", 0, 6100, 50) == 4);  // at 0, 2000, 4000, 6000
}

TEST_CASE("reset forgets what was in view", "[engine][barcode]") {
    ScanDebounce debounce;
    CHECK(debounce.Accept("A", 0));
    CHECK(!debounce.Accept("A", 10));
    debounce.Reset();
    CHECK(debounce.Accept("A", 20));
}

}  // namespace
}  // namespace stocktake::engine
