// bench_writer_ceiling — how many entries a second SQLite's one writer can commit durably, layout
// by layout, with nothing else on the machine: no drafts made, no canonical bytes encoded or
// hashed, no look-ups, no appender threads. It bounds what any change to the ledger's writer can
// reach without changing what the writer stores (issue 20: `ratio_sqlite_vs_naive_pg` ≥ 10×).
//
// The rows are made before the clock starts: real canonical bytes and balance movements of
// DraftMaker's vouchers (2–6 lines, dates across FY 2569, as in bench_posting), reused in turn;
// each use gets a fresh organisation among `--orgs` (1,000), the next seq of that organisation's
// chain and a fresh time-ordered entry id. Each layout is a fresh file of the store's own SQLite
// (WAL, synchronous=FULL, the WAL frames gathered per commit), committed in batches of `--batch`
// entries (52, the mean batch of bench_posting's 64 appenders). Each layout adds to the one before:
//
//   append        the entries in a rowid table and nothing else (no index)
//   seq_index     + the (org_id, seq) primary key
//   entry_id      + entry_id UNIQUE: ledger_entries as stored
//   heads_series  + the chain heads and the number series (one upsert per organisation of a batch)
//   ledger        + the balance projection (one upsert per organisation, account and day of a
//                   batch): the ledger's writes as they are
//   deferred_balances  the ledger's entries, heads and series as they are, but each batch's balance
//                 movements appended to an unindexed tail table, merged into the projection every
//                 `--merge-entries` entries in one transaction
//   deferred      the ledger's tables again, but each batch is appended to two unindexed tail
//                 tables (its entries, its balance movements) and every `--merge-entries`
//                 (32,768) they are merged into the ledger's tables in one transaction, which
//                 every append then waits for — an LSM-like layout the ledger does not have
//
// Prints `RESULT writer_ceiling_<layout>_entries_per_s` and the process's CPU per entry; for
// `deferred` also the longest merge (an append's wait). bench/run writer_ceiling adds the naive
// PostgreSQL baseline of bench_posting, measured in the same run, and the ratios.
//
//   bench_writer_ceiling --dir=DIR [--layouts=append,seq_index,...] [--batch=52] [--seconds=8]
//                        [--orgs=1000] [--merge-entries=32768]
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>

#include "bench/bench_util.h"
#include "ledger/ledger.h"
#include "store/sqlite/sqlite_db.h"

namespace klang::bench {
namespace {

constexpr size_t kRowPoolSize = 16'384;  // distinct vouchers made before the clock starts

enum class Layout { kAppend, kSeqIndex, kEntryId, kHeadsSeries, kLedger, kDeferredBalances, kDeferred };

struct LayoutKind {
  Layout layout;
  std::string_view name;
};
constexpr LayoutKind kLayouts[] = {
    {Layout::kAppend, "append"},          {Layout::kSeqIndex, "seq_index"},
    {Layout::kEntryId, "entry_id"},       {Layout::kHeadsSeries, "heads_series"},
    {Layout::kLedger, "ledger"},          {Layout::kDeferredBalances, "deferred_balances"},
    {Layout::kDeferred, "deferred"},
};

struct Settings {
  size_t batch = 52;
  double seconds = 8;
  int orgs = 1'000;
  int64_t merge_entries = 32'768;
};

// One voucher's stored parts, as the ledger's writer receives them (organisation and seq apart).
struct PooledRow {
  std::string kind, document_date, posting_date, hash, canonical;
  int64_t fiscal_year = 0;
  std::vector<std::tuple<std::string, int64_t, int64_t>> movements;  // account, debit, credit
};

std::vector<PooledRow> MakeRowPool() {
  DraftMaker maker(11);
  auto& engine = maker.random().engine();
  const Date first = FiscalYearStart(kFiscalYear);
  std::vector<PooledRow> pool;
  pool.reserve(kRowPoolSize);
  std::string previous = ledger::GenesisHash();
  for (size_t index = 0; index < kRowPoolSize; ++index) {
    const ledger::EntryDraft draft =
        maker.Make(1 + static_cast<int64_t>(index % 1'000), first.AddDays(static_cast<int64_t>(engine() % 365)));
    ledger::Entry entry;
    entry.org = draft.org;
    entry.seq = static_cast<int64_t>(index) + 1;
    entry.entry_id = draft.entry_id;
    entry.kind = draft.kind;
    entry.document_date = draft.document_date;
    entry.posting_date = draft.posting_date;
    entry.fiscal_year = draft.fiscal_year;
    entry.numbers = {{"gl.voucher", entry.seq}};
    entry.author = draft.author;
    entry.recorded_at_ms = 1'767'225'600'000 + static_cast<int64_t>(index);  // from 1 Jan 2026, 00:00 UTC
    entry.body = draft.body;
    entry.lines = draft.lines;
    PooledRow row{entry.kind, entry.document_date.ToIso(), entry.posting_date.ToIso(), "", ledger::CanonicalBytes(entry),
                  entry.fiscal_year, {}};
    row.hash = ledger::ChainHash(previous, row.canonical);
    previous = row.hash;
    for (const auto& line : entry.lines) row.movements.emplace_back(line.account, line.debit.satang(), line.credit.satang());
    pool.push_back(std::move(row));
  }
  return pool;
}

// A batch's rows for each table, built the way the ledger's writer builds them: heads and
// number series one row per organisation (its last), balances one per (organisation, account, day).
struct BatchRows {
  std::vector<store::Params> entries, heads, series, balances;
};

class RowSource {
 public:
  RowSource(const std::vector<PooledRow>& pool, int orgs) : pool_(pool), seqs_(static_cast<size_t>(orgs) + 1, 0) {}

  BatchRows Next(size_t batch) {
    BatchRows rows;
    std::map<int64_t, std::pair<int64_t, const PooledRow*>> last_of_org;
    std::map<std::tuple<int64_t, std::string, std::string>, std::pair<int64_t, int64_t>> sums;
    for (size_t index = 0; index < batch; ++index) {
      const PooledRow& row = pool_[next_++ % pool_.size()];
      const int64_t org = 1 + static_cast<int64_t>(engine_() % (seqs_.size() - 1));
      const int64_t seq = ++seqs_[static_cast<size_t>(org)];
      rows.entries.push_back({org, seq, NextEntryId(), row.kind, row.document_date, row.posting_date,
                              row.fiscal_year, row.hash, row.canonical});
      last_of_org[org] = {seq, &row};
      for (const auto& [account, debit, credit] : row.movements) {
        debit_total_ += debit;
        auto& sum = sums[{org, account, row.posting_date}];
        sum.first += debit;
        sum.second += credit;
      }
    }
    for (const auto& [org, last] : last_of_org) {
      rows.heads.push_back({org, last.first, last.second->hash});
      rows.series.push_back({org, last.second->fiscal_year, std::string("gl.voucher"), last.first});
    }
    for (const auto& [key, sum] : sums) {
      rows.balances.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), sum.first, sum.second});
    }
    return rows;
  }
  // The satang debited by every batch made so far.
  int64_t debit_total() const { return debit_total_; }

 private:
  // Time-ordered like the ledger's UUIDv7 ids: a counter's hex, then random bits.
  std::string NextEntryId() {
    char text[40];
    std::snprintf(text, sizeof text, "%012llx-7000-8000-%012llx", static_cast<unsigned long long>(++ids_),
                  static_cast<unsigned long long>(engine_() & 0xffff'ffff'ffffULL));
    return text;
  }

  const std::vector<PooledRow>& pool_;
  std::vector<int64_t> seqs_;
  std::mt19937_64 engine_{7};
  size_t next_ = 0;
  uint64_t ids_ = 0;
  int64_t debit_total_ = 0;
};

constexpr std::string_view kEntryColumns =
    "(org_id, seq, entry_id, kind, document_date, posting_date, fiscal_year, hash, canonical)";
constexpr std::string_view kEntryValues = " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kUpsertHead =
    "INSERT INTO ledger_heads (org_id, seq, hash) VALUES ($1, $2, $3) "
    "ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash";
constexpr std::string_view kUpsertSeries =
    "INSERT INTO ledger_number_series (org_id, fiscal_year, series, last_number) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (org_id, fiscal_year, series) DO UPDATE SET last_number = excluded.last_number";
constexpr std::string_view kUpsertBalance =
    "INSERT INTO ledger_balances (org_id, account, day, debit, credit) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (org_id, account, day) DO UPDATE SET debit = ledger_balances.debit + excluded.debit, "
    "credit = ledger_balances.credit + excluded.credit";

// The table the first three layouts write: ledger_entries with fewer indexes.
std::string ReducedEntriesTable(Layout layout) {
  std::string sql =
      "CREATE TABLE ceiling_entries (org_id INTEGER NOT NULL, seq INTEGER NOT NULL, entry_id TEXT NOT NULL";
  if (layout == Layout::kEntryId) sql += " UNIQUE";
  sql += ", kind TEXT NOT NULL, document_date TEXT NOT NULL, posting_date TEXT NOT NULL, "
         "fiscal_year INTEGER NOT NULL, hash TEXT NOT NULL, canonical TEXT NOT NULL";
  if (layout != Layout::kAppend) sql += ", PRIMARY KEY (org_id, seq)";
  return sql + ") STRICT";
}

constexpr std::string_view kTailTables =
    "CREATE TABLE ceiling_tail (org_id INTEGER NOT NULL, seq INTEGER NOT NULL, entry_id TEXT NOT NULL, "
    "kind TEXT NOT NULL, document_date TEXT NOT NULL, posting_date TEXT NOT NULL, "
    "fiscal_year INTEGER NOT NULL, hash TEXT NOT NULL, canonical TEXT NOT NULL) STRICT;"
    "CREATE TABLE ceiling_tail_movements (org_id INTEGER NOT NULL, account TEXT NOT NULL, day TEXT NOT NULL, "
    "debit INTEGER NOT NULL, credit INTEGER NOT NULL) STRICT;";

// The tail merged into the ledger's tables; SQLite's bare column beside MAX() is the row's.
constexpr std::string_view kMergeEntries =
    "INSERT INTO ledger_entries SELECT * FROM ceiling_tail ORDER BY org_id, seq;"
    "INSERT INTO ledger_heads (org_id, seq, hash) SELECT org_id, MAX(seq), hash FROM ceiling_tail "
    "  GROUP BY org_id ORDER BY org_id "
    "  ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;"
    "INSERT INTO ledger_number_series (org_id, fiscal_year, series, last_number) "
    "  SELECT org_id, fiscal_year, 'gl.voucher', MAX(seq) FROM ceiling_tail GROUP BY org_id, fiscal_year "
    "  ORDER BY org_id ON CONFLICT (org_id, fiscal_year, series) DO UPDATE SET last_number = excluded.last_number;"
    "DELETE FROM ceiling_tail;";
constexpr std::string_view kMergeBalances =
    "INSERT INTO ledger_balances (org_id, account, day, debit, credit) "
    "  SELECT org_id, account, day, SUM(debit), SUM(credit) FROM ceiling_tail_movements WHERE true "
    "  GROUP BY org_id, account, day ORDER BY org_id, account, day "
    "  ON CONFLICT (org_id, account, day) DO UPDATE SET debit = ledger_balances.debit + excluded.debit, "
    "  credit = ledger_balances.credit + excluded.credit;"
    "DELETE FROM ceiling_tail_movements;";

bool Deferred(Layout layout) { return layout == Layout::kDeferredBalances || layout == Layout::kDeferred; }

Status Merge(store::Connection& tx, Layout layout) {
  if (layout == Layout::kDeferred) KLANG_RETURN_IF_ERROR(tx.ExecuteScript(kMergeEntries));
  return tx.ExecuteScript(kMergeBalances);
}

Status WriteBatch(store::Connection& tx, Layout layout, BatchRows rows) {
  if (layout == Layout::kDeferred) {
    KLANG_RETURN_IF_ERROR(tx.InsertRows("INSERT INTO ceiling_tail" + std::string(kEntryValues), rows.entries));
    return tx.InsertRows("INSERT INTO ceiling_tail_movements VALUES ($1, $2, $3, $4, $5)", rows.balances);
  }
  const bool reduced = layout == Layout::kAppend || layout == Layout::kSeqIndex || layout == Layout::kEntryId;
  const std::string table = reduced ? "ceiling_entries " : "ledger_entries ";
  KLANG_RETURN_IF_ERROR(
      tx.InsertRows("INSERT INTO " + table + std::string(kEntryColumns) + std::string(kEntryValues), rows.entries));
  if (reduced) return Status::Ok();
  KLANG_RETURN_IF_ERROR(tx.InsertRows(kUpsertHead, rows.heads));
  KLANG_RETURN_IF_ERROR(tx.InsertRows(kUpsertSeries, rows.series));
  if (layout == Layout::kLedger) return tx.InsertRows(kUpsertBalance, rows.balances);
  if (layout == Layout::kDeferredBalances) {
    return tx.InsertRows("INSERT INTO ceiling_tail_movements VALUES ($1, $2, $3, $4, $5)", rows.balances);
  }
  return Status::Ok();
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

std::unique_ptr<store::Db> FreshStore(const std::string& dir, const LayoutKind& kind) {
  const std::string path = dir + "/" + std::string(kind.name) + ".db";
  RemoveDatabaseFiles(path);
  store::SqliteOptions options;
  options.path = path;
  auto db = store::OpenSqlite(options);
  if (!db.ok()) Die("open " + path, db.status());
  Check(store::ApplyMigrations(**db, ledger::Ledger::Migrations()), "ledger migrations");
  auto lease = (*db)->Acquire();
  if (!lease.ok()) Die("acquire", lease.status());
  if (kind.layout <= Layout::kEntryId) Check((*lease)->ExecuteScript(ReducedEntriesTable(kind.layout)), "table");
  if (Deferred(kind.layout)) Check((*lease)->ExecuteScript(kTailTables), "tail tables");
  return std::move(*db);
}

void Commit(store::Connection& connection, const std::function<Status(store::Connection&)>& work) {
  Check(connection.Begin(store::TransactionMode::kWrite), "begin");
  Status status = work(connection);
  if (!status.ok()) Die("write", status);
  Check(connection.Commit(), "commit");
}

int64_t ScalarOf(store::Connection& connection, const std::string& sql) {
  auto rows = connection.Query(sql);
  if (!rows.ok()) Die(sql, rows.status());
  return (*rows)[0].IsNull(0) ? 0 : (*rows)[0].Int(0);
}

// What was committed is there: every entry (in the tail or merged), and for the layouts with the
// balance projection every satang debited (in the projection or in the tail's movements).
void CheckLanded(store::Connection& connection, Layout layout, int64_t entries, int64_t debit_total) {
  const bool reduced = layout == Layout::kAppend || layout == Layout::kSeqIndex || layout == Layout::kEntryId;
  int64_t stored = ScalarOf(connection, reduced ? "SELECT COUNT(*) FROM ceiling_entries" : "SELECT COUNT(*) FROM ledger_entries");
  if (layout == Layout::kDeferred) stored += ScalarOf(connection, "SELECT COUNT(*) FROM ceiling_tail");
  if (stored != entries) Die(std::to_string(stored) + " entries stored, " + std::to_string(entries) + " committed");
  if (layout != Layout::kLedger && !Deferred(layout)) return;
  int64_t debits = ScalarOf(connection, "SELECT SUM(debit) FROM ledger_balances");
  if (Deferred(layout)) debits += ScalarOf(connection, "SELECT SUM(debit) FROM ceiling_tail_movements");
  if (debits != debit_total) Die("balances hold " + std::to_string(debits) + " satang of debits, " + std::to_string(debit_total) + " written");
}

void Measure(const std::string& dir, const LayoutKind& kind, const std::vector<PooledRow>& pool,
             const Settings& settings) {
  auto db = FreshStore(dir, kind);
  auto lease = db->Acquire();
  if (!lease.ok()) Die("acquire", lease.status());
  store::Connection& connection = **lease;
  RowSource source(pool, settings.orgs);
  int64_t entries = 0, in_tail = 0;
  double merge_max_s = 0;
  const double cpu_before = ProcessCpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  while (SecondsSince(start) < settings.seconds) {
    BatchRows rows = source.Next(settings.batch);
    Commit(connection, [&](store::Connection& tx) { return WriteBatch(tx, kind.layout, std::move(rows)); });
    entries += static_cast<int64_t>(settings.batch);
    in_tail += static_cast<int64_t>(settings.batch);
    if (Deferred(kind.layout) && in_tail >= settings.merge_entries) {
      const auto merge_start = std::chrono::steady_clock::now();
      Commit(connection, [&](store::Connection& tx) { return Merge(tx, kind.layout); });
      merge_max_s = std::max(merge_max_s, SecondsSince(merge_start));
      in_tail = 0;
    }
  }
  const double elapsed = SecondsSince(start);
  const double cpu = ProcessCpuSeconds() - cpu_before;
  CheckLanded(connection, kind.layout, entries, source.debit_total());
  const std::string name = "writer_ceiling_" + std::string(kind.name);
  PrintResult(name + "_entries_per_s", static_cast<double>(entries) / elapsed, "entries/s");
  PrintResult(name + "_cpu_us_per_entry", 1e6 * cpu / static_cast<double>(entries), "us", 1);
  if (Deferred(kind.layout)) PrintResult(name + "_merge_max_s", merge_max_s, "s", 2);
  Note(std::string(kind.name) + ": " + std::to_string(entries) + " entries in " + std::to_string(elapsed) +
       " s, the process " + std::to_string(static_cast<int>(100 * cpu / elapsed)) + " % of a core");
}

}  // namespace
}  // namespace klang::bench

int main(int argc, char** argv) {
  using namespace klang::bench;
  Flags flags(argc, argv);
  const std::string dir = flags.String("dir", "");
  if (dir.empty()) Die("--dir is required");
  std::string layouts;
  for (const auto& kind : kLayouts) layouts += (layouts.empty() ? "" : ",") + std::string(kind.name);
  layouts = flags.String("layouts", layouts);
  Settings settings;
  settings.batch = static_cast<size_t>(flags.Int("batch", static_cast<int64_t>(settings.batch)));
  settings.seconds = flags.Double("seconds", settings.seconds);
  settings.orgs = static_cast<int>(flags.Int("orgs", settings.orgs));
  settings.merge_entries = flags.Int("merge-entries", settings.merge_entries);
  if (settings.batch == 0 || settings.orgs < 1 || settings.merge_entries < 1) Die("--batch, --orgs and --merge-entries must be positive");
  std::filesystem::create_directories(dir);
  const std::vector<PooledRow> pool = MakeRowPool();
  for (const auto& kind : kLayouts) {
    if (Wants(layouts, kind.name)) Measure(dir, kind, pool, settings);
  }
  return 0;
}
