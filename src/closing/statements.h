// closing/statements.h — the year's statements from the books (issue 15 item 8, first part).
//
// งบแสดงฐานะการเงิน (balance_sheet): every account's balance at a day, gathered into the lines of
// data/statement_lines.csv by account prefix (the longest prefix wins); assets against
// liabilities and funds. Before the year closes its revenue and expenditure show as one line of
// funds (F4), so the statement balances on any day. Its totals are the trial balance's: total
// assets = the balances of class 1; liabilities + funds = those of classes 2–5.
//
// รายงานรายรับ–รายจ่าย (operations), on the budget basis: revenue by category, expenditure by งบ
// (งบลงทุน = the budget's spending on investment lines), and the surplus or deficit. Its figures
// are the year-end close's (as closed, or as it would close from the books now), so they tie to
// the closing entry.
//
// รายงานรับ–จ่ายเงินประจำเดือน (receipts_payments, receipts_payments.cc): a month's cash brought
// forward, receipts and payments (budget and non-budget), and cash carried forward, each for the
// month and the year to date, beside the estimates and appropriations. It ties by construction:
// brought forward + receipts − payments = carried forward, in both columns.
//
// The layout is data; its lines name accounts by prefix, not roles with official codes yet (the
// official chart and statement layouts were not read: design §5 question 9). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounting/chart.h"
#include "budget/budget.h"
#include "budget/carryover.h"
#include "closing/reconcile.h"
#include "closing/year_end.h"

namespace klang::closing {

struct StatementLine {
  std::string code;     // "A1", or "" for a total or a heading
  std::string name_th;
  // One per column of the statement, on the side its section stands (assets debit, liabilities
  // credit, …); nullopt prints blank. A heading has none.
  std::vector<std::optional<Money>> amounts;
  bool total = false;
  bool heading = false;  // a section's title ("รายรับตามงบประมาณ")
  // The first column's figure (zero when blank): the one figure of a one-column statement.
  Money amount() const { return amounts.empty() || !amounts[0] ? Money() : *amounts[0]; }
  static StatementLine Heading(std::string name_th) {
    StatementLine line{"", std::move(name_th), {}};
    line.heading = true;
    return line;
  }
};

// The title of a one-column statement's amount column.
inline constexpr char kAmountColumn[] = "จำนวนเงิน (บาท)";

struct Statement {
  std::string kind;      // balance_sheet | operations | receipts_payments
  std::string title_th;  // "งบแสดงฐานะการเงิน"
  std::string period_th; // "ณ วันที่ 30 กันยายน 2570" / "ประจำปีงบประมาณ 2570"
  int fiscal_year = 0;
  Date as_of;
  bool year_closed = false;
  std::vector<std::string> columns;  // the amount columns' titles
  std::vector<StatementLine> lines;
};

// A deduction of the proof of usable accumulated funds (data/usable_funds_rules.csv;
// provisional: the official form's deductions were not read).
struct UsableFundsRule {
  std::string line, name_th;
  std::string kind;                 // balance | appropriation_group | appropriation_total
  std::vector<std::string> params;  // balance: account prefixes; appropriation_group: งบ codes
  int64_t permille = 0;             // the share deducted, in thousandths
  std::string evidence, legal_reference;
};

class StatementLayout {
 public:
  // Columns: statement, section, line, name_th, accounts (space-separated prefixes, or
  // "investment"), evidence. Errors name the line (closing.statement_lines).
  static Result<StatementLayout> FromCsv(std::string_view text);
  struct Line {
    std::string statement, section, code, name_th;
    std::vector<std::string> accounts;
  };
  std::vector<Line> Of(const std::string& statement) const;
  // The line of `lines` whose prefix is the longest `account` starts with; none when no prefix
  // matches.
  static const Line* LineOf(const std::vector<Line>& lines, const std::string& account);
  // Columns: line, name_th, kind, parameter, permille, evidence, legal_reference
  // (closing.usable_funds_rules). Without it the proof deducts nothing.
  Status LoadUsableFundsRules(std::string_view text);
  const std::vector<UsableFundsRule>& usable_funds_rules() const { return usable_funds_rules_; }

 private:
  std::vector<Line> lines_;
  std::vector<UsableFundsRule> usable_funds_rules_;
};

// The day a statement stands at: the end of `month` when given (closing.statement_month when it
// is not in `fiscal_year`), else 30 September of `fiscal_year`.
Result<Date> StatementDay(int fiscal_year, std::optional<Month> month);

// The statement kinds.
inline constexpr char kBalanceSheet[] = "balance_sheet";
inline constexpr char kOperations[] = "operations";
inline constexpr char kReceiptsPayments[] = "receipts_payments";
inline constexpr char kNotes[] = "notes";
inline constexpr char kAccumulatedFunds[] = "accumulated_funds";
inline constexpr char kQuarterly[] = "quarterly";

class StatementService {
 public:
  // Every reference must outlive the service.
  // `not_movements`: what is not a movement of the year (opening balances, closing entries).
  StatementService(ledger::Ledger& ledger, accounting::ChartOfAccounts& chart, YearEndService& years,
                   budget::BudgetService& budget, budget::CarryOverService& carryovers, NotMovements not_movements,
                   StatementLayout layout);
  // At the end of `month` when given, else at 30 September of `fiscal_year`.
  Result<Statement> BalanceSheet(int64_t org, int fiscal_year, std::optional<Month> month);
  Result<Statement> Operations(int64_t org, int fiscal_year);
  // รายงานรับ–จ่ายเงินประจำเดือน of `month` (receipts_payments.cc). Columns: estimate or
  // appropriation, this month, year to date.
  //   - Cash brought forward: the balances of the cash lines (เงินสด, เงินฝากธนาคาร) before the
  //     month (before the year, in the year-to-date column), with opening balances posted inside
  //     the range counted as brought forward, as the trial balance does.
  //   - Budget receipts: the net credit of the revenue accounts per line of the layout (the
  //     operations statement's categories), beside the approved revenue estimates.
  //   - Budget payments: the net debit of each budget category's account (the account its
  //     debt-setting debits; the reconciliation holds it equal to the budget register's
  //     spending), per หมวด under its งบ, beside the appropriation in force at the month's end.
  //   - Non-budget receipts and payments: every other account per line of the layout, its net
  //     credit on a day a receipt, its net debit a payment.
  //   - Cash carried forward: the cash lines' balances at the month's end.
  // Opening balances and closing entries are not receipts or payments. An account no line takes
  // is closing.statement_unmapped; the tie failing is closing.statement_unbalanced.
  Result<Statement> ReceiptsPayments(int64_t org, Month month);
  // รายงานแสดงผลการดำเนินงานรายไตรมาส (2547 ข้อ 101/1; the form was not read: provisional): the
  // receipts–payments report over quarter 1–4 of the fiscal year (quarter 1 is October to
  // December), with the columns estimate or appropriation, this quarter, year to date.
  // closing.statement_quarter when the quarter is not 1–4.
  Result<Statement> Quarterly(int64_t org, int fiscal_year, int quarter);
  // หมายเหตุประกอบงบ at the balance sheet's day (funds_reports.cc): cash and each kind of bank
  // account, tax receivables, staff advances, deposits held by type, payables and carry-overs
  // (รายจ่ายค้างจ่าย), each account's balance from the layout's `notes` lines with its total; the
  // carry-overs itemised, each with what is left at that day, and what 2102010 holds beyond the
  // register (an opening balance brought from the earlier books) on a line of its own; then the movement of เงินสะสม and of ทุนสำรองเงินสะสม over
  // the year to that day.
  Result<Statement> Notes(int64_t org, int fiscal_year, std::optional<Month> month);
  // รายงานเงินสะสมและเงินทุนสำรองเงินสะสม at the end of `month` (the forms are made at the end of
  // March and of September; any month is accepted) or at 30 September: the movement of both
  // funds over the year to that day, then the proof of usable accumulated funds: เงินสะสม less
  // each deduction of the rule set (provisional data).
  Result<Statement> AccumulatedFunds(int64_t org, int fiscal_year, std::optional<Month> month);
  // The lines of the movement of each fund account (account, heading) over [start of the year,
  // as_of]: brought forward (with opening balances posted inside the range), from the year-end
  // close, other movements, and the balance at as_of, which they add up to. Reads the books once
  // for all of them.
  Result<std::vector<StatementLine>> FundMovements(int64_t org, int fiscal_year, Date as_of,
                                                   const std::vector<std::pair<std::string, std::string>>& funds);
  // By kind (closing.statement_kind when unknown); receipts_payments needs `month`
  // (closing.statement_month_required), quarterly its `quarter` (1–4).
  Result<Statement> Make(const std::string& kind, int64_t org, int fiscal_year, std::optional<Month> month,
                         int quarter = 0);

 private:
  // The receipts–payments report over the months [first, last] of one fiscal year.
  struct ReportPeriod {
    Month first, last;
    const char* kind;
    std::string title_th, period_th, column_th, to_date_th;
  };
  Result<Statement> ReceiptsPaymentsOf(int64_t org, const ReportPeriod& period);
  // The operations statement's columns of what was planned and the difference.
  Status AddPlannedColumns(Statement& statement, int64_t org, int fiscal_year,
                           const std::vector<StatementLayout::Line>& layout);
  // The notes' itemised carry-overs at `as_of`, totalling `accrued` (2102010's credit balance).
  Status AddCarryOverNote(Statement& statement, int64_t org, Date as_of, Money accrued, int number);

  ledger::Ledger& ledger_;
  accounting::ChartOfAccounts& chart_;
  YearEndService& years_;
  budget::BudgetService& budget_;
  budget::CarryOverService& carryovers_;
  NotMovements not_movements_;
  StatementLayout layout_;
};

}  // namespace klang::closing
