#include "closing/statements.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "core/csv.h"
#include "core/thai.h"

namespace klang::closing {
namespace {

constexpr char kInvestmentToken[] = "investment";
constexpr char kDepreciation[] = "5106010";
constexpr int kRevenueClass = 4, kExpenseClass = 5;

Status LayoutError(const CsvRow& row, const std::string& why) {
  return Status::Internal("closing.statement_lines",
                          "statement_lines.csv line " + std::to_string(row.line) + ": " + why);
}

Status MonthOutsideYear(int fiscal_year) {
  return Status::Refusal("closing.statement_month", "เดือนที่ระบุไม่อยู่ในปีงบประมาณ " + std::to_string(fiscal_year), "month");
}

bool DebitSide(const std::string& section) { return section == "asset" || section == "expenditure"; }

// Lines of `sections` in layout order with their amounts, each section followed by its total;
// returns the sum of each section.
std::map<std::string, Money> AddSections(Statement& statement, const std::vector<StatementLayout::Line>& layout,
                                         const std::map<std::string, Money>& by_line,
                                         const std::vector<std::pair<std::string, std::string>>& sections) {
  std::map<std::string, Money> totals;
  for (const auto& [section, total_th] : sections) {
    for (const auto& line : layout) {
      if (line.section != section) continue;
      auto found = by_line.find(line.code);
      const Money amount = found == by_line.end() ? Money() : found->second;
      statement.lines.push_back({line.code, line.name_th, {amount}});
      totals[section] = totals[section] + amount;
    }
    statement.lines.push_back({"", total_th, {totals[section]}, true});
  }
  return totals;
}

}  // namespace

Result<StatementLayout> StatementLayout::FromCsv(std::string_view text) {
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                         ReadDataCsv(text, "statement,section,line,name_th,accounts,evidence",
                                     "closing.statement_lines", "แฟ้มรายการในงบการเงิน"));
  static const std::map<std::string, std::vector<std::string>> kSections = {
      {kBalanceSheet, {"asset", "liability", "fund"}},
      {kOperations, {"revenue", "expenditure"}},
      {kReceiptsPayments, {"cash", "budget_receipt", "other"}},
      {kNotes, {"cash", "receivables", "advances", "deposits", "accrued"}}};
  StatementLayout layout;
  for (const CsvRow& row : rows) {
    const auto& f = row.fields;
    auto sections = kSections.find(f[0]);
    if (sections == kSections.end()) return LayoutError(row, "unknown statement " + f[0]);
    if (std::find(sections->second.begin(), sections->second.end(), f[1]) == sections->second.end()) {
      return LayoutError(row, "unknown section " + f[1]);
    }
    if (f[2].empty() || f[3].empty() || f[4].empty()) return LayoutError(row, "line, name and accounts are required");
    Line line{f[0], f[1], f[2], f[3], {}};
    std::istringstream accounts(f[4]);
    for (std::string prefix; accounts >> prefix;) line.accounts.push_back(prefix);
    layout.lines_.push_back(std::move(line));
  }
  return layout;
}

Result<Date> StatementDay(int fiscal_year, std::optional<Month> month) {
  if (!month) return FiscalYearEnd(fiscal_year);
  if (month->FiscalYear() != fiscal_year) return MonthOutsideYear(fiscal_year);
  return month->Last();
}

const StatementLayout::Line* StatementLayout::LineOf(const std::vector<Line>& lines, const std::string& account) {
  const Line* best = nullptr;
  size_t best_length = 0;
  for (const auto& line : lines) {
    for (const auto& prefix : line.accounts) {
      if (prefix.size() > best_length && account.starts_with(prefix)) {
        best = &line;
        best_length = prefix.size();
      }
    }
  }
  return best;
}

std::vector<StatementLayout::Line> StatementLayout::Of(const std::string& statement) const {
  std::vector<Line> lines;
  for (const auto& line : lines_) {
    if (line.statement == statement) lines.push_back(line);
  }
  return lines;
}

StatementService::StatementService(ledger::Ledger& ledger, accounting::ChartOfAccounts& chart,
                                   YearEndService& years, budget::BudgetService& budget,
                                   budget::CarryOverService& carryovers, NotMovements not_movements,
                                   StatementLayout layout)
    : ledger_(ledger),
      chart_(chart),
      years_(years),
      budget_(budget),
      carryovers_(carryovers),
      not_movements_(std::move(not_movements)),
      layout_(std::move(layout)) {}

Result<Statement> StatementService::BalanceSheet(int64_t org, int fiscal_year, std::optional<Month> month) {
  KLANG_ASSIGN_OR_RETURN(YearStatus status, years_.StatusOf(org, fiscal_year));
  Statement statement;
  statement.kind = kBalanceSheet;
  statement.columns = {kAmountColumn};
  statement.title_th = "งบแสดงฐานะการเงิน";
  statement.fiscal_year = fiscal_year;
  KLANG_ASSIGN_OR_RETURN(statement.as_of, StatementDay(fiscal_year, month));
  statement.period_th = "ณ วันที่ " + FormatThaiDateLong(statement.as_of);
  statement.year_closed = status.closed;
  const auto layout = layout_.Of(kBalanceSheet);
  std::map<std::string, Money> by_line;
  Money class_one, other_classes;  // the trial balance's net balances, for the tie
  KLANG_ASSIGN_OR_RETURN(auto totals, ledger_.Totals(org, std::nullopt, statement.as_of));
  for (const auto& total : totals) {
    const Money net = total.debit - total.credit;
    if (net.is_zero()) continue;
    const StatementLayout::Line* line = StatementLayout::LineOf(layout, total.account);
    if (line == nullptr) {
      return Status::Internal("closing.statement_unmapped",
                              "account " + total.account + " has a balance but no line of the balance sheet");
    }
    by_line[line->code] = by_line[line->code] + (DebitSide(line->section) ? net : -net);
    Money& side = total.account.starts_with("1") ? class_one : other_classes;
    side = side + net;
  }
  auto sections = AddSections(statement, layout, by_line,
                              {{"asset", "รวมสินทรัพย์"}, {"liability", "รวมหนี้สิน"}, {"fund", "รวมทุนและเงินสะสม"}});
  const Money claims = sections["liability"] + sections["fund"];
  statement.lines.push_back({"", "รวมหนี้สิน ทุน และเงินสะสม", {claims}, true});
  if (sections["asset"] != class_one || sections["asset"] != claims || claims != -other_classes) {
    return Status::Internal("closing.statement_unbalanced", "assets " + sections["asset"].FormatPlain() +
                                                                " differ from liabilities and funds " + claims.FormatPlain());
  }
  return statement;
}

Result<Statement> StatementService::Operations(int64_t org, int fiscal_year) {
  KLANG_ASSIGN_OR_RETURN(YearStatus status, years_.StatusOf(org, fiscal_year));
  YearPlan plan;
  if (status.plan) {
    plan = *status.plan;
  } else {
    KLANG_ASSIGN_OR_RETURN(plan, years_.Plan(org, fiscal_year));
  }
  Statement statement;
  statement.kind = kOperations;
  statement.columns = {kAmountColumn};
  statement.title_th = "รายงานรายรับ–รายจ่าย (งบแสดงผลการดำเนินงานตามเกณฑ์งบประมาณ)";
  statement.fiscal_year = fiscal_year;
  statement.as_of = FiscalYearStart(fiscal_year + 1).AddDays(-1);
  statement.period_th = "ประจำปีงบประมาณ " + std::to_string(fiscal_year) + (status.closed ? "" : " (ยังไม่ได้ปิดบัญชีประจำปี)");
  statement.year_closed = status.closed;
  const auto layout = layout_.Of(kOperations);
  std::map<std::string, Money> by_line;
  // The closing entry's lines: revenue accounts are debited by their year's revenue, expense
  // accounts credited by their year's expenditure.
  for (const auto& line : plan.lines) {
    KLANG_ASSIGN_OR_RETURN(accounting::Account account, chart_.Find(line.account));
    if (account.account_class != kRevenueClass && (account.account_class != kExpenseClass || line.account == kDepreciation)) {
      continue;
    }
    const StatementLayout::Line* found = StatementLayout::LineOf(layout, line.account);
    if (found == nullptr) {
      return Status::Internal("closing.statement_unmapped", "account " + line.account + " has no line of the operations statement");
    }
    by_line[found->code] = by_line[found->code] + (account.account_class == kRevenueClass ? line.debit - line.credit
                                                                                          : line.credit - line.debit);
  }
  for (const auto& line : layout) {
    if (std::find(line.accounts.begin(), line.accounts.end(), kInvestmentToken) != line.accounts.end()) {
      by_line[line.code] = by_line[line.code] + plan.investment;
    }
  }
  auto sections = AddSections(statement, layout, by_line, {{"revenue", "รวมรายรับ"}, {"expenditure", "รวมรายจ่าย"}});
  const Money surplus = sections["revenue"] - sections["expenditure"];
  if (surplus != plan.surplus) {
    return Status::Internal("closing.statement_unbalanced", "operations surplus " + surplus.FormatPlain() +
                                                                " differs from the year-end close's " + plan.surplus.FormatPlain());
  }
  statement.lines.push_back({"", surplus.is_negative() ? "รายรับต่ำกว่ารายจ่าย" : "รายรับสูงกว่ารายจ่าย", {surplus}, true});
  KLANG_RETURN_IF_ERROR(AddPlannedColumns(statement, org, fiscal_year, layout));
  return statement;
}

// Beside each actual figure of the operations statement, what was planned: the approved revenue
// estimates per category and the appropriations in force at 30 September per งบ (every budget of
// the year), and the difference, favourable when positive: revenue actual − estimate,
// expenditure appropriation − actual, the result actual − planned.
Status StatementService::AddPlannedColumns(Statement& statement, int64_t org, int fiscal_year,
                                           const std::vector<StatementLayout::Line>& layout) {
  std::map<std::string, Money> planned;  // line code → estimate or appropriation
  KLANG_ASSIGN_OR_RETURN(auto estimates, budget_.ApprovedEstimates(org, fiscal_year));
  for (const auto& [item, amount] : estimates.value_or(std::map<std::string, Money>{})) {
    KLANG_ASSIGN_OR_RETURN(revenue::RevenueItem found, budget_.revenue_items().Find(item));
    const StatementLayout::Line* line = StatementLayout::LineOf(layout, found.account);
    if (line == nullptr) {
      return Status::Internal("closing.statement_unmapped", "revenue estimate " + item + " has no line of the operations statement");
    }
    planned[line->code] = planned[line->code] + amount;
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<budget::BudgetLine> lines, budget_.Lines(org, fiscal_year, statement.as_of));
  for (const auto& line : lines) {
    const StatementLayout::Line* found = nullptr;
    for (const auto& candidate : layout) {
      const bool investment =
          std::find(candidate.accounts.begin(), candidate.accounts.end(), kInvestmentToken) != candidate.accounts.end();
      if (line.category.investment && investment) found = &candidate;
    }
    if (!line.category.investment) found = StatementLayout::LineOf(layout, line.category.account);
    if (found == nullptr) {
      return Status::Internal("closing.statement_unmapped", "budget category " + line.category.code +
                                                                " has no line of the operations statement");
    }
    planned[found->code] = planned[found->code] + line.appropriation();
  }
  statement.columns = {"ประมาณการ / งบประมาณ", "รับจริง / จ่ายจริง", "ผลต่าง"};
  std::map<std::string, std::string> section_of;
  for (const auto& line : layout) section_of[line.code] = line.section;
  // The lines are each section's, then its total; the last line is the result.
  std::map<std::string, Money> planned_total;  // section → sum
  std::string section;
  for (size_t index = 0; index < statement.lines.size(); ++index) {
    StatementLine& line = statement.lines[index];
    const Money actual = line.amount();
    if (index + 1 == statement.lines.size()) {
      const Money plan = planned_total["revenue"] - planned_total["expenditure"];
      line.amounts = {plan, actual, actual - plan};
      continue;
    }
    Money plan;
    if (line.total) {
      plan = planned_total[section];
    } else {
      section = section_of[line.code];
      plan = planned[line.code];
      planned_total[section] = planned_total[section] + plan;
    }
    line.amounts = {plan, actual, section == "revenue" ? actual - plan : plan - actual};
  }
  return Status::Ok();
}

Result<Statement> StatementService::Make(const std::string& kind, int64_t org, int fiscal_year,
                                         std::optional<Month> month, int quarter) {
  if (kind == kBalanceSheet) return BalanceSheet(org, fiscal_year, month);
  if (kind == kOperations) return Operations(org, fiscal_year);
  if (kind == kReceiptsPayments) {
    if (!month) {
      return Status::Refusal("closing.statement_month_required", "ระบุเดือนของรายงานรับ–จ่ายเงิน (YYYY-MM)", "month");
    }
    if (month->FiscalYear() != fiscal_year) return MonthOutsideYear(fiscal_year);
    return ReceiptsPayments(org, *month);
  }
  if (kind == kNotes) return Notes(org, fiscal_year, month);
  if (kind == kAccumulatedFunds) return AccumulatedFunds(org, fiscal_year, month);
  if (kind == kQuarterly) return Quarterly(org, fiscal_year, quarter);
  return Status::Refusal("closing.statement_kind",
                         "ไม่รู้จักงบการเงินนี้ (balance-sheet, operations, receipts-payments, notes, accumulated-funds หรือ quarterly)",
                         "kind");
}

}  // namespace klang::closing
