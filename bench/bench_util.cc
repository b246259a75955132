#include "bench/bench_util.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "accounting/chart.h"
#include "accounting/voucher.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "store/sqlite/sqlite_db.h"

namespace klang::bench {
namespace {

// Bumped whenever the dataset's shape changes, so a stale cached file is not reused.
constexpr int kDatasetVersion = 1;
constexpr size_t kBuildChunkDrafts = 20'000;

std::string ProgramName() {
  std::error_code error;
  auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string("bench") : path.filename().string();
}

const char* const kDescriptions[] = {
    "รับค่าธรรมเนียมเก็บและขนขยะมูลฝอย",
    "รับชำระภาษีที่ดินและสิ่งปลูกสร้าง",
    "นำเงินสดฝากธนาคาร",
    "จ่ายค่าวัสดุสำนักงาน (หักภาษี ณ ที่จ่าย 1%)",
    "รับเงินภาษีมูลค่าเพิ่มจัดสรร",
    "จ่ายค่าจ้างเหมาซ่อมแซมถนนในหมู่บ้าน",
    "โอนเงินอุดหนุนอาหารกลางวันโรงเรียน",
    "จ่ายค่าไฟฟ้าสำนักงานประจำเดือน",
};

}  // namespace

void PrintResult(std::string_view name, double value, std::string_view unit, int decimals) {
  std::printf("RESULT %.*s %.*f %.*s\n", static_cast<int>(name.size()), name.data(), decimals,
              value, static_cast<int>(unit.size()), unit.data());
  std::fflush(stdout);
}

void Note(const std::string& text) {
  std::fprintf(stderr, "%s: %s\n", ProgramName().c_str(), text.c_str());
}

void Die(const std::string& what, const Status& status) {
  Note("FAILED: " + what + ": " + status.ToString());
  std::exit(1);
}

void Die(const std::string& what) {
  Note("FAILED: " + what);
  std::exit(1);
}

Flags::Flags(int argc, char** argv) {
  for (int index = 1; index < argc; ++index) {
    const std::string arg = argv[index];
    const size_t equals = arg.find('=');
    if (arg.rfind("--", 0) != 0 || equals == std::string::npos) {
      Die("unknown argument '" + arg + "' (flags are --name=value)");
    }
    values_[arg.substr(2, equals - 2)] = arg.substr(equals + 1);
  }
}

std::string Flags::String(const std::string& name, const std::string& fallback) const {
  auto found = values_.find(name);
  return found == values_.end() ? fallback : found->second;
}

int64_t Flags::Int(const std::string& name, int64_t fallback) const {
  auto found = values_.find(name);
  return found == values_.end() ? fallback : std::stoll(found->second);
}

double Flags::Double(const std::string& name, double fallback) const {
  auto found = values_.find(name);
  return found == values_.end() ? fallback : std::stod(found->second);
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

void FastRandom::Fill(std::span<unsigned char> out) {
  for (size_t index = 0; index < out.size(); index += 8) {
    const uint64_t bits = engine_();
    for (size_t byte = 0; byte < 8 && index + byte < out.size(); ++byte) {
      out[index + byte] = static_cast<unsigned char>(bits >> (8 * byte));
    }
  }
}

Date RandomDateInYear(std::mt19937_64& engine) {
  return FiscalYearStart(kFiscalYear).AddDays(static_cast<int64_t>(engine() % 365));
}

std::vector<std::string> SplitList(std::string_view list) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    items.emplace_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

bool Wants(std::string_view list, std::string_view name) {
  const std::vector<std::string> items = SplitList(list);
  return std::find(items.begin(), items.end(), name) != items.end();
}

std::string SourceDir() {
  if (const char* dir = std::getenv("KLANG_SOURCE_DIR")) return dir;
  return KLANG_SOURCE_DIR_DEFAULT;
}

const std::vector<std::string>& ChartCodes() {
  static const std::vector<std::string> kCodes = [] {
    std::vector<std::string> codes;
    std::istringstream csv(ReadText(SourceDir() + "/data/chart_of_accounts.csv"));
    std::string line;
    std::getline(csv, line);  // header
    while (std::getline(csv, line)) {
      if (!line.empty()) codes.push_back(line.substr(0, line.find(',')));
    }
    if (codes.size() < 6) Die("data/chart_of_accounts.csv has fewer than 6 accounts");
    return codes;
  }();
  return kCodes;
}

ledger::EntryDraft DraftMaker::Make(int64_t org, Date date) {
  auto& engine = random_.engine();
  const auto& codes = ChartCodes();
  const size_t line_count = 2 + engine() % 5;          // 2..6
  const size_t debit_count = 1 + engine() % (line_count - 1);  // at least one of each side
  // Distinct accounts: a partial Fisher–Yates shuffle of the chart's indices.
  std::vector<size_t> picks(codes.size());
  for (size_t index = 0; index < picks.size(); ++index) picks[index] = index;
  for (size_t index = 0; index < line_count; ++index) {
    std::swap(picks[index], picks[index + engine() % (picks.size() - index)]);
  }
  std::vector<ledger::Line> lines(line_count);
  int64_t total = 0;
  for (size_t index = 0; index < debit_count; ++index) {
    const int64_t satang = 100 + static_cast<int64_t>(engine() % 5'000'000);  // 1..50,000 baht
    lines[index] = {codes[picks[index]], Money::FromSatang(satang), {}};
    total += satang;
  }
  // Split the total over the credit lines, each at least one satang.
  const size_t credit_count = line_count - debit_count;
  int64_t left = total;
  for (size_t index = 0; index < credit_count; ++index) {
    const size_t remaining_after = credit_count - index - 1;
    int64_t satang = left - static_cast<int64_t>(remaining_after);
    if (remaining_after > 0) satang = 1 + static_cast<int64_t>(engine() % static_cast<uint64_t>(satang));
    lines[debit_count + index] = {codes[picks[debit_count + index]], {}, Money::FromSatang(satang)};
    left -= satang;
  }
  ledger::EntryDraft draft;
  draft.org = org;
  draft.entry_id = NewUuid(random_);
  draft.kind = "gl.voucher";
  draft.document_date = date;
  draft.posting_date = date;
  draft.fiscal_year = FiscalYearOf(date);
  draft.number_series = {"gl.voucher"};
  draft.author = "user:" + std::to_string(1 + engine() % 50);
  draft.body = {{"description", kDescriptions[engine() % std::size(kDescriptions)]}};
  draft.lines = std::move(lines);
  return draft;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void RemoveDatabaseFiles(const std::filesystem::path& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path.string() + suffix);
  }
}

std::vector<store::Migration> BenchMigrations() {
  std::vector<store::Migration> migrations = ledger::Ledger::Migrations();
  for (const auto& m : org::OrgDirectory::Migrations()) migrations.push_back(m);
  for (const auto& m : accounting::ChartOfAccounts::Migrations()) migrations.push_back(m);
  for (const auto& m : accounting::VoucherService::Migrations()) migrations.push_back(m);
  return migrations;
}

namespace {

Result<std::optional<std::pair<int64_t, int64_t>>> ReadMeta(store::Db& db) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows tables,
      lease->Query("SELECT count(*) FROM sqlite_schema WHERE name = 'bench_meta'"));
  if (tables.empty() || tables[0].Int(0) == 0) return std::optional<std::pair<int64_t, int64_t>>();
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query("SELECT org, entries, version FROM bench_meta"));
  if (rows.size() != 1 || rows[0].Int(2) != kDatasetVersion) {
    return std::optional<std::pair<int64_t, int64_t>>();
  }
  return std::optional<std::pair<int64_t, int64_t>>({rows[0].Int(0), rows[0].Int(1)});
}

void BuildDataset(const std::filesystem::path& path, int64_t entries, int orgs) {
  RemoveDatabaseFiles(path);
  store::SqliteOptions sqlite;
  sqlite.path = path.string();
  auto opened = store::OpenSqlite(sqlite);
  if (!opened.ok()) Die("open " + path.string(), opened.status());
  std::unique_ptr<store::Db> db = std::move(opened).value();
  Check(store::ApplyMigrations(*db, BenchMigrations()), "migrations");
  org::OrgDirectory directory(*db);
  auto dla = directory.Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
  if (!dla.ok()) Die("create DLA", dla.status());
  auto province = directory.Create(dla->id, org::OrgType::kProvince, "P40",
                              "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น");
  if (!province.ok()) Die("create province", province.status());
  std::vector<int64_t> saos;
  for (int index = 0; index < orgs; ++index) {
    auto sao = directory.Create(province->id, org::OrgType::kSao,
                                index == 0 ? std::string("BENCH-1M") : "BENCH-1M-" + std::to_string(index + 1),
                                "องค์การบริหารส่วนตำบลบ้านนา");
    if (!sao.ok()) Die("create organisation", sao.status());
    saos.push_back(sao->id);
  }
  accounting::ChartOfAccounts chart(*db);
  Check(chart.ImportCsv(ReadText(SourceDir() + "/data/chart_of_accounts.csv")), "import chart");

  SystemClock clock;
  ledger::LedgerOptions options;
  options.batch_entries_max = 4'096;  // setup only: bigger transactions, fewer flushes
  ledger::Ledger ledger(*db, clock, options);
  ledger.Start();
  DraftMaker maker(20251001);
  const Date first_day = FiscalYearStart(kFiscalYear);
  const int64_t days = FiscalYearEnd(kFiscalYear).DaysSinceEpoch() - first_day.DaysSinceEpoch() + 1;
  const auto start = std::chrono::steady_clock::now();
  for (int64_t done = 0; done < entries;) {
    const int64_t chunk = std::min<int64_t>(kBuildChunkDrafts, entries - done);
    std::vector<ledger::EntryDraft> drafts;
    drafts.reserve(chunk);
    for (int64_t index = done; index < done + chunk; ++index) {
      drafts.push_back(maker.Make(saos[static_cast<size_t>(index % orgs)], first_day.AddDays(index * days / entries)));
    }
    for (const auto& result : ledger.AppendAll(std::move(drafts))) {
      if (!result.ok()) Die("append while building the dataset", result.status());
    }
    done += chunk;
    if (done % 200'000 == 0 || done == entries) {
      Note("dataset: " + std::to_string(done) + " entries appended (" +
           std::to_string(static_cast<int>(SecondsSince(start))) + " s)");
    }
  }
  ledger.Stop();
  {
    auto lease = db->Acquire();
    if (!lease.ok()) Die("acquire", lease.status());
    Check((*lease)->ExecuteScript(
              "CREATE TABLE bench_meta (org INTEGER, entries INTEGER, version INTEGER);"
              "INSERT INTO bench_meta VALUES (" + std::to_string(saos.front()) + ", " +
              std::to_string(entries) + ", " + std::to_string(kDatasetVersion) + ");"
              "PRAGMA wal_checkpoint(TRUNCATE);"),
          "write bench_meta");
  }
}

}  // namespace

MillionDataset OpenOrBuildDataset(const std::string& dir, int64_t entries, int orgs) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = std::filesystem::path(dir) /
                                     ("ledger-" + std::to_string(entries) +
                                      (orgs > 1 ? "-" + std::to_string(orgs) + "orgs" : std::string()) + "-v" +
                                      std::to_string(kDatasetVersion) + ".db");
  if (!std::filesystem::exists(path)) {
    Note("building the " + std::to_string(entries) + "-entry dataset at " + path.string() +
         " (once; later runs reuse it)");
    const auto start = std::chrono::steady_clock::now();
    const std::filesystem::path building = path.string() + ".building";
    BuildDataset(building, entries, orgs);  // closes the database before returning
    std::filesystem::rename(building, path);
    RemoveDatabaseFiles(building);
    Note("dataset built in " + std::to_string(static_cast<int>(SecondsSince(start))) + " s");
  }
  store::SqliteOptions sqlite;
  sqlite.path = path.string();
  auto opened = store::OpenSqlite(sqlite);
  if (!opened.ok()) Die("open " + path.string(), opened.status());
  MillionDataset dataset;
  dataset.db = std::move(opened).value();
  Check(store::ApplyMigrations(*dataset.db, BenchMigrations()), "migrations");
  auto meta = ReadMeta(*dataset.db);
  if (!meta.ok()) Die("read bench_meta", meta.status());
  if (!meta->has_value() || (*meta)->second != entries) {
    Die(path.string() + " is not a finished dataset; delete it and run again");
  }
  dataset.org = (*meta)->first;
  dataset.entries = (*meta)->second;
  return dataset;
}

}  // namespace klang::bench
