// closing/reconcile.h — registers against the general ledger (issue 15, item 2; design §3).
//
// A Reconciler holds one check per register, each comparing what the register says with what the
// general ledger holds from the start of the fiscal year up to a day. Both sides are daily, so a
// difference names the register, the account or line, the first day of the disagreement still
// standing and its amount. `klang verify`, the integrity page and every month close run the same
// checks (the month close through AsMonthCheck).
//
// Built here: the budget register's spending against the accounts its categories post to
// (data/budget_categories.csv). Opening balances (ยอดยกมา) and the year-end closing entries are
// not the year's movements and are left out of the ledger side. Thread-safe; the services must
// outlive it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "accounting/voucher.h"
#include "budget/budget.h"
#include "closing/periods.h"
#include "ledger/ledger.h"

namespace klang::closing {

// One register's check: the differences between it and the general ledger for the fiscal year of
// `to`, up to and including `to`.
using RegisterCheck = std::function<Result<std::vector<Difference>>(int64_t org, Date to)>;

class Reconciler {
 public:
  void Add(RegisterCheck check) { checks_.push_back(std::move(check)); }
  // Every register's differences, in the order the checks were added.
  Result<std::vector<Difference>> Run(int64_t org, Date to) const;
  // The same as a month's check: up to the month's last day. The reconciler must outlive it.
  MonthCheck AsMonthCheck() const;

 private:
  std::vector<RegisterCheck> checks_;
};

// The lines in [from, to] that are not the year's movements, per account and day: opening
// balances (ยอดยกมา) and the year-end closing entries.
using NotMovements = std::function<Result<std::vector<ledger::DayTotals>>(int64_t org, Date from, Date to)>;

// Budget register (spent, per category) against the category's account (net debit, without what
// `not_movements` gives): "reconcile.budget_spent".
RegisterCheck BudgetSpentCheck(ledger::Ledger& ledger, budget::BudgetService& budget, NotMovements not_movements);

// One account's disagreement, from the two sides' daily figures (any order of days, repeated days
// summed): none when the sides agree at the end; otherwise the day the running difference last
// turned from zero and the difference at the end (ledger − register). Exposed for tests.
struct RunningDifference {
  Date since;
  Money amount;
};
std::optional<RunningDifference> Disagreement(const std::vector<std::pair<Date, Money>>& ledger_side,
                                              const std::vector<std::pair<Date, Money>>& register_side);

}  // namespace klang::closing
