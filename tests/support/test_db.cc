#include "tests/support/test_db.h"

#include <unistd.h>

#include <cstdlib>
#include <atomic>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include "store/postgres/postgres_db.h"
#include "store/sqlite/sqlite_db.h"

namespace klang::testing {

std::optional<std::string> PostgresTestUrl() {
  // KLANG_TEST_SKIP_POSTGRES=1 lets a developer run one binary by hand without the cluster;
  // otherwise a missing cluster fails the PostgreSQL cases (CI must run them).
  if (const char* skip = std::getenv("KLANG_TEST_SKIP_POSTGRES"); skip && skip[0] == '1') {
    return std::nullopt;
  }
  const char* file = std::getenv("KLANG_TEST_PG_URL_FILE");
#ifdef KLANG_TEST_PG_URL_FILE_DEFAULT
  if (file == nullptr) file = KLANG_TEST_PG_URL_FILE_DEFAULT;
#endif
  if (file == nullptr) return std::nullopt;
  std::ifstream in(file);
  if (!in) return "postgresql://missing-cluster-run-through-ctest/none";
  std::string url;
  std::getline(in, url);
  if (url.empty()) return std::nullopt;
  return url;
}

std::string SourceDir() {
  if (const char* dir = std::getenv("KLANG_SOURCE_DIR")) return dir;
#ifdef KLANG_SOURCE_DIR_DEFAULT
  return KLANG_SOURCE_DIR_DEFAULT;
#else
  return ".";
#endif
}

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(SourceDir() + "/" + relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
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

Result<std::unique_ptr<store::Db>> OpenFreshDb(store::Dialect dialect, size_t statements_max) {
  if (dialect == store::Dialect::kSqlite) {
    // The folder must outlive the Db: keep every one until the test binary exits.
    static std::vector<std::unique_ptr<TempDir>> dirs;
    static std::mutex dirs_mutex;
    std::lock_guard lock(dirs_mutex);
    dirs.push_back(std::make_unique<TempDir>());
    TempDir* dir = dirs.back().get();
    store::SqliteOptions options;
    options.path = (dir->path() / "klang.db").string();
    options.statements_max = statements_max;
    return store::OpenSqlite(options);
  }
  const auto url = PostgresTestUrl();
  if (!url) return Status::Unavailable("test.no_postgres", "KLANG_TEST_PG_URL_FILE not set");
  // Each test gets its own schema: ctest runs test processes in parallel against one cluster.
  static std::atomic<int> counter = 0;
  const std::string schema =
      "t_" + std::to_string(getpid()) + "_" + std::to_string(counter.fetch_add(1));
  store::PostgresOptions options;
  options.url = *url;
  {
    KLANG_ASSIGN_OR_RETURN(auto admin, store::OpenPostgres(options));
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, admin->Acquire());
    KLANG_RETURN_IF_ERROR(lease->ExecuteScript("CREATE SCHEMA " + schema));
  }
  options.url += (options.url.find('?') == std::string::npos ? "?" : "&") +
                 std::string("options=-csearch_path%3D") + schema;
  options.statements_max = statements_max;
  return store::OpenPostgres(options);
}

}  // namespace klang::testing
