// bench_posting — durable posting throughput through the ledger, on SQLite and on PostgreSQL,
// beside a naive PostgreSQL ledger measured in the same run.
//
// The ledger: `--threads` appenders (64) call Ledger::Append concurrently, as the server's
// handler threads do; group commit batches them. Each entry is a balanced 2–6-line voucher of
// one of `--orgs` (1,000) organisations, numbered in its gl.voucher series, dated in FY 2569.
// SQLite is a fresh file (WAL, synchronous=FULL as the store configures it); PostgreSQL is a
// fresh database of the throw-away cluster (fsync on, synchronous_commit on — checked).
//
// The naive baseline: `--naive-clients` (8) threads, each with its own libpq connection, one
// transaction per document: BEGIN; INSERT the entry row; INSERT its lines (one statement);
// UPDATE two pre-created balance rows (the debit and the credit side); COMMIT. Its own tables,
// in its own database of the same cluster, the same documents.
//
// Each run appends for `--ramp-seconds` unmeasured, then counts for `--seconds`.
//
//   bench_posting --sqlite-dir=DIR --pg-url=URL --naive-url=URL [--stores=naive,pg,sqlite] [--writers=N]
//                 [--sqlite-coalesce=0|1]
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "bench/bench_util.h"
#include "ledger/ledger.h"
#include "store/postgres/postgres_db.h"
#include "store/sqlite/sqlite_db.h"

namespace klang::bench {
namespace {

struct Settings {
  int threads = 64;
  int orgs = 1'000;
  int naive_clients = 8;
  double seconds = 15;
  double ramp_seconds = 2;
  size_t writers = 0;  // the ledger's writer threads; 0: its default for the store
  bool coalesce_wal_writes = true;  // SQLite: WAL frames gathered per commit (store/sqlite/wal_vfs.h)
};

struct Throughput {
  double entries_per_s = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

// Runs `threads` copies of `one(maker)` (one document each call) for the ramp, then measures.
template <typename One>
Throughput Measure(const std::string& label, int threads, const Settings& settings, One one) {
  std::atomic<bool> stop{false};
  std::atomic<bool> measuring{false};
  std::atomic<int64_t> done{0};
  std::mutex latencies_mutex;
  std::vector<double> latencies_ms;
  std::vector<std::thread> workers;
  for (int thread = 0; thread < threads; ++thread) {
    workers.emplace_back([&, thread] {
      DraftMaker maker(1'000'003ULL * (thread + 1));
      std::vector<double> mine;
      while (!stop.load(std::memory_order_relaxed)) {
        const bool counted = measuring.load(std::memory_order_relaxed);
        const auto start = std::chrono::steady_clock::now();
        one(thread, maker);
        if (counted) mine.push_back(SecondsSince(start) * 1000);
        done.fetch_add(1, std::memory_order_relaxed);
      }
      std::lock_guard lock(latencies_mutex);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(settings.ramp_seconds));
  const int64_t before = done.load();
  const auto start = std::chrono::steady_clock::now();
  measuring = true;
  std::this_thread::sleep_for(std::chrono::duration<double>(settings.seconds));
  const int64_t after = done.load();
  const double elapsed = SecondsSince(start);
  stop = true;
  for (auto& worker : workers) worker.join();
  Throughput result;
  result.entries_per_s = static_cast<double>(after - before) / elapsed;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  if (!latencies_ms.empty()) {
    result.p50_ms = latencies_ms[latencies_ms.size() / 2];
    result.p99_ms = latencies_ms[std::min(latencies_ms.size() - 1, latencies_ms.size() * 99 / 100)];
  }
  Note(label + ": " + std::to_string(after - before) + " entries in " + std::to_string(elapsed) +
       " s by " + std::to_string(threads) + " threads");
  return result;
}

// ---- the ledger ------------------------------------------------------------------------------

Throughput RunLedger(const std::string& label, store::Db& db, const Settings& settings) {
  Check(store::ApplyMigrations(db, ledger::Ledger::Migrations()), label + " migrations");
  SystemClock clock;
  ledger::LedgerOptions options;
  options.writers = settings.writers;
  ledger::Ledger ledger(db, clock, options);
  ledger.Start();
  // Every organisation's chain head and number series exist before measuring, as in a store
  // that has been in use.
  {
    DraftMaker maker(7);
    std::vector<ledger::EntryDraft> drafts;
    for (int org = 1; org <= settings.orgs; ++org) {
      drafts.push_back(maker.Make(org, RandomDateInYear(maker.random().engine())));
    }
    for (const auto& result : ledger.AppendAll(std::move(drafts))) {
      if (!result.ok()) Die(label + " warm-up append", result.status());
    }
  }
  std::atomic<int64_t> appended{static_cast<int64_t>(settings.orgs)};
  Throughput result =
      Measure(label, settings.threads, settings, [&](int, DraftMaker& maker) {
        auto& engine = maker.random().engine();
        const int64_t org = 1 + static_cast<int64_t>(engine() % settings.orgs);
        auto outcome = ledger.Append(maker.Make(org, RandomDateInYear(engine)));
        if (!outcome.ok()) Die(label + " append", outcome.status());
        if (outcome->duplicate) Die(label + " append returned a duplicate of a fresh entry id");
        appended.fetch_add(1, std::memory_order_relaxed);
      });
  ledger.Stop();
  const ledger::LedgerStats stats = ledger.Stats();
  Note(label + ": " + std::to_string(stats.batches) + " batches, " +
       std::to_string(static_cast<double>(stats.entries) / std::max<uint64_t>(stats.batches, 1)) +
       " entries each, " +
       std::to_string(1000 * stats.commit_seconds / std::max<uint64_t>(stats.batches, 1)) +
       " ms in each transaction");
  // Every acknowledged entry is in a chain: the heads add up to what was appended.
  auto lease = db.Acquire();
  if (!lease.ok()) Die(label + " acquire", lease.status());
  auto rows = (*lease)->Query("SELECT CAST(SUM(seq) AS {INT}) FROM ledger_heads");
  if (!rows.ok()) Die(label + " count", rows.status());
  if ((*rows)[0].Int(0) != appended.load()) {
    Die(label + ": heads sum to " + std::to_string((*rows)[0].Int(0)) + ", appended " +
        std::to_string(appended.load()));
  }
  return result;
}

// ---- the naive PostgreSQL ledger -------------------------------------------------------------

class PgClient {
 public:
  explicit PgClient(const std::string& url) : connection_(PQconnectdb(url.c_str())) {
    if (PQstatus(connection_) != CONNECTION_OK) {
      Die("naive: connect: " + std::string(PQerrorMessage(connection_)));
    }
  }
  ~PgClient() { PQfinish(connection_); }
  PgClient(const PgClient&) = delete;
  PgClient& operator=(const PgClient&) = delete;

  // Runs a statement without parameters; returns the first column of the first row, if any.
  std::string Exec(const std::string& sql) {
    PGresult* result = PQexec(connection_, sql.c_str());
    return Finish(result, sql);
  }
  void Prepare(const std::string& name, const std::string& sql) {
    PGresult* result = PQprepare(connection_, name.c_str(), sql.c_str(), 0, nullptr);
    Finish(result, sql);
  }
  std::string Run(const std::string& name, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) values.push_back(param.c_str());
    PGresult* result = PQexecPrepared(connection_, name.c_str(), static_cast<int>(values.size()),
                                      values.data(), nullptr, nullptr, 0);
    return Finish(result, name);
  }

 private:
  std::string Finish(PGresult* result, const std::string& what) {
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const std::string message = PQresultErrorMessage(result);
      PQclear(result);
      Die("naive: " + what + ": " + message);
    }
    std::string first;
    if (status == PGRES_TUPLES_OK && PQntuples(result) > 0 && PQnfields(result) > 0) {
      first = PQgetvalue(result, 0, 0);
    }
    PQclear(result);
    return first;
  }

  PGconn* connection_;
};

void ShowDurability(const std::string& url) {
  PgClient client(url);
  std::string settings;
  for (const char* name : {"fsync", "synchronous_commit", "wal_sync_method", "full_page_writes",
                           "commit_delay", "shared_buffers", "server_version"}) {
    settings += std::string(settings.empty() ? "" : ", ") + name + "=" +
                client.Exec(std::string("SHOW ") + name);
  }
  Note("postgresql: " + settings);
  // Every level but "off" flushes the WAL locally before COMMIT returns; remote_apply (the
  // national store) also waits for the synchronous standby.
  const std::string commit = client.Exec("SHOW synchronous_commit");
  if (client.Exec("SHOW fsync") != "on" || (commit != "on" && commit != "remote_apply")) {
    Die("the PostgreSQL cluster is not durable (fsync on, synchronous_commit on or remote_apply)");
  }
  client.Exec("CHECKPOINT");  // start each run from a clean checkpoint
}

Throughput RunNaive(const std::string& url, const Settings& settings) {
  {
    PgClient setup(url);
    setup.Exec(R"SQL(
CREATE TABLE naive_entries (
  id BIGSERIAL PRIMARY KEY,
  org_id BIGINT NOT NULL,
  entry_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  document_date DATE NOT NULL,
  posting_date DATE NOT NULL,
  fiscal_year INT NOT NULL,
  author TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE naive_lines (
  entry BIGINT NOT NULL REFERENCES naive_entries (id),
  line_no INT NOT NULL,
  account TEXT NOT NULL,
  debit BIGINT NOT NULL,
  credit BIGINT NOT NULL,
  PRIMARY KEY (entry, line_no)
);
CREATE TABLE naive_balances (
  org_id BIGINT NOT NULL,
  account TEXT NOT NULL,
  debit BIGINT NOT NULL DEFAULT 0,
  credit BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, account)
);)SQL");
    std::string codes = "{";
    for (const auto& code : ChartCodes()) codes += (codes.size() > 1 ? "," : "") + code;
    codes += "}";
    setup.Exec("INSERT INTO naive_balances (org_id, account) SELECT org, account FROM "
               "generate_series(1, " + std::to_string(settings.orgs) + ") AS org, unnest('" +
               codes + "'::text[]) AS account");
    setup.Exec("VACUUM ANALYZE naive_balances");
  }
  ShowDurability(url);
  std::vector<std::unique_ptr<PgClient>> clients;
  for (int client = 0; client < settings.naive_clients; ++client) {
    auto one = std::make_unique<PgClient>(url);
    one->Prepare("entry",
                 "INSERT INTO naive_entries (org_id, entry_id, kind, document_date, posting_date, "
                 "fiscal_year, author, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
    for (int lines = 2; lines <= 6; ++lines) {
      std::string sql = "INSERT INTO naive_lines (entry, line_no, account, debit, credit) VALUES ";
      for (int line = 0; line < lines; ++line) {
        const int base = 2 + 3 * line;
        sql += std::string(line ? ", " : "") + "($1, " + std::to_string(line + 1) + ", $" +
               std::to_string(base) + ", $" + std::to_string(base + 1) + ", $" +
               std::to_string(base + 2) + ")";
      }
      one->Prepare("lines" + std::to_string(lines), sql);
    }
    one->Prepare("balance",
                 "UPDATE naive_balances SET debit = debit + $3, credit = credit + $4 "
                 "WHERE org_id = $1 AND account = $2");
    clients.push_back(std::move(one));
  }
  return Measure("naive postgresql", settings.naive_clients, settings,
                 [&](int thread, DraftMaker& maker) {
    PgClient& client = *clients[thread];
    auto& engine = maker.random().engine();
    const int64_t org = 1 + static_cast<int64_t>(engine() % settings.orgs);
    const ledger::EntryDraft draft = maker.Make(org, RandomDateInYear(engine));
    const std::string org_text = std::to_string(org);
    client.Exec("BEGIN");
    const std::string id = client.Run(
        "entry", {org_text, draft.entry_id, draft.kind, draft.document_date.ToIso(),
                  draft.posting_date.ToIso(), std::to_string(draft.fiscal_year), draft.author,
                  draft.body.dump()});
    std::vector<std::string> params{id};
    // The first debit account takes the debit total, the first credit account the credit
    // total: two balance rows per document.
    const ledger::Line* debit_line = nullptr;
    const ledger::Line* credit_line = nullptr;
    Money total;
    for (const auto& line : draft.lines) {
      params.push_back(line.account);
      params.push_back(std::to_string(line.debit.satang()));
      params.push_back(std::to_string(line.credit.satang()));
      total += line.debit;
      if (!line.debit.is_zero() && !debit_line) debit_line = &line;
      if (!line.credit.is_zero() && !credit_line) credit_line = &line;
    }
    client.Run("lines" + std::to_string(draft.lines.size()), params);
    std::vector<std::vector<std::string>> updates{
        {org_text, debit_line->account, std::to_string(total.satang()), "0"},
        {org_text, credit_line->account, "0", std::to_string(total.satang())}};
    // Always in account order, so two clients never wait on each other in a cycle.
    std::sort(updates.begin(), updates.end());
    for (const auto& update : updates) client.Run("balance", update);
    client.Exec("COMMIT");
  });
}

}  // namespace
}  // namespace klang::bench

int main(int argc, char** argv) {
  using namespace klang;
  using namespace klang::bench;
  Flags flags(argc, argv);
  Settings settings;
  settings.threads = static_cast<int>(flags.Int("threads", settings.threads));
  settings.orgs = static_cast<int>(flags.Int("orgs", settings.orgs));
  settings.naive_clients = static_cast<int>(flags.Int("naive-clients", settings.naive_clients));
  settings.seconds = flags.Double("seconds", settings.seconds);
  settings.ramp_seconds = flags.Double("ramp-seconds", settings.ramp_seconds);
  settings.writers = static_cast<size_t>(flags.Int("writers", 0));
  settings.coalesce_wal_writes = flags.Int("sqlite-coalesce", 1) != 0;
  const std::string stores = flags.String("stores", "naive,pg,sqlite");
  const std::string sqlite_dir = flags.String("sqlite-dir", "");
  const std::string pg_url = flags.String("pg-url", "");
  const std::string naive_url = flags.String("naive-url", "");

  std::optional<Throughput> naive, pg, sqlite;
  if (Wants(stores, "naive")) {
    if (naive_url.empty()) Die("--naive-url is required");
    naive = RunNaive(naive_url, settings);
    PrintResult("posting_naive_pg_entries_per_s", naive->entries_per_s, "entries/s");
    PrintResult("posting_naive_pg_p50_ms", naive->p50_ms, "ms", 1);
    PrintResult("posting_naive_pg_p99_ms", naive->p99_ms, "ms", 1);
  }
  if (Wants(stores, "pg")) {
    if (pg_url.empty()) Die("--pg-url is required");
    store::PostgresOptions options;
    options.url = pg_url;
    auto db = store::OpenPostgres(options);
    if (!db.ok()) Die("open " + pg_url, db.status());
    ShowDurability(pg_url);
    pg = RunLedger("ledger on postgresql", **db, settings);
    PrintResult("posting_pg_entries_per_s", pg->entries_per_s, "entries/s");
    PrintResult("posting_pg_p50_ms", pg->p50_ms, "ms", 1);
    PrintResult("posting_pg_p99_ms", pg->p99_ms, "ms", 1);
  }
  if (Wants(stores, "sqlite")) {
    if (sqlite_dir.empty()) Die("--sqlite-dir is required");
    std::filesystem::create_directories(sqlite_dir);
    const std::string path = sqlite_dir + "/posting.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    store::SqliteOptions options;
    options.path = path;
    options.coalesce_wal_writes = settings.coalesce_wal_writes;
    auto db = store::OpenSqlite(options);
    if (!db.ok()) Die("open " + path, db.status());
    sqlite = RunLedger("ledger on sqlite", **db, settings);
    PrintResult("posting_sqlite_entries_per_s", sqlite->entries_per_s, "entries/s");
    PrintResult("posting_sqlite_p50_ms", sqlite->p50_ms, "ms", 1);
    PrintResult("posting_sqlite_p99_ms", sqlite->p99_ms, "ms", 1);
  }
  if (naive && sqlite) {
    PrintResult("ratio_sqlite_vs_naive_pg", sqlite->entries_per_s / naive->entries_per_s, "x", 2);
  }
  if (naive && pg) {
    PrintResult("ratio_pg_vs_naive_pg", pg->entries_per_s / naive->entries_per_s, "x", 2);
  }
  return 0;
}
