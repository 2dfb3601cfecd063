#include "ops/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace stocktake::server {
namespace {

// Integers print as integers (counts, bytes); others with enough digits to round-trip.
std::string FormatValue(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buf[32];
    if (value == std::floor(value) && std::fabs(value) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", value);
        return buf;
    }
    // The shortest text that reads back the same: 0.005, not 0.0050000000000000001.
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, value);
        if (std::strtod(buf, nullptr) == value) break;
    }
    return buf;
}

// {a="x",b="y"}, or "" for no labels; extra is appended last (a histogram's le).
std::string RenderLabels(const MetricLabels& labels, const std::string& extra_name = "",
                         const std::string& extra_value = "") {
    if (labels.empty() && extra_name.empty()) return "";
    std::string out = "{";
    bool first = true;
    auto add = [&](const std::string& name, const std::string& value) {
        if (!first) out += ',';
        first = false;
        out += name + "=\"" + EscapeLabelValue(value) + "\"";
    };
    for (const auto& [name, value] : labels) add(name, value);
    if (!extra_name.empty()) add(extra_name, extra_value);
    out += '}';
    return out;
}

MetricLabels Sorted(MetricLabels labels) {
    std::sort(labels.begin(), labels.end());
    return labels;
}

[[noreturn]] void Misuse(const std::string& name, const char* what) {
    std::fprintf(stderr, "stocktake: metric %s %s\n", name.c_str(), what);
    std::abort();
}

}  // namespace

void Counter::Increment(double by) {
    value_.fetch_add(by, std::memory_order_relaxed);
}

void Counter::Set(double value) {
    value_.store(value, std::memory_order_relaxed);
}

void Gauge::Add(double by) {
    value_.fetch_add(by, std::memory_order_relaxed);
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
    for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double value) {
    // The first bound at or above value (le is "less than or equal").
    const size_t bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
    buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
    Snapshot snap;
    snap.bounds = bounds_;
    uint64_t running = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
        running += buckets_[i].load(std::memory_order_relaxed);
        snap.cumulative.push_back(running);
    }
    snap.sum = sum_.load(std::memory_order_relaxed);
    // The +Inf bucket and _count must agree even when an Observe() is halfway through.
    snap.count = running;
    return snap;
}

std::vector<double> LatencyBucketsSeconds() {
    return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

MetricsRegistry::Family& MetricsRegistry::FamilyFor(const std::string& name,
                                                    const std::string& help, Kind kind) {
    auto it = families_.find(name);
    if (it == families_.end()) {
        auto family = std::make_unique<Family>();
        family->help = help;
        family->kind = kind;
        it = families_.emplace(name, std::move(family)).first;
    }
    if (it->second->kind != kind) Misuse(name, "used as two kinds of metric");
    return *it->second;
}

MetricsRegistry::Family::Series& MetricsRegistry::SeriesFor(Family& family,
                                                            const MetricLabels& labels) {
    MetricLabels sorted = Sorted(labels);
    Family::Series& series = family.series[RenderLabels(sorted)];
    if (series.labels.empty()) series.labels = std::move(sorted);
    return series;
}

Counter& MetricsRegistry::GetCounter(const std::string& name, const std::string& help,
                                     const MetricLabels& labels) {
    std::lock_guard<std::mutex> lock(mu_);
    Family::Series& series = SeriesFor(FamilyFor(name, help, Kind::kCounter), labels);
    if (!series.counter) series.counter = std::make_unique<Counter>();
    return *series.counter;
}

Gauge& MetricsRegistry::GetGauge(const std::string& name, const std::string& help,
                                 const MetricLabels& labels) {
    std::lock_guard<std::mutex> lock(mu_);
    Family::Series& series = SeriesFor(FamilyFor(name, help, Kind::kGauge), labels);
    if (!series.gauge) series.gauge = std::make_unique<Gauge>();
    return *series.gauge;
}

Histogram& MetricsRegistry::GetHistogram(const std::string& name, const std::string& help,
                                         const std::vector<double>& bounds,
                                         const MetricLabels& labels) {
    std::lock_guard<std::mutex> lock(mu_);
    Family& family = FamilyFor(name, help, Kind::kHistogram);
    if (family.series.empty()) family.bounds = bounds;
    if (family.bounds != bounds) Misuse(name, "used with two sets of buckets");
    Family::Series& series = SeriesFor(family, labels);
    if (!series.histogram) series.histogram = std::make_unique<Histogram>(bounds);
    return *series.histogram;
}

std::string MetricsRegistry::RenderText() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::string out;
    for (const auto& [name, family] : families_) {
        const char* type = family->kind == Kind::kCounter ? "counter"
                           : family->kind == Kind::kGauge ? "gauge"
                                                          : "histogram";
        out += "# HELP " + name + " " + EscapeHelp(family->help) + "\n";
        out += "# TYPE " + name + " " + type + "\n";
        for (const auto& [label_text, series] : family->series) {
            if (series.counter) {
                out += name + label_text + " " + FormatValue(series.counter->Value()) + "\n";
            } else if (series.gauge) {
                out += name + label_text + " " + FormatValue(series.gauge->Value()) + "\n";
            } else if (series.histogram) {
                const Histogram::Snapshot snap = series.histogram->Read();
                for (size_t i = 0; i < snap.cumulative.size(); ++i) {
                    const std::string le =
                        i < snap.bounds.size() ? FormatValue(snap.bounds[i]) : "+Inf";
                    out += name + "_bucket" + RenderLabels(series.labels, "le", le) + " " +
                           std::to_string(snap.cumulative[i]) + "\n";
                }
                out += name + "_sum" + label_text + " " + FormatValue(snap.sum) + "\n";
                out += name + "_count" + label_text + " " + std::to_string(snap.count) + "\n";
            }
        }
    }
    return out;
}

MetricsRegistry& Metrics() {
    static MetricsRegistry* registry = [] {
        auto* r = new MetricsRegistry();  // never destroyed: workers may count during exit
        // Series other parts of the server increment, present at 0 from the start so a
        // dashboard's rate() has a baseline.
        for (const char* result : {"accepted", "duplicate", "rejected"}) {
            r->GetCounter("stocktake_sync_ops_total",
                          "Sync operations pushed by devices, by result.", {{"result", result}});
        }
        // The results webhooks/webhook_intake.h names.
        for (const char* result :
             {"accepted", "duplicate", "unauthenticated", "stale_timestamp", "too_large",
              "unsupported_media_type", "malformed", "invalid", "throttled", "failed"}) {
            r->GetCounter("stocktake_webhook_events_total",
                          "Marketplace webhook events received, by result.", {{"result", result}});
        }
        return r;
    }();
    return *registry;
}

std::string EscapeLabelValue(const std::string& value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '"': out += "\\\""; break;
            case '\n': out += "\\n"; break;
            default: out += c;
        }
    }
    return out;
}

std::string EscapeHelp(const std::string& help) {
    std::string out;
    out.reserve(help.size());
    for (char c : help) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace stocktake::server
