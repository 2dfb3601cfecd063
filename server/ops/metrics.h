// Metrics: a process-wide registry of counters, gauges and histograms, rendered in the
// Prometheus text exposition format 0.0.4 for GET /metrics.
//
// Any code counts its own events through the registry:
//   Metrics().GetCounter("stocktake_sync_ops_total", "Sync ops by result.",
//                        {{"result", "accepted"}}).Increment();
// A series is created on first use and lives as long as the process, so callers may keep
// the returned reference. Label values must come from small fixed sets (a route pattern,
// a status code, a result name), never from user input: every distinct value is a series.
//
// Thread safety: all methods of MetricsRegistry, Counter, Gauge and Histogram are
// thread-safe. Updating a series is lock-free; creating one and rendering take a mutex.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace stocktake::server {

// Label name to value, e.g. {{"route", "/healthz"}, {"status", "200"}}.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// A value that only goes up (events, bytes). Set() is for counts read from elsewhere at
// scrape time (the pool's own totals).
class Counter {
  public:
    void Increment(double by = 1.0);
    void Set(double value);
    double Value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> value_{0.0};
};

// A value that goes up and down (connections in use, resident memory).
class Gauge {
  public:
    void Set(double value) { value_.store(value, std::memory_order_relaxed); }
    void Add(double by);
    double Value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> value_{0.0};
};

// Observations counted into buckets with fixed upper bounds (le), plus their sum and count.
class Histogram {
  public:
    // REQUIRES: bounds sorted ascending; +Inf is implicit.
    explicit Histogram(std::vector<double> bounds);
    void Observe(double value);

    struct Snapshot {
        std::vector<double> bounds;
        std::vector<uint64_t> cumulative;  // per bound, then one more for +Inf
        double sum = 0.0;
        uint64_t count = 0;
    };
    Snapshot Read() const;

  private:
    const std::vector<double> bounds_;
    std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1, not cumulative
    std::atomic<double> sum_{0.0};
    std::atomic<uint64_t> count_{0};
};

// Latency buckets in seconds, 1 ms to 10 s: the request histogram's.
std::vector<double> LatencyBucketsSeconds();

class MetricsRegistry {
  public:
    MetricsRegistry() = default;
    MetricsRegistry(const MetricsRegistry&) = delete;
    MetricsRegistry& operator=(const MetricsRegistry&) = delete;

    // The series name{labels}, created at 0 on first use. help is kept from the first
    // call. REQUIRES: a name is always used with the same kind (and, for histograms, the
    // same bounds); the process aborts on a mismatch, a programming error.
    Counter& GetCounter(const std::string& name, const std::string& help,
                        const MetricLabels& labels = {});
    Gauge& GetGauge(const std::string& name, const std::string& help,
                    const MetricLabels& labels = {});
    Histogram& GetHistogram(const std::string& name, const std::string& help,
                            const std::vector<double>& bounds, const MetricLabels& labels = {});

    // Every series, in the text exposition format 0.0.4 (families and series sorted by
    // name, so the output is stable).
    std::string RenderText() const;

  private:
    enum class Kind { kCounter, kGauge, kHistogram };
    struct Family {
        std::string help;
        Kind kind;
        std::vector<double> bounds;  // histograms only
        struct Series {
            MetricLabels labels;
            std::unique_ptr<Counter> counter;  // exactly one of the three, per kind
            std::unique_ptr<Gauge> gauge;
            std::unique_ptr<Histogram> histogram;
        };
        std::map<std::string, Series> series;  // by rendered labels
    };
    Family& FamilyFor(const std::string& name, const std::string& help, Kind kind);
    Family::Series& SeriesFor(Family& family, const MetricLabels& labels);

    mutable std::mutex mu_;
    std::map<std::string, std::unique_ptr<Family>> families_;  // guarded by mu_
};

// The registry of this process, with the well-known series below already created.
MetricsRegistry& Metrics();

// A series looked up once per thread: Get* takes the registry's mutex and renders the labels,
// which on a hot path (every request, 64 worker threads) became a contended lock. key must
// determine the labels make() asks for; each call site (each make type) has its own memo.
// REQUIRES: make() looks the series up in Metrics() (the memo keeps pointers for as long as
// the thread lives, and only the process registry lives as long).
template <typename Series, typename Make>
Series& PerThreadSeries(const std::string& key, Make make) {
    thread_local std::unordered_map<std::string, Series*> memo;
    Series*& series = memo[key];
    if (series == nullptr) series = &make();
    return *series;
}

// The content type of RenderText().
inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

// Escaping per the format: label values escape \ " and newline; HELP text \ and newline.
std::string EscapeLabelValue(const std::string& value);
std::string EscapeHelp(const std::string& help);

}  // namespace stocktake::server
