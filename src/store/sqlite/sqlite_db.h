// store/sqlite/sqlite_db.h — the embedded SQLite store (the default, and every edge node's).
//
// WAL journal, synchronous=FULL (a committed transaction survives power loss), foreign keys on,
// STRICT tables. Write transactions use BEGIN IMMEDIATE so writers queue on the file lock at
// the start instead of failing at commit. Only cli/ and tests include this header.
#pragma once

#include <memory>
#include <string>

#include "store/db.h"
#include "store/statement_cache.h"

namespace klang::store {

struct SqliteOptions {
  std::string path;                 // the database file
  int busy_wait_ms_max = 30'000;    // how long to wait for another writer's lock
  size_t connections_max = 8;
  // WAL frames (4 KiB pages) that wake the checkpointer: 32 MiB. Eight times SQLite's default,
  // so a page rewritten by many commits (a chain head, a balance) is copied once per checkpoint,
  // not eight times; bench/run http measured 3 % more documents a second than with 1,000.
  int wal_checkpoint_frames = 8'000;
  // WAL frames past which the checkpointer also restarts the WAL (64 MiB), so that the file stops
  // growing under steady load (sqlite_db.cc, Checkpointer). At least wal_checkpoint_frames.
  int wal_restart_frames = 16'000;
  // How long a restart waits for the writer's transaction to end, and then for readers to leave
  // the WAL, before it gives up. This pool's writers wait behind it meanwhile, so it is short.
  int wal_restart_wait_ms_max = 100;
  // Hand each commit's WAL frames to the kernel in a few writes of up to 64 KiB instead of two
  // per frame (wal_vfs.h). Off only to measure the difference.
  bool coalesce_wal_writes = true;
  // Prepared statements each connection keeps, the least recently used finalized past it
  // (store/statement_cache.h).
  size_t statements_max = kStatementsPerConnectionMax;
};

// Opens (creating if needed) the database file and returns a pool over it.
Result<std::unique_ptr<Db>> OpenSqlite(const SqliteOptions& options);

}  // namespace klang::store
