#include "closing/reconcile.h"

#include <map>

#include "core/thai.h"

namespace klang::closing {
namespace {

const char kBudgetRegisterTh[] = "ทะเบียนรายจ่ายตามงบประมาณ กับบัญชีแยกประเภท";

using DailyAmounts = std::map<std::string, std::vector<std::pair<Date, Money>>>;  // account → days

}  // namespace

Result<std::vector<Difference>> Reconciler::Run(int64_t org, Date to) const {
  std::vector<Difference> all;
  for (const auto& check : checks_) {
    KLANG_ASSIGN_OR_RETURN(std::vector<Difference> found, check(org, to));
    all.insert(all.end(), found.begin(), found.end());
  }
  return all;
}

MonthCheck Reconciler::AsMonthCheck() const {
  return [this](int64_t org, const Month& month) { return Run(org, month.Last()); };
}

std::optional<RunningDifference> Disagreement(const std::vector<std::pair<Date, Money>>& ledger_side,
                                              const std::vector<std::pair<Date, Money>>& register_side) {
  std::map<Date, Money> by_day;
  for (const auto& [day, amount] : ledger_side) by_day[day] = by_day[day] + amount;
  for (const auto& [day, amount] : register_side) by_day[day] = by_day[day] - amount;
  Money running;
  std::optional<Date> since;
  for (const auto& [day, amount] : by_day) {
    const bool was_zero = running.is_zero();
    running = running + amount;
    if (running.is_zero()) {
      since.reset();
    } else if (was_zero) {
      since = day;
    }
  }
  if (running.is_zero()) return std::nullopt;
  return RunningDifference{*since, running};
}

RegisterCheck BudgetSpentCheck(ledger::Ledger& ledger, budget::BudgetService& budget, NotMovements not_movements) {
  return [&ledger, &budget, not_movements](int64_t org, Date to) -> Result<std::vector<Difference>> {
    const int fiscal_year = FiscalYearOf(to);
    const Date from = FiscalYearStart(fiscal_year);
    std::map<std::string, std::string> account_of;  // category → account
    std::map<std::string, std::string> name_of;     // account → category name
    std::vector<std::string> accounts;
    for (const auto& category : budget.catalog().categories()) {
      account_of[category.code] = category.account;
      name_of[category.account] = category.name_th;
      accounts.push_back(category.account);
    }
    DailyAmounts register_side, ledger_side;
    KLANG_ASSIGN_OR_RETURN(std::vector<budget::DaySpent> spent, budget.SpentByDay(org, fiscal_year, to));
    for (const auto& day : spent) register_side[account_of[day.category]].push_back({day.day, day.spent});
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> moved, ledger.DailyTotals(org, from, to, accounts));
    for (const auto& day : moved) ledger_side[day.account].push_back({day.day, day.debit - day.credit});
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> excluded, not_movements(org, from, to));
    for (const auto& day : excluded) ledger_side[day.account].push_back({day.day, day.credit - day.debit});
    std::vector<Difference> differences;
    for (const auto& account : accounts) {
      auto found = Disagreement(ledger_side[account], register_side[account]);
      if (!found) continue;
      Money ledger_total, register_total;
      for (const auto& [day, amount] : ledger_side[account]) ledger_total = ledger_total + amount;
      for (const auto& [day, amount] : register_side[account]) register_total = register_total + amount;
      differences.push_back(
          {"reconcile.budget_spent", kBudgetRegisterTh,
           "บัญชี " + account + " (" + name_of[account] + "): บัญชีแยกประเภท " + ledger_total.Format() + " บาท ทะเบียนงบประมาณเบิกจ่าย " +
               register_total.Format() + " บาท ต่างกัน " + found->amount.Format() + " บาท ตั้งแต่วันที่ " +
               FormatThaiDateLong(found->since),
           found->since.ToIso(), found->amount});
    }
    return differences;
  };
}

}  // namespace klang::closing
