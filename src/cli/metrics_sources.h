// cli/metrics_sources.h — what GET /metrics shows beside the requests, read at each scrape.
#pragma once

#include <vector>

#include <prometheus/metric_family.h>

#include "ledger/ledger.h"
#include "store/db.h"

namespace klang::cli {

// The group commit: batches by size (a histogram), entries, retries, time in commits and the
// callers' waits.
std::vector<prometheus::MetricFamily> LedgerMetrics(const ledger::LedgerStats& stats);
// The connection pool: open, idle, the limit; connections lent, waited for, opened, dropped,
// attempts made again while the server could not be reached.
std::vector<prometheus::MetricFamily> PoolMetrics(const store::PoolStats& stats);
// PostgreSQL: each standby's replay lag in seconds and bytes, from pg_stat_replication on the
// primary (the role needs pg_monitor: deploy/cluster.sh grants it), and the synchronous
// standbys' count. A failed query shows as klang_pg_replication_up 0.
std::vector<prometheus::MetricFamily> ReplicationMetrics(store::Db& db);

}  // namespace klang::cli
