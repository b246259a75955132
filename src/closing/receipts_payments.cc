// closing/receipts_payments.cc — รายงานรับ–จ่ายเงินประจำเดือน (issue 15 item 3) and the quarterly
// performance report built the same way over three months (item 8); the rules are in statements.h,
// StatementService::ReceiptsPayments and Quarterly.
#include <map>

#include "closing/statements.h"

namespace klang::closing {
namespace {

constexpr int kQuartersPerYear = 4, kMonthsPerQuarter = 3;

using Layout = std::vector<StatementLayout::Line>;

// A figure for the month and for the year to date.
struct Flow {
  Money month, year;
  void Add(Money amount, bool in_month) {
    year = year + amount;
    if (in_month) month = month + amount;
  }
  Flow operator+(const Flow& other) const { return {month + other.month, year + other.year}; }
  Flow operator-(const Flow& other) const { return {month - other.month, year - other.year}; }
  bool operator==(const Flow&) const = default;
};

// What the report is made of, by line code (the category code for budget payments).
struct Parts {
  std::map<std::string, Flow> brought_forward;  // month: before the month; year: before the year
  std::map<std::string, Money> carried_forward;
  std::map<std::string, Flow> budget_receipts, budget_payments, other_receipts, other_payments;
  std::optional<std::map<std::string, Money>> estimates;  // none without an approved budget
  std::map<std::string, Money> appropriations;
};

Layout Section(const Layout& layout, const std::string& section) {
  Layout lines;
  for (const auto& line : layout) {
    if (line.section == section) lines.push_back(line);
  }
  return lines;
}

StatementLine Row(std::string code, std::string name_th, std::optional<Money> first, const Flow& flow,
                  bool total = false) {
  return {std::move(code), std::move(name_th), {first, flow.month, flow.year}, total};
}

Flow Get(const std::map<std::string, Flow>& flows, const std::string& code) {
  auto found = flows.find(code);
  return found == flows.end() ? Flow{} : found->second;
}

// The lines of `layout` that have a figure in `flows`, then their total; returns the total.
Flow AddOther(Statement& statement, const Layout& layout, const std::map<std::string, Flow>& flows,
              const std::string& total_th) {
  Flow total;
  for (const auto& line : layout) {
    auto found = flows.find(line.code);
    if (found == flows.end() || found->second == Flow{}) continue;
    statement.lines.push_back(Row(line.code, line.name_th, std::nullopt, found->second));
    total = total + found->second;
  }
  statement.lines.push_back(Row("", total_th, std::nullopt, total, true));
  return total;
}

// Budget payments per หมวด under its งบ (catalog order), each งบ with its total; a category shows
// when it has an appropriation or a figure. Returns (appropriation, flow) of them all.
std::pair<Money, Flow> AddBudgetPayments(Statement& statement, const budget::BudgetCatalog& catalog,
                                         const Parts& parts) {
  Money appropriation;
  Flow total;
  const auto& categories = catalog.categories();
  for (size_t first = 0; first < categories.size();) {
    size_t end = first;
    Money group_appropriation;
    Flow group;
    bool shown = false;
    for (; end < categories.size() && categories[end].group == categories[first].group; ++end) {
      const budget::Category& category = categories[end];
      auto appropriated = parts.appropriations.find(category.code);
      const Money amount = appropriated == parts.appropriations.end() ? Money() : appropriated->second;
      const Flow flow = Get(parts.budget_payments, category.code);
      if (amount.is_zero() && flow == Flow{}) continue;
      statement.lines.push_back(Row(category.code, category.name_th, amount, flow));
      group_appropriation = group_appropriation + amount;
      group = group + flow;
      shown = true;
    }
    if (shown) statement.lines.push_back(Row("", "รวม" + categories[first].group_name_th, group_appropriation, group, true));
    appropriation = appropriation + group_appropriation;
    total = total + group;
    first = end;
  }
  return {appropriation, total};
}

}  // namespace

Result<Statement> StatementService::ReceiptsPayments(int64_t org, Month month) {
  return ReceiptsPaymentsOf(org, {month, month, kReceiptsPayments, "รายงานรับ–จ่ายเงินประจำเดือน",
                                  "ประจำเดือน" + month.Thai() + " (ปีงบประมาณ " + std::to_string(month.FiscalYear()) + ")",
                                  "เดือนนี้", "ตั้งแต่ต้นปีถึงเดือนนี้"});
}

Result<Statement> StatementService::Quarterly(int64_t org, int fiscal_year, int quarter) {
  if (quarter < 1 || quarter > kQuartersPerYear) {
    return Status::Refusal("closing.statement_quarter", "ไตรมาสต้องเป็น 1 ถึง 4 (ไตรมาสที่ 1 คือ ตุลาคม–ธันวาคม)", "quarter");
  }
  const std::vector<Month> months = MonthsOfFiscalYear(fiscal_year);
  const Month first = months[static_cast<size_t>((quarter - 1) * kMonthsPerQuarter)];
  const Month last = months[static_cast<size_t>(quarter * kMonthsPerQuarter - 1)];
  return ReceiptsPaymentsOf(org, {first, last, kQuarterly, "รายงานแสดงผลการดำเนินงานรายไตรมาส",
                                  "ไตรมาสที่ " + std::to_string(quarter) + " (" + first.Thai() + " ถึง " + last.Thai() +
                                      ") ปีงบประมาณ " + std::to_string(fiscal_year),
                                  "ไตรมาสนี้", "ตั้งแต่ต้นปีถึงไตรมาสนี้"});
}

Result<Statement> StatementService::ReceiptsPaymentsOf(int64_t org, const ReportPeriod& period) {
  const int fiscal_year = period.first.FiscalYear();
  const Date year_start = FiscalYearStart(fiscal_year), first = period.first.First(), last = period.last.Last();
  const Layout layout = layout_.Of(kReceiptsPayments);
  const Layout cash = Section(layout, "cash"), revenue = Section(layout, "budget_receipt"),
               other = Section(layout, "other");
  std::map<std::string, const budget::Category*> category_of;  // by the account it debits
  for (const auto& category : budget_.catalog().categories()) category_of.emplace(category.account, &category);
  Parts parts;

  // Cash brought and carried forward: balances of the cash lines.
  auto cash_balances = [&](Date through, auto&& add) -> Status {
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::AccountTotals> totals, ledger_.Totals(org, std::nullopt, through));
    for (const auto& total : totals) {
      if (const auto* line = StatementLayout::LineOf(cash, total.account)) add(line->code, total.debit - total.credit);
    }
    return Status::Ok();
  };
  KLANG_RETURN_IF_ERROR(cash_balances(year_start.AddDays(-1), [&](const std::string& code, Money amount) {
    parts.brought_forward[code].year = parts.brought_forward[code].year + amount;
  }));
  KLANG_RETURN_IF_ERROR(cash_balances(first.AddDays(-1), [&](const std::string& code, Money amount) {
    parts.brought_forward[code].month = parts.brought_forward[code].month + amount;
  }));
  KLANG_RETURN_IF_ERROR(cash_balances(last, [&](const std::string& code, Money amount) {
    parts.carried_forward[code] = parts.carried_forward[code] + amount;
  }));

  // The year's movements per account and day (debit − credit), less opening balances and closing
  // entries; an opening balance of cash inside the range is brought forward.
  KLANG_ASSIGN_OR_RETURN(std::vector<ledger::AccountTotals> moved, ledger_.Totals(org, year_start, last));
  std::vector<std::string> accounts;
  for (const auto& total : moved) accounts.push_back(total.account);
  KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> daily, ledger_.DailyTotals(org, year_start, last, accounts));
  std::map<std::pair<std::string, Date>, Money> net;
  for (const auto& day : daily) net[{day.account, day.day}] = net[{day.account, day.day}] + (day.debit - day.credit);
  KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> not_movements, not_movements_(org, year_start, last));
  for (const auto& day : not_movements) {
    const Money amount = day.debit - day.credit;
    if (const auto* line = StatementLayout::LineOf(cash, day.account)) {
      Flow& brought = parts.brought_forward[line->code];
      brought.Add(amount, day.day >= first);
    } else {
      net[{day.account, day.day}] = net[{day.account, day.day}] - amount;
    }
  }

  for (const auto& [key, amount] : net) {
    const auto& [account, day] = key;
    if (amount.is_zero() || StatementLayout::LineOf(cash, account) != nullptr) continue;
    const bool in_month = day >= first;
    if (auto category = category_of.find(account); category != category_of.end()) {
      parts.budget_payments[category->second->code].Add(amount, in_month);
    } else if (const auto* line = StatementLayout::LineOf(revenue, account)) {
      parts.budget_receipts[line->code].Add(-amount, in_month);
    } else if (const auto* found = StatementLayout::LineOf(other, account)) {
      if (amount.is_negative()) {
        parts.other_receipts[found->code].Add(-amount, in_month);
      } else {
        parts.other_payments[found->code].Add(amount, in_month);
      }
    } else {
      return Status::Internal("closing.statement_unmapped",
                              "account " + account + " moved but no line of the receipts-payments report takes it");
    }
  }

  // Beside them: the approved revenue estimates and the appropriations in force at the month's end.
  KLANG_ASSIGN_OR_RETURN(auto estimates, budget_.ApprovedEstimates(org, fiscal_year));
  if (estimates) {
    parts.estimates.emplace();
    for (const auto& [item, amount] : *estimates) {
      KLANG_ASSIGN_OR_RETURN(revenue::RevenueItem found, budget_.revenue_items().Find(item));
      const auto* line = StatementLayout::LineOf(revenue, found.account);
      if (line == nullptr) {
        return Status::Internal("closing.statement_unmapped", "revenue estimate " + item + " (" + found.account +
                                                                  ") has no line of the receipts-payments report");
      }
      (*parts.estimates)[line->code] = (*parts.estimates)[line->code] + amount;
    }
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<budget::BudgetLine> lines, budget_.Lines(org, fiscal_year, last));
  for (const auto& line : lines) {
    parts.appropriations[line.category.code] = parts.appropriations[line.category.code] + line.appropriation();
  }

  KLANG_ASSIGN_OR_RETURN(YearStatus status, years_.StatusOf(org, fiscal_year));
  Statement statement;
  statement.kind = period.kind;
  statement.title_th = period.title_th;
  statement.period_th = period.period_th;
  statement.fiscal_year = fiscal_year;
  statement.as_of = last;
  statement.year_closed = status.closed;
  statement.columns = {"ประมาณการ / งบประมาณ", period.column_th, period.to_date_th};

  statement.lines.push_back(StatementLine::Heading("ยอดเงินสดและเงินฝากธนาคารยกมา"));
  Flow brought;
  for (const auto& line : cash) {
    const Flow flow = Get(parts.brought_forward, line.code);
    statement.lines.push_back(Row(line.code, line.name_th, std::nullopt, flow));
    brought = brought + flow;
  }
  statement.lines.push_back(Row("", "รวมยอดยกมา", std::nullopt, brought, true));

  statement.lines.push_back(StatementLine::Heading("รายรับตามงบประมาณ"));
  Flow budget_receipts;
  std::optional<Money> estimates_total;
  if (parts.estimates) estimates_total = Money();
  for (const auto& line : revenue) {
    std::optional<Money> estimate;
    if (parts.estimates) {
      auto found = parts.estimates->find(line.code);
      estimate = found == parts.estimates->end() ? Money() : found->second;
      estimates_total = *estimates_total + *estimate;
    }
    const Flow flow = Get(parts.budget_receipts, line.code);
    statement.lines.push_back(Row(line.code, line.name_th, estimate, flow));
    budget_receipts = budget_receipts + flow;
  }
  statement.lines.push_back(Row("", "รวมรายรับตามงบประมาณ", estimates_total, budget_receipts, true));
  statement.lines.push_back(StatementLine::Heading("รายรับนอกงบประมาณ"));
  const Flow other_receipts = AddOther(statement, other, parts.other_receipts, "รวมรายรับนอกงบประมาณ");
  const Flow receipts = budget_receipts + other_receipts;
  statement.lines.push_back(Row("", "รวมรายรับทั้งสิ้น", std::nullopt, receipts, true));

  statement.lines.push_back(StatementLine::Heading("รายจ่ายตามงบประมาณ"));
  const auto [appropriation, budget_payments] = AddBudgetPayments(statement, budget_.catalog(), parts);
  statement.lines.push_back(Row("", "รวมรายจ่ายตามงบประมาณ", appropriation, budget_payments, true));
  statement.lines.push_back(StatementLine::Heading("รายจ่ายนอกงบประมาณ"));
  const Flow other_payments = AddOther(statement, other, parts.other_payments, "รวมรายจ่ายนอกงบประมาณ");
  const Flow payments = budget_payments + other_payments;
  statement.lines.push_back(Row("", "รวมรายจ่ายทั้งสิ้น", std::nullopt, payments, true));
  const Flow difference = receipts - payments;
  statement.lines.push_back(Row("", difference.year.is_negative() ? "รายรับต่ำกว่ารายจ่าย" : "รายรับสูงกว่ารายจ่าย",
                                std::nullopt, difference, true));

  statement.lines.push_back(StatementLine::Heading("ยอดเงินสดและเงินฝากธนาคารยกไป"));
  Money carried;
  for (const auto& line : cash) {
    auto found = parts.carried_forward.find(line.code);
    const Money amount = found == parts.carried_forward.end() ? Money() : found->second;
    statement.lines.push_back(Row(line.code, line.name_th, std::nullopt, {amount, amount}));
    carried = carried + amount;
  }
  statement.lines.push_back(Row("", "รวมยอดยกไป", std::nullopt, {carried, carried}, true));

  const Flow tie = brought + difference;
  if (tie.month != carried || tie.year != carried) {
    return Status::Internal("closing.statement_unbalanced",
                            "cash brought forward " + brought.month.FormatPlain() + " + receipts − payments " +
                                difference.month.FormatPlain() + " differs from cash carried forward " +
                                carried.FormatPlain());
  }
  return statement;
}

}  // namespace klang::closing
