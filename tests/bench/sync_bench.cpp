// sync_bench: the sync service in process (no HTTP) on a given database (docs/PERFORMANCE.md,
// "Sync server (issue 6)"). On a fresh organisation in that database:
//   push: --push ops (movements, every tenth a product op, as a device makes them) from one
//         device in batches of --batch, timed;
//   fill: more pushes from a second device until the organisation has --fill changes;
//   pull: every change from cursor 0 in pages of each --page size, timed.
// Reports ops/s and totals, as text or --json. With --write-body FILE it only writes a push
// request body of --push ops (for http_bench --body) and exits.
//
//   sync_bench --database sqlite:/tmp/sync_bench.db
//   sync_bench --database postgresql://... --json
//   sync_bench --write-body /tmp/push.json --push 50
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "bench_util.h"
#include "stocktake/op.h"
#include "storage/sql.h"
#include "storage/storage.h"
#include "sync/sync_service.h"

namespace {

using nlohmann::json;
using stocktake::Op;
using stocktake::OpToJson;
using stocktake::Result;
using stocktake::Status;
using stocktake::bench::BenchClock;
using stocktake::bench::Fail;
using stocktake::bench::MsSince;
using stocktake::bench::SkuName;
using stocktake::server::Actor;
using stocktake::server::ChangePage;
using stocktake::server::PushOutcome;
using stocktake::server::Role;
using stocktake::server::SqlConnection;
using stocktake::server::SqlDatabase;
using stocktake::server::SyncService;

struct Options {
    std::string database;
    std::string write_body;
    int push = 10000;
    int batch = 500;
    int fill = 100000;
    std::vector<int> pages = {1000, 5000};
    bool json = false;
};

void Usage() {
    std::fprintf(stderr,
                 "usage: sync_bench --database URL [options]\n"
                 "       sync_bench --write-body FILE [--push N]\n"
                 "  --database URL    sqlite:/path or postgresql://... (migrated first)\n"
                 "  --push N          ops pushed from one device, timed (10000)\n"
                 "  --batch N         ops per push (500)\n"
                 "  --fill N          changes in the organisation before the pulls (100000)\n"
                 "  --page N          pull page size (repeatable; 1000 and 5000)\n"
                 "  --json            print one JSON object instead of text\n"
                 "  --write-body FILE write a push body of --push ops and exit\n");
}

bool ParseOptions(int argc, char** argv, Options* options) {
    bool pages_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--json") {
            options->json = true;
        } else if (arg == "--database" && has_value) {
            options->database = argv[++i];
        } else if (arg == "--write-body" && has_value) {
            options->write_body = argv[++i];
        } else if (arg == "--push" && has_value) {
            options->push = std::atoi(argv[++i]);
        } else if (arg == "--batch" && has_value) {
            options->batch = std::atoi(argv[++i]);
        } else if (arg == "--fill" && has_value) {
            options->fill = std::atoi(argv[++i]);
        } else if (arg == "--page" && has_value) {
            if (!pages_given) options->pages.clear();
            pages_given = true;
            options->pages.push_back(std::atoi(argv[++i]));
        } else {
            return false;
        }
    }
    if (options->push < 1 || options->batch < 1 || options->batch > SyncService::kMaxOpsPerPush ||
        options->fill < 0) {
        return false;
    }
    for (int page : options->pages) {
        if (page < 1 || page > SyncService::kMaxPullLimit) return false;
    }
    return !options->database.empty() || !options->write_body.empty();
}

// 32 hex digits: a random-ish prefix (so repeated runs on one database use new devices)
// and n.
std::string DeviceId(uint32_t run, int n) {
    char id[40];
    std::snprintf(id, sizeof id, "%08x%024d", run, n);
    return id;
}

// The op a device makes as its seq-th change: a stock movement, every tenth a product edit.
json DeviceOp(const std::string& device, int64_t seq) {
    Op op;
    op.device = device;
    op.seq = seq;
    op.hlc = 1000 + static_cast<uint64_t>(seq);
    const std::string sku = SkuName(seq % 5000);
    if (seq % 10 == 0) {
        op.entity = "product";
        op.key = {sku};
        op.payload = {{"name", "Product " + sku}, {"cost", 100 + seq % 900}};
    } else {
        const std::string id = device + "-m" + std::to_string(seq);
        op.entity = "movement";
        op.key = {id};
        op.payload = {{"id", id},           {"sku", sku},
                      {"location", "main"}, {"delta", seq % 2 == 0 ? 5 : -3},
                      {"kind", "adjust"},   {"device", device}};
    }
    return OpToJson(op);
}

std::vector<json> Batch(const std::string& device, int64_t first_seq, int count) {
    std::vector<json> ops;
    ops.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) ops.push_back(DeviceOp(device, first_seq + i));
    return ops;
}

Status Exec(SqlDatabase& db, const std::string& sql,
            const std::vector<stocktake::server::SqlParam>& params) {
    return db.WithConnection(
        [&](SqlConnection& connection) -> Status { return connection.Exec(sql, params).status(); });
}

// Pushes count ops from device starting at seq first_seq in batches; counts accepted ops.
Status PushAll(SyncService& sync, const Actor& actor, const std::string& device, int64_t first_seq,
               int count, int batch, int64_t* accepted, int64_t* cursor) {
    for (int done = 0; done < count; done += batch) {
        const int n = std::min(batch, count - done);
        Result<PushOutcome> pushed = sync.Push(actor, device, Batch(device, first_seq + done, n));
        if (!pushed.ok()) return pushed.status();
        if (pushed->rejected > 0) {
            for (const auto& outcome : pushed->ops) {
                if (!outcome.accepted) {
                    return Status(stocktake::Code::kInternal,
                                  "op " + outcome.id + " rejected: " + outcome.reason);
                }
            }
        }
        *accepted += pushed->accepted;
        *cursor = pushed->cursor;
    }
    return Status::Ok();
}

struct PullRun {
    int page = 0;
    int64_t changes = 0;
    int requests = 0;
    double ms = 0;
};

Status PullAll(SyncService& sync, const Actor& actor, int page, PullRun* run) {
    run->page = page;
    int64_t cursor = 0;
    const BenchClock::time_point start = BenchClock::now();
    for (;;) {
        Result<ChangePage> pulled = sync.Pull(actor, cursor, page);
        if (!pulled.ok()) return pulled.status();
        ++run->requests;
        run->changes += static_cast<int64_t>(pulled->ops.size());
        cursor = pulled->cursor;
        if (!pulled->more) break;
    }
    run->ms = MsSince(start);
    return Status::Ok();
}

double PerSecond(int64_t n, double ms) {
    return ms > 0 ? 1000.0 * static_cast<double>(n) / ms : 0;
}

int WriteBody(const Options& options) {
    const std::string device = DeviceId(static_cast<uint32_t>(std::time(nullptr)), 1);
    json body = {{"device", device}, {"ops", Batch(device, 1, options.push)}};
    std::ofstream out(options.write_body, std::ios::binary);
    out << body.dump();
    if (!out) {
        std::fprintf(stderr, "cannot write %s\n", options.write_body.c_str());
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!ParseOptions(argc, argv, &options)) {
        Usage();
        return 2;
    }
    if (!options.write_body.empty()) return WriteBody(options);

    Result<std::unique_ptr<SqlDatabase>> opened =
        stocktake::server::OpenStorage(options.database, 4);
    if (!opened.ok()) return Fail(opened.status());
    SqlDatabase& db = **opened;

    const uint32_t run = static_cast<uint32_t>(std::time(nullptr));
    const std::string org = "bench-" + std::to_string(run);
    Status made = Exec(db, "INSERT INTO organisations (id, name, created_at) VALUES ($1, $1, $2)",
                       {org, std::string("2026-01-01")});
    if (!made.ok()) return Fail(made);
    const Actor actor{"bench-manager", org, {Role::kManager}, {}};
    SyncService sync(db);

    // (a) one device pushes its outbox.
    int64_t accepted = 0, cursor = 0;
    const BenchClock::time_point push_start = BenchClock::now();
    const double push_cpu_start = stocktake::bench::ProcessCpuMs();
    Status pushed =
        PushAll(sync, actor, DeviceId(run, 1), 1, options.push, options.batch, &accepted, &cursor);
    if (!pushed.ok()) return Fail(pushed);
    const double push_ms = MsSince(push_start);
    const double push_cpu_ms = stocktake::bench::ProcessCpuMs() - push_cpu_start;

    // The same batches again: every op a duplicate (a device re-sending an unanswered push).
    int64_t again_accepted = 0, again_cursor = 0;
    const BenchClock::time_point again_start = BenchClock::now();
    Status again = PushAll(sync, actor, DeviceId(run, 1), 1, options.push, options.batch,
                           &again_accepted, &again_cursor);
    if (!again.ok()) return Fail(again);
    const double again_ms = MsSince(again_start);

    // (b) a second device fills the log, then pulls from 0.
    const BenchClock::time_point fill_start = BenchClock::now();
    int64_t filled = 0;
    const int64_t missing = options.fill - cursor;
    if (missing > 0) {
        Status fill = PushAll(sync, actor, DeviceId(run, 2), 1, static_cast<int>(missing),
                              SyncService::kMaxOpsPerPush, &filled, &cursor);
        if (!fill.ok()) return Fail(fill);
    }
    const double fill_ms = MsSince(fill_start);

    std::vector<PullRun> pulls;
    for (int page : options.pages) {
        PullRun pull;
        Status status = PullAll(sync, actor, page, &pull);
        if (!status.ok()) return Fail(status);
        pulls.push_back(pull);
    }

    if (options.json) {
        json out = {{"database", options.database.substr(0, options.database.find(':'))},
                    {"push",
                     {{"ops", options.push},
                      {"batch", options.batch},
                      {"accepted", accepted},
                      {"ms", push_ms},
                      {"cpu_ms", push_cpu_ms},
                      {"ops_per_s", PerSecond(options.push, push_ms)}}},
                    {"push_duplicates",
                     {{"ops", options.push},
                      {"accepted", again_accepted},
                      {"ms", again_ms},
                      {"ops_per_s", PerSecond(options.push, again_ms)}}},
                    {"fill",
                     {{"ops", filled},
                      {"batch", SyncService::kMaxOpsPerPush},
                      {"ms", fill_ms},
                      {"ops_per_s", PerSecond(filled, fill_ms)}}},
                    {"changes", cursor},
                    {"pull", json::array()}};
        for (const PullRun& pull : pulls) {
            out["pull"].push_back({{"page", pull.page},
                                   {"changes", pull.changes},
                                   {"requests", pull.requests},
                                   {"ms", pull.ms},
                                   {"changes_per_s", PerSecond(pull.changes, pull.ms)}});
        }
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("database: %s\n", options.database.substr(0, options.database.find(':')).c_str());
    std::printf(
        "push:            %d ops in batches of %d: %.0f ms (cpu %.0f ms), %.0f ops/s, "
        "%lld accepted\n",
        options.push, options.batch, push_ms, push_cpu_ms, PerSecond(options.push, push_ms),
        static_cast<long long>(accepted));
    std::printf("push again:      %d duplicate ops: %.0f ms, %.0f ops/s, %lld accepted\n",
                options.push, again_ms, PerSecond(options.push, again_ms),
                static_cast<long long>(again_accepted));
    std::printf("fill:            %lld ops in batches of %d: %.0f ms, %.0f ops/s; %lld changes\n",
                static_cast<long long>(filled), SyncService::kMaxOpsPerPush, fill_ms,
                PerSecond(filled, fill_ms), static_cast<long long>(cursor));
    for (const PullRun& pull : pulls) {
        std::printf("pull page %5d: %lld changes in %d requests: %.0f ms, %.0f changes/s\n",
                    pull.page, static_cast<long long>(pull.changes), pull.requests, pull.ms,
                    PerSecond(pull.changes, pull.ms));
    }
    return 0;
}
