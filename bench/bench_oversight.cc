// bench_oversight — the currency tables of oversight (issue 17) on a national SQLite book: 30,000
// organisations (the DLA, 77 provinces, one of 300 LAOs and the rest spread over the other 76), each
// with `--entries-per-org` general vouchers over FY 2570 up to a last posting 0–40 days before
// "today" (1 December 2026), October closed for two in three, this year's budget drafted, adopted
// and approved through the budget service for nine in ten, and the daily report of the last
// posting day made by three in four; appended through the real ledger with the budget and currency
// projections registered, as `klang serve` appends them.
//
// Figures (medians of `--runs`):
//   oversight_province_ms          OversightService::Table for the province of 300 (target < 100 ms)
//   oversight_national_ms          OversightService::National for the 30,000 (target < 1 s)
//   oversight_province_scan_ms     the baselines in the same run: the same facts folded by reading
//   oversight_national_scan_ms     every entry of those organisations (Ledger::List), which the
//                                  tables would cost without the projection; the scan must find
//                                  the same facts as the projection, or the program fails
//   oversight_province_speedup_x   scan ÷ projection
//   oversight_national_speedup_x
//   oversight_append_with_per_s    what the projection costs the writer: `--append-entries` general
//   oversight_append_without_per_s vouchers over 1,000 organisations from 32 threads (durable
//   oversight_append_cost_pct      group commit) into a fresh book with and without the currency
//                                  projection, in the same run; the cost is 1 − with ÷ without
//
//   bench_oversight --data-dir=DIR [--orgs=30000] [--province-orgs=300] [--entries-per-org=10] [--runs=5]
//                   [--append-entries=20000]
//
// The dataset (DIR/oversight-<orgs>-<entries>-v<version>.db) is built once and reused.
#include <atomic>
#include <mutex>
#include <filesystem>
#include <random>
#include <thread>

#include "bench/bench_catalogs.h"
#include "bench/bench_util.h"
#include "budget/budget.h"
#include "budget/kinds.h"
#include "closing/kinds.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "oversight/oversight.h"
#include "store/sqlite/sqlite_db.h"

namespace klang::bench {
namespace {

constexpr int kDatasetVersion = 3;  // 3: the currency row keeps closed months per year
constexpr int kBudgetThreads = 16;  // budget acts in parallel, so the group commit batches them
constexpr int kProvinces = 77;
constexpr int64_t kToday = 1796086800000;  // 1 December 2026, 10:00 in Bangkok (FY 2570)
constexpr size_t kBuildChunkDrafts = 20'000;
constexpr int kLagDaysMax = 40;

std::unique_ptr<store::Db> Open(const std::filesystem::path& path) {
  store::SqliteOptions sqlite;
  sqlite.path = path.string();
  auto opened = store::OpenSqlite(sqlite);
  if (!opened.ok()) Die("open " + path.string(), opened.status());
  std::vector<store::Migration> migrations = BenchMigrations();
  for (auto& m : budget::BudgetService::Migrations()) migrations.push_back(m);
  for (auto& m : oversight::OversightService::Migrations()) migrations.push_back(m);
  Check(store::ApplyMigrations(**opened, migrations), "migrations");
  return std::move(opened).value();
}

// A Random several threads may share.
class LockedRandom final : public Random {
 public:
  explicit LockedRandom(Random& inner) : inner_(inner) {}
  void Fill(std::span<unsigned char> out) override {
    std::lock_guard lock(mutex_);
    inner_.Fill(out);
  }

 private:
  Random& inner_;
  std::mutex mutex_;
};

// This year's budget of `org`, drafted in August, adopted and approved.
void ApproveBudget(budget::BudgetService& budgets, int64_t org) {
  const accounting::Actor head{1, "ผู้อำนวยการกองคลัง (bench)"};
  budget::BudgetInput input;
  input.org = org;
  input.kind = "annual";
  input.fiscal_year = 2570;
  input.title = "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570";
  input.date = "2026-08-15";
  input.lines = {{"00111", "533000", "ค่าวัสดุสำนักงาน", "เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ", "50,000"}};
  input.estimates = {{"412001", "36,000", "ตามปีที่ผ่านมา"}};
  auto created = budgets.Create(input, head);
  if (!created.ok()) Die("budget", created.status());
  Check(budgets.Adopt(org, created->id, {"", "2026-08-27", "มติสภาฯ"}, head).status(), "adopt");
  Check(budgets.Approve(org, created->id, {"", "2026-09-01", "นายอำเภอ", "ขก 0023/1"}, head).status(), "approve");
}

oversight::OversightConfig Config() {
  auto rules = oversight::RuleTable::FromCsv(ReadText(SourceDir() + "/data/oversight_rules.csv"));
  if (!rules.ok()) Die("oversight rules", rules.status());
  auto categories = oversight::OversightConfig::CategoriesFromCsv(
      ReadText(SourceDir() + "/data/oversight_problem_categories.csv"));
  if (!categories.ok()) Die("categories", categories.status());
  return {std::move(rules).value(), std::move(categories).value()};
}

void Build(const std::filesystem::path& path, int orgs_total, int province_orgs, int per_org) {
  auto db = Open(path);
  ManualClock clock(kToday);
  org::OrgDirectory orgs(*db);
  oversight::OversightService oversight(*db, orgs, clock, Config());
  ledger::Ledger ledger(*db, clock);
  FastRandom fast(3);
  LockedRandom ids(fast);  // the budget service draws entry ids from several threads
  budget::BudgetService budgets(ledger, orgs, BudgetCatalogOfData(), RevenueCatalogOfData(), clock, ids);
  ledger.AddProjection(budgets.projection());
  ledger.AddProjection(oversight.projection());
  ledger.Start();
  auto dla = orgs.Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
  if (!dla.ok()) Die("dla", dla.status());
  std::vector<int64_t> provinces;
  for (int p = 0; p < kProvinces; ++p) {
    auto province = orgs.Create(dla->id, org::OrgType::kProvince, "P" + std::to_string(p + 1),
                                "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด " + std::to_string(p + 1));
    if (!province.ok()) Die("province", province.status());
    provinces.push_back(province->id);
  }
  DraftMaker maker(7);
  std::mt19937_64 random(11);
  std::vector<ledger::EntryDraft> drafts;
  auto flush = [&] {
    for (const auto& result : ledger.AppendAll(std::move(drafts))) Check(result.status(), "append");
    drafts.clear();
  };
  const Date first = FiscalYearStart(2570);
  const Date today = ThaiDateFromUnixSeconds(kToday / 1000);
  std::vector<int64_t> laos;
  for (int i = 0; i < orgs_total; ++i) {
    const int64_t province = i < province_orgs ? provinces[0] : provinces[1 + i % (kProvinces - 1)];
    auto lao = orgs.Create(province, org::OrgType::kSao, "L" + std::to_string(i + 1),
                           "องค์การบริหารส่วนตำบลที่ " + std::to_string(i + 1));
    if (!lao.ok()) Die("lao", lao.status());
    const Date last = today.AddDays(-static_cast<int64_t>(random() % kLagDaysMax));
    const int64_t span = last.DaysSinceEpoch() - first.DaysSinceEpoch();
    for (int e = 0; e < per_org; ++e) {
      drafts.push_back(maker.Make(lao->id, first.AddDays(span * (e + 1) / per_org)));
    }
    if (random() % 3 != 0) {
      ledger::EntryDraft close = maker.Make(lao->id, Date::ParseIso("2026-10-31").value());
      close.kind = closing::kKindMonthClose;
      close.lines.clear();
      close.number_series.clear();
      close.body = {{"month", "2026-10"}, {"by_name", "bench"}};
      drafts.push_back(std::move(close));
    }
    if (drafts.size() >= kBuildChunkDrafts) flush();
    if (random() % 4 != 0) Check(oversight.RecordReportMade(lao->id, oversight::kReportDailyStatus, last.ToIso(), 1), "report");
    laos.push_back(lao->id);
  }
  flush();
  // Nine in ten approve their budget (the budget service, from threads: one draws ids at a time).
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kBudgetThreads; ++t) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < laos.size(); i = next++) {
        if (i % 10 != 9) ApproveBudget(budgets, laos[i]);
      }
    });
  }
  for (auto& thread : threads) thread.join();
}

// The facts of `ids` folded from every entry of each, as the tables would cost without the
// projection.
std::map<int64_t, oversight::LedgerFacts> Scan(ledger::Ledger& ledger, const std::vector<int64_t>& ids) {
  std::map<int64_t, oversight::LedgerFacts> out;
  constexpr size_t kPage = 1000;
  for (int64_t id : ids) {
    oversight::LedgerFacts& facts = out[id];
    facts.org = id;
    int64_t after = 0;
    std::map<int64_t, int> annual;  // budget id (its entry's seq) → fiscal year, as verify folds it
    while (true) {
      auto entries = ledger.List(id, after, kPage);
      if (!entries.ok()) Die("list", entries.status());
      for (const auto& entry : *entries) {
        if (entry.kind == budget::kKindBudget && ledger::BodyText(entry.body, "kind") == budget::kAnnual) {
          annual[entry.seq] = static_cast<int>(ledger::BodyInt(entry.body, "fiscal_year"));
        }
        Check(facts.Fold(entry, [&](int64_t budget) -> Result<int> { return annual.count(budget) ? annual[budget] : 0; }),
              "fold");
      }
      if (entries->size() < kPage) break;
      after = entries->back().seq;
    }
  }
  return out;
}

// Entries a second appended by `threads` threads over `orgs` organisations into a fresh book, with
// or without the currency projection.
double AppendRate(const std::filesystem::path& path, bool with_projection, int orgs_count, int entries) {
  constexpr int kThreads = 32;
  RemoveDatabaseFiles(path);
  auto db = Open(path);
  ManualClock clock(kToday);
  org::OrgDirectory orgs(*db);
  oversight::OversightService oversight(*db, orgs, clock, Config());
  ledger::Ledger ledger(*db, clock);
  if (with_projection) ledger.AddProjection(oversight.projection());
  ledger.Start();
  auto dla = orgs.Create(0, org::OrgType::kDla, "DLA", "สถ.");
  auto province = orgs.Create(dla->id, org::OrgType::kProvince, "P1", "สถ.จ.");
  std::vector<int64_t> ids;
  for (int i = 0; i < orgs_count; ++i) {
    auto lao = orgs.Create(province->id, org::OrgType::kSao, "A" + std::to_string(i), "อบต. " + std::to_string(i));
    if (!lao.ok()) Die("lao", lao.status());
    ids.push_back(lao->id);
  }
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  const Date today = ThaiDateFromUnixSeconds(kToday / 1000);
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      DraftMaker maker(100 + t);
      for (int i = next++; i < entries; i = next++) {
        Check(ledger.Append(maker.Make(ids[i % ids.size()], today.AddDays(-(i % 30)))).status(), "append");
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const double rate = entries / SecondsSince(start);
  RemoveDatabaseFiles(path);
  return rate;
}

}  // namespace
}  // namespace klang::bench

int main(int argc, char** argv) {
  using namespace klang;
  using namespace klang::bench;
  const Flags flags(argc, argv);
  const std::string dir = flags.String("data-dir", "");
  if (dir.empty()) Die("--data-dir is required");
  const int orgs_total = static_cast<int>(flags.Int("orgs", 30'000));
  const int province_orgs = static_cast<int>(flags.Int("province-orgs", 300));
  const int per_org = static_cast<int>(flags.Int("entries-per-org", 10));
  const int runs = static_cast<int>(flags.Int("runs", 5));
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = std::filesystem::path(dir) /
      ("oversight-" + std::to_string(orgs_total) + "-" + std::to_string(per_org) + "-v" +
       std::to_string(kDatasetVersion) + ".db");
  if (!std::filesystem::exists(path)) {
    Note("building " + path.string() + " (once; later runs reuse it)");
    const auto start = std::chrono::steady_clock::now();
    const std::filesystem::path building = path.string() + ".building";
    RemoveDatabaseFiles(building);
    Build(building, orgs_total, province_orgs, per_org);
    std::filesystem::rename(building, path);
    RemoveDatabaseFiles(building);
    Note("built in " + std::to_string(static_cast<int>(SecondsSince(start))) + " s");
  }
  auto db = Open(path);
  ManualClock clock(kToday);
  org::OrgDirectory orgs(*db);
  oversight::OversightService oversight(*db, orgs, clock, Config());
  ledger::Ledger ledger(*db, clock);
  ledger.AddProjection(oversight.projection());
  ledger.Start();
  auto all = orgs.List();
  if (!all.ok()) Die("orgs", all.status());
  int64_t province = 0;
  std::vector<int64_t> province_ids, national_ids;
  for (const auto& one : *all) {
    if (one.type == org::OrgType::kProvince && one.code == "P1") province = one.id;
  }
  for (const auto& one : *all) {
    if (!org::KeepsBooks(one.type)) continue;
    national_ids.push_back(one.id);
    if (one.parent_id == province) province_ids.push_back(one.id);
  }
  Note(std::to_string(national_ids.size()) + " organisations, " + std::to_string(province_ids.size()) +
       " in the province");

  std::vector<double> province_ms, national_ms;
  size_t province_rows = 0;
  oversight::StandingCounts counts;
  for (int run = 0; run < runs; ++run) {
    auto start = std::chrono::steady_clock::now();
    auto table = oversight.Table(province, {});
    if (!table.ok()) Die("province table", table.status());
    province_ms.push_back(SecondsSince(start) * 1000);
    province_rows = table->size();
    start = std::chrono::steady_clock::now();
    auto national = oversight.National();
    if (!national.ok()) Die("national table", national.status());
    national_ms.push_back(SecondsSince(start) * 1000);
    counts = {};
    for (const auto& one : *national) {
      counts += one.counts;
    }
  }
  if (province_rows != province_ids.size() || counts.total() != static_cast<int64_t>(national_ids.size())) {
    Die("the tables do not cover every organisation");
  }
  Note("national: " + std::to_string(counts.current) + " current, " + std::to_string(counts.behind) + " behind, " +
       std::to_string(counts.help) + " needing help");

  // The baselines: the same facts by reading every entry; they must equal the projection's.
  auto start = std::chrono::steady_clock::now();
  auto province_scan = Scan(ledger, province_ids);
  const double province_scan_ms = SecondsSince(start) * 1000;
  start = std::chrono::steady_clock::now();
  auto national_scan = Scan(ledger, national_ids);
  const double national_scan_ms = SecondsSince(start) * 1000;
  auto lease = db->Acquire();
  if (!lease.ok()) Die("lease", lease.status());
  auto projected = oversight::ReadLedgerFacts(**lease, {}, /*all=*/true);
  if (!projected.ok()) Die("read facts", projected.status());
  for (auto& [id, facts] : national_scan) {
    auto found = projected->find(id);
    if (found == projected->end()) Die("no projected facts for organisation " + std::to_string(id));
    oversight::LedgerFacts stored = found->second;
    if (!(stored == facts)) Die("the projection differs from the scan for organisation " + std::to_string(id));
  }
  const double province_median = Median(province_ms), national_median = Median(national_ms);
  PrintResult("oversight_province_ms", province_median, "ms", 1);
  PrintResult("oversight_national_ms", national_median, "ms", 1);
  PrintResult("oversight_province_scan_ms", province_scan_ms, "ms", 1);
  PrintResult("oversight_national_scan_ms", national_scan_ms, "ms", 1);
  PrintResult("oversight_province_speedup_x", province_scan_ms / province_median, "x", 1);
  PrintResult("oversight_national_speedup_x", national_scan_ms / national_median, "x", 1);

  const int append_entries = static_cast<int>(flags.Int("append-entries", 20'000));
  constexpr int kAppendOrgs = 1'000;
  const double without = AppendRate(std::filesystem::path(dir) / "oversight-append.db", false, kAppendOrgs, append_entries);
  const double with = AppendRate(std::filesystem::path(dir) / "oversight-append.db", true, kAppendOrgs, append_entries);
  PrintResult("oversight_append_without_per_s", without, "entries/s");
  PrintResult("oversight_append_with_per_s", with, "entries/s");
  PrintResult("oversight_append_cost_pct", 100.0 * (1.0 - with / without), "%", 1);
  return 0;
}
