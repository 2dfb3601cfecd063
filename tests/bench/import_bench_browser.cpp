// The import of import_bench.cpp in a browser: bytes to committed rows, behind an exported
// C function because a page has no argv or file system to hand import_bench's main a file.
// tests/bench/browser_bench.mjs (--bench import) copies the file into the wasm heap and
// calls st_import_bench_run once per repeat; only the import is timed, as in import_bench.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

#include "stocktake/engine/engine.h"
#include "stocktake/engine/memory_vfs.h"

namespace {

// Last failure, for st_import_bench_error: a static so the page can read it after the call.
std::string g_error;
// Set by the page before the runs (browser_bench.mjs --cache-kib, --slice); 0: the default.
int64_t g_cache_kib = 0;
size_t g_slice_bytes = 0;

// The import as the app runs it (web/app/app.cpp): a fed job, handed the file a slice at a
// time, stepped until it asks for more; the file is never copied whole.
stocktake::Result<stocktake::engine::ImportReport> ImportFed(stocktake::engine::Engine& engine,
                                                             const char* data, size_t size) {
    stocktake::engine::ImportRequest request;
    request.file_name = "bench.txt";
    request.fed = true;
    request.size = static_cast<int64_t>(size);
    auto job = engine.StartImport(std::move(request));
    if (!job.ok()) return job.status();
    size_t fed = 0;
    while (!(*job)->IsDone()) {
        if ((*job)->Progress().needs_input) {
            const size_t n = std::min(g_slice_bytes, size - fed);
            auto status = n == 0 ? (*job)->FinishInput() : (*job)->Feed({data + fed, n});
            if (!status.ok()) return status;
            fed += n;
        }
        if (auto status = (*job)->Step(int64_t{1} << 40); !status.ok()) return status;
    }
    return (*job)->Report();
}

// Where the database lives (the bench's storage argument):
//   0  ":memory:", as import_bench;
//   1  a file in emscripten's in-memory file system (MEMFS) with the journal in memory: how
//      the app kept its database before the memory VFS, kept for comparison;
//   2  a file of the engine's memory VFS with the journal in memory, as the app does now
//      (web/app/app.cpp).
constexpr const char* kFilePath = "/import_bench.db";

void RemoveFiles() {
    std::remove(kFilePath);
    stocktake::engine::DeleteMemoryFile(kFilePath);
}

}  // namespace

extern "C" {

// Imports the size bytes at data as one file into a new, empty database in storage (see
// above). On success fills out[0] =
// milliseconds, out[1] = rows read, out[2] = rows imported, out[3] = products created and
// returns 0; on failure returns 1 and st_import_bench_error() says why.
EMSCRIPTEN_KEEPALIVE int st_import_bench_run(const char* data, size_t size, int storage,
                                             double* out) {
    using stocktake::engine::Engine;
    RemoveFiles();  // every run starts empty, like a seller's first import
    stocktake::engine::EngineOptions options;
    options.journal_in_memory = storage != 0;
    if (storage == 2) {
        if (auto registered = stocktake::engine::RegisterMemoryVfs(); !registered.ok()) {
            g_error = registered.ToString();
            return 1;
        }
        options = stocktake::engine::MemoryVfsEngineOptions();
    }
    if (g_cache_kib > 0) options.cache_kib = g_cache_kib;
    auto engine = Engine::Open(storage != 0 ? kFilePath : ":memory:", options);
    if (!engine.ok()) {
        g_error = engine.status().ToString();
        return 1;
    }
    // As import_bench: the copy into the request is part of the timed import (unless fed).
    const auto start = std::chrono::steady_clock::now();
    auto report = g_slice_bytes > 0 ? ImportFed(**engine, data, size)
                                    : (*engine)->ImportFile("bench.txt", std::string(data, size));
    const auto stop = std::chrono::steady_clock::now();
    if (!report.ok()) {
        g_error = report.status().ToString();
        return 1;
    }
    if (report->state != stocktake::engine::ImportState::kSucceeded) {
        g_error = report->error;
        return 1;
    }
    out[0] = std::chrono::duration<double, std::milli>(stop - start).count();
    out[1] = static_cast<double>(report->total);
    out[2] = static_cast<double>(report->successful);
    out[3] = static_cast<double>(report->created);
    engine->reset();
    RemoveFiles();
    return 0;
}

EMSCRIPTEN_KEEPALIVE void st_import_bench_set_cache_kib(int kib) {
    g_cache_kib = kib;
}

EMSCRIPTEN_KEEPALIVE void st_import_bench_set_slice_bytes(int bytes) {
    g_slice_bytes = static_cast<size_t>(bytes);
}

EMSCRIPTEN_KEEPALIVE const char* st_import_bench_error() {
    return g_error.c_str();
}

}  // extern "C"
