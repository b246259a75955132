// store/sqlite/sqlite_db.h — the embedded SQLite store (the default, and every edge node's).
//
// WAL journal, synchronous=FULL (a committed transaction survives power loss), foreign keys on,
// STRICT tables. Write transactions use BEGIN IMMEDIATE so writers queue on the file lock at
// the start instead of failing at commit. Only cli/ and tests include this header.
#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace klang::store {

struct SqliteOptions {
  std::string path;                 // the database file
  int busy_wait_ms_max = 30'000;    // how long to wait for another writer's lock
  size_t connections_max = 8;
};

// Opens (creating if needed) the database file and returns a pool over it.
Result<std::unique_ptr<Db>> OpenSqlite(const SqliteOptions& options);

}  // namespace klang::store
