// Measures insight generation at scale: every insight of 100,000 SKUs with 2,000,000 order
// lines, generated from scratch, regenerated with nothing changed, and regenerated after a
// day of new orders; then the restock plan the generation made alongside, a generation the
// day after in 8 ms slices (as the browser runs it), and the restock plan from scratch.
//   insights_bench [ORDER_LINES] [SKUS] [DB_PATH] [FIXTURE] [MMAP_BYTES] [cold|opened|warm]
// MMAP_BYTES sets how much of the file SQLite reads in place while measuring (0: every page
// copied into its cache; default, or "-": the engine's options, mmap in the memory VFS).
// cold (default): the generation is the first thing the process runs on the database.
// opened: first the summary the app shows when it opens (Engine::Summarize), as the app
// has always run it before it generates insights.
// warm: before anything is measured, generate the insights of a small database of its own
// (20,000 lines, 1,000 SKUs), so that the code measured has run before. V8 compiles wasm
// first with its baseline compiler and recompiles a function with its optimizing one only
// once it has run enough, in the background, and a call already running keeps the code it
// started with: without this, the first generation runs partly in baseline code and
// competes with the compiler for the cores. The app's module has run its code before (and
// Chrome caches the optimized code of a streamed module). The heap is as fresh as without it:
// the small database's memory is a few MB, freed before the fixture is opened.
// With FIXTURE, the fixture is written once and reused: a FIXTURE that exists is copied to
// DB_PATH instead of being written (ORDER_LINES and SKUS must be those it was written
// with); one that does not is saved there once written, before anything is measured. The
// 2M-line fixture takes minutes natively and longer in wasm: write it natively, measure
// both from it. In wasm (node) the paths are the host's (NODERAWFS) and the database lives
// in the browser's memory VFS (memory_vfs.h), loaded from FIXTURE and never written back.
// The fixture (products, stock levels, listings, orders and their lines, plans) is written
// with SQL in one transaction straight into the engine's tables: recording 2M order lines
// through RecordOrder would take far longer than what is measured, which is the generation
// only. The sales summary follows the lines by its triggers, as with any write. The stock summary
// is written without its ledger (the insights read the summary). Prints JSON lines.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "bench_util.h"
#include "stocktake/engine/engine.h"
#include "stocktake/engine/memory_vfs.h"
#include "store/db.h"

namespace {

using stocktake::Result;
using stocktake::Status;
using namespace stocktake::engine;
using stocktake::bench::Clock;
using stocktake::bench::MsSince;
using stocktake::bench::SkuName;

constexpr const char* kNow = "2027-06-30T12:00:00Z";
const char* kChannels[] = {"amazon", "ebay", "woot", "shopify"};

// An instant `minutes` before kNow's day ended, spread over the year before it.
std::string DaysBefore(int64_t days, int64_t minute) {
    char at[32];
    const int64_t day_of_year = 180 - days;  // 2027-06-30 is day 180 (0-based) of 2027
    int64_t year = 2027;
    int64_t d = day_of_year;
    if (d < 0) {
        year = 2026;
        d += 365;
    }
    static const int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int month = 0;
    while (d >= kMonthDays[month]) d -= kMonthDays[month++];
    std::snprintf(at, sizeof at, "%04lld-%02d-%02lldT%02lld:%02lld:00Z",
                  static_cast<long long>(year), month + 1, static_cast<long long>(d + 1),
                  static_cast<long long>(minute / 60 % 12), static_cast<long long>(minute % 60));
    return at;
}

int Fail(const Status& status) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
}

Status Must(Result<Statement>& stmt) {
    return stmt.ok() ? Status::Ok() : stmt.status();
}

#ifdef __EMSCRIPTEN__
// The browser's: a page read is a copy inside the wasm heap (memory_vfs.h).
const std::string kVfs = kMemoryVfsName;
#else
const std::string kVfs;
#endif

EngineOptions BenchEngineOptions() {
    return kVfs.empty() ? EngineOptions{} : MemoryVfsEngineOptions();
}

void RemoveDatabase(const std::string& path) {
    if (!kVfs.empty()) return DeleteMemoryFile(path);
    std::remove(path.c_str());
    std::remove((path + "-journal").c_str());
}

// Copies the database at path (closed) to the host file fixture.
Status SaveFixture(const std::string& path, const std::string& fixture) {
    std::ofstream out(fixture, std::ios::binary | std::ios::trunc);
    if (kVfs.empty()) {
        std::ifstream in(path, std::ios::binary);
        out << in.rdbuf();
    } else {
        Result<FileChanges> file = TakeFileChanges(path);
        if (!file.ok()) return file.status();
        for (int64_t i = 0; i < file->block_count; ++i) {
            Result<std::string_view> block = FileBlock(path, i);
            if (!block.ok()) return block.status();
            out.write(block->data(), static_cast<std::streamsize>(block->size()));
        }
    }
    out.close();
    return out ? Status::Ok() : Status::IOError("cannot write " + fixture);
}

// Copies the host file fixture to the database at path.
Status LoadFixture(const std::string& fixture, const std::string& path) {
    std::ifstream in(fixture, std::ios::binary);
    if (!in) return Status::NotFound("cannot read " + fixture);
    if (kVfs.empty()) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << in.rdbuf();
        out.close();
        return out ? Status::Ok() : Status::IOError("cannot write " + path);
    }
    std::string block(static_cast<size_t>(kMemoryVfsBlockBytes), '\0');
    for (int64_t index = 0; in; ++index) {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const std::streamsize got = in.gcount();
        if (got <= 0) break;
        Status loaded =
            LoadFileBlock(path, index, std::string_view(block.data(), static_cast<size_t>(got)));
        if (!loaded.ok()) return loaded;
    }
    return Status::Ok();
}

// Writes the fixture into the database at path (already migrated by Engine::Open).
Status WriteFixture(const std::string& path, int64_t lines, int64_t skus) {
    Result<std::unique_ptr<Db>> opened = Db::Open(path, kVfs);
    if (!opened.ok()) return opened.status();
    Db& db = *opened.value();
    // The sales summary's triggers (migration 13) write each line's day at random places of
    // three B-trees: with SQLite's default cache of 2 MB the fixture re-read its pages
    // from the file for every line, and took an hour instead of minutes.
    Status status =
        db.Tune(/*journal_in_memory=*/true, /*cache_kib=*/1024 * 1024, /*mmap_bytes=*/0);
    if (!status.ok()) return status;
    status = db.Exec("PRAGMA temp_store = MEMORY;");
    if (!status.ok()) return status;
    status = db.Begin();
    if (!status.ok()) return status;
    status = db.Exec(
        "INSERT INTO locations (id, parent_id, name, kind, created_at, updated_at)"
        " VALUES ('MAIN', NULL, 'Main', 'warehouse', '2026-01-01T00:00:00Z', '');");
    if (!status.ok()) return status;
    std::mt19937_64 rng(42);
    Result<Statement> product = db.Prepare(
        "INSERT INTO products (sku, name, created_at, updated_at, list_price_minor, cost)"
        " VALUES (?1, ?1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?2, ?3)");
    Result<Statement> level =
        db.Prepare("INSERT INTO stock_levels (sku, location_id, on_hand) VALUES (?1, 'MAIN', ?2)");
    Result<Statement> listing = db.Prepare(
        "INSERT INTO listings (sku, channel, marketplace, price_minor, quantity, status,"
        " opened_at, updated_at) VALUES (?1, ?2, '', ?3, ?4, 'Active', ?5, '')");
    Result<Statement> plan = db.Prepare(
        "INSERT INTO product_plans (sku, reorder_point, preferred_supplier, updated_at)"
        " VALUES (?1, ?2, '', '')");
    Result<Statement> order = db.Prepare(
        "INSERT INTO orders (id, channel, external_id, status, ordered_at, updated_at)"
        " VALUES (?1, ?2, ?1, ?3, ?4, '')");
    Result<Statement> line = db.Prepare(
        "INSERT INTO order_lines (order_id, line, sku, quantity, price_minor)"
        " VALUES (?1, ?2, ?3, ?4, 999)");
    for (Result<Statement>* stmt : {&product, &level, &listing, &plan, &order, &line}) {
        status = Must(*stmt);
        if (!status.ok()) return status;
    }
    for (int64_t i = 0; i < skus && status.ok(); ++i) {
        const std::string sku = SkuName(i);
        product->BindText(1, sku);
        product->BindInt64(2, 1000 + static_cast<int64_t>(rng() % 9000));
        product->BindInt64(3, 40000 + static_cast<int64_t>(rng() % 40000));
        status = product->Run();
        // Some oversold, some out of stock, most in stock.
        const int64_t on_hand = static_cast<int64_t>(rng() % 200) - 10;
        if (status.ok() && on_hand != 0) {
            level->BindText(1, sku);
            level->BindInt64(2, on_hand);
            status = level->Run();
        }
        const int listed = 1 + static_cast<int>(rng() % 2);
        for (int c = 0; c < listed && status.ok(); ++c) {
            const std::string opened_at = DaysBefore(static_cast<int64_t>(rng() % 360), 0);
            listing->BindText(1, sku);
            listing->BindText(2, kChannels[(i + c) % 4]);
            listing->BindInt64(3, 1500 + static_cast<int64_t>(rng() % 5000));
            listing->BindInt64(4, static_cast<int64_t>(rng() % 20));
            listing->BindText(5, opened_at);
            status = listing->Run();
        }
        if (status.ok() && i % 5 == 0) {
            plan->BindText(1, sku);
            plan->BindInt64(2, static_cast<int64_t>(rng() % 30));
            status = plan->Run();
        }
    }
    // Two lines per order; a skewed SKU choice (some sell daily, most rarely).
    for (int64_t n = 0; n < lines / 2 && status.ok(); ++n) {
        const std::string id = "O" + std::to_string(n);
        const uint64_t r = rng();
        const std::string at = DaysBefore(static_cast<int64_t>(r % 365), n % 720);
        order->BindText(1, id);
        order->BindText(2, kChannels[(r >> 20) % 4]);
        order->BindText(3, (r >> 24) % 50 == 0    ? "cancelled"
                           : (r >> 30) % 100 == 0 ? "open"
                                                  : "shipped");
        order->BindText(4, at);
        status = order->Run();
        for (int l = 1; l <= 2 && status.ok(); ++l) {
            const uint64_t pick = rng() % static_cast<uint64_t>(skus);
            const std::string sku =
                SkuName(static_cast<int64_t>(pick * pick % static_cast<uint64_t>(skus)));
            line->BindText(1, id);
            line->BindInt64(2, l);
            line->BindText(3, sku);
            line->BindInt64(4, 1 + static_cast<int64_t>(rng() % 3));
            status = line->Run();
        }
    }
    if (status.ok()) status = db.Commit();
    return status;
}

// The warm-up of `warm` (see the top of the file): the whole generation, from scratch and
// again the next day, on a small database at path, removed afterwards.
Status WarmUp(const std::string& path, const EngineOptions& options) {
    RemoveDatabase(path);
    {
        Result<std::unique_ptr<Engine>> created = Engine::Open(path, options);
        if (!created.ok()) return created.status();
    }
    Status status = WriteFixture(path, 20'000, 1'000);
    if (!status.ok()) return status;
    {
        Result<std::unique_ptr<Engine>> opened = Engine::Open(path, options);
        if (!opened.ok()) return opened.status();
        for (const char* now : {kNow, "2027-07-01T12:00:00Z"}) {
            Result<InsightRun> run = opened.value()->GenerateInsights(now);
            if (!run.ok()) return run.status();
        }
    }
    RemoveDatabase(path);
    return Status::Ok();
}

void Report(const char* step, Clock::time_point start, double cpu_start, const char* extra) {
    std::printf("{\"step\":\"%s\",\"wall_ms\":%.0f,\"cpu_ms\":%.0f,\"heap_mb\":%.0f%s}\n", step,
                MsSince(start), stocktake::bench::ProcessCpuMs() - cpu_start,
                stocktake::bench::WasmHeapMb(), extra);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t lines = argc > 1 ? std::atoll(argv[1]) : 2'000'000;
    const int64_t skus = argc > 2 ? std::atoll(argv[2]) : 100'000;
    const std::string path = argc > 3 ? argv[3] : "/tmp/stocktake_insights_bench.db";
    const std::string fixture = argc > 4 ? argv[4] : "";
    EngineOptions measured = BenchEngineOptions();
    if (argc > 5 && std::string(argv[5]) != "-") measured.mmap_bytes = std::atoll(argv[5]);
    const std::string mode = argc > 6 ? argv[6] : "cold";
    if (mode != "cold" && mode != "opened" && mode != "warm") {
        std::fprintf(stderr, "unknown mode %s: cold, opened or warm\n", mode.c_str());
        return 2;
    }
    if (!kVfs.empty()) {
        Status registered = RegisterMemoryVfs();
        if (!registered.ok()) return Fail(registered);
    }
    if (mode == "warm") {
        Status warmed = WarmUp(path + ".warm", measured);
        if (!warmed.ok()) return Fail(warmed);
    }
    RemoveDatabase(path);
    Clock::time_point start = Clock::now();
    double cpu = stocktake::bench::ProcessCpuMs();
    if (!fixture.empty() && std::ifstream(fixture).good()) {
        Status loaded = LoadFixture(fixture, path);
        if (!loaded.ok()) return Fail(loaded);
        Report("fixture_loaded", start, cpu, "");
    } else {
        {
            Result<std::unique_ptr<Engine>> created = Engine::Open(path, BenchEngineOptions());
            if (!created.ok()) return Fail(created.status());
        }
        Status written = WriteFixture(path, lines, skus);
        if (!written.ok()) return Fail(written);
        Report("fixture", start, cpu, "");
        if (!fixture.empty()) {
            Status saved = SaveFixture(path, fixture);
            if (!saved.ok()) return Fail(saved);
        }
    }

    Result<std::unique_ptr<Engine>> opened = Engine::Open(path, measured);
    if (!opened.ok()) return Fail(opened.status());
    Engine& engine = *opened.value();
    char extra[256];
    if (mode == "opened") {
        start = Clock::now();
        cpu = stocktake::bench::ProcessCpuMs();
        Result<Summary> summary = engine.Summarize();
        if (!summary.ok()) return Fail(summary.status());
        Report("app_opened_summary", start, cpu, "");
    }
    for (const char* step : {"generate_from_scratch", "regenerate_unchanged"}) {
        start = Clock::now();
        cpu = stocktake::bench::ProcessCpuMs();
        Result<InsightRun> run = engine.GenerateInsights(kNow);
        if (!run.ok()) return Fail(run.status());
        std::snprintf(extra, sizeof extra,
                      ",\"skus\":%lld,\"added\":%lld,\"updated\":%lld,\"unchanged\":%lld",
                      static_cast<long long>(run->skus), static_cast<long long>(run->added),
                      static_cast<long long>(run->updated), static_cast<long long>(run->unchanged));
        Report(step, start, cpu, extra);
    }
    for (int i = 0; i < 1000; ++i) {
        Status recorded = engine.RecordOrder({kChannels[i % 4],
                                              "NEW-" + std::to_string(i),
                                              "",
                                              kNow,
                                              {{SkuName(i * 97 % skus), 1, 999}}});
        if (!recorded.ok()) return Fail(recorded);
    }
    start = Clock::now();
    cpu = stocktake::bench::ProcessCpuMs();
    Result<InsightRun> after = engine.GenerateInsights("2027-07-01T12:00:00Z");
    if (!after.ok()) return Fail(after.status());
    std::snprintf(extra, sizeof extra, ",\"added\":%lld,\"updated\":%lld,\"resolved\":%lld",
                  static_cast<long long>(after->added), static_cast<long long>(after->updated),
                  static_cast<long long>(after->resolved));
    Report("regenerate_next_day_1000_orders", start, cpu, extra);

    // The plan at the generation's instant with nothing changed since: the one the
    // generation made alongside the insights, from the same reads.
    start = Clock::now();
    cpu = stocktake::bench::ProcessCpuMs();
    Result<RestockPlan> shared = engine.PlanRestock("2027-07-01T12:00:00Z");
    if (!shared.ok()) return Fail(shared.status());
    std::snprintf(extra, sizeof extra, ",\"lines\":%lld",
                  static_cast<long long>(shared->lines.size()));
    Report("restock_plan_after_generation", start, cpu, extra);

    // The browser's way, in slices of 8 ms (a 60 Hz frame's half): the next day, nothing
    // else changed (at the same instant as the last generation, nothing would be computed).
    start = Clock::now();
    cpu = stocktake::bench::ProcessCpuMs();
    std::unique_ptr<InsightsJob> job = engine.StartInsights("2027-07-02T12:00:00Z");
    double longest_ms = 0;
    std::string longest_phase;  // the phase the longest step (CPU) began in
    double longest_cpu_ms = 0;  // CPU is the steadier figure on a shared machine
    while (!job->IsDone()) {
        const std::string phase = job->Progress().phase;
        const Clock::time_point step_start = Clock::now();
        const double step_cpu = stocktake::bench::ProcessCpuMs();
        Status stepped = job->Step(8000);
        if (!stepped.ok()) return Fail(stepped);
        longest_ms = std::max(longest_ms, MsSince(step_start));
        if (stocktake::bench::ProcessCpuMs() - step_cpu > longest_cpu_ms) {
            longest_cpu_ms = stocktake::bench::ProcessCpuMs() - step_cpu;
            longest_phase = phase;
        }
    }
    std::snprintf(extra, sizeof extra,
                  ",\"steps\":%lld,\"longest_step_ms\":%.1f,\"longest_step_cpu_ms\":%.1f"
                  ",\"longest_step_phase\":\"%s\",\"unchanged\":%lld",
                  static_cast<long long>(job->Progress().steps), longest_ms, longest_cpu_ms,
                  longest_phase.c_str(), static_cast<long long>(job->Run().unchanged));
    Report("stepped_regenerate_next_day_8ms", start, cpu, extra);

    start = Clock::now();
    cpu = stocktake::bench::ProcessCpuMs();
    Result<RestockPlan> plan = engine.PlanRestock(kNow);
    if (!plan.ok()) return Fail(plan.status());
    std::snprintf(extra, sizeof extra, ",\"lines\":%lld",
                  static_cast<long long>(plan->lines.size()));
    Report("restock_plan", start, cpu, extra);

    // What the app does when it shows the insights: every current insight, with the day
    // counts derived from the stored dates (insights/day_counts.h).
    start = Clock::now();
    cpu = stocktake::bench::ProcessCpuMs();
    Result<std::vector<Insight>> shown = engine.Insights("");
    if (!shown.ok()) return Fail(shown.status());
    std::snprintf(extra, sizeof extra, ",\"insights\":%lld", static_cast<long long>(shown->size()));
    Report("read_every_insight", start, cpu, extra);
    opened.value().reset();
    RemoveDatabase(path);
    return 0;
}
