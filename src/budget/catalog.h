// budget/catalog.h — the expenditure classification (domain.md §4.3), loaded from data files so
// the official DLA classification (มท 0808.2/ว 1095) can replace ours without a code change.
//
// data/budget_plans.csv: ด้าน (sector) → แผนงาน (plan) → งาน (work), one row per งาน.
// data/budget_categories.csv: งบ (budget group) → หมวด/ประเภทรายจ่าย (category), one row per
// category, with the account a debt-setting voucher debits for it (an expense account, or an
// asset account for งบลงทุน) and whether the group is the investment budget (งบลงทุน), which
// decides who may approve a transfer (domain.md §3.8, §4.6).
// Immutable after loading; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace klang::budget {

struct Work {
  std::string sector, sector_name_th;  // "00100", "ด้านบริหารงานทั่วไป"
  std::string plan, plan_name_th;      // "00110", "แผนงานบริหารงานทั่วไป"
  std::string code, name_th;           // "00111", "งานบริหารทั่วไป"
};

struct Category {
  std::string group, group_name_th;  // "540", "งบลงทุน"
  bool investment = false;           // งบลงทุน
  std::string code, name_th;         // "541000", "ค่าครุภัณฑ์"
  std::string account;               // debited when the debt is set: "1201010"
};

class BudgetCatalog {
 public:
  // Parses both files. Errors name the file and line (budget.catalog.*).
  static Result<BudgetCatalog> FromCsv(std::string_view plans_csv, std::string_view categories_csv);
  Result<Work> FindWork(const std::string& code) const;
  Result<Category> FindCategory(const std::string& code) const;
  const std::vector<Work>& works() const { return works_; }
  const std::vector<Category>& categories() const { return categories_; }

 private:
  std::vector<Work> works_;
  std::vector<Category> categories_;
  std::map<std::string, size_t> work_index_, category_index_;
};

}  // namespace klang::budget
