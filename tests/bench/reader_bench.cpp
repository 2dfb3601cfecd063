// Measures DelimitedReader throughput: bytes to records, fed in 1 MiB chunks as the
// browser hands File slices.
//   reader_bench FILE [REPEATS]
// Prints one JSON line per run. The same source runs natively and under node (wasm).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bench_util.h"
#include "import/delimited_reader.h"

int main(int argc, char** argv) {
    using stocktake::engine::DelimitedReader;
    using stocktake::engine::DelimitedRecord;
    using stocktake::engine::ReadState;
    if (argc < 2) {
        std::fprintf(stderr, "usage: reader_bench FILE [REPEATS]\n");
        return 2;
    }
    const std::string bytes = stocktake::bench::ReadFileBytes(argv[1]);
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
    constexpr size_t kChunk = size_t{1} << 20;
    for (int run = 0; run < repeats; ++run) {
        const auto start = std::chrono::steady_clock::now();
        DelimitedReader reader;
        DelimitedRecord record;
        long long records = 0, fields = 0;
        bool done = false;
        for (size_t pos = 0; !done; pos += kChunk) {
            stocktake::Status status =
                pos < bytes.size() ? reader.Feed(std::string_view(bytes).substr(pos, kChunk))
                                   : reader.Finish();
            if (!status.ok()) {
                std::fprintf(stderr, "%s\n", status.ToString().c_str());
                return 1;
            }
            for (;;) {
                auto state = reader.Next(&record);
                if (!state.ok()) {
                    std::fprintf(stderr, "%s\n", state.status().ToString().c_str());
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
        const double ms = std::chrono::duration<double, std::milli>(stop - start).count();
        std::printf(
            "{\"run\":%d,\"bytes\":%zu,\"records\":%lld,\"fields\":%lld,\"encoding\":\"%s\","
            "\"ms\":%.1f,\"mb_per_s\":%.1f}\n",
            run, bytes.size(), records, fields,
            stocktake::engine::SourceEncodingName(reader.encoding()), ms,
            static_cast<double>(bytes.size()) / 1e6 / (ms / 1000.0));
    }
    return 0;
}
