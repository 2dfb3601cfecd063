// The metrics registry and its Prometheus text rendering.
#include "ops/metrics.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "ops/runtime_metrics.h"

namespace {

using stocktake::server::EscapeHelp;
using stocktake::server::EscapeLabelValue;
using stocktake::server::Metrics;
using stocktake::server::MetricsRegistry;
using stocktake::server::PerThreadSeries;

}  // namespace

TEST_CASE("counters and gauges render with HELP TYPE and sorted labels", "[server][metrics]") {
    MetricsRegistry registry;
    registry.GetCounter("jobs_total", "Jobs done.", {{"result", "ok"}, {"kind", "a"}}).Increment(3);
    registry
        .GetCounter("jobs_total", "ignored: the first help stays",
                    {{"kind", "a"}, {"result", "ok"}})
        .Increment();
    registry.GetGauge("queue_depth", "Items waiting.").Set(2.5);
    CHECK(registry.RenderText() ==
          "# HELP jobs_total Jobs done.\n"
          "# TYPE jobs_total counter\n"
          "jobs_total{kind=\"a\",result=\"ok\"} 4\n"
          "# HELP queue_depth Items waiting.\n"
          "# TYPE queue_depth gauge\n"
          "queue_depth 2.5\n");
}

TEST_CASE("a series exists at 0 from its first lookup", "[server][metrics]") {
    MetricsRegistry registry;
    registry.GetCounter("events_total", "Events.", {{"result", "rejected"}});
    CHECK_THAT(registry.RenderText(), Catch::Contains("events_total{result=\"rejected\"} 0\n"));
}

TEST_CASE("histogram buckets are cumulative and end with +Inf sum and count", "[server][metrics]") {
    MetricsRegistry registry;
    auto& h =
        registry.GetHistogram("latency_seconds", "Latency.", {0.005, 0.1, 1}, {{"route", "/x"}});
    h.Observe(0.001);
    h.Observe(0.005);  // le is inclusive
    h.Observe(0.05);
    h.Observe(3);
    CHECK(registry.RenderText() ==
          "# HELP latency_seconds Latency.\n"
          "# TYPE latency_seconds histogram\n"
          "latency_seconds_bucket{route=\"/x\",le=\"0.005\"} 2\n"
          "latency_seconds_bucket{route=\"/x\",le=\"0.1\"} 3\n"
          "latency_seconds_bucket{route=\"/x\",le=\"1\"} 3\n"
          "latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n"
          "latency_seconds_sum{route=\"/x\"} 3.056\n"
          "latency_seconds_count{route=\"/x\"} 4\n");
}

TEST_CASE("label values and help text are escaped", "[server][metrics]") {
    CHECK(EscapeLabelValue("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
    CHECK(EscapeHelp("a\\b\"c\nd") == "a\\\\b\"c\\nd");
    MetricsRegistry registry;
    registry.GetCounter("odd_total", "Line one\nline two.", {{"path", "say \"hi\""}}).Increment();
    const std::string text = registry.RenderText();
    CHECK_THAT(text, Catch::Contains("# HELP odd_total Line one\\nline two.\n"));
    CHECK_THAT(text, Catch::Contains("odd_total{path=\"say \\\"hi\\\"\"} 1\n"));
}

TEST_CASE("counting from many threads loses nothing", "[server][metrics]") {
    MetricsRegistry registry;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&registry] {
            for (int i = 0; i < 1000; ++i) {
                registry.GetCounter("hits_total", "Hits.").Increment();
                registry.GetHistogram("size", "Sizes.", {10}).Observe(1);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(registry.GetCounter("hits_total", "Hits.").Value() == 4000);
    CHECK_THAT(registry.RenderText(), Catch::Contains("size_count 4000\n"));
}

TEST_CASE("a per-thread series is looked up once a thread and loses no count",
          "[server][metrics]") {
    std::atomic<int> lookups{0};
    auto count = [&lookups](const std::string& result) {
        PerThreadSeries<stocktake::server::Counter>(result, [&]() -> stocktake::server::Counter& {
            ++lookups;
            return Metrics().GetCounter("test_per_thread_total", "Per-thread test.",
                                        {{"result", result}});
        }).Increment();
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&count] {
            for (int i = 0; i < 1000; ++i) count(i % 4 == 0 ? "a" : "b");
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(lookups == 8);  // each of 4 threads once per key
    CHECK(Metrics()
              .GetCounter("test_per_thread_total", "Per-thread test.", {{"result", "a"}})
              .Value() == 1000);
    CHECK(Metrics()
              .GetCounter("test_per_thread_total", "Per-thread test.", {{"result", "b"}})
              .Value() == 3000);
}

TEST_CASE("the process registry starts with the sync and webhook series", "[server][metrics]") {
    const std::string text = Metrics().RenderText();
    CHECK_THAT(text, Catch::Contains("# TYPE stocktake_sync_ops_total counter\n"));
    CHECK_THAT(text, Catch::Contains("stocktake_sync_ops_total{result=\"accepted\"} "));
    CHECK_THAT(text, Catch::Contains("stocktake_sync_ops_total{result=\"rejected\"} "));
    CHECK_THAT(text, Catch::Contains("stocktake_webhook_events_total{result=\"accepted\"} "));
    CHECK_THAT(text,
               Catch::Contains("stocktake_webhook_events_total{result=\"unauthenticated\"} "));
}

TEST_CASE("process metrics report resident memory uptime and start time", "[server][metrics]") {
    MetricsRegistry registry;
    stocktake::server::CollectProcessMetrics(registry);
    CHECK(registry.GetGauge("process_resident_memory_bytes", "").Value() > 1e6);
    CHECK(registry.GetGauge("process_start_time_seconds", "").Value() > 1.6e9);
    CHECK(registry.GetGauge("stocktake_uptime_seconds", "").Value() >= 0);
}
