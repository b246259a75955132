// revenue/catalog.h — the revenue classification (domain.md §4.4) and the deposit types held
// for others (§5.2), loaded from data files so the official lists can replace ours without a
// code change.
//
// data/revenue_items.csv: one row per revenue item a receipt line or a bank advice may name,
// with the account it credits. An item whose tax is assessed in advance (land and building tax,
// signboard tax) also names its receivable account: a payment against an assessment credits
// the receivable, not the revenue (the revenue was recognised at assessment, domain.md §5.4).
// data/deposit_types.csv: the เงินรับฝาก accounts, each with its own register.
// Immutable after loading; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace klang::revenue {

enum class ItemKind {
  kRevenue,        // รายได้: credits a revenue account (class 4)
  kDeposit,        // เงินรับฝาก: money held for others, credits a deposits-held account
  kSpecificGrant,  // เงินอุดหนุนเฉพาะกิจ: held until spent for its purpose
};
std::string_view ItemKindCode(ItemKind kind);

struct RevenueItem {
  std::string code;      // "411002"
  std::string name_th;   // "ภาษีป้าย"
  std::string category_th;  // หมวด: "หมวดภาษีอากร"
  std::string group_th;     // "รายได้จัดเก็บเอง", "รายได้ที่รัฐบาลเก็บแล้วจัดสรรให้", ...
  ItemKind kind = ItemKind::kRevenue;
  std::string account;             // credited on collection (no assessment)
  std::string receivable_account;  // credited when the payment clears an assessment; may be ""
  std::string tax;                 // "land_building", "signboard" or ""
  bool at_counter = true;   // may appear on a counter receipt (ใบเสร็จรับเงิน)
  bool direct_bank = false;  // may arrive directly in the bank (shared taxes, grants, interest)
};

struct DepositType {
  std::string account;  // "2103020"
  std::string name_th;  // "เงินประกันสัญญา"
};

class RevenueCatalog {
 public:
  // Parses both files. Errors name the file and line (revenue.catalog).
  static Result<RevenueCatalog> FromCsv(std::string_view items_csv,
                                        std::string_view deposit_types_csv);
  Result<RevenueItem> Find(const std::string& code) const;
  const std::vector<RevenueItem>& items() const { return items_; }
  const std::vector<DepositType>& deposit_types() const { return deposit_types_; }
  // The item whose tax ("signboard") is assessed; error when the catalogue has none.
  Result<RevenueItem> ItemForTax(const std::string& tax) const;

 private:
  std::vector<RevenueItem> items_;
  std::map<std::string, size_t> by_code_;
  std::vector<DepositType> deposit_types_;
};

}  // namespace klang::revenue
