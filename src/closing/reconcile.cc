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

RegisterCheck AccountsCheck(ledger::Ledger& ledger, RegisterSource source, NotMovements not_movements) {
  return [&ledger, source = std::move(source), not_movements](int64_t org, Date to) -> Result<std::vector<Difference>> {
    const Date from = FiscalYearStart(FiscalYearOf(to));
    DailyAmounts register_side, ledger_side;
    KLANG_ASSIGN_OR_RETURN(std::vector<RegisterDay> recorded, source.days(org, from, to));
    for (const auto& day : recorded) register_side[day.account].push_back({day.day, day.amount});
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> moved, ledger.DailyTotals(org, from, to, source.accounts));
    for (const auto& day : moved) ledger_side[day.account].push_back({day.day, day.debit - day.credit});
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> excluded, not_movements(org, from, to));
    for (const auto& day : excluded) ledger_side[day.account].push_back({day.day, day.credit - day.debit});
    std::vector<Difference> differences;
    for (const auto& account : source.accounts) {
      auto found = Disagreement(ledger_side[account], register_side[account]);
      if (!found) continue;
      Money ledger_total, register_total;
      for (const auto& [day, amount] : ledger_side[account]) ledger_total = ledger_total + amount;
      for (const auto& [day, amount] : register_side[account]) register_total = register_total + amount;
      auto name = source.names_th.find(account);
      const std::string named = name == source.names_th.end() ? account : account + " (" + name->second + ")";
      differences.push_back({source.check, source.check_th,
                             "บัญชี " + named + ": บัญชีแยกประเภท " + ledger_total.Format() + " บาท " + source.register_th +
                                 " " + register_total.Format() + " บาท ต่างกัน " + found->amount.Format() +
                                 " บาท ตั้งแต่วันที่ " + FormatThaiDateLong(found->since),
                             found->since.ToIso(), found->amount});
    }
    return differences;
  };
}

RegisterCheck BudgetSpentCheck(ledger::Ledger& ledger, budget::BudgetService& budget, NotMovements not_movements) {
  RegisterSource source{"reconcile.budget_spent", kBudgetRegisterTh, "ทะเบียนงบประมาณเบิกจ่าย", {}, {}, {}};
  std::map<std::string, const budget::Category*> category_of;
  for (const auto& category : budget.catalog().categories()) {
    category_of[category.code] = &category;
    source.names_th[category.account] = category.name_th;
    source.accounts.push_back(category.account);
  }
  source.accounts.push_back(budget::kCarriedInvestmentAccount);
  source.names_th[budget::kCarriedInvestmentAccount] = "รายจ่ายงบลงทุนกันเงิน";
  source.days = [&budget, category_of](int64_t org, Date, Date to) -> Result<std::vector<RegisterDay>> {
    KLANG_ASSIGN_OR_RETURN(std::vector<budget::DaySpent> spent, budget.SpentByDay(org, FiscalYearOf(to), to));
    std::vector<RegisterDay> days;
    for (const auto& day : spent) {
      const budget::Category& category = *category_of.at(day.category);
      const bool undelivered = day.carried_over && category.investment;
      days.push_back({undelivered ? budget::kCarriedInvestmentAccount : category.account, day.day, day.spent});
    }
    return days;
  };
  return AccountsCheck(ledger, std::move(source), std::move(not_movements));
}

RegisterCheck CarryOverCheck(ledger::Ledger& ledger, budget::CarryOverService& carryovers, NotMovements not_movements) {
  RegisterSource source{"reconcile.carryovers", "ทะเบียนเงินกัน กับบัญชีแยกประเภท", "ทะเบียนเงินกัน",
                        {budget::kAccruedExpenditureAccount}, {{budget::kAccruedExpenditureAccount, "รายจ่ายค้างจ่าย"}}, {}};
  source.days = [&carryovers](int64_t org, Date from, Date to) -> Result<std::vector<RegisterDay>> {
    KLANG_ASSIGN_OR_RETURN(std::vector<budget::CarryOverDay> moved, carryovers.AccruedMovements(org, from, to));
    std::vector<RegisterDay> days;
    for (const auto& day : moved) days.push_back({day.account, day.day, day.amount});
    return days;
  };
  return AccountsCheck(ledger, std::move(source), std::move(not_movements));
}

}  // namespace klang::closing
