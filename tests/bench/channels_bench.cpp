// Measures the channel simulator and bulk files at scale: SKUS products listed on Amazon
// (imported from an All Listings report) and on eBay (listing ops, as sync delivers them),
// stock for each, ORDERS recent orders for the velocities; then SimulateChannels over every
// listing and the Amazon and eBay quantity files.
//   channels_bench [SKUS] [ORDERS]
// Defaults: 100,000 SKUs (200,000 listings) and 20,000 orders. Prints JSON lines.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_util.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"

namespace {

using stocktake::Op;
using stocktake::Result;
using stocktake::Status;
using namespace stocktake::engine;
using Clock = stocktake::bench::BenchClock;
using stocktake::bench::Fail;
using stocktake::bench::MsSince;
using stocktake::bench::SkuName;

}  // namespace

int main(int argc, char** argv) {
    const int64_t skus = argc > 1 ? std::atoll(argv[1]) : 100'000;
    const int64_t orders = argc > 2 ? std::atoll(argv[2]) : 20'000;

    Result<std::unique_ptr<Engine>> opened = Engine::Open(":memory:");
    if (!opened.ok()) return Fail(opened.status());
    Engine& engine = *opened.value();
    const Clock::time_point setup = Clock::now();

    std::string report =
        "item-name\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\t"
        "fulfillment-channel\tstatus\n";
    for (int64_t i = 0; i < skus; ++i) {
        const std::string sku = SkuName(i);
        // One in ten is FBA: Amazon's stock, left out of the quantity file.
        report += "Item " + sku + "\tL" + std::to_string(i) + "\t" + sku + "\t12.50\t" +
                  (i % 10 == 0 ? "\t2024-01-01\tB0" + sku + "\tAMAZON_NA"
                               : "5\t2024-01-01\tB0" + sku + "\tDEFAULT") +
                  "\tActive\n";
    }
    Result<ImportReport> imported = engine.ImportFile("listings.txt", report);
    if (!imported.ok()) return Fail(imported.status());

    std::vector<Op> ops;
    for (int64_t i = 0; i < skus; ++i) {
        Op op;
        op.device = std::string(32, 'e');
        op.seq = i + 1;
        op.hlc = (uint64_t{1'700'000'000'000} << 16) + static_cast<uint64_t>(i);
        op.entity = "listing";
        op.key = {SkuName(i), "ebay", ""};
        op.payload = {{"listing_id", std::to_string(110000 + i)}, {"price_minor", 1300}};
        ops.push_back(std::move(op));
        if (ops.size() == 10'000 || i + 1 == skus) {
            Result<std::vector<OpOutcome>> applied = engine.ApplyOps(ops);
            if (!applied.ok()) return Fail(applied.status());
            ops.clear();
        }
    }

    Status added = engine.AddLocation({"MAIN", "", "Main", "warehouse"});
    if (!added.ok()) return Fail(added);
    std::vector<Movement> receipts;
    for (int64_t i = 0; i < skus; ++i) {
        Movement m;
        m.sku = SkuName(i);
        m.location = "MAIN";
        m.delta = 1 + i % 40;
        m.kind = MovementKind::kReceive;
        m.occurred_at = "2026-10-01T00:00:00Z";
        receipts.push_back(std::move(m));
        if (receipts.size() == 1'000 || i + 1 == skus) {
            Result<std::vector<Movement>> recorded = engine.RecordMovements(receipts);
            if (!recorded.ok()) return Fail(recorded.status());
            receipts.clear();
        }
    }
    for (int64_t i = 0; i < orders; ++i) {
        Order order;
        order.channel = i % 2 == 0 ? "amazon" : "ebay";
        order.external_id = "O-" + std::to_string(i);
        order.ordered_at = stocktake::FormatIso8601Utc(
            stocktake::ParseIso8601("2026-11-01T00:00:00Z").value() + i * 60);
        order.lines = {{SkuName((i * 7919) % skus), 1 + i % 3, 1250}};
        Status recorded = engine.RecordOrder(order);
        if (!recorded.ok()) return Fail(recorded);
    }
    std::printf("{\"step\":\"setup\",\"skus\":%lld,\"orders\":%lld,\"ms\":%.0f}\n",
                static_cast<long long>(skus), static_cast<long long>(orders), MsSince(setup));

    const std::string at = "2026-11-24T12:00:00Z";
    for (int run = 0; run < 3; ++run) {
        const double cpu = stocktake::bench::ProcessCpuMs();
        const Clock::time_point start = Clock::now();
        Result<std::vector<SimulatedListing>> simulated = engine.SimulateChannels("", at);
        if (!simulated.ok()) return Fail(simulated.status());
        int64_t risky = 0;
        for (const SimulatedListing& s : simulated.value()) risky += s.oversell_risk ? 1 : 0;
        std::printf(
            "{\"step\":\"simulate\",\"run\":%d,\"listings\":%zu,\"at_risk\":%lld,\"ms\":%.1f,"
            "\"cpu_ms\":%.1f}\n",
            run, simulated->size(), static_cast<long long>(risky), MsSince(start),
            stocktake::bench::ProcessCpuMs() - cpu);
    }
    for (const char* channel : {"amazon", "ebay"}) {
        for (int run = 0; run < 3; ++run) {
            const double cpu = stocktake::bench::ProcessCpuMs();
            const Clock::time_point start = Clock::now();
            Result<BulkFile> file = engine.ChannelFile(channel);
            if (!file.ok()) return Fail(file.status());
            std::printf(
                "{\"step\":\"quantity_file\",\"channel\":\"%s\",\"run\":%d,\"rows\":%lld,"
                "\"bytes\":%zu,\"ms\":%.1f,\"cpu_ms\":%.1f}\n",
                channel, run, static_cast<long long>(file->rows), file->text.size(), MsSince(start),
                stocktake::bench::ProcessCpuMs() - cpu);
        }
    }
    return 0;
}
