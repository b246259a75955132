// bench_trial_balance — the trial balance (งบทดลอง) of one organisation whose log holds
// 1,000,000 entries over FY 2569, on SQLite, computed the way the report page does
// (reports::ComputeTrialBalance: opening totals up to the day before `from`, the period's
// totals, the chart's names). Median of `--runs` after one unmeasured run.
//
//   bench_trial_balance --data-dir=DIR [--entries=1000000] [--runs=9]
#include "accounting/chart.h"
#include "bench/bench_util.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "reports/trial_balance.h"

int main(int argc, char** argv) {
  using namespace klang;
  using namespace klang::bench;
  Flags flags(argc, argv);
  const std::string data_dir = flags.String("data-dir", "");
  if (data_dir.empty()) Die("--data-dir is required");
  const int64_t entries = flags.Int("entries", 1'000'000);
  const int runs = static_cast<int>(flags.Int("runs", 9));

  MillionDataset dataset = OpenOrBuildDataset(data_dir, entries);
  org::OrgDirectory orgs(*dataset.db);
  accounting::ChartOfAccounts chart(*dataset.db);
  SystemClock clock;
  ledger::Ledger ledger(*dataset.db, clock);  // read-only use: not started
  SystemRandom random;
  accounting::VoucherService vouchers(ledger, orgs, chart, clock, random);

  // The figure: the last quarter of the year, so the opening sums nine months of movements.
  // Beside it, the whole year (an empty opening, every movement in the period).
  struct Range {
    const char* result;
    Date from;
    Date to;
  };
  const Range ranges[] = {
      {"trial_balance_1m_s", Date::FromCivil(2026, 7, 1).value(), FiscalYearEnd(kFiscalYear)},
      {"trial_balance_1m_full_year_s", FiscalYearStart(kFiscalYear), FiscalYearEnd(kFiscalYear)},
  };
  for (const Range& range : ranges) {
    std::vector<double> seconds;
    size_t rows = 0;
    for (int run = 0; run <= runs; ++run) {
      const auto start = std::chrono::steady_clock::now();
      auto report = reports::ComputeTrialBalance(ledger, vouchers, chart, orgs, dataset.org, range.from,
                                                 range.to, clock);
      const double elapsed = SecondsSince(start);
      if (!report.ok()) Die("trial balance", report.status());
      if (report->rows.empty() || report->total_period_debit != report->total_period_credit) {
        Die("trial balance is empty or does not balance");
      }
      rows = report->rows.size();
      if (run > 0) seconds.push_back(elapsed);  // run 0 warms the caches
    }
    Note(std::string(range.result) + ": " + std::to_string(rows) + " accounts, " + range.from.ToIso() +
         " to " + range.to.ToIso() + ", median of " + std::to_string(runs) + " runs");
    PrintResult(range.result, Median(seconds), "s", 4);
  }
  return 0;
}
