#include "budget/catalog.h"

#include "core/csv.h"

namespace klang::budget {
namespace {

constexpr size_t kRowsMax = 5'000;

Status RowError(const CsvRow& row, const std::string& file, const std::string& why) {
  return Status::InvalidInput("budget.catalog",
                              "แฟ้มการจำแนกงบประมาณ " + file + " บรรทัดที่ " +
                                  std::to_string(row.line) + " ไม่ถูกต้อง",
                              file + " line " + std::to_string(row.line) + ": " + why);
}

}  // namespace

Result<BudgetCatalog> BudgetCatalog::FromCsv(std::string_view plans_csv,
                                             std::string_view categories_csv) {
  BudgetCatalog catalog;
  KLANG_ASSIGN_OR_RETURN(
      std::vector<CsvRow> plans,
      ReadDataCsv(plans_csv, "sector,sector_name_th,plan,plan_name_th,work,work_name_th",
                  "budget.plans", "แฟ้มแผนงานและงาน"));
  for (const CsvRow& row : plans) {
    const auto& f = row.fields;
    for (const auto& field : f) {
      if (field.empty()) return RowError(row, "budget_plans.csv", "every field is required");
    }
    if (catalog.work_index_.count(f[4])) return RowError(row, "budget_plans.csv", "work repeated");
    if (catalog.works_.size() >= kRowsMax) return RowError(row, "budget_plans.csv", "too many rows");
    catalog.work_index_[f[4]] = catalog.works_.size();
    catalog.works_.push_back(Work{f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  KLANG_ASSIGN_OR_RETURN(
      std::vector<CsvRow> categories,
      ReadDataCsv(categories_csv, "group,group_name_th,investment,category,category_name_th,account",
                  "budget.categories", "แฟ้มงบและหมวดรายจ่าย"));
  for (const CsvRow& row : categories) {
    const auto& f = row.fields;
    for (const auto& field : f) {
      if (field.empty()) return RowError(row, "budget_categories.csv", "every field is required");
    }
    if (f[2] != "0" && f[2] != "1") return RowError(row, "budget_categories.csv", "investment is 0 or 1");
    if (catalog.category_index_.count(f[3])) {
      return RowError(row, "budget_categories.csv", "category repeated");
    }
    if (catalog.categories_.size() >= kRowsMax) {
      return RowError(row, "budget_categories.csv", "too many rows");
    }
    catalog.category_index_[f[3]] = catalog.categories_.size();
    catalog.categories_.push_back(Category{f[0], f[1], f[2] == "1", f[3], f[4], f[5]});
  }
  if (catalog.works_.empty() || catalog.categories_.empty()) {
    return Status::InvalidInput("budget.catalog", "ไม่มีข้อมูลการจำแนกงบประมาณ", "empty classification");
  }
  return catalog;
}

Result<Work> BudgetCatalog::FindWork(const std::string& code) const {
  auto found = work_index_.find(code);
  if (found == work_index_.end()) {
    return Status::InvalidInput("budget.unknown_work", "ไม่พบงานรหัส \"" + code + "\" ในการจำแนกงบประมาณ",
                                "unknown work " + code, "work");
  }
  return works_[found->second];
}

Result<Category> BudgetCatalog::FindCategory(const std::string& code) const {
  auto found = category_index_.find(code);
  if (found == category_index_.end()) {
    return Status::InvalidInput("budget.unknown_category",
                                "ไม่พบหมวดรายจ่ายรหัส \"" + code + "\" ในการจำแนกงบประมาณ",
                                "unknown category " + code, "category");
  }
  return categories_[found->second];
}

}  // namespace klang::budget
