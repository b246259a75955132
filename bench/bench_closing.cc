// bench_closing — the year-end close and the statements of one อบต. whose log holds 1,000,000
// entries of FY 2569 (half revenue received, half office supplies bought on a budget line), on
// SQLite, through the real services (closing::PeriodService, YearEndService, StatementService).
//
// Figures (medians of `--runs` after the months are closed once):
//   closing_months_1m_s   the twelve month closes, each reconciling the budget register with the
//                         ledger up to the month's end (measured once: months stay closed)
//   closing_1m_s          the year-end close (then reopened, unmeasured, for the next run)
//   statements_1m_s       the balance sheet and the receipts–payments statement, year closed
//   closing_naive_scan_s  the baseline in the same run: the year's revenue and expenditure per
//                         account summed by reading every entry (Ledger::List), which the close
//                         would cost without the balance projections; it must agree with the
//                         close's revenue and expenditure, or the program fails.
//
//   bench_closing --data-dir=DIR [--entries=1000000] [--runs=5]
//
// The dataset (DIR/closing-<entries>-v<version>.db) is built once through Ledger::AppendAll with
// every projection the close reads registered (vouchers, budget, periods and years), the supplies
// vouchers carrying the body budget::VoucherControl writes; the reconciliation of the first month
// close is the check that it agrees with the ledger. Each run works on a copy.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "accounting/chart.h"
#include "bench/bench_catalogs.h"
#include "bench/bench_util.h"
#include "budget/carryover.h"
#include "budget/voucher_control.h"
#include "closing/periods.h"
#include "closing/reconcile.h"
#include "closing/statements.h"
#include "closing/year_end.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "store/sqlite/sqlite_db.h"

namespace klang::bench {
namespace {

// 2: made with the closing tables of the preliminary closing; 3: with the carry-over tables.
constexpr int kDatasetVersion = 3;
constexpr size_t kBuildChunkDrafts = 20'000;
constexpr int64_t kToday = 1796086800000;  // 1 Dec 2026, 10:00 in Bangkok: FY 2569 is over
const accounting::Actor kHead{1, "ผู้อำนวยการกองคลัง (bench)"};

std::unique_ptr<store::Db> Open(const std::filesystem::path& path) {
  store::SqliteOptions sqlite;
  sqlite.path = path.string();
  auto opened = store::OpenSqlite(sqlite);
  if (!opened.ok()) Die("open " + path.string(), opened.status());
  std::vector<store::Migration> migrations = BenchMigrations();
  for (auto& m : budget::BudgetService::Migrations()) migrations.push_back(m);
  for (auto& m : budget::CarryOverService::Migrations()) migrations.push_back(m);
  for (auto& m : closing::PeriodService::Migrations()) migrations.push_back(m);
  Check(store::ApplyMigrations(**opened, migrations), "migrations");
  return std::move(opened).value();
}

// The services over one store, the way App composes them.
struct Books {
  explicit Books(store::Db& db, ledger::LedgerOptions options = {})
      : orgs(db), chart(db), ledger(db, clock, options), vouchers(ledger, orgs, chart, clock, random),
        budget(ledger, orgs, BudgetCatalogOfData(), RevenueCatalogOfData(), clock, random), control(budget),
        carryovers(ledger, orgs, budget, CarryOverRules(), clock, random),
        periods(ledger, orgs, clock, random),
        years(ledger, orgs, chart, vouchers, budget, periods, Rules(), clock, random),
        statements(ledger, chart, years, budget, carryovers, closing::OpeningsAndClosings(vouchers, years, carryovers), Layout()) {
    vouchers.SetBudgetControl(&control);
    reconciler.Add("ทะเบียนรายจ่ายตามงบประมาณ",
                   closing::BudgetSpentCheck(ledger, budget, closing::OpeningsAndClosings(vouchers, years, carryovers)));
    reconciler.Add("ทะเบียนเงินกัน", closing::CarryOverCheck(ledger, carryovers, closing::OpeningsAndClosings(vouchers, years, carryovers)));
    periods.AddCheck(reconciler.AsMonthCheck());
    for (auto* projection : {vouchers.projection(), budget.projection(), carryovers.projection(), periods.projection(),
                             years.projection()}) {
      ledger.AddProjection(projection);
    }
    ledger.Start();
  }
  static budget::CarryOverRuleTable CarryOverRules() {
    auto parsed = budget::CarryOverRuleTable::FromCsv(ReadText(SourceDir() + "/data/carryover_rules.csv"));
    if (!parsed.ok()) Die("carry-over rules", parsed.status());
    return std::move(parsed).value();
  }
  static closing::ClosingRuleTable Rules() {
    auto parsed = closing::ClosingRuleTable::FromCsv(ReadText(SourceDir() + "/data/closing_rules.csv"));
    if (!parsed.ok()) Die("closing rules", parsed.status());
    return std::move(parsed).value();
  }
  static closing::StatementLayout Layout() {
    auto parsed = closing::StatementLayout::FromCsv(ReadText(SourceDir() + "/data/statement_lines.csv"));
    if (!parsed.ok()) Die("statement lines", parsed.status());
    return std::move(parsed).value();
  }

  ManualClock clock{kToday};
  FastRandom random{20251001};
  org::OrgDirectory orgs;
  accounting::ChartOfAccounts chart;
  ledger::Ledger ledger;
  accounting::VoucherService vouchers;
  budget::BudgetService budget;
  budget::VoucherControl control;
  budget::CarryOverService carryovers;
  closing::PeriodService periods;
  closing::YearEndService years;
  closing::StatementService statements;
  closing::Reconciler reconciler;
};

// The organisation, its opening balance and approved budget (one ค่าวัสดุ line large enough for
// the year), then `entries` vouchers over the year: even ones revenue (Dr cash / Cr land tax),
// odd ones supplies on the budget line (Dr ค่าวัสดุ / Cr cash). Returns the organisation.
int64_t Build(const std::filesystem::path& path, int64_t entries) {
  RemoveDatabaseFiles(path);
  auto db = Open(path);
  ledger::LedgerOptions options;
  options.batch_entries_max = 4'096;
  Books books(*db, options);
  auto dla = books.orgs.Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
  auto province = books.orgs.Create(dla->id, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
  auto sao = books.orgs.Create(province->id, org::OrgType::kSao, "BENCH-CLOSE", "องค์การบริหารส่วนตำบลบ้านนา");
  if (!sao.ok()) Die("create organisation", sao.status());
  Check(books.chart.ImportCsv(ReadText(SourceDir() + "/data/chart_of_accounts.csv")), "import chart");
  const Date first = FiscalYearStart(kFiscalYear);
  accounting::VoucherInput opening{sao->id, "", "opening", first.ToIso(), std::nullopt, "ยอดยกมา",
                                   {{"1101010", "1,000,000,000", "", ""}, {"3101010", "", "1,000,000,000", ""}}};
  Check(books.vouchers.Post(opening, "system:bench").status(), "opening");
  budget::BudgetInput input;
  input.org = sao->id;
  input.kind = "annual";
  input.fiscal_year = kFiscalYear;
  input.title = "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2569";
  input.date = first.AddDays(-45).ToIso();
  input.lines = {{"00111", "533000", "ค่าวัสดุสำนักงาน", "เพื่อจ่ายเป็นค่าวัสดุ", "9,000,000,000"}};
  auto created = books.budget.Create(input, kHead);
  if (!created.ok()) Die("budget", created.status());
  Check(books.budget.Adopt(sao->id, created->id, {"", first.AddDays(-35).ToIso(), "มติสภาฯ"}, kHead).status(), "adopt");
  auto approved = books.budget.Approve(sao->id, created->id, {"", first.AddDays(-30).ToIso(), "นายอำเภอ", "ขก 1"}, kHead);
  if (!approved.ok()) Die("approve", approved.status());
  const int64_t line = approved->lines.at(0).id;
  // The body budget::VoucherControl writes for one supplies line, amounts set per voucher.
  nlohmann::json template_body = {{"description", "ซื้อวัสดุสำนักงาน"}};
  Check(books.control.Apply(sao->id, first, {{0, 0, "5103030", line, Money::FromSatang(100)}}, template_body), "control");
  const int64_t days = FiscalYearEnd(kFiscalYear).DaysSinceEpoch() - first.DaysSinceEpoch() + 1;
  std::uniform_int_distribution<int64_t> amount(10'000, 500'000);
  const auto start = std::chrono::steady_clock::now();
  for (int64_t done = 0; done < entries;) {
    const int64_t chunk = std::min<int64_t>(kBuildChunkDrafts, entries - done);
    std::vector<ledger::EntryDraft> drafts;
    for (int64_t index = done; index < done + chunk; ++index) {
      ledger::EntryDraft draft;
      draft.org = sao->id;
      draft.entry_id = NewUuid(books.random);
      draft.kind = accounting::kKindVoucher;
      draft.document_date = draft.posting_date = first.AddDays(index * days / entries);
      draft.fiscal_year = kFiscalYear;
      draft.number_series = {accounting::kVoucherSeries};
      draft.author = "system:bench";
      const Money money = Money::FromSatang(amount(books.random.engine()));
      if (index % 2 == 0) {
        draft.body = {{"description", "รับชำระภาษีที่ดินและสิ่งปลูกสร้าง"}};
        draft.lines = {{"1101010", money, {}}, {"4101010", {}, money}};
      } else {
        draft.body = template_body;
        draft.body["budget_effects"][0]["spend"] = money.satang();
        draft.lines = {{"5103030", money, {}}, {"1101010", {}, money}};
      }
      drafts.push_back(std::move(draft));
    }
    for (const auto& result : books.ledger.AppendAll(std::move(drafts))) {
      if (!result.ok()) Die("append while building the dataset", result.status());
    }
    done += chunk;
    if (done % 200'000 == 0 || done == entries) {
      Note("dataset: " + std::to_string(done) + " entries (" + std::to_string(static_cast<int>(SecondsSince(start))) + " s)");
    }
  }
  books.ledger.Stop();
  auto lease = db->Acquire();
  if (!lease.ok()) Die("acquire", lease.status());
  Check((*lease)->ExecuteScript("CREATE TABLE bench_meta (org INTEGER, entries INTEGER, version INTEGER);"
                                "INSERT INTO bench_meta VALUES (" + std::to_string(sao->id) + ", " +
                                std::to_string(entries) + ", " + std::to_string(kDatasetVersion) + ");"
                                "PRAGMA wal_checkpoint(TRUNCATE);"),
        "bench_meta");
  return sao->id;
}

}  // namespace
}  // namespace klang::bench

int main(int argc, char** argv) {
  using namespace klang;
  using namespace klang::bench;
  Flags flags(argc, argv);
  const std::string dir = flags.String("data-dir", "");
  if (dir.empty()) Die("--data-dir is required");
  const int64_t entries = flags.Int("entries", 1'000'000);
  const int runs = static_cast<int>(flags.Int("runs", 5));
  std::filesystem::create_directories(dir);
  const std::filesystem::path cached =
      std::filesystem::path(dir) / ("closing-" + std::to_string(entries) + "-v" + std::to_string(kDatasetVersion) + ".db");
  if (!std::filesystem::exists(cached)) {
    Note("building the " + std::to_string(entries) + "-entry closing dataset at " + cached.string() + " (once)");
    const std::filesystem::path building = cached.string() + ".building";
    Build(building, entries);
    std::filesystem::rename(building, cached);
    RemoveDatabaseFiles(building);
  }
  const std::filesystem::path copy = std::filesystem::path(dir) / "closing-run.db";
  RemoveDatabaseFiles(copy);
  std::filesystem::copy_file(cached, copy);
  auto db = Open(copy);
  int64_t org = 0;
  {
    auto lease = db->Acquire();
    if (!lease.ok()) Die("acquire", lease.status());
    auto rows = (*lease)->Query("SELECT org FROM bench_meta");
    if (!rows.ok() || rows->empty()) Die("not a finished dataset: delete " + cached.string());
    org = (*rows)[0].Int(0);
  }
  Books books(*db);

  auto start = std::chrono::steady_clock::now();
  for (const auto& month : closing::MonthsOfFiscalYear(kFiscalYear)) {
    auto closed = books.periods.Close(org, month.Iso(), "", kHead);
    if (!closed.ok()) Die("close " + month.Iso(), closed.status());
    if (!closed->closed) Die("close " + month.Iso() + ": " + closed->differences.front().what_th);
  }
  PrintResult("closing_months_1m_s", SecondsSince(start), "s", 3);

  std::vector<double> closes, statements;
  closing::YearPlan plan;
  for (int run = 0; run < runs; ++run) {
    start = std::chrono::steady_clock::now();
    auto closed = books.years.Close(org, kFiscalYear, "", kHead);
    closes.push_back(SecondsSince(start));
    if (!closed.ok() || !closed->closed) Die("year close", closed.ok() ? Status::Ok() : closed.status());
    plan = *closed->closed;
    start = std::chrono::steady_clock::now();
    auto sheet = books.statements.BalanceSheet(org, kFiscalYear, std::nullopt);
    auto operations = books.statements.Operations(org, kFiscalYear);
    auto september = books.statements.ReceiptsPayments(org, closing::Month{FiscalYearEnd(kFiscalYear).year(), 9});
    statements.push_back(SecondsSince(start));
    if (!sheet.ok() || !operations.ok()) Die("statements", sheet.ok() ? operations.status() : sheet.status());
    if (!september.ok()) Die("receipts-payments", september.status());
    Check(books.years.Reopen(org, kFiscalYear, "bench", "bench", "", kHead).status(), "reopen");
  }
  PrintResult("closing_1m_s", Median(closes), "s", 3);
  PrintResult("statements_1m_s", Median(statements), "s", 4);

  // Baseline: the year's revenue and expenditure by reading every entry.
  start = std::chrono::steady_clock::now();
  Money revenue, expenditure;
  for (int64_t after = 0;;) {
    auto batch = books.ledger.List(org, after, 10'000);
    if (!batch.ok()) Die("list", batch.status());
    if (batch->empty()) break;
    for (const auto& entry : *batch) {
      after = entry.seq;
      if (entry.fiscal_year != kFiscalYear || entry.kind.rfind("close.", 0) == 0) continue;
      for (const auto& line : entry.lines) {
        if (line.account.starts_with("4")) revenue = revenue + line.credit - line.debit;
        if (line.account.starts_with("5")) expenditure = expenditure + line.debit - line.credit;
      }
    }
  }
  const double naive = SecondsSince(start);
  if (revenue != plan.revenue || expenditure != plan.operating) Die("the scan and the close disagree");
  PrintResult("closing_naive_scan_s", naive, "s", 3);
  PrintResult("closing_speedup_vs_scan", naive / Median(closes), "x", 1);
  books.ledger.Stop();
  db.reset();
  RemoveDatabaseFiles(copy);
  return 0;
}
