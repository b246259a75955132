// tests/support/test_db.h — fresh databases for tests, on SQLite and on PostgreSQL.
//
// PostgreSQL tests need a running throw-away cluster (tests/support/pg_cluster.sh, started by
// a CTest fixture). Its URL is read from the file named by KLANG_TEST_PG_URL_FILE (default:
// compiled in, the build folder's pg-test-cluster/url). Without a cluster the PostgreSQL cases
// fail; KLANG_TEST_SKIP_POSTGRES=1 skips them for a quick run by hand.
#pragma once

#include <filesystem>
#include <string>
#include <memory>
#include <optional>
#include <string>

#include "store/db.h"
#include "store/statement_cache.h"

namespace klang::testing {

std::optional<std::string> PostgresTestUrl();
// The source tree (for data files such as data/chart_of_accounts.csv).
std::string SourceDir();
// The content of a file of the source tree ("data/roles.csv"); "" when it cannot be read.
std::string ReadSourceFile(const std::string& relative);

// A fresh, empty database of the given dialect. For SQLite a new file in a temporary folder;
// for PostgreSQL a new schema of its own in the test database (tests run in parallel).
// `statements_max`: the prepared statements each connection keeps.
Result<std::unique_ptr<store::Db>> OpenFreshDb(store::Dialect dialect,
                                               size_t statements_max = store::kStatementsPerConnectionMax);

// A new empty temporary directory, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace klang::testing
