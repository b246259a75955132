// budget/voucher_control.h — budget control of general journal vouchers (accounting's
// VoucherBudgetControl): an account of a budget category (data/budget_categories.csv) is
// budget-controlled; a general voucher line on it names a budget line of that category in force
// on the voucher's date, and spends (debit − credit) on it under hard budget control. The
// voucher body carries the effects ("budget_effects", which the budget projection enforces in
// the append) and, per entry line, the budget line it named ("budget_lines"). A reversal carries
// the opposite effects.
#pragma once

#include <set>

#include "accounting/voucher.h"
#include "budget/budget.h"

namespace klang::budget {

class VoucherControl final : public accounting::VoucherBudgetControl {
 public:
  // `budget` must outlive this.
  explicit VoucherControl(BudgetService& budget);
  bool Controlled(const std::string& account) const override;
  Status Apply(int64_t org, Date date, const std::vector<accounting::BudgetUse>& uses,
               nlohmann::json& body) override;
  std::map<size_t, int64_t> LinesOf(const nlohmann::json& body) const override;
  void PutReversal(const nlohmann::json& original, nlohmann::json& reversal) const override;

 private:
  BudgetService& budget_;
  std::set<std::string> accounts_;
};

}  // namespace klang::budget
