// Measures bytes-to-committed-rows import of an Amazon All Listings report.
//   import_bench FILE [REPEATS] [DB_PATH]
// DB_PATH: import into a database file there, opened as the browser app opens its own (journal
// in memory), instead of ":memory:"; the file is removed before each run.
// Prints one JSON line per run (wall ms and the process's CPU ms). The same source runs natively
// and under node (wasm), so the two can be compared in one run of scripts/bench.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_util.h"
#include "stocktake/engine/engine.h"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: import_bench FILE [REPEATS]\n");
        return 2;
    }
    const std::string bytes = stocktake::bench::ReadFileBytes(argv[1]);
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
    const std::string db_path = argc > 3 ? argv[3] : ":memory:";
    stocktake::engine::EngineOptions options;
    options.journal_in_memory = argc > 3;
    for (int run = 0; run < repeats; ++run) {
        if (argc > 3) std::remove(db_path.c_str());
        auto engine = stocktake::engine::Engine::Open(db_path, options);
        if (!engine.ok()) {
            std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
            return 1;
        }
        const double cpu_start = stocktake::bench::ProcessCpuMs();
        const auto start = std::chrono::steady_clock::now();
        auto report = (*engine)->ImportFile(argv[1], bytes);
        const auto stop = std::chrono::steady_clock::now();
        const double cpu_ms = stocktake::bench::ProcessCpuMs() - cpu_start;
        if (!report.ok()) {
            std::fprintf(stderr, "%s\n", report.status().ToString().c_str());
            return 1;
        }
        const double ms = std::chrono::duration<double, std::milli>(stop - start).count();
        const double mb = static_cast<double>(bytes.size()) / 1e6;
        std::printf(
            "{\"run\":%d,\"bytes\":%zu,\"rows\":%lld,\"successful\":%lld,\"ms\":%.1f,"
            "\"cpu_ms\":%.0f,\"mb_per_s\":%.1f,\"rows_per_s\":%.0f}\n",
            run, bytes.size(), static_cast<long long>(report->total),
            static_cast<long long>(report->successful), ms, cpu_ms, mb / (ms / 1000.0),
            static_cast<double>(report->total) / (ms / 1000.0));
    }
    return 0;
}
