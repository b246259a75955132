// store/postgres/postgres_db.h — the national PostgreSQL store over libpq.
//
// Each pooled connection prepares statements on first use and sends ExecuteMany as one
// pipeline (libpq pipeline mode): one network round trip for a whole batch. Only cli/ and
// tests include this header.
#pragma once

#include <memory>
#include <string>

#include "store/db.h"
#include "store/statement_cache.h"

namespace klang::store {

// Failover (docs/deployment.md "Failover"): a COMMIT is never cancelled. It is waited for at most
// commit_wait_ms_max; past that, or when the server answers it with the warning that the wait for
// the synchronous standby was cancelled, the commit is *not acknowledged* (kUnavailable
// "store.commit_unknown" / "store.commit_unreplicated"), the connection is dropped, and the
// ledger retries by entry id. Every write transaction takes a transaction id at BEGIN, so that
// even a retry that only finds its entries already stored commits a WAL record and waits for the
// synchronous standby before anyone is answered.
struct PostgresOptions {
  std::string url;  // postgresql://user@host:port/dbname, or several hosts (libpq multi-host)
  size_t connections_max = 16;
  int connect_seconds_max = 10;
  int commit_wait_ms_max = 30'000;  // KLANG_PG_COMMIT_WAIT_MS overrides (tests, operators)
  // A backend whose client has gone notices it within this while running a statement
  // (PostgreSQL ≥ 14). A COMMIT waiting for the standby does not: it keeps its locks until the
  // standby answers, so every lock wait is bounded too (lock_timeout = commit_wait_ms_max,
  // kUnavailable "store.lock_timeout"), and the ledger retries.
  int client_check_ms = 1'000;
  // How long a connection is tried again while the server cannot be reached (a failover: about
  // 15 s on the three-node cluster), before a caller hears store.connection (503).
  int unavailable_wait_ms_max = 60'000;
  // Prepared statements each connection keeps, the least recently used DEALLOCATEd past it
  // (store/statement_cache.h).
  size_t statements_max = kStatementsPerConnectionMax;
};

Result<std::unique_ptr<Db>> OpenPostgres(const PostgresOptions& options);

}  // namespace klang::store
