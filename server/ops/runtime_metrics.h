// Gauges read at scrape time rather than counted as things happen: the database pool's
// figures and the process's memory, uptime and start time.
// Thread safety: safe to call from several scrapes at once (each sets whole values).
#pragma once

#include "ops/metrics.h"
#include "storage/sql.h"

namespace stocktake::server {

// stocktake_db_pool_{size,open,in_use} gauges and stocktake_db_pool_{acquired,waited}_total
// counters from db.PoolStats().
void CollectPoolMetrics(const SqlDatabase& db, MetricsRegistry& registry);

// process_resident_memory_bytes (from /proc/self/statm), process_start_time_seconds and
// stocktake_uptime_seconds.
void CollectProcessMetrics(MetricsRegistry& registry);

// This process's resident set in bytes, or 0 where /proc is not available.
double ResidentMemoryBytes();

}  // namespace stocktake::server
