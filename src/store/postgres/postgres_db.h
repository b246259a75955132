// store/postgres/postgres_db.h — the national PostgreSQL store over libpq.
//
// Each pooled connection prepares statements on first use and sends ExecuteMany as one
// pipeline (libpq pipeline mode): one network round trip for a whole batch. Only cli/ and
// tests include this header.
#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace klang::store {

struct PostgresOptions {
  std::string url;  // postgresql://user@host:port/dbname
  size_t connections_max = 16;
  int connect_seconds_max = 10;
};

Result<std::unique_ptr<Db>> OpenPostgres(const PostgresOptions& options);

}  // namespace klang::store
