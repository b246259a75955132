#include "revenue/catalog.h"
#include "revenue/kinds.h"

#include "core/csv.h"

namespace klang::revenue {
namespace {

constexpr size_t kItemsMax = 5'000;

Status RowError(const CsvRow& row, const std::string& file, const std::string& why) {
  return Status::InvalidInput("revenue.catalog",
                              "แฟ้มประเภทรายได้ " + file + " บรรทัดที่ " +
                                  std::to_string(row.line) + " ไม่ถูกต้อง",
                              file + " line " + std::to_string(row.line) + ": " + why);
}

Result<ItemKind> ParseKind(const std::string& text) {
  if (text == "revenue") return ItemKind::kRevenue;
  if (text == "deposit") return ItemKind::kDeposit;
  if (text == "specific_grant") return ItemKind::kSpecificGrant;
  return Status::InvalidInput("revenue.kind", "ชนิดรายได้ไม่ถูกต้อง", text);
}

}  // namespace

std::string_view ItemKindCode(ItemKind kind) {
  switch (kind) {
    case ItemKind::kRevenue: return "revenue";
    case ItemKind::kDeposit: return "deposit";
    case ItemKind::kSpecificGrant: return "specific_grant";
  }
  return "revenue";
}

Result<RevenueCatalog> RevenueCatalog::FromCsv(std::string_view items_csv,
                                               std::string_view deposit_types_csv) {
  RevenueCatalog catalog;
  KLANG_ASSIGN_OR_RETURN(
      std::vector<CsvRow> items,
      ReadDataCsv(items_csv,
                  "code,name_th,category_th,group_th,kind,account,receivable_account,tax,"
                  "at_counter,direct_bank",
                  "revenue.items", "แฟ้มประเภทรายได้"));
  for (const CsvRow& row : items) {
    const auto& f = row.fields;
    auto kind = ParseKind(f[4]);
    if (!kind.ok()) return RowError(row, "revenue_items.csv", "kind must be revenue|deposit|specific_grant");
    if (f[0].empty() || f[0].size() > 16 || f[1].empty() || f[5].empty()) {
      return RowError(row, "revenue_items.csv", "code, name_th and account are required");
    }
    if (f[7] != "" && f[7] != kTaxLandBuilding && f[7] != kTaxSignboard) {
      return RowError(row, "revenue_items.csv", "tax must be empty, land_building or signboard");
    }
    if (!f[7].empty() && f[6].empty()) {
      return RowError(row, "revenue_items.csv", "an assessed tax needs its receivable_account");
    }
    if ((f[8] != "0" && f[8] != "1") || (f[9] != "0" && f[9] != "1")) {
      return RowError(row, "revenue_items.csv", "at_counter and direct_bank are 0 or 1");
    }
    if (catalog.by_code_.count(f[0])) return RowError(row, "revenue_items.csv", "code repeated");
    catalog.by_code_[f[0]] = catalog.items_.size();
    catalog.items_.push_back(RevenueItem{f[0], f[1], f[2], f[3], *kind, f[5], f[6], f[7],
                                         f[8] == "1", f[9] == "1"});
    if (catalog.items_.size() > kItemsMax) {
      return RowError(row, "revenue_items.csv", "too many items");
    }
  }
  if (catalog.items_.empty()) {
    return Status::InvalidInput("revenue.catalog", "ไม่มีรายการประเภทรายได้", "no items");
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> deposits,
                         ReadDataCsv(deposit_types_csv, "account,name_th", "revenue.deposits",
                                     "แฟ้มประเภทเงินรับฝาก"));
  for (const CsvRow& row : deposits) {
    if (row.fields[0].empty() || row.fields[1].empty()) {
      return RowError(row, "deposit_types.csv", "account and name_th are required");
    }
    catalog.deposit_types_.push_back(DepositType{row.fields[0], row.fields[1]});
  }
  return catalog;
}

Result<RevenueItem> RevenueCatalog::Find(const std::string& code) const {
  auto found = by_code_.find(code);
  if (found == by_code_.end()) {
    return Status::InvalidInput("revenue.unknown_item",
                                "ไม่พบประเภทรายได้รหัส \"" + code + "\" ในทะเบียนประเภทรายได้",
                                "unknown revenue item " + code);
  }
  return items_[found->second];
}

Result<RevenueItem> RevenueCatalog::ItemForTax(const std::string& tax) const {
  for (const auto& item : items_) {
    if (item.tax == tax) return item;
  }
  return Status::InvalidInput("revenue.no_tax_item", "ไม่พบประเภทรายได้สำหรับภาษีนี้", tax);
}

}  // namespace klang::revenue
