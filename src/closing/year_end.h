// closing/year_end.h — the year-end close (ปิดบัญชีประจำปี; issue 15 item 5, design §2).
//
// Once the twelve months of a fiscal year are closed (so every register agreed with the general
// ledger at each month's end), the year closes by one entry, close.year, dated 30 September:
//   Dr each revenue account (class 4)          / Cr 3103010 รายรับสูง/(ต่ำ)กว่ารายจ่าย   (R)
//   Dr 3103010 / Cr each expense account (class 5) but depreciation 5106010              (E_op)
//   Dr 3103010 / Cr 3104010 ทุนทรัพย์สิน, the investment the budget spent this year      (E_inv)
//   Dr 3104010 / Cr 5106010 depreciation, borne by the funds behind the assets, not the budget
// so the result on the budget basis is S = R − E_op − E_inv: investment bought as assets still
// reduces the year's result. A surplus is split by the year's rule set (provisional, data:
// data/closing_rules.csv): reserve = min(⌊rate × S⌋, cap − reserve already held), where cap =
// cap_pct of the year's annual and supplementary appropriations; Dr 3103010 S / Cr 3102010
// ทุนสำรองเงินสะสม the reserve / Cr 3101010 เงินสะสม the rest; a reserve already above the cap gives
// its excess to เงินสะสม. A deficit is borne by เงินสะสม (Dr 3101010 / Cr 3103010).
//
// Refused (differences, nothing written) while a month of the year is open, or when E_op + E_inv
// differs from the budget register's spending of the year. Closing twice is closing.year_closed
// (also inside the append). Reopening (close.year.reopen: reason, approval reference) posts the
// exact opposite lines; closing again computes afresh from the books as they are then.
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "accounting/chart.h"
#include "accounting/voucher.h"
#include "budget/budget.h"
#include "budget/carryover.h"
#include "closing/periods.h"
#include "closing/reconcile.h"

namespace klang::closing {

inline constexpr char kKindYearClose[] = "close.year";
inline constexpr char kKindYearReopen[] = "close.year.reopen";
// The preliminary closing (ปิดบัญชีขั้นต้น): after it, an entry dated in the year is refused
// (closing.kind_after_preliminary) unless its kind is an adjustment (data/closing_adjustment_kinds.csv)
// or not bound by periods. The next year is never touched by it.
inline constexpr char kKindPreliminary[] = "close.preliminary";

// The rule set of a fiscal year (one row of data/closing_rules.csv).
struct ClosingRules {
  int valid_from_fy = 0, valid_to_fy = 0;  // BE, inclusive
  int reserve_rate_pct = 0;                // of the surplus, rounded down to the satang
  int reserve_cap_pct = 0;                 // of the year's appropriations
  std::string evidence, legal_reference;
};

class ClosingRuleTable {
 public:
  // Columns: valid_from_fy, valid_to_fy, reserve_rate_pct, reserve_cap_pct, evidence,
  // legal_reference. Errors name the line (closing.rules).
  static Result<ClosingRuleTable> FromCsv(std::string_view text);
  // closing.no_rule_set when no row covers the year.
  Result<ClosingRules> For(int fiscal_year) const;
  // The kinds still accepted in a year after its preliminary closing. Columns: kind, name_th,
  // evidence, legal_reference (closing.adjustment_kinds). Without it, none.
  Status LoadAdjustmentKinds(std::string_view text);
  const std::set<std::string>& adjustment_kinds() const { return adjustment_kinds_; }

 private:
  std::vector<ClosingRules> rows_;
  std::set<std::string> adjustment_kinds_;
};

// What the closing entries are computed from.
struct YearFigures {
  std::map<std::string, Money> revenue;   // class-4 account → net credit of the year
  std::map<std::string, Money> expenses;  // class-5 account (not depreciation) → net debit
  Money depreciation;                     // 5106010, net debit
  Money investment;                       // the budget's spending on งบลงทุน lines this year
  Money appropriation;                    // annual and supplementary budgets of the year
  Money reserve_before;                   // 3102010's credit balance at 30 September
  Money budget_spent;                     // everything the budget register spent this year
};

struct YearPlan {
  Money revenue, operating, investment, depreciation;
  Money surplus;         // revenue − operating − investment (negative: a deficit)
  Money cap, to_reserve, reserve_excess, to_funds;
  std::vector<ledger::Line> lines;  // balanced; no zero line
};

// The closing entries for `figures` under `rules` (pure).
YearPlan PlanYearEnd(const YearFigures& figures, const ClosingRules& rules);

struct YearStatus {
  int fiscal_year = 0;
  bool preliminary = false;  // the preliminary closing is done
  bool closed = false;
  int64_t act_seq = 0;
  int64_t reopened = 0;
  std::optional<YearPlan> plan;  // as closed (when closed)
};

// A subordinate unit's closing (a school, a child development centre closes its own books; its
// LAO sees each unit's state, design §1 rule 22; shown, not blocking the LAO's own close).
struct UnitClosing {
  int64_t org = 0;
  std::string name_th;
  int months_over = 0;    // months of the year that have ended
  int months_closed = 0;
  bool year_over = false;
  bool year_closed = false;
};

struct YearOutcome {
  std::optional<YearPlan> closed;        // set when the year closed
  int64_t seq = 0;
  std::vector<Difference> differences;  // otherwise: why not
};

class YearEndService {
 public:
  // Every reference must outlive the service.
  YearEndService(ledger::Ledger& ledger, org::OrgDirectory& orgs, accounting::ChartOfAccounts& chart,
                 accounting::VoucherService& vouchers, budget::BudgetService& budget,
                 PeriodService& periods, ClosingRuleTable rules, const Clock& clock, Random& random);
  ~YearEndService();
  // Its table (close_years) comes with PeriodService::Migrations().
  ledger::Projection* projection() { return projection_.get(); }

  // The plan for `fiscal_year` from the books as they are now (nothing written).
  Result<YearPlan> Plan(int64_t org, int fiscal_year);
  // Closes the year. Errors: closing.year_not_over, closing.year_closed, closing.no_rule_set.
  Result<YearOutcome> Close(int64_t org, int fiscal_year, const std::string& entry_id,
                            const accounting::Actor& actor);
  // The preliminary closing of a year that is over. Errors: closing.year_not_over,
  // closing.preliminary_done, closing.year_closed. Returns the entry's seq.
  Result<int64_t> Preliminary(int64_t org, int fiscal_year, const std::string& entry_id,
                              const accounting::Actor& actor);
  // Reopens a closed year by the opposite entry. Errors: closing.year_not_closed,
  // closing.reason_required, closing.approval_required.
  Result<int64_t> Reopen(int64_t org, int fiscal_year, const std::string& reason,
                         const std::string& approval_ref, const std::string& entry_id,
                         const accounting::Actor& actor);
  Result<YearStatus> StatusOf(int64_t org, int fiscal_year);
  // The closing state of each unit directly under `org` for `fiscal_year`.
  Result<std::vector<UnitClosing>> UnitsOf(int64_t org, int fiscal_year);
  // The lines of the closing entries in force (years closed and not reopened) dated in
  // [from, to], per account and day: not the year's movements (reconciliation leaves them out).
  Result<std::vector<ledger::DayTotals>> ClosingTotals(int64_t org, Date from, Date to);

 private:
  Result<YearFigures> FiguresOf(int64_t org, int fiscal_year);
  Result<std::vector<Difference>> Preconditions(int64_t org, int fiscal_year, const YearFigures& figures,
                                                const YearPlan& plan);

  accounting::DocumentKit kit_;
  org::OrgDirectory& orgs_;
  ledger::Ledger& ledger_;
  accounting::ChartOfAccounts& chart_;
  accounting::VoucherService& vouchers_;
  budget::BudgetService& budget_;
  PeriodService& periods_;
  ClosingRuleTable rules_;
  std::unique_ptr<ledger::Projection> projection_;
};

// What reconciliation and the statements leave out of the year's movements: opening balances,
// closing entries, and the assets delivered on carry-overs (Dr asset / Cr 3104010: the year's
// debit of an asset account that is not the year's spending). All must outlive the function.
NotMovements OpeningsAndClosings(accounting::VoucherService& vouchers, YearEndService& years,
                                 budget::CarryOverService& carryovers);

}  // namespace klang::closing
