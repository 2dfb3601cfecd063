// webhook_bench: verified ShipStation webhooks per second against a running server
// (docs/PERFORMANCE.md, "Webhook intake (issue 7)"). N connections, each a thread with one
// keep-alive client, POST signed deliveries back to back for a fixed time: every body is
// new (its own importBatch), signed now with the shared secret, and sent to the
// organisations of --orgs in turn (the intake throttles each to 100/s, so a run at 10k/s
// needs 100+ of them). Answers other than 202 count as errors.
//
//   webhook_bench --orgs orgs.txt --secret S [--connections 64] [--duration 10] [--json] URL
//
// --token-path PATHS_FILE sends unsigned deliveries to secret URLs instead (one path a
// line, /api/v1/webhooks/shipstation/ORG/TOKEN).
#include <httplib.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "webhooks/webhook_signature.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::string base;  // scheme://host:port
    std::vector<std::string> paths;
    std::string secret;  // "": unsigned (paths are secret URLs)
    int connections = 64;
    double duration_seconds = 10;
    bool json = false;
};

std::vector<std::string> ReadLines(const std::string& file) {
    std::vector<std::string> lines;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

bool ParseOptions(int argc, char** argv, Options* o) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--orgs" && has_value) {
            for (const std::string& org : ReadLines(argv[++i])) {
                o->paths.push_back("/api/v1/webhooks/shipstation/" + org);
            }
        } else if (arg == "--token-paths" && has_value) {
            o->paths = ReadLines(argv[++i]);
        } else if (arg == "--secret" && has_value) {
            o->secret = argv[++i];
        } else if (arg == "--connections" && has_value) {
            o->connections = std::atoi(argv[++i]);
        } else if (arg == "--duration" && has_value) {
            o->duration_seconds = std::atof(argv[++i]);
        } else if (arg == "--json") {
            o->json = true;
        } else if (arg.rfind("http://", 0) == 0) {
            o->base = arg;
        } else {
            return false;
        }
    }
    return !o->base.empty() && !o->paths.empty() && o->connections > 0;
}

// This process's user + system CPU seconds: the client shares the machine with the server,
// so the report says what the load itself cost.
double ProcessCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double Percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const size_t index = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(index, sorted.size() - 1)];
}

struct Tally {
    long ok = 0;
    long errors = 0;
    std::vector<double> latencies_ms;
};

void Worker(const Options& o, int index, Clock::time_point end, Tally* tally) {
    httplib::Client client(o.base);
    client.set_keep_alive(true);
    // Headers and body are two writes: without it Nagle holds the body for the
    // server's delayed ACK (~40 ms a request).
    client.set_tcp_nodelay(true);
    long sequence = 0;
    while (Clock::now() < end) {
        const std::string& path = o.paths[static_cast<size_t>(sequence + index) % o.paths.size()];
        const std::string body =
            R"({"resource_url":"https://ssapi.shipstation.com/orders?storeID=1&importBatch=)" +
            std::to_string(index) + "-" + std::to_string(sequence) +
            R"(","resource_type":"ORDER_NOTIFY"})";
        ++sequence;
        httplib::Headers headers;
        if (!o.secret.empty()) {
            const std::string ts = std::to_string(static_cast<long long>(std::time(nullptr)));
            headers.emplace("X-ShipStation-Timestamp", ts);
            headers.emplace("X-ShipStation-Signature",
                            stocktake::server::WebhookSignature(o.secret, ts, body));
        }
        const Clock::time_point start = Clock::now();
        auto res = client.Post(path.c_str(), headers, body, "application/json");
        tally->latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (res && res->status == 202) {
            ++tally->ok;
        } else {
            ++tally->errors;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!ParseOptions(argc, argv, &o)) {
        std::fprintf(stderr,
                     "usage: webhook_bench (--orgs FILE --secret S | --token-paths FILE) "
                     "[--connections N] [--duration S] [--json] http://HOST:PORT\n");
        return 2;
    }
    std::vector<Tally> tallies(static_cast<size_t>(o.connections));
    std::vector<std::thread> threads;
    const Clock::time_point start = Clock::now();
    const Clock::time_point end = start + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(o.duration_seconds));
    for (int i = 0; i < o.connections; ++i) {
        threads.emplace_back(Worker, std::cref(o), i, end, &tallies[static_cast<size_t>(i)]);
    }
    for (std::thread& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    Tally all;
    for (Tally& t : tallies) {
        all.ok += t.ok;
        all.errors += t.errors;
        all.latencies_ms.insert(all.latencies_ms.end(), t.latencies_ms.begin(),
                                t.latencies_ms.end());
    }
    std::sort(all.latencies_ms.begin(), all.latencies_ms.end());
    nlohmann::ordered_json report = {
        {"mode", o.secret.empty() ? "secret URL" : "signed"},
        {"connections", o.connections},
        {"seconds", seconds},
        {"accepted", all.ok},
        {"errors", all.errors},
        {"webhooks_per_second", static_cast<double>(all.ok) / seconds},
        {"p50_ms", Percentile(all.latencies_ms, 0.50)},
        {"p99_ms", Percentile(all.latencies_ms, 0.99)},
        {"max_ms", all.latencies_ms.empty() ? 0.0 : all.latencies_ms.back()},
        {"client_cpu_ms_per_request",
         all.ok + all.errors == 0
             ? 0.0
             : ProcessCpuSeconds() * 1000 / static_cast<double>(all.ok + all.errors)}};
    if (o.json) {
        std::printf("%s\n", report.dump().c_str());
    } else {
        std::printf("%s\n", report.dump(2).c_str());
    }
    return all.errors == 0 ? 0 : 1;
}
