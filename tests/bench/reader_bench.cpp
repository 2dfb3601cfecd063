// Measures DelimitedReader throughput: bytes to records, fed in 1 MiB chunks as the
// browser hands File slices.
//   reader_bench FILE [REPEATS]
// Prints one JSON line per run. The same source runs natively and under node (wasm).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_util.h"
#include "read_all.h"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: reader_bench FILE [REPEATS]\n");
        return 2;
    }
    const std::string bytes = stocktake::bench::ReadFileBytes(argv[1]);
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
    constexpr size_t kChunk = size_t{1} << 20;
    for (int run = 0; run < repeats; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const auto counts = stocktake::bench::ReadAll(bytes, kChunk);
        const auto stop = std::chrono::steady_clock::now();
        if (!counts.ok()) {
            std::fprintf(stderr, "%s\n", counts.status().ToString().c_str());
            return 1;
        }
        const double ms = std::chrono::duration<double, std::milli>(stop - start).count();
        std::printf(
            "{\"run\":%d,\"bytes\":%zu,\"records\":%lld,\"fields\":%lld,\"encoding\":\"%s\","
            "\"ms\":%.1f,\"mb_per_s\":%.1f}\n",
            run, bytes.size(), static_cast<long long>(counts->records),
            static_cast<long long>(counts->fields),
            stocktake::engine::SourceEncodingName(counts->encoding), ms,
            static_cast<double>(bytes.size()) / 1e6 / (ms / 1000.0));
    }
    return 0;
}
