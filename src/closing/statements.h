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
// The layout is data; its lines name accounts by prefix, not roles with official codes yet (the
// official chart and statement layouts were not read: design §5 question 9). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounting/chart.h"
#include "closing/year_end.h"

namespace klang::closing {

struct StatementLine {
  std::string code;     // "A1", or "" for a total
  std::string name_th;
  Money amount;         // on the side the section stands (assets debit, liabilities credit, …)
  bool total = false;
};

struct Statement {
  std::string kind;      // balance_sheet | operations
  std::string title_th;  // "งบแสดงฐานะการเงิน"
  std::string period_th; // "ณ วันที่ 30 กันยายน 2570" / "ประจำปีงบประมาณ 2570"
  int fiscal_year = 0;
  Date as_of;
  bool year_closed = false;
  std::vector<StatementLine> lines;
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

 private:
  std::vector<Line> lines_;
};

// The statement kinds: "balance_sheet", "operations".
inline constexpr char kBalanceSheet[] = "balance_sheet";
inline constexpr char kOperations[] = "operations";

class StatementService {
 public:
  // Every reference must outlive the service.
  StatementService(ledger::Ledger& ledger, accounting::ChartOfAccounts& chart, YearEndService& years,
                   StatementLayout layout);
  // At the end of `month` when given, else at 30 September of `fiscal_year`.
  Result<Statement> BalanceSheet(int64_t org, int fiscal_year, std::optional<Month> month);
  Result<Statement> Operations(int64_t org, int fiscal_year);
  // By kind (closing.statement_kind when unknown).
  Result<Statement> Make(const std::string& kind, int64_t org, int fiscal_year, std::optional<Month> month);

 private:
  ledger::Ledger& ledger_;
  accounting::ChartOfAccounts& chart_;
  YearEndService& years_;
  StatementLayout layout_;
};

}  // namespace klang::closing
