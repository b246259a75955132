// The year-end close on both stores, with a small year computed by hand: every closing line, the
// reserve split under the cap, 3103010 left at zero, a second close refused, reopen → close giving
// the same lines, and a late receipt changing the split; the rule's arithmetic (cap reached,
// reserve above the cap, a deficit) on its own.
#include <gtest/gtest.h>

#include "closing/books_test_fixture.h"

namespace klang::closing {
namespace {

constexpr int64_t kTenOctober2027 = 1823137200000;  // 10:00 in Bangkok, FY 2571

ClosingRules Rules() { return {2500, 2999, 25, 50, "provisional", "ข้อ 87 (test)"}; }

// (account, debit, credit) of each line, in order.
std::vector<std::tuple<std::string, std::string, std::string>> Lines(const std::vector<ledger::Line>& lines) {
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const auto& line : lines) out.emplace_back(line.account, line.debit.FormatPlain(), line.credit.FormatPlain());
  return out;
}

TEST(PlanYearEndTest, SplitsASurplusUnderTheCapAndBearsADeficit) {
  YearFigures figures;
  figures.revenue = {{"4201010", Baht("9,800,000")}};
  figures.expenses = {{"5103020", Baht("7,150,000")}};
  figures.investment = Baht("2,250,000");
  figures.appropriation = Baht("10,000,000");  // cap 5,000,000
  figures.reserve_before = Baht("1,500,000");
  YearPlan plan = PlanYearEnd(figures, Rules());
  EXPECT_EQ(plan.surplus, Baht("400,000"));
  EXPECT_EQ(plan.to_reserve, Baht("100,000"));
  EXPECT_EQ(plan.to_funds, Baht("300,000"));
  // The reserve near its cap takes only the room left.
  figures.reserve_before = Baht("4,950,000");
  plan = PlanYearEnd(figures, Rules());
  EXPECT_EQ(plan.to_reserve, Baht("50,000"));
  EXPECT_EQ(plan.to_funds, Baht("350,000"));
  // A reserve above the cap gives its excess to เงินสะสม.
  figures.reserve_before = Baht("5,000,100");
  plan = PlanYearEnd(figures, Rules());
  EXPECT_EQ(plan.to_reserve, Money());
  EXPECT_EQ(plan.reserve_excess, Baht("100"));
  EXPECT_EQ(plan.to_funds, Baht("400,000"));
  // A deficit is borne by เงินสะสม.
  figures.reserve_before = Baht("1,500,000");
  figures.revenue = {{"4201010", Baht("9,300,000")}};
  plan = PlanYearEnd(figures, Rules());
  EXPECT_EQ(plan.surplus, Baht("-100,000"));
  EXPECT_EQ(plan.to_reserve, Money());
  EXPECT_EQ(plan.lines.back().account, "3103010");
  EXPECT_EQ(plan.lines[plan.lines.size() - 2].account, "3101010");
  EXPECT_EQ(plan.lines[plan.lines.size() - 2].debit, Baht("100,000"));
}

class YearEndTest : public BooksTest {
 protected:
  // The rest of FY 2570 on top of the fixture (opening: cash 50,000, ครุภัณฑ์ 800,000, เงินสะสม
  // 850,000; October: ค่าวัสดุ 1,200, computer 22,000): a reserve of 40,000 brought forward; fees
  // 30,000 (15 Nov); VAT 12,000 (1 Mar); ค่าวัสดุ 3,800 (10 Feb); depreciation 5,000 (30 Sep).
  void LiveTheYear() {
    VoucherInput reserve{sao_, "", "opening", "2026-09-30", std::nullopt, "ยอดยกมา ทุนสำรองเงินสะสม",
                         {{"1102010", "40,000", "", ""}, {"3102010", "", "40,000", ""}}};
    ASSERT_TRUE(vouchers_->Post(reserve, "user:1").ok());
    clock_.SetUnixMillis(kTenOctober2027);
    ASSERT_TRUE(Receive("2026-11-15", "4102010", "30,000").ok());
    ASSERT_TRUE(Receive("2027-03-01", "4201010", "12,000").ok());
    ASSERT_TRUE(Spend("2027-02-10", "5103030", "3,800", supplies_).ok());
    VoucherInput depreciation{sao_, "", "general", "2027-09-30", std::nullopt, "ค่าเสื่อมราคาครุภัณฑ์ประจำปี",
                              {{"5106010", "5,000", "", ""}, {"1201020", "", "5,000", ""}}};
    ASSERT_TRUE(vouchers_->Post(depreciation, "user:1").ok());
  }
  Result<accounting::VoucherView> Receive(const std::string& date, const std::string& account,
                                          const std::string& amount) {
    VoucherInput input{sao_, "", "general", date, std::nullopt, "รับเงิน",
                       {{"1101010", amount, "", ""}, {account, "", amount, ""}}};
    return vouchers_->Post(input, "user:1");
  }
  // A contract guarantee of 5,000.00 received into the bank (15 Mar) and a staff advance of
  // 2,000.00 paid in cash (20 Mar).
  void GuaranteeAndAdvanceInMarch() {
  VoucherInput guarantee{sao_, "", "general", "2027-03-15", std::nullopt, "รับเงินประกันสัญญา",
                         {{"1102010", "5,000", "", ""}, {"2103020", "", "5,000", ""}}};
  ASSERT_TRUE(vouchers_->Post(guarantee, "user:1").ok());
  VoucherInput advance{sao_, "", "general", "2027-03-20", std::nullopt, "จ่ายเงินยืม",
                       {{"1105010", "2,000", "", ""}, {"1101010", "", "2,000", ""}}};
  ASSERT_TRUE(vouchers_->Post(advance, "user:1").ok());
  }
  void CloseMonths() {
    for (const auto& month : MonthsOfFiscalYear(2570)) {
      auto closed = periods_->Close(sao_, month.Iso(), "", finance_);
      ASSERT_TRUE(closed.ok()) << closed.status().ToString();
      ASSERT_TRUE(closed->differences.empty()) << month.Iso() << ": " << closed->differences[0].what_th;
    }
  }
  Money Balance(const std::string& account) {  // debit − credit, all time
    for (const auto& total : ledger_->Totals(sao_, std::nullopt, std::nullopt).value()) {
      if (total.account == account) return total.debit - total.credit;
    }
    return Money();
  }
};

TEST_P(YearEndTest, ClosesASmallYearToTheHandComputedLines) {
  LiveTheYear();
  auto early = years_->Close(sao_, 2570, "", finance_);
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  ASSERT_EQ(early->differences.size(), 12u) << "every month of the year is still open";
  EXPECT_EQ(early->differences[0].check, "closing.month_open");
  EXPECT_FALSE(early->closed);
  CloseMonths();

  auto closed = years_->Close(sao_, 2570, "", finance_);
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  ASSERT_TRUE(closed->differences.empty()) << closed->differences[0].what_th;
  ASSERT_TRUE(closed->closed);
  // R 42,000; E_op 5,000; E_inv 22,000; S 15,000; cap 50 % × 94,000 = 47,000, room 7,000;
  // reserve ⌊25 % × 15,000⌋ = 3,750; เงินสะสม 11,250.
  const YearPlan& plan = *closed->closed;
  EXPECT_EQ(plan.revenue, Baht("42,000"));
  EXPECT_EQ(plan.operating, Baht("5,000"));
  EXPECT_EQ(plan.investment, Baht("22,000"));
  EXPECT_EQ(plan.depreciation, Baht("5,000"));
  EXPECT_EQ(plan.surplus, Baht("15,000"));
  EXPECT_EQ(plan.cap, Baht("47,000"));
  EXPECT_EQ(plan.to_reserve, Baht("3,750"));
  EXPECT_EQ(plan.to_funds, Baht("11,250"));
  using L = std::tuple<std::string, std::string, std::string>;
  EXPECT_EQ(Lines(plan.lines), (std::vector<L>{
                                   {"4102010", "30000.00", "0.00"}, {"4201010", "12000.00", "0.00"},
                                   {"3103010", "0.00", "42000.00"}, {"5103030", "0.00", "5000.00"},
                                   {"3103010", "5000.00", "0.00"},  {"3103010", "22000.00", "0.00"},
                                   {"3104010", "0.00", "22000.00"}, {"3104010", "5000.00", "0.00"},
                                   {"5106010", "0.00", "5000.00"},  {"3103010", "15000.00", "0.00"},
                                   {"3102010", "0.00", "3750.00"},  {"3101010", "0.00", "11250.00"}}));
  EXPECT_EQ(Balance("3103010"), Money());
  EXPECT_EQ(Balance("4102010"), Money());
  EXPECT_EQ(Balance("5103030"), Money());
  EXPECT_EQ(Balance("5106010"), Money());
  EXPECT_EQ(Balance("3102010"), -Baht("43,750"));
  EXPECT_EQ(Balance("3101010"), -Baht("861,250"));
  EXPECT_EQ(Balance("3104010"), -Baht("17,000"));

  const int64_t head = ledger_->GetHead(sao_).value().seq;
  auto twice = years_->Close(sao_, 2570, "", finance_);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().stable_code(), "closing.year_closed");
  EXPECT_EQ(ledger_->GetHead(sao_).value().seq, head) << "a refused close writes nothing";
  auto verified = ledger_->Verify(sao_);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->orgs[0].problem;
  EXPECT_TRUE(reconciler_.Run(sao_, Day("2027-09-30"))->empty()) << "closing moves no register";
}

TEST_P(YearEndTest, ReopenThenCloseGivesTheSameLinesAndALateReceiptChangesTheSplit) {
  LiveTheYear();
  CloseMonths();
  auto first = years_->Close(sao_, 2570, "", finance_);
  ASSERT_TRUE(first.ok() && first->closed);
  EXPECT_EQ(years_->Reopen(sao_, 2570, "", "ที่ 1/2570", "", finance_).status().stable_code(),
            "closing.reason_required");
  EXPECT_EQ(years_->Reopen(sao_, 2570, "ตรวจทาน", "", "", finance_).status().stable_code(),
            "closing.approval_required");
  ASSERT_TRUE(years_->Reopen(sao_, 2570, "ตรวจทานงบการเงิน", "ที่ ขก 1/2570", "", finance_).ok());
  EXPECT_EQ(Balance("4102010"), -Baht("30,000")) << "reopening restores the year's accounts";
  auto again = years_->Close(sao_, 2570, "", finance_);
  ASSERT_TRUE(again.ok() && again->closed);
  EXPECT_EQ(Lines(again->closed->lines), Lines(first->closed->lines));

  // A receipt of 4,000.00 found late: reopen the year and September, post it, close again.
  // September does not reopen while the year is closed.
  EXPECT_EQ(periods_->Reopen({sao_, "2027-09", "รับเงินที่ตกหล่น", "ที่ ขก 2/2570", ""}, finance_).status().stable_code(),
            "closing.year_closed");
  ASSERT_TRUE(years_->Reopen(sao_, 2570, "รับเงินค่าธรรมเนียมที่ตกหล่น", "ที่ ขก 2/2570", "", finance_).ok());
  ASSERT_TRUE(periods_->Reopen({sao_, "2027-09", "รับเงินที่ตกหล่น", "ที่ ขก 2/2570", ""}, finance_).ok());
  ASSERT_TRUE(Receive("2027-09-29", "4102010", "4,000").ok());
  ASSERT_TRUE(periods_->Close(sao_, "2027-09", "", finance_)->differences.empty());
  auto late = years_->Close(sao_, 2570, "", finance_);
  ASSERT_TRUE(late.ok() && late->closed);
  EXPECT_EQ(late->closed->surplus, Baht("19,000"));
  EXPECT_EQ(late->closed->to_reserve, Baht("4,750"));
  EXPECT_EQ(late->closed->to_funds, Baht("14,250"));
  EXPECT_EQ(Balance("3103010"), Money());
  EXPECT_EQ(Balance("3102010"), -Baht("44,750"));
  auto status = years_->StatusOf(sao_, 2570);
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->closed);
  EXPECT_EQ(status->reopened, 2);
  EXPECT_EQ(status->plan->to_funds, Baht("14,250"));
  auto verified = ledger_->Verify(sao_);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->orgs[0].problem;
}

// (code or name of a total, amount) of each line.
std::vector<std::pair<std::string, std::string>> Figures(const Statement& statement) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& line : statement.lines) out.emplace_back(line.total ? line.name_th : line.code, line.amount().FormatPlain());
  return out;
}

// (code or name, the columns as "estimate|month|year", blank as "-") of each line but headings.
std::vector<std::pair<std::string, std::string>> Columns(const Statement& statement) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& line : statement.lines) {
    if (line.heading) continue;
    std::string cells;
    for (const auto& amount : line.amounts) cells += (cells.empty() ? "" : "|") + (amount ? amount->FormatPlain() : "-");
    out.emplace_back(line.total ? line.name_th : line.code, cells);
  }
  return out;
}

// รายงานรับ–จ่ายเงินประจำเดือน for March 2027, by hand. March adds a contract guarantee of
// 5,000.00 received into the bank (15 Mar) and a staff advance of 2,000.00 paid in cash (20 Mar)
// to the year (see LiveTheYear).
//   brought forward, month (28 Feb): cash 50,000 − 1,200 − 22,000 + 30,000 − 3,800 = 53,000;
//     bank 40,000; year (30 Sep 2026): cash 50,000, bank 40,000.
//   budget receipts: VAT 12,000 in March; fees 30,000 + VAT 12,000 = 42,000 in the year; the
//     estimates 36,000 (R2) and 100,000 (R7).
//   non-budget receipts: เงินรับฝาก 5,000; payments: ลูกหนี้เงินยืม 2,000.
//   budget payments: none in March; ค่าวัสดุ 5,000 and ค่าครุภัณฑ์ 22,000 in the year, against
//     appropriations of 50,000 and 44,000.
//   carried forward: cash 53,000 + 12,000 − 2,000 = 63,000; bank 45,000; and indeed
//     93,000 + 17,000 − 2,000 = 90,000 + 47,000 − 29,000 = 108,000.
TEST_P(YearEndTest, TheMonthlyReceiptsPaymentsReportTiesCashBroughtAndCarriedForward) {
  LiveTheYear();
  GuaranteeAndAdvanceInMarch();
  auto report = statements_->Make(kReceiptsPayments, sao_, 2570, Month::Parse("2027-03").value());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->columns.size(), 3u);
  using F = std::pair<std::string, std::string>;
  EXPECT_EQ(Columns(*report), (std::vector<F>{
      {"C1", "-|53000.00|50000.00"}, {"C2", "-|40000.00|40000.00"}, {"รวมยอดยกมา", "-|93000.00|90000.00"},
      {"R1", "0.00|0.00|0.00"}, {"R2", "36000.00|0.00|30000.00"}, {"R3", "0.00|0.00|0.00"},
      {"R4", "0.00|0.00|0.00"}, {"R5", "0.00|0.00|0.00"}, {"R6", "0.00|0.00|0.00"},
      {"R7", "100000.00|12000.00|12000.00"}, {"R8", "0.00|0.00|0.00"},
      {"รวมรายรับตามงบประมาณ", "136000.00|12000.00|42000.00"},
      {"N7", "-|5000.00|5000.00"}, {"รวมรายรับนอกงบประมาณ", "-|5000.00|5000.00"},
      {"รวมรายรับทั้งสิ้น", "-|17000.00|47000.00"},
      {"533000", "50000.00|0.00|5000.00"}, {"รวมงบดำเนินงาน", "50000.00|0.00|5000.00"},
      {"541000", "44000.00|0.00|22000.00"}, {"รวมงบลงทุน", "44000.00|0.00|22000.00"},
      {"รวมรายจ่ายตามงบประมาณ", "94000.00|0.00|27000.00"},
      {"N2", "-|2000.00|2000.00"}, {"รวมรายจ่ายนอกงบประมาณ", "-|2000.00|2000.00"},
      {"รวมรายจ่ายทั้งสิ้น", "-|2000.00|29000.00"}, {"รายรับสูงกว่ารายจ่าย", "-|15000.00|18000.00"},
      {"C1", "-|63000.00|63000.00"}, {"C2", "-|45000.00|45000.00"}, {"รวมยอดยกไป", "-|108000.00|108000.00"}}));

  // September: the depreciation (Dr 5106010 / Cr 1201020, no cash) shows on both sides of the
  // non-budget section; the closing entry, once posted, is neither a receipt nor a payment.
  auto september = statements_->Make(kReceiptsPayments, sao_, 2570, Month::Parse("2027-09").value());
  ASSERT_TRUE(september.ok()) << september.status().ToString();
  CloseMonths();
  ASSERT_TRUE(years_->Close(sao_, 2570, "", finance_)->closed);
  auto closed = statements_->Make(kReceiptsPayments, sao_, 2570, Month::Parse("2027-09").value());
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  EXPECT_EQ(Columns(*closed), Columns(*september));
  const auto figures = Columns(*closed);
  EXPECT_NE(std::find(figures.begin(), figures.end(), F{"N3", "-|5000.00|5000.00"}), figures.end());
  EXPECT_NE(std::find(figures.begin(), figures.end(), F{"N9", "-|5000.00|5000.00"}), figures.end());
  EXPECT_EQ(figures.back(), (F{"รวมยอดยกไป", "-|108000.00|108000.00"}));

  EXPECT_EQ(statements_->Make(kReceiptsPayments, sao_, 2570, std::nullopt).status().stable_code(),
            "closing.statement_month_required");
  EXPECT_EQ(statements_->Make(kReceiptsPayments, sao_, 2571, Month::Parse("2027-03").value()).status().stable_code(),
            "closing.statement_month");
}

TEST_P(YearEndTest, StatementsTieToTheTrialBalanceBeforeAndAfterTheClose) {
  LiveTheYear();
  // Before the close: assets 922,000 (cash 65,000 + bank 40,000; ครุภัณฑ์ 822,000 − 5,000
  // depreciated); funds: reserve 40,000, เงินสะสม 850,000, and the open year's result 32,000
  // (revenue 42,000 − expenditure 5,000 − depreciation 5,000; the computer is an asset).
  auto before = statements_->BalanceSheet(sao_, 2570, std::nullopt);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  using F = std::pair<std::string, std::string>;
  EXPECT_EQ(Figures(*before), (std::vector<F>{
      {"A1", "105000.00"}, {"A2", "0.00"}, {"A3", "0.00"}, {"A4", "817000.00"}, {"รวมสินทรัพย์", "922000.00"},
      {"L1", "0.00"}, {"L2", "0.00"}, {"L3", "0.00"}, {"L4", "0.00"}, {"รวมหนี้สิน", "0.00"},
      {"F1", "0.00"}, {"F2", "40000.00"}, {"F3", "850000.00"}, {"F4", "32000.00"}, {"รวมทุนและเงินสะสม", "922000.00"},
      {"รวมหนี้สิน ทุน และเงินสะสม", "922000.00"}}));
  auto operations = statements_->Operations(sao_, 2570);
  ASSERT_TRUE(operations.ok()) << operations.status().ToString();
  EXPECT_FALSE(operations->year_closed);
  // Beside each actual, the estimate (refuse fees 36,000 in R2, VAT 100,000 in R7) or the
  // appropriation (ค่าวัสดุ 50,000 in E3, the computers 44,000 in E4) and the difference,
  // favourable when positive: revenue actual − estimate, expenditure appropriation − actual; the
  // planned result 136,000 − 94,000 = 42,000 against 15,000.
  EXPECT_EQ(operations->columns.size(), 3u);
  EXPECT_EQ(Columns(*operations), (std::vector<F>{
      {"R1", "0.00|0.00|0.00"}, {"R2", "36000.00|30000.00|-6000.00"}, {"R3", "0.00|0.00|0.00"},
      {"R4", "0.00|0.00|0.00"}, {"R5", "0.00|0.00|0.00"}, {"R6", "0.00|0.00|0.00"},
      {"R7", "100000.00|12000.00|-88000.00"}, {"R8", "0.00|0.00|0.00"}, {"รวมรายรับ", "136000.00|42000.00|-94000.00"},
      {"E1", "0.00|0.00|0.00"}, {"E2", "0.00|0.00|0.00"}, {"E3", "50000.00|5000.00|45000.00"},
      {"E4", "44000.00|22000.00|22000.00"}, {"E5", "0.00|0.00|0.00"}, {"E6", "0.00|0.00|0.00"},
      {"รวมรายจ่าย", "94000.00|27000.00|67000.00"}, {"รายรับสูงกว่ารายจ่าย", "42000.00|15000.00|-27000.00"}}));

  CloseMonths();
  ASSERT_TRUE(years_->Close(sao_, 2570, "", finance_)->closed);
  // After: ทุนทรัพย์สิน 17,000; reserve 43,750; เงินสะสม 861,250; nothing left open.
  auto after = statements_->BalanceSheet(sao_, 2570, std::nullopt);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  const auto figures = Figures(*after);
  EXPECT_EQ(figures[10], (F{"F1", "17000.00"}));
  EXPECT_EQ(figures[11], (F{"F2", "43750.00"}));
  EXPECT_EQ(figures[12], (F{"F3", "861250.00"}));
  EXPECT_EQ(figures[13], (F{"F4", "0.00"}));
  EXPECT_EQ(figures.back(), (F{"รวมหนี้สิน ทุน และเงินสะสม", "922000.00"}));
  auto closed_operations = statements_->Operations(sao_, 2570);
  ASSERT_TRUE(closed_operations.ok());
  EXPECT_TRUE(closed_operations->year_closed);
  EXPECT_EQ(Columns(*closed_operations), Columns(*operations)) << "the same figures from the closing entry";
  // At the end of March, before the year closed: cash 50,000 − 1,200 − 22,000 + 30,000 + 12,000
  // − 3,800 = 65,000; the open result 32,000 + 5,000 (depreciation not yet posted).
  auto march = statements_->BalanceSheet(sao_, 2570, Month::Parse("2027-03").value());
  ASSERT_TRUE(march.ok()) << march.status().ToString();
  EXPECT_EQ(Figures(*march)[13], (F{"F4", "37000.00"}));
  EXPECT_EQ(statements_->Make("cash_flow", sao_, 2570, std::nullopt).status().stable_code(), "closing.statement_kind");
}

// The notes and the accumulated-funds report, by hand, with a staff advance of 2,000.00 paid in
// cash on 20 March 2027 on top of the year (see LiveTheYear):
//   end of March: เงินสะสม 850,000 (brought forward, nothing closed yet) less the advance
//     2,000 and 10 % of the year's appropriations (50,000 + 44,000) 9,400, with no งบบุคลากร
//     line to keep three months of: 838,600 usable;
//   30 September, closed: cash 65,000 − 2,000 = 63,000, bank 40,000; เงินสะสม 850,000 + 11,250
//     from the close = 861,250; the reserve 40,000 + 3,750 = 43,750.
TEST_P(YearEndTest, TheNotesAndTheAccumulatedFundsReportByHand) {
  LiveTheYear();
  VoucherInput advance{sao_, "", "general", "2027-03-20", std::nullopt, "จ่ายเงินยืม",
                       {{"1105010", "2,000", "", ""}, {"1101010", "", "2,000", ""}}};
  ASSERT_TRUE(vouchers_->Post(advance, "user:1").ok());
  using F = std::pair<std::string, std::string>;
  auto march = statements_->Make(kAccumulatedFunds, sao_, 2570, Month::Parse("2027-03").value());
  ASSERT_TRUE(march.ok()) << march.status().ToString();
  const auto march_figures = Figures(*march);
  const std::vector<F> proof(march_figures.end() - 6, march_figures.end());
  EXPECT_EQ(proof, (std::vector<F>{{"", "850000.00"}, {"U1", "0.00"}, {"U2", "2000.00"}, {"U3", "0.00"},
                                   {"U4", "9400.00"}, {"เงินสะสมที่สามารถนำไปใช้ได้", "838600.00"}}));

  CloseMonths();
  ASSERT_TRUE(years_->Close(sao_, 2570, "", finance_)->closed);
  auto notes = statements_->Make(kNotes, sao_, 2570, std::nullopt);
  ASSERT_TRUE(notes.ok()) << notes.status().ToString();
  const auto figures = Figures(*notes);
  auto has = [&](const F& figure) { return std::find(figures.begin(), figures.end(), figure) != figures.end(); };
  EXPECT_TRUE(has({"NC1", "63000.00"}));
  EXPECT_TRUE(has({"NC2", "40000.00"}));
  EXPECT_TRUE(has({"รวมเงินสดและเงินฝากธนาคาร", "103000.00"}));
  EXPECT_TRUE(has({"NA1", "2000.00"}));
  EXPECT_TRUE(has({"รวมเงินรับฝาก แยกตามประเภท", "0.00"}));
  // The two funds' movements: brought forward, from the close, other, balance.
  std::vector<std::string> movements;
  for (const auto& line : notes->lines) {
    if (line.code.empty() && !line.heading && !line.name_th.starts_with("รวม")) movements.push_back(line.amount().FormatPlain());
  }
  EXPECT_EQ(movements, (std::vector<std::string>{"850000.00", "11250.00", "0.00", "861250.00",
                                                 "40000.00", "3750.00", "0.00", "43750.00"}));
  // The balance sheet's cash line is the notes' total.
  auto sheet = statements_->BalanceSheet(sao_, 2570, std::nullopt);
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(Figures(*sheet)[0], (F{"A1", "103000.00"}));
}

TEST_P(YearEndTest, AfterThePreliminaryClosingOnlyAdjustmentsEnterTheOldYearAndTheNewYearGoesOn) {
  LiveTheYear();
  auto preliminary = years_->Preliminary(sao_, 2570, "", finance_);
  ASSERT_TRUE(preliminary.ok()) << preliminary.status().ToString();
  EXPECT_TRUE(years_->StatusOf(sao_, 2570)->preliminary);
  EXPECT_EQ(years_->Preliminary(sao_, 2570, "", finance_).status().stable_code(), "closing.preliminary_done");
  // Another kind dated in the old year is refused, inside the append.
  const int64_t head = ledger_->GetHead(sao_).value().seq;
  ledger::EntryDraft draft;
  draft.org = sao_;
  draft.entry_id = NewUuid(random_);
  draft.kind = "exp.test";
  draft.document_date = draft.posting_date = Day("2027-09-20");
  draft.fiscal_year = 2570;
  draft.author = "user:9";
  draft.body = {{"description", "เอกสารที่ไม่ใช่รายการปรับปรุง"}};
  auto refused = ledger_->Append(draft);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().stable_code(), "closing.kind_after_preliminary");
  EXPECT_EQ(ledger_->GetHead(sao_).value().seq, head);
  // An adjusting voucher still enters the old year; the new year's work is not blocked.
  EXPECT_TRUE(Receive("2027-09-20", "4102010", "100").ok());
  AppendRaw("2027-10-05", {}, {});
  EXPECT_EQ(years_->Preliminary(sao_, 2571, "", finance_).status().stable_code(), "closing.year_not_over");
  auto verified = ledger_->Verify(sao_);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->orgs[0].problem;
}

TEST_P(YearEndTest, TheLaoSeesEachUnitsClosing) {
  const auto unit = orgs_->Create(sao_, org::OrgType::kUnit, "6400101-U1", "ศูนย์พัฒนาเด็กเล็กบ้านนา");
  ASSERT_TRUE(unit.ok());
  clock_.SetUnixMillis(kTenOctober2027);
  ASSERT_TRUE(periods_->Close(unit->id, "2026-10", "", finance_)->closed);
  auto units = years_->UnitsOf(sao_, 2570);
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].org, unit->id);
  EXPECT_EQ((*units)[0].months_over, 12);
  EXPECT_EQ((*units)[0].months_closed, 1);
  EXPECT_TRUE((*units)[0].year_over);
  EXPECT_FALSE((*units)[0].year_closed);
  EXPECT_TRUE(years_->UnitsOf(unit->id, 2570)->empty()) << "a unit has no units";
}

// รายงานแสดงผลการดำเนินงานรายไตรมาส, quarter 2 (January–March 2027) of the same year, by hand:
//   brought forward, quarter (31 Dec): cash 50,000 − 1,200 − 22,000 + 30,000 = 56,800; bank 40,000.
//   receipts: VAT 12,000 and the guarantee 5,000; payments: ค่าวัสดุ 3,800 (Feb) and the advance
//   2,000; carried forward: cash 56,800 + 12,000 − 3,800 − 2,000 = 63,000, bank 45,000 — March's.
TEST_P(YearEndTest, TheQuarterlyReportIsTheReceiptsPaymentsReportOverThreeMonths) {
  LiveTheYear();
  GuaranteeAndAdvanceInMarch();
  auto report = statements_->Make(kQuarterly, sao_, 2570, std::nullopt, 2);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->title_th, "รายงานแสดงผลการดำเนินงานรายไตรมาส");
  EXPECT_EQ(report->period_th, "ไตรมาสที่ 2 (มกราคม 2570 ถึง มีนาคม 2570) ปีงบประมาณ 2570");
  EXPECT_EQ(report->columns[1], "ไตรมาสนี้");
  EXPECT_EQ(report->as_of, Day("2027-03-31"));
  using F = std::pair<std::string, std::string>;
  EXPECT_EQ(Columns(*report), (std::vector<F>{
      {"C1", "-|56800.00|50000.00"}, {"C2", "-|40000.00|40000.00"}, {"รวมยอดยกมา", "-|96800.00|90000.00"},
      {"R1", "0.00|0.00|0.00"}, {"R2", "36000.00|0.00|30000.00"}, {"R3", "0.00|0.00|0.00"},
      {"R4", "0.00|0.00|0.00"}, {"R5", "0.00|0.00|0.00"}, {"R6", "0.00|0.00|0.00"},
      {"R7", "100000.00|12000.00|12000.00"}, {"R8", "0.00|0.00|0.00"},
      {"รวมรายรับตามงบประมาณ", "136000.00|12000.00|42000.00"},
      {"N7", "-|5000.00|5000.00"}, {"รวมรายรับนอกงบประมาณ", "-|5000.00|5000.00"},
      {"รวมรายรับทั้งสิ้น", "-|17000.00|47000.00"},
      {"533000", "50000.00|3800.00|5000.00"}, {"รวมงบดำเนินงาน", "50000.00|3800.00|5000.00"},
      {"541000", "44000.00|0.00|22000.00"}, {"รวมงบลงทุน", "44000.00|0.00|22000.00"},
      {"รวมรายจ่ายตามงบประมาณ", "94000.00|3800.00|27000.00"},
      {"N2", "-|2000.00|2000.00"}, {"รวมรายจ่ายนอกงบประมาณ", "-|2000.00|2000.00"},
      {"รวมรายจ่ายทั้งสิ้น", "-|5800.00|29000.00"}, {"รายรับสูงกว่ารายจ่าย", "-|11200.00|18000.00"},
      {"C1", "-|63000.00|63000.00"}, {"C2", "-|45000.00|45000.00"}, {"รวมยอดยกไป", "-|108000.00|108000.00"}}));
  EXPECT_EQ(statements_->Make(kQuarterly, sao_, 2570, std::nullopt, 5).status().stable_code(),
            "closing.statement_quarter");
}

INSTANTIATE_TEST_SUITE_P(Dialects, YearEndTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace klang::closing
