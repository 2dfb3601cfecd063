// DelimitedReader throughput in a browser: the loop of reader_bench.cpp behind an exported
// C function, because a page has no argv or file system to hand reader_bench's main a file.
// tests/bench/browser_bench.mjs (--bench reader) copies the file into the wasm heap and calls
// st_reader_bench_run once per repeat; only the reader is timed, as in reader_bench.
#include <emscripten/emscripten.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "read_all.h"

namespace {

// Last failure, for st_reader_bench_error: a static so the page can read it after the call.
std::string g_error;

}  // namespace

extern "C" {

// Parses size bytes at data, fed in chunk-byte slices as reader_bench does. On success
// fills out[0] = milliseconds, out[1] = records, out[2] = fields and returns 0; on failure
// returns 1 and st_reader_bench_error() says why.
EMSCRIPTEN_KEEPALIVE int st_reader_bench_run(const char* data, size_t size, size_t chunk,
                                             double* out) {
    const auto start = std::chrono::steady_clock::now();
    const auto counts = stocktake::bench::ReadAll(std::string_view(data, size), chunk);
    const auto stop = std::chrono::steady_clock::now();
    if (!counts.ok()) {
        g_error = counts.status().ToString();
        return 1;
    }
    out[0] = std::chrono::duration<double, std::milli>(stop - start).count();
    out[1] = static_cast<double>(counts->records);
    out[2] = static_cast<double>(counts->fields);
    return 0;
}

EMSCRIPTEN_KEEPALIVE const char* st_reader_bench_error() {
    return g_error.c_str();
}

}  // extern "C"
