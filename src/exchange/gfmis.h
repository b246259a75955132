// exchange/gfmis.h — an organisation's month for New GFMIS Thai (issue 18 item 7): the monthly
// trial balance and the budget's execution, each line mapped through the official-code file
// (data/gfmis_codes.csv: Klang account or budget category → GFMIS code), written by a
// GfmisFormat. The interface CGD and DLA use to link e-LAAS with New GFMIS Thai is not public
// (domain.md §2.2, open point), so Klang defines one documented layout of its own
// (docs/gfmis.md); the real one is added as another GfmisFormat without touching the rest, as
// bank files are (expenditure/bank_file.h). The code file ships with its header only: no GFMIS
// code has been found in a primary source; a line whose code is not mapped carries an empty code
// and is listed as unmapped.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "accounting/chart.h"
#include "accounting/voucher.h"
#include "budget/budget.h"
#include "closing/periods.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "org/org.h"

namespace klang::exchange {

struct GfmisAccountLine {
  std::string account, name_th, gfmis_code;
  Money opening_debit, opening_credit, debit, credit, closing_debit, closing_credit;
};

struct GfmisBudgetLine {
  int64_t line = 0;  // Klang's budget line id
  std::string plan, work, category, gfmis_code, item;
  Money appropriation, committed, spent, available;
};

struct GfmisMonth {
  std::string org_code, org_name;
  int fiscal_year = 0;
  closing::Month month;
  int period = 0;  // the month of the fiscal year: 1 = October … 12 = September
  std::vector<GfmisAccountLine> accounts;
  std::vector<GfmisBudgetLine> budget;
  std::vector<std::string> unmapped;  // "account 1101010", "category 533000"
  std::string made_at;                // ISO moment, Bangkok time
};

class GfmisFormat {
 public:
  virtual ~GfmisFormat() = default;
  virtual std::string code() const = 0;  // "klang-gfmis-csv-1"
  virtual std::string file_name(const GfmisMonth& month) const = 0;
  virtual std::string Render(const GfmisMonth& month) const = 0;
};

// Klang's own layout, version 1 (docs/gfmis.md).
std::unique_ptr<GfmisFormat> MakeKlangGfmisCsv();

// The official codes: kind ("account" | "budget_category"), Klang's code, GFMIS code.
class GfmisCodes {
 public:
  // Header kind,klang_code,gfmis_code,legal_reference.
  static Result<GfmisCodes> FromCsv(const std::string& csv_text);
  std::string Account(const std::string& klang) const;   // "" when not mapped
  std::string Category(const std::string& klang) const;  // "" when not mapped

 private:
  std::map<std::string, std::string> accounts_, categories_;
};

struct GfmisSources {
  ledger::Ledger& ledger;
  org::OrgDirectory& orgs;
  accounting::ChartOfAccounts& chart;
  accounting::VoucherService& vouchers;
  budget::BudgetService& budget;
  const Clock& clock;
  GfmisCodes codes;
};

class GfmisExporter {
 public:
  explicit GfmisExporter(GfmisSources sources) : s_(std::move(sources)) {}
  // The month of `org` (an organisation that keeps books); a month not yet over is refused
  // (export.month_not_over): GFMIS takes a month's figures once it has ended.
  Result<GfmisMonth> Month(int64_t org, const closing::Month& month);

 private:
  GfmisSources s_;
};

}  // namespace klang::exchange
