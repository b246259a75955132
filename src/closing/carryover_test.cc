// Carry-over (กันเงิน) across the year end on both stores, with figures computed by hand: an
// open order for a computer carried with a debt, and the rest of the งบลงทุน line carried without
// one; the year-end close charging both to the year (5107010, not an asset); next year the order's
// debt set against its carry-over (refused past the expiry until an extension by the right
// approver), a printer bought from the no-debt carry-over and the rest lapsing to เงินสะสม; every
// register agreeing with the ledger.
#include <gtest/gtest.h>

#include <map>

#include "closing/books_test_fixture.h"

namespace klang::closing {
namespace {

constexpr int64_t kTenOctober2027 = 1823137200000;  // 10:00 in Bangkok, FY 2571
constexpr int64_t kTenApril2028 = 1838862000000;    // 10:00 in Bangkok, FY 2571

class CarryOverTest : public BooksTest {
 protected:
  Money Balance(const std::string& account) {  // debit − credit, all time
    for (const auto& total : ledger_->Totals(sao_, std::nullopt, std::nullopt).value()) {
      if (total.account == account) return total.debit - total.credit;
    }
    return Money();
  }
  int64_t Head() { return ledger_->GetHead(sao_).value().seq; }

  // A computer for 12,000.00 ordered on 1 September 2027, to be delivered on 15 October.
  expenditure::Order OrderComputer() {
    auto request = expenditure_->CreateRequest({sao_, "", "2027-08-25", computers_, "จัดซื้อเครื่องคอมพิวเตอร์",
                                                "ทดแทนเครื่องเดิมที่ชำรุด", "specific", "12,000", "กองคลัง"},
                                               finance_);
    EXPECT_TRUE(request.ok()) << request.status().ToString();
    EXPECT_TRUE(expenditure_->ApproveRequest(sao_, request->id, "", "2027-08-26", head_).ok());
    auto order = expenditure_->PlaceOrder({sao_, "", "2027-09-01", request->id, "ร้านคอมพ์บ้านนา", "0405559000999",
                                           "", "สัญญา 7/2570", "", {{"12,000", "2027-10-15"}}},
                                          finance_);
    EXPECT_TRUE(order.ok()) << order.status().ToString();
    return *order;
  }

  accounting::Actor head_{8, "นายคลัง ใจดี"};
};

TEST_P(CarryOverTest, CarriesOverPaysOneNextYearAndLapsesTheOther) {
  clock_.SetUnixMillis(kTenOctober2027);
  VoucherInput fees{sao_, "", "general", "2026-11-15", std::nullopt, "รับค่าธรรมเนียม",
                    {{"1101010", "30,000", "", ""}, {"4102010", "", "30,000", ""}}};
  ASSERT_TRUE(vouchers_->Post(fees, "user:1").ok());
  const expenditure::Order order = OrderComputer();

  // Refusals write nothing: no-debt outside งบลงทุน; more than the line has left.
  const int64_t before = Head();
  budget::CarryOverInput no_debt{sao_, "", 2570, budget::kCarryOverNoDebt, supplies_, 0, "", "5,000", "",
                                 "สภา อบต.บ้านนา", "มติสภาฯ สมัยสามัญที่ 4/2570", "ยังไม่ได้ลงนามสัญญา"};
  auto refused = carryovers_->Create(no_debt, finance_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().stable_code(), "budget.carryover_not_investment");
  no_debt.line = computers_;
  no_debt.amount = "10,000.01";  // 44,000 − 22,000 spent − 12,000 committed = 10,000 left
  refused = carryovers_->Create(no_debt, finance_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().stable_code(), "budget.carryover_exceeds");
  EXPECT_EQ(Head(), before);

  auto debt = expenditure_->CarryOverOrder({sao_, "", order.id, "", "", "นายก อบต.บ้านนา", "คำสั่ง อบต. 45/2570", ""},
                                           finance_);
  ASSERT_TRUE(debt.ok()) << debt.status().ToString();
  EXPECT_EQ(debt->amount, Baht("12,000"));
  EXPECT_EQ(debt->committed, Baht("12,000"));
  EXPECT_EQ(debt->date, Day("2027-09-30"));
  EXPECT_EQ(debt->expiry, Day("2028-03-31"));  // six months (provisional rule)
  EXPECT_EQ(debt->number_text, "กันเงิน 1/2570");
  auto again = expenditure_->CarryOverOrder({sao_, "", order.id, "", "", "นายก อบต.บ้านนา", "คำสั่ง 46/2570", ""}, finance_);
  ASSERT_FALSE(again.ok());
  // Delivered on 30 September after all: its debt is not set on the old line again.
  auto inspected = expenditure_->Inspect({sao_, "", "2027-09-30", order.id, 1, {"นายตรวจ รับ", "นางสอง กรรมการ"}, ""}, finance_);
  ASSERT_TRUE(inspected.ok()) << inspected.status().ToString();
  const int64_t inspection = Head();
  auto twice_charged = expenditure_->SetDebt({sao_, "", "2027-09-30", inspection, ""}, finance_);
  ASSERT_FALSE(twice_charged.ok());
  EXPECT_EQ(twice_charged.status().stable_code(), "expenditure.order_carried");
  no_debt.amount = "10,000";
  auto lapsing = carryovers_->Create(no_debt, finance_);
  ASSERT_TRUE(lapsing.ok()) << lapsing.status().ToString();
  EXPECT_EQ(lapsing->expiry, Day("2028-09-30"));  // twelve months
  EXPECT_EQ(carryovers_->OfYear(sao_, 2570)->size(), 2u);

  // The line is spent in full by the year: 22,000 in October and 22,000 carried.
  auto line = budget_->Line(sao_, computers_);
  EXPECT_EQ(line->spent, Baht("44,000"));
  EXPECT_EQ(line->committed, Money());
  EXPECT_EQ(Balance("5107010"), Baht("22,000"));
  EXPECT_EQ(Balance("2102010"), -Baht("22,000"));
  EXPECT_TRUE(reconciler_.Run(sao_, Day("2027-09-30"))->empty());
  // The notes itemise them, tied to 2102010's balance.
  auto notes = statements_->Make(kNotes, sao_, 2570, std::nullopt);
  ASSERT_TRUE(notes.ok()) << notes.status().ToString();
  std::map<std::string, Money> itemised;
  for (const auto& line : notes->lines) {
    if (line.code.starts_with("กันเงิน") || line.name_th == "รวมรายจ่ายค้างจ่าย (กันเงิน)") itemised[line.code] = line.amount();
  }
  EXPECT_EQ(itemised["กันเงิน 1/2570"], Baht("12,000"));
  EXPECT_EQ(itemised["กันเงิน 2/2570"], Baht("10,000"));
  EXPECT_EQ(itemised[""], Baht("22,000"));

  for (const auto& month : MonthsOfFiscalYear(2570)) {
    auto closed = periods_->Close(sao_, month.Iso(), "", finance_);
    ASSERT_TRUE(closed.ok() && closed->differences.empty()) << month.Iso();
  }
  auto year = years_->Close(sao_, 2570, "", finance_);
  ASSERT_TRUE(year.ok() && year->closed) << (year.ok() ? year->differences[0].what_th : year.status().ToString());
  // R 30,000; E_op 1,200 + 22,000 carried (5107010); E_inv 22,000 (October's computer only);
  // S = 30,000 − 23,200 − 22,000 = −15,200, borne by เงินสะสม.
  EXPECT_EQ(year->closed->revenue, Baht("30,000"));
  EXPECT_EQ(year->closed->operating, Baht("23,200"));
  EXPECT_EQ(year->closed->investment, Baht("22,000"));
  EXPECT_EQ(year->closed->surplus, -Baht("15,200"));
  EXPECT_EQ(Balance("5107010"), Money());

  // Next year: its debt set in April 2028, after the carry-over expired.
  clock_.SetUnixMillis(kTenApril2028);
  auto late = expenditure_->SetDebt({sao_, "", "2028-04-05", inspection, ""}, finance_);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().stable_code(), "budget.carryover_expired");
  budget::ExtensionInput extension{"", "2028-04-05", "2028-06-30", "governor", "ผู้ว่าราชการจังหวัดขอนแก่น", "ขก 0023/55"};
  auto wrong = carryovers_->Extend(sao_, debt->id, extension, finance_);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().stable_code(), "budget.carryover_authority");  // the first is the executive's
  extension.authority = "executive";
  extension.approver = "นายก อบต.บ้านนา";
  extension.expiry = "2028-10-31";  // more than six months past 31 March
  auto too_far = carryovers_->Extend(sao_, debt->id, extension, finance_);
  ASSERT_FALSE(too_far.ok());
  EXPECT_EQ(too_far.status().stable_code(), "budget.carryover_expiry");
  extension.expiry = "2028-06-30";
  auto extended = carryovers_->Extend(sao_, debt->id, extension, finance_);
  ASSERT_TRUE(extended.ok()) << extended.status().ToString();
  ASSERT_EQ(extended->extensions.size(), 1u);
  EXPECT_EQ(extended->expiry, Day("2028-06-30"));

  auto set = expenditure_->SetDebt({sao_, "", "2028-04-05", inspection, ""}, finance_);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->carryover, debt->id);
  using L = std::tuple<std::string, std::string, std::string>;
  std::vector<L> lines;
  for (const auto& l : set->lines) lines.emplace_back(l.account, l.debit.FormatPlain(), l.credit.FormatPlain());
  EXPECT_EQ(lines, (std::vector<L>{{"2102010", "12000.00", "0.00"}, {"2101010", "0.00", "12000.00"},
                                   {"1201010", "12000.00", "0.00"}, {"3104010", "0.00", "12000.00"}}));
  auto paid = carryovers_->Get(sao_, debt->id);
  EXPECT_EQ(paid->used, Baht("12,000"));
  EXPECT_EQ(paid->remaining(), Money());

  // The no-debt carry-over buys a 4,000.00 printer next year (refused above what is free); the
  // rest, 6,000.00, lapses to เงินสะสม.
  auto too_much = expenditure_->CreateRequest({sao_, "", "2028-04-06", computers_, "จัดซื้อเครื่องพิมพ์", "ทดแทน",
                                               "specific", "10,000.01", "กองคลัง"},
                                              finance_);
  ASSERT_FALSE(too_much.ok());
  EXPECT_EQ(too_much.status().stable_code(), "budget.carryover_exceeds");
  auto request = expenditure_->CreateRequest({sao_, "", "2028-04-06", computers_, "จัดซื้อเครื่องพิมพ์", "ทดแทน",
                                              "specific", "4,000", "กองคลัง"},
                                             finance_);
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  ASSERT_TRUE(expenditure_->ApproveRequest(sao_, request->id, "", "2028-04-06", head_).ok());
  auto printer = expenditure_->PlaceOrder({sao_, "", "2028-04-06", request->id, "ร้านคอมพ์บ้านนา", "", "",
                                           "ใบสั่งซื้อ 3/2571", "", {{"4,000", "2028-04-07"}}},
                                          finance_);
  ASSERT_TRUE(printer.ok()) << printer.status().ToString();
  EXPECT_EQ(printer->carryover, lapsing->id);
  EXPECT_EQ(carryovers_->Get(sao_, lapsing->id)->committed, Baht("4,000"));
  // The rest lapses while the printer is on order: its 4,000.00 stays committed.
  auto lapsed = carryovers_->Lapse(sao_, lapsing->id, {"", "2028-04-06", "ไม่มีความจำเป็นต้องจัดหาเพิ่ม"}, finance_);
  ASSERT_TRUE(lapsed.ok()) << lapsed.status().ToString();
  EXPECT_EQ(lapsed->lapsed, Baht("6,000"));
  EXPECT_EQ(lapsed->committed, Baht("4,000"));
  EXPECT_EQ(lapsed->state_th, "พับไปบางส่วน คงเหลือตามใบสั่งซื้อ/สัญญา");
  ASSERT_TRUE(expenditure_->Inspect({sao_, "", "2028-04-07", printer->id, 1, {"นายตรวจ รับ"}, ""}, finance_).ok());
  auto printer_debt = expenditure_->SetDebt({sao_, "", "2028-04-07", Head(), ""}, finance_);
  ASSERT_TRUE(printer_debt.ok()) << printer_debt.status().ToString();
  EXPECT_EQ(printer_debt->carryover, lapsing->id);
  EXPECT_EQ(carryovers_->Get(sao_, lapsing->id)->used, Baht("4,000"));
  EXPECT_EQ(carryovers_->Get(sao_, lapsing->id)->remaining(), Money());
  EXPECT_EQ(carryovers_->Get(sao_, lapsing->id)->state_th, "พับไปแล้ว");
  auto twice = carryovers_->Lapse(sao_, lapsing->id, {"", "2028-04-08", "ซ้ำ"}, finance_);
  EXPECT_FALSE(twice.ok());

  EXPECT_EQ(Balance("2102010"), Money());
  EXPECT_EQ(Balance("2101010"), -Baht("16,000"));
  EXPECT_EQ(Balance("1201010"), Baht("838,000"));    // 800,000 + 22,000 + 12,000 + 4,000
  EXPECT_EQ(Balance("3104010"), -Baht("38,000"));    // E_inv 22,000 closed + 16,000 delivered
  EXPECT_EQ(Balance("3101010"), -Baht("840,800"));   // 850,000 − 15,200 + 6,000 lapsed
  auto differences = reconciler_.Run(sao_, Day("2028-04-10"));
  ASSERT_TRUE(differences.ok());
  EXPECT_TRUE(differences->empty()) << differences->front().what_th;
  auto verified = ledger_->Verify(sao_);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << "every chain and projection, the carry-overs' included, folds from the log";
}

TEST_P(CarryOverTest, ReconciliationCatchesADriftOfTheCarryOverRegister) {
  clock_.SetUnixMillis(kTenOctober2027);
  budget::CarryOverInput no_debt{sao_, "", 2570, budget::kCarryOverNoDebt, computers_, 0, "", "1,000", "",
                                 "สภา อบต.บ้านนา", "มติสภาฯ 4/2570", ""};
  ASSERT_TRUE(carryovers_->Create(no_debt, finance_).ok());
  // One satang moved on 2102010 around the register.
  AppendRaw("2027-09-30", {{"2102010", Money::FromSatang(1), Money()}, {"1101010", Money(), Money::FromSatang(1)}}, {});
  auto differences = reconciler_.Run(sao_, Day("2027-09-30"));
  ASSERT_TRUE(differences.ok());
  ASSERT_EQ(differences->size(), 1u);
  EXPECT_EQ((*differences)[0].check, "reconcile.carryovers");
  EXPECT_EQ((*differences)[0].amount, Money::FromSatang(1));
}

// An opening balance of รายจ่ายค้างจ่าย brought from the books kept before (5,000.00) is not in the
// register: the notes show it on a line of its own beside the carry-over, and still tie.
TEST_P(CarryOverTest, TheNotesShowWhat2102010HoldsBeyondTheRegister) {
  clock_.SetUnixMillis(kTenOctober2027);
  VoucherInput opening{sao_, "", "opening", "2026-09-30", std::nullopt, "ยอดยกมา รายจ่ายค้างจ่าย",
                       {{"1101010", "5,000", "", ""}, {"2102010", "", "5,000", ""}}};
  ASSERT_TRUE(vouchers_->Post(opening, "user:1").ok());
  budget::CarryOverInput no_debt{sao_, "", 2570, budget::kCarryOverNoDebt, computers_, 0, "", "1,000", "",
                                 "สภา อบต.บ้านนา", "มติสภาฯ 4/2570", ""};
  ASSERT_TRUE(carryovers_->Create(no_debt, finance_).ok());
  auto notes = statements_->Make(kNotes, sao_, 2570, std::nullopt);
  ASSERT_TRUE(notes.ok()) << notes.status().ToString();
  std::map<std::string, Money> figures;
  for (const auto& line : notes->lines) figures[line.code.empty() ? line.name_th : line.code] = line.amount();
  EXPECT_EQ(figures["กันเงิน 1/2570"], Baht("1,000"));
  EXPECT_EQ(figures["ยอดยกมาหรือรายการที่ไม่ได้บันทึกผ่านทะเบียนการกันเงิน"], Baht("5,000"));
  EXPECT_EQ(figures["รวมรายจ่ายค้างจ่าย (กันเงิน)"], Baht("6,000"));
}

INSTANTIATE_TEST_SUITE_P(Dialects, CarryOverTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace klang::closing
