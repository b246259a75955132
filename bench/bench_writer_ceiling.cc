// bench_writer_ceiling — how many entries a second SQLite's one writer can commit durably, layout
// by layout, when it does nothing else: no drafts made, no canonical bytes encoded, no chain
// hashes computed, no look-ups of heads, series or entry ids, no appender threads. It bounds what
// a faster writer could reach on a machine like this one without storing less (issue 20:
// `ratio_sqlite_vs_naive_pg` ≥ 10×), under the settings below; it is not a bound for other batch
// sizes, page sizes or files that have grown for years.
//
// The rows are made before the clock starts: real canonical bytes, chain hashes and balance
// movements of DraftMaker's vouchers (2–6 lines, dates across FY 2569, as in bench_posting),
// reused in turn. Each use goes to a random organisation among `--orgs` (1,000) as the next seq
// of its chain, with a fresh UUIDv7 entry id; the reused bytes name other organisations and seqs
// than the rows that carry them, which costs the store the same. Each layout is a fresh file of
// the store's own SQLite (WAL, synchronous=FULL, 4-KiB pages, the WAL frames gathered per commit),
// committed in batches of `--batch` entries (52: the mean batch of bench_posting's 64 appenders;
// the largest is 64). Each layout adds to the one before:
//
//   append             the entries in a rowid table and nothing else (no index)
//   seq_index          + the (org_id, seq) primary key
//   entry_id           + entry_id UNIQUE: ledger_entries as stored
//   heads_series       + the chain heads and the number series (the ledger's tables from here on;
//                      one upsert per organisation of a batch)
//   ledger             + the balance projection (one upsert per organisation, account and day of a
//                      batch): the ledger's writes as they are
//   deferred_balances  the ledger's entries, heads and series as they are; each batch's balance
//                      movements appended to an unindexed tail table instead, merged into the
//                      projection every `--merge-entries` (32,768) entries in one transaction
//   deferred           every table deferred: each batch's entries and movements appended to two
//                      unindexed tail tables, merged into the ledger's tables every
//                      `--merge-entries` — an LSM-like layout the ledger does not have
//
// A deferred layout merges what is left in its tail before the clock stops, so every entry
// counted has paid for its merge. Appends wait while a merge holds the write lock: the longest
// merge is printed. At the end each layout checks what it committed: the entry count; the heads
// (one per organisation, each its chain's last entry with its hash, the seqs adding up to the
// entries), the number series, and the debits and credits of the projection.
//
// Prints `RESULT writer_ceiling_<layout>_entries_per_s` and the process's CPU per entry; for the
// deferred layouts also the longest merge. bench/run writer_ceiling adds the naive PostgreSQL
// baseline of bench_posting, measured in the same run, and each layout's ratio to it.
//
//   bench_writer_ceiling --dir=DIR [--layouts=append,seq_index,...] [--batch=52] [--seconds=8]
//                        [--orgs=1000] [--merge-entries=32768]
#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

#include "bench/bench_util.h"
#include "ledger/ledger.h"
#include "store/sqlite/sqlite_db.h"

namespace klang::bench {
namespace {

constexpr size_t kRowPoolSize = 16'384;      // distinct vouchers made before the clock starts
constexpr uint64_t kPoolSeed = 11;           // DraftMaker's seed for the pool
constexpr uint64_t kPlacementSeed = 7;       // which organisation each use of a row goes to
constexpr int64_t kPoolRecordedFromMs = 1'767'225'600'000;  // 1 Jan 2026, 00:00 UTC

// Where a layout's entries go.
enum class EntriesTable {
  kOwn,     // ceiling_entries, with the layout's own indexes
  kLedger,  // ledger_entries (Ledger::Migrations)
  kTail,    // ceiling_tail, merged into ledger_entries
};

struct LayoutKind {
  std::string_view name;
  EntriesTable entries;
  bool seq_key = false;          // kOwn: PRIMARY KEY (org_id, seq)
  bool unique_entry_id = false;  // kOwn: entry_id UNIQUE
  bool heads_series = false;     // heads and number series upserted with each batch
  bool balances = false;         // the balance projection upserted with each batch
  bool tail_movements = false;   // balance movements appended to the tail, merged later

  bool deferred() const { return entries == EntriesTable::kTail || tail_movements; }
  bool ledger_tables() const { return entries != EntriesTable::kOwn; }
};

constexpr LayoutKind kLayouts[] = {
    {.name = "append", .entries = EntriesTable::kOwn},
    {.name = "seq_index", .entries = EntriesTable::kOwn, .seq_key = true},
    {.name = "entry_id", .entries = EntriesTable::kOwn, .seq_key = true, .unique_entry_id = true},
    {.name = "heads_series", .entries = EntriesTable::kLedger, .heads_series = true},
    {.name = "ledger", .entries = EntriesTable::kLedger, .heads_series = true, .balances = true},
    {.name = "deferred_balances", .entries = EntriesTable::kLedger, .heads_series = true, .tail_movements = true},
    {.name = "deferred", .entries = EntriesTable::kTail, .tail_movements = true},  // heads, series: merged
};

struct Settings {
  size_t batch = 52;
  double seconds = 8;
  int orgs = 1'000;
  int64_t merge_entries = 32'768;
};

// One voucher's stored parts, as the ledger's writer holds them (organisation and seq apart).
struct PooledRow {
  std::string kind, series, document_date, posting_date, hash, canonical;
  int64_t fiscal_year = 0;
  std::vector<std::tuple<std::string, int64_t, int64_t>> movements;  // account, debit, credit
};

std::vector<PooledRow> MakeRowPool() {
  DraftMaker maker(kPoolSeed);
  std::vector<PooledRow> pool;
  pool.reserve(kRowPoolSize);
  std::string previous = ledger::GenesisHash();
  for (size_t index = 0; index < kRowPoolSize; ++index) {
    // The organisation is chosen at each use; the pool's rows are all made as organisation 1's.
    const ledger::EntryDraft draft = maker.Make(1, RandomDateInYear(maker.random().engine()));
    const int64_t seq = static_cast<int64_t>(index) + 1;
    std::map<std::string, int64_t> numbers;
    for (const auto& series : draft.number_series) numbers[series] = seq;
    // The canonical bytes as the ledger's writer joins them (ledger/entry.h, CanonicalFrame).
    PooledRow row{draft.kind, draft.number_series.front(), draft.document_date.ToIso(), draft.posting_date.ToIso(), "",
                  ledger::AssembleCanonical(ledger::CanonicalFrameOf(draft), numbers, kPoolRecordedFromMs + seq, seq),
                  draft.fiscal_year, {}};
    row.hash = ledger::ChainHash(previous, row.canonical);
    previous = row.hash;
    for (const auto& line : draft.lines) row.movements.emplace_back(line.account, line.debit.satang(), line.credit.satang());
    if (!pool.empty() && row.series != pool.front().series) Die("the pooled vouchers use more than one number series");
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
  RowSource(const std::vector<PooledRow>& pool, int orgs)
      : pool_(pool), seqs_(static_cast<size_t>(orgs) + 1, 0), ids_(kPlacementSeed) {}

  BatchRows Next(size_t batch) {
    BatchRows rows;
    std::map<int64_t, std::pair<int64_t, const PooledRow*>> last_of_org;
    std::map<std::tuple<int64_t, std::string, std::string>, std::pair<int64_t, int64_t>> sums;
    for (size_t index = 0; index < batch; ++index) {
      const PooledRow& row = pool_[next_++ % pool_.size()];
      const int64_t org = 1 + static_cast<int64_t>(ids_.engine()() % (seqs_.size() - 1));
      const int64_t seq = ++seqs_[static_cast<size_t>(org)];
      rows.entries.push_back({org, seq, NewUuid(ids_), row.kind, row.document_date, row.posting_date,
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
      rows.series.push_back({org, last.second->fiscal_year, last.second->series, last.first});
    }
    for (const auto& [key, sum] : sums) {
      rows.balances.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), sum.first, sum.second});
    }
    return rows;
  }
  // The satang debited (and so credited) by every batch made so far.
  int64_t debit_total() const { return debit_total_; }
  // The organisations given at least one entry.
  int64_t orgs_used() const {
    return std::count_if(seqs_.begin(), seqs_.end(), [](int64_t seq) { return seq > 0; });
  }

 private:
  const std::vector<PooledRow>& pool_;
  std::vector<int64_t> seqs_;
  FastRandom ids_;  // entry ids and placements
  size_t next_ = 0;
  int64_t debit_total_ = 0;
};

constexpr std::string_view kEntryColumns =
    " (org_id, seq, entry_id, kind, document_date, posting_date, fiscal_year, hash, canonical)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
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
constexpr std::string_view kAppendMovement =
    "INSERT INTO ceiling_tail_movements (org_id, account, day, debit, credit) VALUES ($1, $2, $3, $4, $5)";

// ledger_entries' columns (Ledger::Migrations), for the tables of the layouts that are not it.
constexpr std::string_view kEntriesTableColumns =
    "org_id INTEGER NOT NULL, seq INTEGER NOT NULL, entry_id TEXT NOT NULL, kind TEXT NOT NULL, "
    "document_date TEXT NOT NULL, posting_date TEXT NOT NULL, fiscal_year INTEGER NOT NULL, "
    "hash TEXT NOT NULL, canonical TEXT NOT NULL";

std::string OwnEntriesTable(const LayoutKind& kind) {
  std::string sql = "CREATE TABLE ceiling_entries (" + std::string(kEntriesTableColumns);
  if (kind.unique_entry_id) sql += ", UNIQUE (entry_id)";
  if (kind.seq_key) sql += ", PRIMARY KEY (org_id, seq)";
  return sql + ") STRICT";
}

std::string TailTables() {
  return "CREATE TABLE ceiling_tail (" + std::string(kEntriesTableColumns) + ") STRICT;"
         "CREATE TABLE ceiling_tail_movements (org_id INTEGER NOT NULL, account TEXT NOT NULL, "
         "day TEXT NOT NULL, debit INTEGER NOT NULL, credit INTEGER NOT NULL) STRICT;";
}

// The tail merged into the ledger's tables. SQLite's bare column beside MAX() is that row's; each
// SELECT has a WHERE so that its upsert's ON CONFLICT cannot be read as a join's ON. `series` is
// the one number series of every pooled row (DraftMaker's vouchers).
std::string MergeEntriesSql(std::string_view series) {
  return "INSERT INTO ledger_entries SELECT * FROM ceiling_tail WHERE true ORDER BY org_id, seq;"
         "INSERT INTO ledger_heads (org_id, seq, hash) SELECT org_id, MAX(seq), hash FROM ceiling_tail "
         "  WHERE true GROUP BY org_id ORDER BY org_id "
         "  ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;"
         "INSERT INTO ledger_number_series (org_id, fiscal_year, series, last_number) "
         "  SELECT org_id, fiscal_year, '" + std::string(series) + "', MAX(seq) FROM ceiling_tail WHERE true "
         "  GROUP BY org_id, fiscal_year ORDER BY org_id "
         "  ON CONFLICT (org_id, fiscal_year, series) DO UPDATE SET last_number = excluded.last_number;"
         "DELETE FROM ceiling_tail;";
}
constexpr std::string_view kMergeBalances =
    "INSERT INTO ledger_balances (org_id, account, day, debit, credit) "
    "  SELECT org_id, account, day, SUM(debit), SUM(credit) FROM ceiling_tail_movements WHERE true "
    "  GROUP BY org_id, account, day ORDER BY org_id, account, day "
    "  ON CONFLICT (org_id, account, day) DO UPDATE SET debit = ledger_balances.debit + excluded.debit, "
    "  credit = ledger_balances.credit + excluded.credit;"
    "DELETE FROM ceiling_tail_movements;";

Status Merge(store::Connection& tx, const LayoutKind& kind, std::string_view series) {
  if (kind.entries == EntriesTable::kTail) KLANG_RETURN_IF_ERROR(tx.ExecuteScript(MergeEntriesSql(series)));
  return tx.ExecuteScript(kMergeBalances);
}

std::string_view EntriesTableName(const LayoutKind& kind) {
  switch (kind.entries) {
    case EntriesTable::kOwn: return "ceiling_entries";
    case EntriesTable::kLedger: return "ledger_entries";
    case EntriesTable::kTail: return "ceiling_tail";
  }
  return "";
}

Status WriteBatch(store::Connection& tx, const LayoutKind& kind, const BatchRows& rows) {
  KLANG_RETURN_IF_ERROR(tx.InsertRows("INSERT INTO " + std::string(EntriesTableName(kind)) + std::string(kEntryColumns),
                                      rows.entries));
  if (kind.heads_series) {
    KLANG_RETURN_IF_ERROR(tx.InsertRows(kUpsertHead, rows.heads));
    KLANG_RETURN_IF_ERROR(tx.InsertRows(kUpsertSeries, rows.series));
  }
  if (kind.balances) KLANG_RETURN_IF_ERROR(tx.InsertRows(kUpsertBalance, rows.balances));
  if (kind.tail_movements) KLANG_RETURN_IF_ERROR(tx.InsertRows(kAppendMovement, rows.balances));
  return Status::Ok();
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
  if (kind.entries == EntriesTable::kOwn) Check((*lease)->ExecuteScript(OwnEntriesTable(kind)), "entries table");
  if (kind.deferred()) Check((*lease)->ExecuteScript(TailTables()), "tail tables");
  return std::move(*db);
}

void Commit(store::Connection& connection, const std::function<Status(store::Connection&)>& work) {
  Check(connection.Begin(store::TransactionMode::kWrite), "begin");
  Status status = work(connection);
  if (!status.ok()) Die("write", status);
  Check(connection.Commit(), "commit");
}

int64_t ScalarOf(store::Connection& connection, const std::string& sql, size_t column = 0) {
  auto rows = connection.Query(sql);
  if (!rows.ok()) Die(sql, rows.status());
  return (*rows)[0].IsNull(column) ? 0 : (*rows)[0].Int(column);
}

void Expect(int64_t stored, int64_t written, const std::string& what) {
  if (stored != written) Die(what + ": " + std::to_string(stored) + " stored, " + std::to_string(written) + " written");
}

// What was committed is there, every tail merged (see the head of this file).
void CheckLanded(store::Connection& connection, const LayoutKind& kind, int64_t entries, const RowSource& source) {
  const std::string_view table = kind.entries == EntriesTable::kTail ? "ledger_entries" : EntriesTableName(kind);
  Expect(ScalarOf(connection, "SELECT COUNT(*) FROM " + std::string(table)), entries, "entries");
  if (!kind.ledger_tables()) return;
  Expect(ScalarOf(connection, "SELECT COUNT(*) FROM ledger_heads"), source.orgs_used(), "heads");
  Expect(ScalarOf(connection, "SELECT SUM(seq) FROM ledger_heads"), entries, "the heads' seqs");
  Expect(ScalarOf(connection,
                  "SELECT COUNT(*) FROM ledger_heads h JOIN ledger_entries e ON e.org_id = h.org_id "
                  "AND e.seq = h.seq AND e.hash = h.hash WHERE NOT EXISTS (SELECT 1 FROM ledger_entries n "
                  "WHERE n.org_id = h.org_id AND n.seq > h.seq)"),
         source.orgs_used(), "heads that are their chain's last entry");
  Expect(ScalarOf(connection, "SELECT SUM(last_number) FROM ledger_number_series"), entries, "the series' numbers");
  if (!kind.balances && !kind.tail_movements) return;
  const std::string sums = "SELECT SUM(debit), SUM(credit) FROM ledger_balances";
  Expect(ScalarOf(connection, sums, 0), source.debit_total(), "satang debited");
  Expect(ScalarOf(connection, sums, 1), source.debit_total(), "satang credited");
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Merges {
  int count = 0;
  double longest_s = 0;

  void Run(store::Connection& connection, const LayoutKind& kind, std::string_view series) {
    const auto start = std::chrono::steady_clock::now();
    Commit(connection, [&](store::Connection& tx) { return Merge(tx, kind, series); });
    longest_s = std::max(longest_s, SecondsSince(start));
    ++count;
  }
};

void Report(const LayoutKind& kind, int64_t entries, double elapsed, double cpu, const Merges& merges) {
  const std::string name = "writer_ceiling_" + std::string(kind.name);
  PrintResult(name + "_entries_per_s", static_cast<double>(entries) / elapsed, "entries/s");
  PrintResult(name + "_cpu_us_per_entry", 1e6 * cpu / static_cast<double>(entries), "us", 1);
  if (kind.deferred()) PrintResult(name + "_merge_max_s", merges.longest_s, "s", 2);
  Note(std::string(kind.name) + ": " + std::to_string(entries) + " entries in " + std::to_string(elapsed) +
       " s, " + std::to_string(merges.count) + " merges, the process " +
       std::to_string(static_cast<int>(100 * cpu / elapsed)) + " % of a core");
}

void Measure(const std::string& dir, const LayoutKind& kind, const std::vector<PooledRow>& pool,
             const Settings& settings) {
  auto db = FreshStore(dir, kind);
  auto lease = db->Acquire();
  if (!lease.ok()) Die("acquire", lease.status());
  store::Connection& connection = **lease;
  RowSource source(pool, settings.orgs);
  int64_t entries = 0, in_tail = 0;
  Merges merges;
  const double cpu_before = ProcessCpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  while (SecondsSince(start) < settings.seconds) {
    const BatchRows rows = source.Next(settings.batch);
    Commit(connection, [&](store::Connection& tx) { return WriteBatch(tx, kind, rows); });
    entries += static_cast<int64_t>(settings.batch);
    in_tail += static_cast<int64_t>(settings.batch);
    if (kind.deferred() && in_tail >= settings.merge_entries) {
      merges.Run(connection, kind, pool.front().series);
      in_tail = 0;
    }
  }
  if (kind.deferred() && in_tail > 0) merges.Run(connection, kind, pool.front().series);  // every entry counted pays its merge
  const double elapsed = SecondsSince(start);
  const double cpu = ProcessCpuSeconds() - cpu_before;
  CheckLanded(connection, kind, entries, source);
  Report(kind, entries, elapsed, cpu, merges);
}

}  // namespace
}  // namespace klang::bench

int main(int argc, char** argv) {
  using namespace klang::bench;
  Flags flags(argc, argv);
  const std::string dir = flags.String("dir", "");
  if (dir.empty()) Die("--dir is required");
  std::string all;
  for (const auto& kind : kLayouts) all += (all.empty() ? "" : ",") + std::string(kind.name);
  const std::string layouts = flags.String("layouts", all);
  for (const std::string& name : SplitList(layouts)) {  // a misspelt layout would measure nothing
    if (!Wants(all, name)) Die("unknown layout '" + name + "' (one of " + all + ")");
  }
  Settings settings;
  settings.batch = static_cast<size_t>(flags.Int("batch", static_cast<int64_t>(settings.batch)));
  settings.seconds = flags.Double("seconds", settings.seconds);
  settings.orgs = static_cast<int>(flags.Int("orgs", settings.orgs));
  settings.merge_entries = flags.Int("merge-entries", settings.merge_entries);
  if (settings.batch == 0 || settings.orgs < 1 || settings.merge_entries < 1) {
    Die("--batch, --orgs and --merge-entries must be positive");
  }
  std::filesystem::create_directories(dir);
  const std::vector<PooledRow> pool = MakeRowPool();
  for (const auto& kind : kLayouts) {
    if (Wants(layouts, kind.name)) Measure(dir, kind, pool, settings);
  }
  return 0;
}
