// closing/funds_reports.cc — หมายเหตุประกอบงบ and รายงานเงินสะสมและเงินทุนสำรองเงินสะสม with the proof
// of usable accumulated funds (issue 15 item 8; the rules are in statements.h).
#include <map>
#include <sstream>

#include "closing/statements.h"
#include "core/csv.h"
#include "core/thai.h"

namespace klang::closing {
namespace {

constexpr char kFundsAccount[] = "3101010";    // เงินสะสม
constexpr char kReserveAccount[] = "3102010";  // ทุนสำรองเงินสะสม
constexpr int64_t kPermilleWhole = 1000;

// The notes' sections in order: title, and whether its accounts stand on the debit side.
struct NoteSection {
  const char* section;
  const char* title_th;
  bool debit_side;
};
constexpr NoteSection kNoteSections[] = {
    {"cash", "เงินสดและเงินฝากธนาคาร", true},
    {"receivables", "ลูกหนี้ค่าภาษี", true},
    {"advances", "ลูกหนี้เงินยืม", true},
    {"deposits", "เงินรับฝาก แยกตามประเภท", false},
    {"accrued", "เจ้าหนี้และรายจ่ายค้างจ่าย", false},
};

Status RulesError(const CsvRow& row, const std::string& why) {
  return Status::Internal("closing.usable_funds_rules",
                          "usable_funds_rules.csv line " + std::to_string(row.line) + ": " + why);
}

// Net debit balance of every account at the end of `day`.
Result<std::map<std::string, Money>> Balances(ledger::Ledger& ledger, int64_t org, Date day) {
  KLANG_ASSIGN_OR_RETURN(std::vector<ledger::AccountTotals> totals, ledger.Totals(org, std::nullopt, day));
  std::map<std::string, Money> balances;
  for (const auto& total : totals) balances[total.account] = total.debit - total.credit;
  return balances;
}

Money BalanceOf(const std::map<std::string, Money>& balances, const std::vector<std::string>& prefixes) {
  Money sum;
  for (const auto& [account, amount] : balances) {
    for (const auto& prefix : prefixes) {
      if (account.starts_with(prefix)) {
        sum = sum + amount;
        break;
      }
    }
  }
  return sum;
}

}  // namespace

Status StatementLayout::LoadUsableFundsRules(std::string_view text) {
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                         ReadDataCsv(text, "line,name_th,kind,parameter,permille,evidence,legal_reference",
                                     "closing.usable_funds_rules", "แฟ้มรายการหักของรายงานพิสูจน์เงินสะสม"));
  std::vector<UsableFundsRule> rules;
  for (const CsvRow& row : rows) {
    const auto& f = row.fields;
    UsableFundsRule rule{f[0], f[1], f[2], {}, 0, f[5], f[6]};
    if (rule.line.empty() || rule.name_th.empty()) return RulesError(row, "line and name are required");
    if (rule.kind != "balance" && rule.kind != "appropriation_group" && rule.kind != "appropriation_total") {
      return RulesError(row, "unknown kind " + rule.kind);
    }
    std::istringstream params(f[3]);
    for (std::string param; params >> param;) rule.params.push_back(param);
    if (rule.kind != "appropriation_total" && rule.params.empty()) return RulesError(row, "parameter is required");
    try {
      size_t used = 0;
      rule.permille = std::stoll(f[4], &used);
      if (used != f[4].size() || rule.permille < 0 || rule.permille > kPermilleWhole) throw std::out_of_range(f[4]);
    } catch (const std::exception&) {
      return RulesError(row, "permille must be 0..1000: " + f[4]);
    }
    if (rule.legal_reference.empty()) return RulesError(row, "legal_reference is required");
    rules.push_back(std::move(rule));
  }
  usable_funds_rules_ = std::move(rules);
  return Status::Ok();
}

Result<std::vector<StatementLine>> StatementService::FundMovements(
    int64_t org, int fiscal_year, Date as_of, const std::vector<std::pair<std::string, std::string>>& funds) {
  const Date start = FiscalYearStart(fiscal_year);
  KLANG_ASSIGN_OR_RETURN(auto before, Balances(ledger_, org, start.AddDays(-1)));
  KLANG_ASSIGN_OR_RETURN(auto at_end, Balances(ledger_, org, as_of));
  KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> not_movements, not_movements_(org, start, as_of));
  KLANG_ASSIGN_OR_RETURN(std::vector<ledger::DayTotals> closings, years_.ClosingTotals(org, start, as_of));
  std::vector<StatementLine> lines;
  for (const auto& [account, name_th] : funds) {
    Money openings_and_closings, closed;
    for (const auto& day : not_movements) {
      if (day.account == account) openings_and_closings = openings_and_closings + (day.credit - day.debit);
    }
    for (const auto& day : closings) {
      if (day.account == account) closed = closed + (day.credit - day.debit);
    }
    const Money brought = -before[account] + (openings_and_closings - closed);
    const Money balance = -at_end[account];
    const Money other = balance - brought - closed;
    lines.push_back(StatementLine::Heading(name_th));
    lines.push_back({"", "ยอดยกมา ณ วันที่ " + FormatThaiDateLong(start), {brought}});
    lines.push_back({"", "เพิ่มขึ้น (ลดลง) จากการปิดบัญชีประจำปี", {closed}});
    lines.push_back({"", "เพิ่มขึ้น (ลดลง) จากรายการอื่นระหว่างปี", {other}});
    lines.push_back({"", "คงเหลือ ณ วันที่ " + FormatThaiDateLong(as_of), {balance}, true});
  }
  return lines;
}

Result<Statement> StatementService::Notes(int64_t org, int fiscal_year, std::optional<Month> month) {
  KLANG_ASSIGN_OR_RETURN(Date as_of, StatementDay(fiscal_year, month));
  KLANG_ASSIGN_OR_RETURN(YearStatus status, years_.StatusOf(org, fiscal_year));
  Statement statement{kNotes, "หมายเหตุประกอบงบแสดงฐานะการเงิน", "ณ วันที่ " + FormatThaiDateLong(as_of),
                      fiscal_year, as_of, status.closed, {kAmountColumn}, {}};
  KLANG_ASSIGN_OR_RETURN(auto balances, Balances(ledger_, org, as_of));
  const auto layout = layout_.Of(kNotes);
  int number = 0;
  for (const NoteSection& section : kNoteSections) {
    statement.lines.push_back(StatementLine::Heading("หมายเหตุ " + std::to_string(++number) + " " + section.title_th));
    Money total;
    for (const auto& line : layout) {
      if (line.section != section.section) continue;
      const Money net = BalanceOf(balances, line.accounts);
      const Money amount = section.debit_side ? net : -net;
      statement.lines.push_back({line.code, line.name_th, {amount}});
      total = total + amount;
    }
    statement.lines.push_back({"", std::string("รวม") + section.title_th, {total}, true});
  }
  KLANG_RETURN_IF_ERROR(AddCarryOverNote(statement, org, as_of, -balances[budget::kAccruedExpenditureAccount], ++number));
  KLANG_ASSIGN_OR_RETURN(std::vector<StatementLine> movements,
                         FundMovements(org, fiscal_year, as_of,
                                       {{kFundsAccount, "หมายเหตุ " + std::to_string(number + 1) + " เงินสะสม"},
                                        {kReserveAccount, "หมายเหตุ " + std::to_string(number + 2) + " ทุนสำรองเงินสะสม"}}));
  statement.lines.insert(statement.lines.end(), movements.begin(), movements.end());
  return statement;
}

Status StatementService::AddCarryOverNote(Statement& statement, int64_t org, Date as_of, Money accrued, int number) {
  KLANG_ASSIGN_OR_RETURN(auto outstanding, carryovers_.OutstandingOn(org, as_of));
  statement.lines.push_back(StatementLine::Heading("หมายเหตุ " + std::to_string(number) + " รายจ่ายค้างจ่าย (กันเงิน) แยกตามรายการ"));
  Money total;
  for (const auto& [carryover, left] : outstanding) {
    statement.lines.push_back({carryover.number_text, carryover.line_label + " (" + carryover.kind_th + ", เบิกได้ถึง " +
                                                          FormatThaiDateShort(carryover.expiry) + ")",
                               {left}});
    total = total + left;
  }
  // What 2102010 holds beyond the register: balances brought from the books kept before Klang
  // (an opening balance), or an adjustment by voucher; shown, so the note still ties.
  if (total != accrued) {
    statement.lines.push_back({"", "ยอดยกมาหรือรายการที่ไม่ได้บันทึกผ่านทะเบียนการกันเงิน", {accrued - total}});
  }
  statement.lines.push_back({"", "รวมรายจ่ายค้างจ่าย (กันเงิน)", {accrued}, true});
  return Status::Ok();
}

Result<Statement> StatementService::AccumulatedFunds(int64_t org, int fiscal_year, std::optional<Month> month) {
  KLANG_ASSIGN_OR_RETURN(Date as_of, StatementDay(fiscal_year, month));
  KLANG_ASSIGN_OR_RETURN(YearStatus status, years_.StatusOf(org, fiscal_year));
  Statement statement{kAccumulatedFunds, "รายงานเงินสะสมและเงินทุนสำรองเงินสะสม",
                      "ณ วันที่ " + FormatThaiDateLong(as_of), fiscal_year, as_of, status.closed, {kAmountColumn}, {}};
  KLANG_ASSIGN_OR_RETURN(std::vector<StatementLine> movements,
                         FundMovements(org, fiscal_year, as_of,
                                       {{kFundsAccount, "เงินสะสม"}, {kReserveAccount, "เงินทุนสำรองเงินสะสม"}}));
  statement.lines.insert(statement.lines.end(), movements.begin(), movements.end());

  statement.lines.push_back(StatementLine::Heading("รายงานพิสูจน์ยอดเงินสะสมที่สามารถนำไปใช้ได้ตามงบแสดงฐานะการเงิน"));
  KLANG_ASSIGN_OR_RETURN(auto balances, Balances(ledger_, org, as_of));
  const Money funds = -balances[kFundsAccount];
  statement.lines.push_back({"", "เงินสะสมตามงบแสดงฐานะการเงิน", {funds}});
  KLANG_ASSIGN_OR_RETURN(std::vector<budget::BudgetLine> lines, budget_.Lines(org, fiscal_year, as_of));
  Money usable = funds;
  for (const UsableFundsRule& rule : layout_.usable_funds_rules()) {
    Money base;
    if (rule.kind == "balance") {
      base = BalanceOf(balances, rule.params);
    } else {
      for (const auto& line : lines) {
        const bool counted = rule.kind == "appropriation_total" ||
                             std::find(rule.params.begin(), rule.params.end(), line.category.group) != rule.params.end();
        if (counted) base = base + line.appropriation();
      }
    }
    const Money deduction = Money::FromSatang(base.satang() * rule.permille / kPermilleWhole);
    statement.lines.push_back({rule.line, rule.name_th, {deduction}});
    usable = usable - deduction;
  }
  statement.lines.push_back({"", "เงินสะสมที่สามารถนำไปใช้ได้", {usable}, true});
  return statement;
}

}  // namespace klang::closing
