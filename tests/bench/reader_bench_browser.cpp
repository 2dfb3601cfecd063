// DelimitedReader throughput in a browser: the loop of reader_bench.cpp behind an exported
// C function, because a page has no argv or file system to hand reader_bench's main a file.
// tests/bench/browser_reader_bench.mjs copies the file into the wasm heap and calls
// st_reader_bench_run once per repeat; only the reader is timed, as in reader_bench.
#include <emscripten/emscripten.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "import/delimited_reader.h"

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
    using stocktake::engine::DelimitedReader;
    using stocktake::engine::DelimitedRecord;
    using stocktake::engine::ReadState;
    const std::string_view bytes(data, size);
    const auto start = std::chrono::steady_clock::now();
    DelimitedReader reader;
    DelimitedRecord record;
    long long records = 0, fields = 0;
    bool done = false;
    for (size_t pos = 0; !done; pos += chunk) {
        stocktake::Status status =
            pos < bytes.size() ? reader.Feed(bytes.substr(pos, chunk)) : reader.Finish();
        if (!status.ok()) {
            g_error = status.ToString();
            return 1;
        }
        for (;;) {
            auto state = reader.Next(&record);
            if (!state.ok()) {
                g_error = state.status().ToString();
                return 1;
            }
            if (*state == ReadState::kNeedInput) break;
            if (*state == ReadState::kEnd) {
                done = true;
                break;
            }
            ++records;
            fields += static_cast<long long>(record.fields.size());
        }
    }
    const auto stop = std::chrono::steady_clock::now();
    out[0] = std::chrono::duration<double, std::milli>(stop - start).count();
    out[1] = static_cast<double>(records);
    out[2] = static_cast<double>(fields);
    return 0;
}

EMSCRIPTEN_KEEPALIVE const char* st_reader_bench_error() {
    return g_error.c_str();
}

}  // extern "C"
