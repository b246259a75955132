// closing/reconcile.h — registers against the general ledger (issue 15, item 2; design §3).
//
// A Reconciler holds one check per register, each comparing what the register says with what the
// general ledger holds from the start of the fiscal year up to a day. Both sides are daily, so a
// difference names the register, the account or line, the first day of the disagreement still
// standing and its amount. `klang verify`, the integrity page and every month close run the same
// checks (the month close through AsMonthCheck).
//
// Built here: the budget register's spending against the accounts its categories post to
// (data/budget_categories.csv), and AccountsCheck, which any register answering for accounts
// uses (the composition root wires the staff advances and the tax receivables to it). Opening balances (ยอดยกมา) and the year-end closing entries are
// not the year's movements and are left out of the ledger side. Thread-safe; the services must
// outlive it.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "accounting/voucher.h"
#include "budget/budget.h"
#include "budget/carryover.h"
#include "closing/periods.h"
#include "ledger/ledger.h"

namespace klang::closing {

// One register's check: the differences between it and the general ledger for the fiscal year of
// `to`, up to and including `to`.
using RegisterCheck = std::function<Result<std::vector<Difference>>(int64_t org, Date to)>;

class Reconciler {
 public:
  // `register_th` names the register checked ("ทะเบียนเงินยืม"), for the screens.
  void Add(std::string register_th, RegisterCheck check) {
    names_th_.push_back(std::move(register_th));
    checks_.push_back(std::move(check));
  }
  const std::vector<std::string>& names_th() const { return names_th_; }
  // Every register's differences, in the order the checks were added.
  Result<std::vector<Difference>> Run(int64_t org, Date to) const;
  // The same as a month's check: up to the month's last day. The reconciler must outlive it.
  MonthCheck AsMonthCheck() const;

 private:
  std::vector<std::string> names_th_;
  std::vector<RegisterCheck> checks_;
};

// The lines in [from, to] that are not the year's movements, per account and day: opening
// balances (ยอดยกมา) and the year-end closing entries.
using NotMovements = std::function<Result<std::vector<ledger::DayTotals>>(int64_t org, Date from, Date to)>;

// A register that answers for some accounts: its movements per account and day (debit − credit,
// by posting date), and what to call it.
struct RegisterDay {
  std::string account;
  Date day;
  Money amount;
};
struct RegisterSource {
  std::string check;        // stable code: "reconcile.advances"
  std::string check_th;     // "ทะเบียนเงินยืม กับบัญชีแยกประเภท"
  std::string register_th;  // how the message names the register's side: "ทะเบียนเงินยืม"
  std::vector<std::string> accounts;
  std::map<std::string, std::string> names_th;  // account → its name in messages
  std::function<Result<std::vector<RegisterDay>>(int64_t org, Date from, Date to)> days;
};

// The register against the net debit of its accounts in the general ledger, without what
// `not_movements` gives, from the start of the fiscal year of `to`: one difference per account
// that disagrees at the end (see Disagreement).
RegisterCheck AccountsCheck(ledger::Ledger& ledger, RegisterSource source, NotMovements not_movements);

// Budget register (spent, per category) against the category's account (net debit, without what
// `not_movements` gives): "reconcile.budget_spent". A งบลงทุน line's carry-over is spent on
// 5107010 (nothing delivered yet); the asset it later becomes is among `not_movements`.
RegisterCheck BudgetSpentCheck(ledger::Ledger& ledger, budget::BudgetService& budget, NotMovements not_movements);
// The carry-over register (carried, used, lapsed) against 2102010 รายจ่ายค้างจ่าย:
// "reconcile.carryovers".
RegisterCheck CarryOverCheck(ledger::Ledger& ledger, budget::CarryOverService& carryovers, NotMovements not_movements);

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
