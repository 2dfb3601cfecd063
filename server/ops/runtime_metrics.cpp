#include "ops/runtime_metrics.h"

#include <unistd.h>

#include <chrono>
#include <fstream>

namespace stocktake::server {
namespace {

// Taken when the binary is loaded, close enough to the process start for a dashboard.
const auto kStartSystem = std::chrono::system_clock::now();
const auto kStartSteady = std::chrono::steady_clock::now();

}  // namespace

double ResidentMemoryBytes() {
    // statm: size resident shared text lib data dt, in pages.
    std::ifstream statm("/proc/self/statm");
    long size_pages = 0;
    long resident_pages = 0;
    if (!(statm >> size_pages >> resident_pages)) return 0;
    return static_cast<double>(resident_pages) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

void CollectPoolMetrics(const SqlDatabase& db, MetricsRegistry& registry) {
    const SqlPoolStats stats = db.PoolStats();
    registry.GetGauge("stocktake_db_pool_size", "Database connections the pool holds at most.")
        .Set(stats.size);
    registry.GetGauge("stocktake_db_pool_open", "Database connections open now.").Set(stats.open);
    registry.GetGauge("stocktake_db_pool_in_use", "Database connections lent out now.")
        .Set(stats.in_use);
    registry
        .GetCounter("stocktake_db_pool_acquired_total",
                    "Times a database connection was lent from the pool.")
        .Set(static_cast<double>(stats.acquired));
    registry
        .GetCounter("stocktake_db_pool_waited_total",
                    "Times a borrower waited for a free database connection.")
        .Set(static_cast<double>(stats.waited));
}

void CollectProcessMetrics(MetricsRegistry& registry) {
    registry.GetGauge("process_resident_memory_bytes", "Resident memory size in bytes.")
        .Set(ResidentMemoryBytes());
    registry
        .GetGauge("process_start_time_seconds",
                  "Start time of the process since the Unix epoch in seconds.")
        .Set(std::chrono::duration<double>(kStartSystem.time_since_epoch()).count());
    registry.GetGauge("stocktake_uptime_seconds", "Seconds since the server process started.")
        .Set(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - kStartSteady).count());
}

}  // namespace stocktake::server
