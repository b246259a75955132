#include "tests/support/test_db.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "store/postgres/postgres_db.h"
#include "store/sqlite/sqlite_db.h"

namespace klang::testing {

std::optional<std::string> PostgresTestUrl() {
  const char* file = std::getenv("KLANG_TEST_PG_URL_FILE");
  if (file == nullptr) return std::nullopt;
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) return std::nullopt;
  return url;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "klang-test-XXXXXX").string();
  KLANG_ASSERT(mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Result<std::unique_ptr<store::Db>> OpenFreshDb(store::Dialect dialect) {
  if (dialect == store::Dialect::kSqlite) {
    // Leaked on purpose: the folder must outlive the Db; the OS temp cleaner removes it.
    auto* dir = new TempDir();
    store::SqliteOptions options;
    options.path = (dir->path() / "klang.db").string();
    return store::OpenSqlite(options);
  }
  const auto url = PostgresTestUrl();
  if (!url) return Status::Unavailable("test.no_postgres", "KLANG_TEST_PG_URL_FILE not set");
  store::PostgresOptions options;
  options.url = *url;
  KLANG_ASSIGN_OR_RETURN(auto db, store::OpenPostgres(options));
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db->Acquire());
    KLANG_RETURN_IF_ERROR(
        lease->ExecuteScript("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"));
  }
  // Reconnect so no pooled connection keeps statements prepared against dropped tables.
  db.reset();
  return store::OpenPostgres(options);
}

}  // namespace klang::testing
