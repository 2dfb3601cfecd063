// webhook_bench: verified ShipStation webhooks per second against a running server
// (docs/PERFORMANCE.md, "Webhook intake (issue 7)" and "Webhook intake, session 9").
// N keep-alive connections POST deliveries back to back for a fixed time, one request in
// flight on each. Every request is a new delivery (its own body and
// X-ShipStation-Delivery-Id), signed with the shared secret, sent to the organisations of
// --orgs in turn (the intake throttles each to 100/s, so a run at 10k/s needs 100+ of
// them). Answers other than 202 count as errors.
//
// The load must leave the two cores to the server: every request's bytes (timestamp and
// HMAC included, computed before the clock starts; the server's window is 5 minutes) are
// built up front, and one thread drives all connections through epoll, so a request costs
// the client a send, a recv and a share of an epoll_wait. The server still checks each
// one in full: signature, timestamp, idempotency key.
//
//   webhook_bench --orgs orgs.txt --secret S [--connections 64] [--duration 10] [--json] URL
//
// --token-paths PATHS_FILE sends unsigned deliveries to secret URLs instead (one path a
// line, /api/v1/webhooks/shipstation/ORG/TOKEN). --requests N bounds the pre-built pool
// (default: 20,000 a second of --duration); a run that uses it all ends early and says so.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "webhooks/webhook_signature.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr double kPoolPerSecond = 20000;
// A pool this large is ~150 MB of request bytes: longer runs are cut short instead.
constexpr size_t kMaxPool = 400000;

struct Options {
    std::string host = "127.0.0.1";
    int port = 0;
    std::vector<std::string> paths;
    std::string secret;  // "": unsigned (paths are secret URLs)
    int connections = 64;
    double duration_seconds = 10;
    size_t requests = 0;  // 0: kPoolPerSecond * duration
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

// Only http://HOST:PORT on loopback-style numeric hosts: the bench never leaves the machine.
bool ParseBase(const std::string& url, Options* o) {
    const std::string rest = url.substr(7);
    const size_t colon = rest.rfind(':');
    if (colon == std::string::npos) return false;
    o->host = rest.substr(0, colon);
    o->port = std::atoi(rest.c_str() + colon + 1);
    return o->port > 0;
}

bool ParseOptions(int argc, char** argv, Options* o) {
    bool have_base = false;
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
        } else if (arg == "--requests" && has_value) {
            o->requests = static_cast<size_t>(std::atol(argv[++i]));
        } else if (arg == "--json") {
            o->json = true;
        } else if (arg.rfind("http://", 0) == 0) {
            have_base = ParseBase(arg, o);
        } else {
            return false;
        }
    }
    return have_base && !o->paths.empty() && o->connections > 0;
}

// Every request's bytes back to back; request i is bytes[offsets[i], offsets[i + 1]).
struct RequestPool {
    std::string bytes;
    std::vector<size_t> offsets{0};
    size_t size() const { return offsets.size() - 1; }
};

RequestPool BuildPool(const Options& o, size_t count) {
    RequestPool pool;
    pool.bytes.reserve(count * 480);
    pool.offsets.reserve(count + 1);
    const std::string host = "Host: " + o.host + ":" + std::to_string(o.port) + "\r\n";
    const std::string ts = std::to_string(static_cast<long long>(std::time(nullptr)));
    for (size_t i = 0; i < count; ++i) {
        const std::string id = "bench-" + std::to_string(getpid()) + "-" + std::to_string(i);
        const std::string body =
            R"({"resource_url":"https://ssapi.shipstation.com/orders?storeID=1&importBatch=)" + id +
            R"(","resource_type":"ORDER_NOTIFY"})";
        std::string& out = pool.bytes;
        out += "POST ";
        out += o.paths[i % o.paths.size()];
        out += " HTTP/1.1\r\n";
        out += host;
        out += "Content-Type: application/json\r\nX-ShipStation-Delivery-Id: ";
        out += id;
        out += "\r\n";
        if (!o.secret.empty()) {
            out += "X-ShipStation-Timestamp: " + ts + "\r\nX-ShipStation-Signature: ";
            out += stocktake::server::WebhookSignature(o.secret, ts, body);
            out += "\r\n";
        }
        out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
        out += body;
        pool.offsets.push_back(out.size());
    }
    return pool;
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

struct Connection {
    int fd = -1;
    bool in_flight = false;
    size_t request = 0;  // index into the pool
    size_t written = 0;
    Clock::time_point sent;
    std::string inbox;
};

// A complete response at the front of inbox: its length, status and whether the server
// closes the connection after it; 0 while more bytes are needed.
struct Response {
    size_t length = 0;
    int status = 0;
    bool close = false;
};

// Case-insensitive search for a header's name within the head, then its value.
bool HeaderValue(const std::string& head, const char* name, std::string* value) {
    const size_t n = std::strlen(name);
    for (size_t at = head.find("\r\n"); at != std::string::npos && at + 2 < head.size();
         at = head.find("\r\n", at + 2)) {
        if (head.size() >= at + 2 + n && strncasecmp(head.c_str() + at + 2, name, n) == 0) {
            size_t start = at + 2 + n;
            while (start < head.size() && head[start] == ' ') ++start;
            *value = head.substr(start, head.find("\r\n", start) - start);
            return true;
        }
    }
    return false;
}

Response ParseResponse(const std::string& inbox) {
    Response r;
    const size_t end = inbox.find("\r\n\r\n");
    if (end == std::string::npos || inbox.size() < 12) return r;
    const std::string head = inbox.substr(0, end + 2);
    std::string value;
    const size_t body = HeaderValue(head, "Content-Length:", &value)
                            ? static_cast<size_t>(std::atol(value.c_str()))
                            : 0;
    if (inbox.size() < end + 4 + body) return r;
    r.length = end + 4 + body;
    r.status = std::atoi(inbox.c_str() + 9);
    r.close =
        HeaderValue(head, "Connection:", &value) && strncasecmp(value.c_str(), "close", 5) == 0;
    return r;
}

class Load {
  public:
    Load(const Options& o, const RequestPool& pool) : o_(o), pool_(pool) {}

    int Run(Clock::time_point end) {
        epoll_ = epoll_create1(0);
        connections_.resize(static_cast<size_t>(o_.connections));
        for (Connection& c : connections_) {
            if (!Open(c)) return 1;
            SendNext(c, end);
        }
        std::vector<epoll_event> events(connections_.size());
        while (Busy()) {
            const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
            for (int i = 0; i < n; ++i) {
                Connection& c = connections_[events[static_cast<size_t>(i)].data.u64];
                if (events[static_cast<size_t>(i)].events & EPOLLOUT) Flush(c);
                if (events[static_cast<size_t>(i)].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                    Receive(c, end);
                }
            }
        }
        close(epoll_);
        return 0;
    }

    long ok = 0;
    long errors = 0;
    bool pool_exhausted = false;
    std::map<std::string, long> error_kinds;  // by status, or "closed" unanswered
    std::vector<double> latencies_ms;

  private:
    bool Busy() const {
        for (const Connection& c : connections_) {
            if (c.in_flight) return true;
        }
        return false;
    }

    bool Open(Connection& c) {
        c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        const int one = 1;
        setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(o_.port));
        inet_pton(AF_INET, o_.host.c_str(), &addr.sin_addr);
        if (connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 &&
            errno != EINPROGRESS) {
            std::perror("connect");
            return false;
        }
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
        ev.data.u64 = static_cast<uint64_t>(&c - connections_.data());
        epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
        c.inbox.clear();
        return true;
    }

    void Reopen(Connection& c) {
        close(c.fd);
        if (!Open(c)) c.fd = -1;
    }

    void SendNext(Connection& c, Clock::time_point end) {
        c.in_flight = false;
        if (c.fd < 0 || Clock::now() >= end) return;
        if (next_ >= pool_.size()) {
            pool_exhausted = true;
            return;
        }
        c.request = next_++;
        c.written = 0;
        c.in_flight = true;
        c.sent = Clock::now();
        Flush(c);
    }

    void Flush(Connection& c) {
        if (!c.in_flight) return;
        const size_t from = pool_.offsets[c.request];
        const size_t length = pool_.offsets[c.request + 1] - from;
        while (c.written < length) {
            const ssize_t n =
                send(c.fd, pool_.bytes.data() + from + c.written, length - c.written, MSG_NOSIGNAL);
            if (n <= 0) return;  // EAGAIN (EPOLLOUT resumes) or an error (recv reports it)
            c.written += static_cast<size_t>(n);
        }
    }

    void Receive(Connection& c, Clock::time_point end) {
        char buffer[16384];
        bool closed = false;
        for (;;) {
            const ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                c.inbox.append(buffer, static_cast<size_t>(n));
                continue;
            }
            closed = !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
            break;
        }
        const Response r = c.in_flight ? ParseResponse(c.inbox) : Response{};
        if (r.length > 0) {
            latencies_ms.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - c.sent).count());
            if (r.status == 202) {
                ++ok;
            } else {
                ++errors;
                ++error_kinds[std::to_string(r.status)];
            }
            c.inbox.erase(0, r.length);
            c.in_flight = false;
        }
        // The server recycles a keep-alive connection after a number of requests; closing
        // with a request unanswered fails that request.
        if (closed || r.close) {
            if (c.in_flight) {
                ++errors;
                ++error_kinds["closed"];
                c.in_flight = false;
            }
            Reopen(c);
        }
        if (!c.in_flight) SendNext(c, end);
    }

    const Options& o_;
    const RequestPool& pool_;
    int epoll_ = -1;
    size_t next_ = 0;
    std::vector<Connection> connections_;
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!ParseOptions(argc, argv, &o)) {
        std::fprintf(stderr,
                     "usage: webhook_bench (--orgs FILE --secret S | --token-paths FILE) "
                     "[--connections N] [--duration S] [--requests N] [--json] "
                     "http://HOST:PORT\n");
        return 2;
    }
    const size_t count =
        o.requests > 0
            ? o.requests
            : std::min(kMaxPool, static_cast<size_t>(kPoolPerSecond * o.duration_seconds));
    const RequestPool pool = BuildPool(o, count);
    const double build_cpu = ProcessCpuSeconds();
    Load load(o, pool);
    const Clock::time_point start = Clock::now();
    const Clock::time_point end = start + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(o.duration_seconds));
    if (load.Run(end) != 0) return 1;
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double run_cpu = ProcessCpuSeconds() - build_cpu;
    std::vector<double>& latencies = load.latencies_ms;
    std::sort(latencies.begin(), latencies.end());
    const long answered = load.ok + load.errors;
    nlohmann::ordered_json report = {
        {"mode", o.secret.empty() ? "secret URL" : "signed"},
        {"connections", o.connections},
        {"seconds", seconds},
        {"accepted", load.ok},
        {"errors", load.errors},
        {"error_kinds", load.error_kinds},
        {"webhooks_per_second", static_cast<double>(load.ok) / seconds},
        {"p50_ms", Percentile(latencies, 0.50)},
        {"p99_ms", Percentile(latencies, 0.99)},
        {"max_ms", latencies.empty() ? 0.0 : latencies.back()},
        {"pool_exhausted", load.pool_exhausted},
        // The run's own CPU; building and signing the pool beforehand is reported apart.
        {"client_cpu_ms_per_request",
         answered == 0 ? 0.0 : run_cpu * 1000 / static_cast<double>(answered)},
        {"client_prebuild_cpu_ms_per_request",
         count == 0 ? 0.0 : build_cpu * 1000 / static_cast<double>(count)}};
    if (o.json) {
        std::printf("%s\n", report.dump().c_str());
    } else {
        std::printf("%s\n", report.dump(2).c_str());
    }
    return load.errors == 0 ? 0 : 1;
}
