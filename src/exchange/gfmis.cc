#include "exchange/gfmis.h"

#include <set>

#include "core/csv.h"
#include "core/csv_writer.h"
#include "reports/trial_balance.h"

namespace klang::exchange {
namespace {

constexpr int kFormatVersion = 1;

// Money as the layout writes it: plain decimals, "0.00" for nought (never blank: a program reads it).
void Amount(CsvWriter& csv, Money amount) { csv.Amount(amount); }

class KlangGfmisCsv final : public GfmisFormat {
 public:
  std::string code() const override { return "klang-gfmis-csv-1"; }
  std::string file_name(const GfmisMonth& month) const override {
    return "gfmis-" + month.org_code + "-" + std::to_string(month.fiscal_year) + "-" +
           (month.period < 10 ? "0" : "") + std::to_string(month.period) + ".csv";
  }
  std::string Render(const GfmisMonth& month) const override {
    CsvWriter csv;
    for (const char* cell : {"H", "format", "org_code", "org_name", "fiscal_year", "period", "month", "made_at"}) csv.Text(cell);
    csv.EndRow();
    csv.Text("H");
    csv.Text(code());
    csv.Text(month.org_code);
    csv.Text(month.org_name);
    csv.Text(std::to_string(month.fiscal_year));
    csv.Text(std::to_string(month.period));
    csv.Text(month.month.Iso());
    csv.Text(month.made_at);
    csv.EndRow();
    for (const char* cell : {"TB", "account", "gfmis_code", "name_th", "opening_debit", "opening_credit", "debit",
                             "credit", "closing_debit", "closing_credit"}) {
      csv.Text(cell);
    }
    csv.EndRow();
    Money debit, credit;
    for (const auto& line : month.accounts) {
      csv.Text("TB");
      csv.Text(line.account);
      csv.Text(line.gfmis_code);
      csv.Text(line.name_th);
      for (Money amount : {line.opening_debit, line.opening_credit, line.debit, line.credit, line.closing_debit,
                           line.closing_credit}) {
        Amount(csv, amount);
      }
      csv.EndRow();
      debit += line.debit;
      credit += line.credit;
    }
    for (const char* cell : {"BE", "line", "plan", "work", "category", "gfmis_code", "item", "appropriation",
                             "committed", "spent", "available"}) {
      csv.Text(cell);
    }
    csv.EndRow();
    Money spent;
    for (const auto& line : month.budget) {
      csv.Text("BE");
      csv.Text(std::to_string(line.line));
      csv.Text(line.plan);
      csv.Text(line.work);
      csv.Text(line.category);
      csv.Text(line.gfmis_code);
      csv.Text(line.item);
      for (Money amount : {line.appropriation, line.committed, line.spent, line.available}) Amount(csv, amount);
      csv.EndRow();
      spent += line.spent;
    }
    for (const char* cell : {"T", "tb_lines", "tb_debit", "tb_credit", "be_lines", "be_spent", "unmapped"}) csv.Text(cell);
    csv.EndRow();
    csv.Text("T");
    csv.Text(std::to_string(month.accounts.size()));
    Amount(csv, debit);
    Amount(csv, credit);
    csv.Text(std::to_string(month.budget.size()));
    Amount(csv, spent);
    csv.Text(std::to_string(month.unmapped.size()));
    csv.EndRow();
    return std::move(csv).Take();
  }
};

}  // namespace

std::unique_ptr<GfmisFormat> MakeKlangGfmisCsv() { return std::make_unique<KlangGfmisCsv>(); }

Result<GfmisCodes> GfmisCodes::FromCsv(const std::string& csv_text) {
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows, ReadDataCsv(csv_text, "kind,klang_code,gfmis_code,legal_reference",
                                                               "export.gfmis_codes", "ตารางรหัสบัญชี GFMIS"));
  GfmisCodes codes;
  for (const CsvRow& row : rows) {
    if (row.fields[0] == "account") codes.accounts_[row.fields[1]] = row.fields[2];
    else if (row.fields[0] == "budget_category") codes.categories_[row.fields[1]] = row.fields[2];
    else return Status::InvalidInput("export.gfmis_codes.row", "ตารางรหัส GFMIS บรรทัด " + std::to_string(row.line) +
                                         ": ประเภทต้องเป็น account หรือ budget_category", row.fields[0]);
  }
  return codes;
}

std::string GfmisCodes::Account(const std::string& klang) const {
  auto found = accounts_.find(klang);
  return found == accounts_.end() ? "" : found->second;
}

std::string GfmisCodes::Category(const std::string& klang) const {
  auto found = categories_.find(klang);
  return found == categories_.end() ? "" : found->second;
}

Result<GfmisMonth> GfmisExporter::Month(int64_t org_id, const closing::Month& month) {
  KLANG_ASSIGN_OR_RETURN(org::Organisation org, s_.orgs.Get(org_id));
  if (!org::KeepsBooks(org.type)) return Status::InvalidInput("export.not_books", "หน่วยงานนี้ไม่ได้บันทึกบัญชี", org.code);
  const Date first = month.First(), last = month.Last();
  const Date today = s_.clock.TodayInThailand();
  if (last >= today) {
    return Status::InvalidInput("export.month_not_over", "ส่งข้อมูลให้ GFMIS ได้เมื่อสิ้นเดือน " + month.Thai() + " แล้ว",
                                month.Iso());
  }
  GfmisMonth out;
  out.org_code = org.code;
  out.org_name = org.name;
  out.fiscal_year = month.FiscalYear();
  out.month = month;
  out.period = (month.month + 2) % 12 + 1;  // October is 1
  const int64_t now_s = s_.clock.NowUnixSeconds();
  out.made_at = ThaiDateFromUnixSeconds(now_s).ToIso();
  KLANG_ASSIGN_OR_RETURN(auto trial, reports::ComputeTrialBalance(s_.ledger, s_.vouchers, s_.chart, s_.orgs, org_id,
                                                                  first, last, s_.clock));
  for (const auto& row : trial.rows) {
    GfmisAccountLine line{row.account_code, row.account_name, s_.codes.Account(row.account_code),
                          row.opening_debit, row.opening_credit, row.period_debit, row.period_credit,
                          row.closing_debit, row.closing_credit};
    if (line.gfmis_code.empty()) out.unmapped.push_back("account " + row.account_code);
    out.accounts.push_back(std::move(line));
  }
  KLANG_ASSIGN_OR_RETURN(auto lines, s_.budget.Lines(org_id, out.fiscal_year, last));
  std::set<std::string> categories_unmapped;
  for (const auto& budget_line : lines) {
    GfmisBudgetLine line{budget_line.id, budget_line.work.plan, budget_line.work.code, budget_line.category.code,
                         s_.codes.Category(budget_line.category.code), budget_line.item,
                         budget_line.appropriation(), budget_line.committed, budget_line.spent,
                         budget_line.available()};
    if (line.gfmis_code.empty() && categories_unmapped.insert(line.category).second) {
      out.unmapped.push_back("category " + line.category);
    }
    out.budget.push_back(std::move(line));
  }
  return out;
}

}  // namespace klang::exchange
