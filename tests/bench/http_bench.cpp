// http_bench: a bounded HTTP load generator for the Stocktake server (native only).
// N connections, each a thread with one keep-alive cpp-httplib client, send the same
// request back to back for a fixed time or until a total request count; then it reports
// requests/s, latency percentiles and errors, as text or --json. With --pid it also reads
// the server's resident memory (VmRSS) before and after the run.
//
//   http_bench http://127.0.0.1:8080/healthz
//   http_bench --connections 64 --duration 10 --json http://127.0.0.1:8080/readyz
//   http_bench --method POST --body push.json --bearer "$TOKEN" URL/api/v1/sync/push
//
// A response with a status outside 2xx/3xx, or no response at all, counts as an error;
// latencies are of every completed exchange.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::string url;
    std::string method = "GET";
    httplib::Headers headers;
    std::string body;
    std::string content_type = "application/json";
    int connections = 64;
    double duration_seconds = 10;
    long requests = 0;  // > 0: stop after this many in total instead of the duration
    bool insecure = false;
    bool json = false;
    long pid = 0;
};

struct Target {
    std::string scheme_host_port;  // what httplib::Client takes
    std::string path;
};

void Usage() {
    std::fprintf(stderr,
                 "usage: http_bench [options] URL\n"
                 "  --connections N   concurrent keep-alive connections (64)\n"
                 "  --duration S      seconds to run (10)\n"
                 "  --requests N      stop after N requests in total instead\n"
                 "  --method M        GET, POST, PUT, PATCH, DELETE or HEAD (GET)\n"
                 "  --header 'K: V'   add a request header (repeatable)\n"
                 "  --bearer TOKEN    add Authorization: Bearer TOKEN\n"
                 "  --body FILE       send FILE's bytes as the body\n"
                 "  --content-type T  body type (application/json)\n"
                 "  --insecure        https: do not verify the certificate\n"
                 "  --pid PID         report the server's VmRSS before and after\n"
                 "  --json            print one JSON object instead of text\n");
}

bool ReadFile(const std::string& path, std::string* out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buf;
    buf << in.rdbuf();
    *out = buf.str();
    return true;
}

bool ParseTarget(const std::string& url, Target* target) {
    const size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return false;
    const size_t path_start = url.find('/', scheme_end + 3);
    target->scheme_host_port = url.substr(0, path_start);
    target->path = path_start == std::string::npos ? "/" : url.substr(path_start);
    return true;
}

bool ParseArgs(int argc, char** argv, Options* options) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](std::string* out) {
            if (i + 1 >= argc) return false;
            *out = argv[++i];
            return true;
        };
        std::string v;
        if (arg == "--json") {
            options->json = true;
        } else if (arg == "--insecure") {
            options->insecure = true;
        } else if (arg == "--connections" && value(&v)) {
            options->connections = std::atoi(v.c_str());
        } else if (arg == "--duration" && value(&v)) {
            options->duration_seconds = std::atof(v.c_str());
        } else if (arg == "--requests" && value(&v)) {
            options->requests = std::atol(v.c_str());
        } else if (arg == "--method" && value(&v)) {
            options->method = v;
        } else if (arg == "--header" && value(&v)) {
            const size_t colon = v.find(':');
            if (colon == std::string::npos) return false;
            size_t start = colon + 1;
            while (start < v.size() && v[start] == ' ') ++start;
            options->headers.emplace(v.substr(0, colon), v.substr(start));
        } else if (arg == "--bearer" && value(&v)) {
            options->headers.emplace("Authorization", "Bearer " + v);
        } else if (arg == "--body" && value(&v)) {
            if (!ReadFile(v, &options->body)) {
                std::fprintf(stderr, "http_bench: cannot read %s\n", v.c_str());
                return false;
            }
        } else if (arg == "--content-type" && value(&v)) {
            options->content_type = v;
        } else if (arg == "--pid" && value(&v)) {
            options->pid = std::atol(v.c_str());
        } else if (!arg.empty() && arg[0] != '-' && options->url.empty()) {
            options->url = arg;
        } else {
            return false;
        }
    }
    return !options->url.empty() && options->connections > 0 &&
           (options->duration_seconds > 0 || options->requests > 0);
}

// VmRSS of pid in KiB from /proc/PID/status, or -1.
long ResidentKib(long pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    }
    return -1;
}

struct WorkerResult {
    std::vector<double> latencies_ms;
    long errors = 0;
    std::map<int, long> statuses;  // 0: no response
};

httplib::Result Send(httplib::Client& client, const Options& options, const std::string& path) {
    const std::string& m = options.method;
    if (m == "GET") return client.Get(path, options.headers);
    if (m == "HEAD") return client.Head(path, options.headers);
    if (m == "DELETE")
        return client.Delete(path, options.headers, options.body, options.content_type);
    if (m == "PUT") return client.Put(path, options.headers, options.body, options.content_type);
    if (m == "PATCH")
        return client.Patch(path, options.headers, options.body, options.content_type);
    return client.Post(path, options.headers, options.body, options.content_type);
}

void Work(const Options& options, const Target& target, std::atomic<long>& budget,
          Clock::time_point end, WorkerResult* result) {
    httplib::Client client(target.scheme_host_port);
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    client.set_connection_timeout(10, 0);
    client.set_read_timeout(30, 0);
    if (options.insecure) client.enable_server_certificate_verification(false);
    for (;;) {
        if (options.requests > 0) {
            if (budget.fetch_sub(1) <= 0) return;
        } else if (Clock::now() >= end) {
            return;
        }
        const auto start = Clock::now();
        httplib::Result res = Send(client, options, target.path);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        const int status = res ? res->status : 0;
        ++result->statuses[status];
        if (!res || status < 200 || status >= 400) ++result->errors;
        if (res) result->latencies_ms.push_back(ms);
    }
}

double Percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const size_t index =
        static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    Target target;
    if (!ParseArgs(argc, argv, &options) || !ParseTarget(options.url, &target)) {
        Usage();
        return 2;
    }
    const long rss_before = options.pid > 0 ? ResidentKib(options.pid) : -1;

    std::atomic<long> budget{options.requests};
    std::vector<WorkerResult> results(static_cast<size_t>(options.connections));
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(options.duration_seconds));
    for (int i = 0; i < options.connections; ++i) {
        threads.emplace_back(Work, std::cref(options), std::cref(target), std::ref(budget), end,
                             &results[static_cast<size_t>(i)]);
    }
    for (auto& thread : threads) thread.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const long rss_after = options.pid > 0 ? ResidentKib(options.pid) : -1;

    std::vector<double> latencies;
    long errors = 0;
    long total = 0;
    std::map<int, long> statuses;
    for (const WorkerResult& r : results) {
        latencies.insert(latencies.end(), r.latencies_ms.begin(), r.latencies_ms.end());
        errors += r.errors;
        for (const auto& [status, count] : r.statuses) {
            statuses[status] += count;
            total += count;
        }
    }
    std::sort(latencies.begin(), latencies.end());
    const double rps = elapsed > 0 ? static_cast<double>(total) / elapsed : 0;

    if (options.json) {
        nlohmann::ordered_json out = {
            {"url", options.url},
            {"method", options.method},
            {"connections", options.connections},
            {"seconds", elapsed},
            {"requests", total},
            {"errors", errors},
            {"requests_per_second", rps},
            {"latency_ms",
             {{"p50", Percentile(latencies, 50)},
              {"p90", Percentile(latencies, 90)},
              {"p99", Percentile(latencies, 99)},
              {"max", latencies.empty() ? 0 : latencies.back()}}},
        };
        nlohmann::ordered_json by_status = nlohmann::ordered_json::object();
        for (const auto& [status, count] : statuses) by_status[std::to_string(status)] = count;
        out["statuses"] = by_status;
        if (options.pid > 0) out["server_rss_kib"] = {{"before", rss_before}, {"after", rss_after}};
        std::printf("%s\n", out.dump().c_str());
    } else {
        std::printf("%s %s, %d connections, %.1f s\n", options.method.c_str(), options.url.c_str(),
                    options.connections, elapsed);
        std::printf("requests %ld, errors %ld, %.0f requests/s\n", total, errors, rps);
        std::printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
                    Percentile(latencies, 50), Percentile(latencies, 90), Percentile(latencies, 99),
                    latencies.empty() ? 0 : latencies.back());
        std::printf("statuses:");
        for (const auto& [status, count] : statuses) {
            std::printf(" %s=%ld", status == 0 ? "none" : std::to_string(status).c_str(), count);
        }
        std::printf("\n");
        if (options.pid > 0) {
            std::printf("server VmRSS KiB: before %ld, after %ld\n", rss_before, rss_after);
        }
    }
    return errors == 0 ? 0 : 1;
}
