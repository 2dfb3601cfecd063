// What touching memory the process has never touched costs on this machine, now: a first
// import in a fresh browser page writes most of its bytes (the database, the page cache,
// the job's maps) into such memory, and on a virtual machine each first touch of a 4 KiB
// page can cost several microseconds, varying with what the host has backed lately
// (docs/PERFORMANCE.md, "Import speed, session 17"). Run it beside an import measurement
// to tell the machine's share from the import's.
//   fresh_memory_bench [MB] [ROUNDS]
// Prints one JSON line per round: ms to touch MB of fresh memory once, and µs per page.
// Native only (POSIX mmap): the question is the kernel's, not the engine's.
#include <sys/mman.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
    const long mb = argc > 1 ? std::atol(argv[1]) : 1000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
    if (mb <= 0 || rounds <= 0) {
        std::fprintf(stderr, "usage: fresh_memory_bench [MB] [ROUNDS]\n");
        return 2;
    }
    constexpr size_t kPage = 4096;
    const size_t bytes = static_cast<size_t>(mb) << 20;
    for (int round = 0; round < rounds; ++round) {
        // A new mapping each round: memory given back to the kernel and mapped again is
        // fresh to the process, as a new page's wasm heap is.
        void* mapped =
            mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapped == MAP_FAILED) {
            std::perror("mmap");
            return 1;
        }
        volatile char* memory = static_cast<char*>(mapped);
        const auto start = std::chrono::steady_clock::now();
        for (size_t at = 0; at < bytes; at += kPage) memory[at] = 1;
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        munmap(mapped, bytes);
        std::printf("{\"round\":%d,\"mb\":%ld,\"ms\":%.1f,\"us_per_page\":%.2f}\n", round, mb, ms,
                    ms * 1000.0 / static_cast<double>(bytes / kPage));
    }
    return 0;
}
