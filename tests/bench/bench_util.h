// Shared by the benchmarks: reading the input file whole, the process's CPU time, wall
// time since a start, and SKU names.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include "stocktake/status.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#include <emscripten/heap.h>
#endif

namespace stocktake::bench {

using BenchClock = std::chrono::steady_clock;

inline double MsSince(BenchClock::time_point start) {
    return std::chrono::duration<double, std::milli>(BenchClock::now() - start).count();
}

// "SKU-000042": the benchmarks' SKUs, in the order of i.
inline std::string SkuName(int64_t i) {
    char name[32];
    std::snprintf(name, sizeof name, "SKU-%06lld", static_cast<long long>(i));
    return name;
}

// Prints the status on stderr; returns main's failure code.
inline int Fail(const Status& status) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
}

// The file's bytes; empty when it cannot be read.
inline std::string ReadFileBytes(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// CPU time this process has used, in milliseconds; -1 where it cannot be known. The
// machines that run the benchmarks are shared, so CPU time is steadier than wall time.
// Natively clock() is process CPU time; emscripten's clock() is wall time, so under node
// ask node (user + system, all of the process's threads), and in a browser give up.
inline double ProcessCpuMs() {
#ifdef __EMSCRIPTEN__
    return EM_ASM_DOUBLE({
        if (!(typeof process == 'object' && process.cpuUsage)) return -1;
        const usage = process.cpuUsage();
        return (usage.user + usage.system) / 1000;
    });
#else
    return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
#endif
}

// The wasm heap's size now, in MiB (it only grows); -1 natively.
inline double WasmHeapMb() {
#ifdef __EMSCRIPTEN__
    return static_cast<double>(emscripten_get_heap_size()) / (1024.0 * 1024.0);
#else
    return -1;
#endif
}

using Clock = BenchClock;

}  // namespace stocktake::bench
