#include "cli/metrics_sources.h"

#include <chrono>
#include <limits>
#include <string>

#include "http/observe.h"

namespace klang::cli {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

ClientMetric Labelled(std::string label, std::string value, double gauge) {
  ClientMetric metric;
  metric.label = {{std::move(label), std::move(value)}};
  metric.gauge.value = gauge;
  return metric;
}

}  // namespace

std::vector<MetricFamily> LedgerMetrics(const ledger::LedgerStats& stats) {
  ClientMetric sizes;
  uint64_t cumulative = 0;
  for (size_t index = 0; index < stats.batches_by_size.size(); ++index) {
    cumulative += stats.batches_by_size[index];
    sizes.histogram.bucket.push_back(
        {cumulative, static_cast<double>(ledger::LedgerStats::kBatchSizeBounds[index])});
  }
  // +Inf counts every batch, also those above the largest bound (batch_entries_max may exceed it).
  sizes.histogram.bucket.push_back({stats.batches, std::numeric_limits<double>::infinity()});
  sizes.histogram.sample_count = stats.batches;
  sizes.histogram.sample_sum = static_cast<double>(stats.entries);
  return {
      MetricFamily{"klang_ledger_batch_entries", "Entries per group-commit batch", MetricType::Histogram, {sizes}},
      http::CounterFamily("klang_ledger_entries_total", "Entries answered by committed batches",
                          static_cast<double>(stats.entries)),
      http::CounterFamily("klang_ledger_batch_retries_total",
                          "Batch attempts made again after the store was unavailable",
                          static_cast<double>(stats.retries)),
      http::CounterFamily("klang_ledger_commit_seconds_total", "Time spent in append transactions",
                          stats.commit_seconds),
      http::CounterFamily("klang_ledger_wait_seconds_total",
                          "Time from a caller's hand-over to its answer, summed over entries",
                          stats.wait_seconds),
  };
}

std::vector<MetricFamily> PoolMetrics(const store::PoolStats& stats) {
  return {
      http::GaugeFamily("klang_pool_connections_open", "Database connections open, lent or idle",
                        static_cast<double>(stats.open)),
      http::GaugeFamily("klang_pool_connections_idle", "Database connections idle", static_cast<double>(stats.idle)),
      http::GaugeFamily("klang_pool_connections_max", "The pool's limit", static_cast<double>(stats.max)),
      http::CounterFamily("klang_pool_lent_total", "Connections lent", static_cast<double>(stats.lent)),
      http::CounterFamily("klang_pool_waited_total", "Connections lent after waiting for one to be returned",
                          static_cast<double>(stats.waited)),
      http::CounterFamily("klang_pool_opened_total", "Connections opened", static_cast<double>(stats.opened)),
      http::CounterFamily("klang_pool_dropped_total", "Connections found closed by the server, or returned broken",
                          static_cast<double>(stats.dropped)),
      http::CounterFamily("klang_pool_retries_total",
                          "Attempts made again while the database could not be reached",
                          static_cast<double>(stats.retries)),
  };
}

std::vector<MetricFamily> ReplicationMetrics(store::Db& db) {
  // A scrape must not wait out a failover (Acquire alone would, for 60 s): a second, then "down".
  constexpr auto kScrapeWait = std::chrono::seconds(1);
  auto lease = db.Acquire(std::chrono::steady_clock::now() + kScrapeWait);
  Result<store::Rows> rows = lease.ok()
      ? (*lease)->Query(
            "SELECT application_name, sync_state,"
            " COALESCE((EXTRACT(EPOCH FROM replay_lag) * 1000000)::bigint, 0),"
            " COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint, 0)"
            " FROM pg_stat_replication ORDER BY application_name")
      : Result<store::Rows>(lease.status());
  if (!rows.ok()) {
    return {http::GaugeFamily("klang_pg_replication_up", "1 when pg_stat_replication could be read", 0)};
  }
  MetricFamily lag_seconds{"klang_pg_replication_lag_seconds", "A standby's replay lag", MetricType::Gauge, {}};
  MetricFamily lag_bytes{"klang_pg_replication_lag_bytes", "WAL written by the primary, not yet replayed by a standby",
                         MetricType::Gauge, {}};
  int synchronous = 0;
  for (const auto& row : *rows) {
    const std::string standby = row.Text(0);
    synchronous += row.Text(1) == "sync" ? 1 : 0;
    lag_seconds.metric.push_back(Labelled("standby", standby, static_cast<double>(row.Int(2)) / 1e6));
    lag_bytes.metric.push_back(Labelled("standby", standby, static_cast<double>(row.Int(3))));
  }
  return {http::GaugeFamily("klang_pg_replication_up", "1 when pg_stat_replication could be read", 1),
          http::GaugeFamily("klang_pg_synchronous_standbys", "Standbys confirming commits now", synchronous),
          std::move(lag_seconds), std::move(lag_bytes)};
}

}  // namespace klang::cli
