// Measures the stock ledger at scale: appending movements (each with its outbox op and
// summary update), on-hand lookups, on-hand at a past instant, and the full
// ledger-versus-summary check.
//   ledger_bench [MOVEMENTS] [SKUS] [BATCH]
// Defaults: 2,000,000 movements over 100,000 SKUs (made first, one SaveProduct each), recorded
// BATCH (1,000) per transaction with Engine::RecordMovements, as a scanner's synced session or a
// ledger import would; the first 20,000 are recorded one transaction each, as single scans are.
// Prints JSON lines.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_util.h"
#include "stocktake/engine/engine.h"

namespace {

using stocktake::Result;
using stocktake::Status;
using namespace stocktake::engine;
using stocktake::bench::Clock;
using stocktake::bench::MsSince;
using stocktake::bench::SkuName;

const char* kLocations[] = {"MAIN", "MAIN/A", "MAIN/B", "MAIN/C", "EAST", "EAST/A"};

Movement RandomMovement(std::mt19937_64& rng, int64_t skus, int64_t index) {
    static const MovementKind kinds[] = {MovementKind::kReceive, MovementKind::kSale,
                                         MovementKind::kSale, MovementKind::kAdjust};
    Movement m;
    m.sku = SkuName(static_cast<int64_t>(rng() % static_cast<uint64_t>(skus)));
    m.location = kLocations[rng() % 6];
    m.kind = kinds[rng() % 4];
    m.delta = 1 + static_cast<int64_t>(rng() % 12);
    if (m.kind == MovementKind::kSale) m.delta = -m.delta;
    // Spread over 2025-2026 so on-hand-at-an-instant has history to sum.
    const int64_t day = index % 700;
    char at[32];
    std::snprintf(at, sizeof at, "%04lld-%02lld-%02lldT%02lld:00:00Z",
                  static_cast<long long>(2025 + day / 360),
                  static_cast<long long>(1 + day % 360 / 30),
                  static_cast<long long>(1 + day % 30 % 28), static_cast<long long>(index % 24));
    m.occurred_at = at;
    return m;
}

int Fail(const Status& status) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t total = argc > 1 ? std::atoll(argv[1]) : 2'000'000;
    const int64_t skus = argc > 2 ? std::atoll(argv[2]) : 100'000;
    const int64_t batch = argc > 3 ? std::atoll(argv[3]) : 1'000;
    const int64_t singles = std::min<int64_t>(20'000, total);

    Result<std::unique_ptr<Engine>> opened = Engine::Open(":memory:");
    if (!opened.ok()) return Fail(opened.status());
    Engine& engine = *opened.value();
    for (const char* id : kLocations) {
        const std::string text(id);
        const size_t slash = text.find('/');
        Location location{text, slash == std::string::npos ? "" : text.substr(0, slash), text,
                          slash == std::string::npos ? "warehouse" : "bin"};
        Status added = engine.AddLocation(location);
        if (!added.ok()) return Fail(added);
    }
    // The catalogue: movements name known SKUs only.
    for (int64_t i = 0; i < skus; ++i) {
        Status saved = engine.SaveProduct({SkuName(i), "Product " + SkuName(i), {}, {}, {}, {}});
        if (!saved.ok()) return Fail(saved);
    }
    std::mt19937_64 rng(7);

    // Appends: single transactions first, then batches.
    Clock::time_point start = Clock::now();
    double cpu = stocktake::bench::ProcessCpuMs();
    for (int64_t i = 0; i < singles; ++i) {
        Result<Movement> recorded = engine.RecordMovement(RandomMovement(rng, skus, i));
        if (!recorded.ok()) return Fail(recorded.status());
    }
    double ms = MsSince(start);
    std::printf(
        "{\"phase\":\"append, one transaction each\",\"movements\":%lld,\"ms\":%.0f,"
        "\"cpu_ms\":%.0f,\"per_s\":%.0f}\n",
        static_cast<long long>(singles), ms, stocktake::bench::ProcessCpuMs() - cpu,
        static_cast<double>(singles) / (ms / 1000.0));

    start = Clock::now();
    cpu = stocktake::bench::ProcessCpuMs();
    std::vector<Movement> movements;
    for (int64_t i = singles; i < total;) {
        movements.clear();
        for (int64_t n = 0; n < batch && i < total; ++n, ++i) {
            movements.push_back(RandomMovement(rng, skus, i));
        }
        Result<std::vector<Movement>> recorded = engine.RecordMovements(movements);
        if (!recorded.ok()) return Fail(recorded.status());
    }
    ms = MsSince(start);
    std::printf(
        "{\"phase\":\"append, %lld per transaction\",\"movements\":%lld,\"ms\":%.0f,"
        "\"cpu_ms\":%.0f,\"per_s\":%.0f}\n",
        static_cast<long long>(batch), static_cast<long long>(total - singles), ms,
        stocktake::bench::ProcessCpuMs() - cpu,
        static_cast<double>(total - singles) / (ms / 1000.0));

    // Lookups of random SKUs: the summary (per location) and availability (with orders).
    const int lookups = 100'000;
    int64_t checksum = 0;
    start = Clock::now();
    for (int i = 0; i < lookups; ++i) {
        Result<std::vector<StockLevel>> levels =
            engine.StockLevels(SkuName(static_cast<int64_t>(rng() % static_cast<uint64_t>(skus))));
        if (!levels.ok()) return Fail(levels.status());
        for (const StockLevel& level : levels.value()) checksum += level.on_hand;
    }
    ms = MsSince(start);
    std::printf(
        "{\"phase\":\"on-hand lookups (StockLevels of one SKU)\",\"lookups\":%d,"
        "\"ms\":%.0f,\"per_s\":%.0f,\"checksum\":%lld}\n",
        lookups, ms, lookups / (ms / 1000.0), static_cast<long long>(checksum));

    const int past_lookups = 10'000;
    start = Clock::now();
    for (int i = 0; i < past_lookups; ++i) {
        Result<int64_t> at =
            engine.OnHandAt(SkuName(static_cast<int64_t>(rng() % static_cast<uint64_t>(skus))), "",
                            "2025-09-01T00:00:00Z");
        if (!at.ok()) return Fail(at.status());
        checksum += at.value();
    }
    ms = MsSince(start);
    std::printf(
        "{\"phase\":\"on-hand at a past instant (from the ledger)\",\"lookups\":%d,"
        "\"ms\":%.0f,\"per_s\":%.0f}\n",
        past_lookups, ms, past_lookups / (ms / 1000.0));

    start = Clock::now();
    Result<std::vector<StockMismatch>> mismatches = engine.CheckStockLevels();
    if (!mismatches.ok()) return Fail(mismatches.status());
    ms = MsSince(start);
    std::printf(
        "{\"phase\":\"full ledger-vs-summary check\",\"movements\":%lld,\"ms\":%.0f,"
        "\"mismatches\":%zu}\n",
        static_cast<long long>(total), ms, mismatches->size());
    return mismatches->empty() ? 0 : 1;
}
