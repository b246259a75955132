// Reconciliation on both stores, with hand-computed figures: the budget register's spending and
// the general ledger agree when every voucher names its line; opening balances are left out; a
// one-satang drift on either side is a difference naming the register, the account, the day it
// began and the amount; a month with a difference does not close; the running difference rule.
#include <gtest/gtest.h>

#include "closing/books_test_fixture.h"

namespace klang::closing {
namespace {

using accounting::VoucherInput;


TEST(DisagreementTest, NamesTheDayTheStandingDifferenceBegan) {
  const Money one = Money::FromSatang(1);
  EXPECT_FALSE(Disagreement({}, {}));
  EXPECT_FALSE(Disagreement({{Day("2026-10-05"), Baht("100")}}, {{Day("2026-10-05"), Baht("100")}}));
  // A timing difference that closes again is no difference.
  EXPECT_FALSE(Disagreement({{Day("2026-10-05"), Baht("100")}}, {{Day("2026-10-07"), Baht("100")}}));
  auto found = Disagreement({{Day("2026-10-05"), Baht("100")}, {Day("2026-10-09"), one}},
                            {{Day("2026-10-05"), Baht("100")}});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->since.ToIso(), "2026-10-09");
  EXPECT_EQ(found->amount, one);
  // Open on the 5th, closed on the 7th, open again from the 12th: the 12th.
  found = Disagreement({{Day("2026-10-05"), one}, {Day("2026-10-12"), one}}, {{Day("2026-10-07"), one}});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->since.ToIso(), "2026-10-12");
  // Register ahead of the ledger: negative.
  found = Disagreement({}, {{Day("2026-10-03"), one}, {Day("2026-10-04"), one}});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->since.ToIso(), "2026-10-03");
  EXPECT_EQ(found->amount, Money::FromSatang(-2));
}

class ReconcileTest : public BooksTest {};

TEST_P(ReconcileTest, BudgetRegisterAndLedgerAgreeWhenVouchersNameTheirLines) {
  auto differences = reconciler_.Run(sao_, Day("2026-12-10"));
  ASSERT_TRUE(differences.ok()) << differences.status().ToString();
  EXPECT_TRUE(differences->empty()) << (*differences)[0].what_th;
  // Reversing the computer gives it back on both sides.
  const auto vouchers = vouchers_->List(sao_, 10, 0).value();
  ASSERT_TRUE(vouchers_->Reverse(sao_, vouchers.front().seq, "2026-11-02", "ซื้อซ้ำ", "", "user:1").ok());
  EXPECT_TRUE(reconciler_.Run(sao_, Day("2026-12-10"))->empty());
  auto verified = ledger_->Verify(sao_);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->orgs[0].problem;
}

TEST_P(ReconcileTest, ASatangOnTheLedgerAloneIsADifferenceAndTheMonthDoesNotClose) {
  AppendRaw("2026-11-03", {{"5103030", Money::FromSatang(1), {}}, {"1101010", {}, Money::FromSatang(1)}}, {});
  EXPECT_TRUE(reconciler_.Run(sao_, Day("2026-10-31"))->empty()) << "October still agrees";
  auto differences = reconciler_.Run(sao_, Day("2026-11-30"));
  ASSERT_TRUE(differences.ok());
  ASSERT_EQ(differences->size(), 1u);
  const Difference& found = (*differences)[0];
  EXPECT_EQ(found.check, "reconcile.budget_spent");
  EXPECT_EQ(found.date, "2026-11-03");
  EXPECT_EQ(found.amount, Money::FromSatang(1));
  EXPECT_EQ(found.what_th,
            "บัญชี 5103030 (ค่าวัสดุ): บัญชีแยกประเภท 1,200.01 บาท ทะเบียนงบประมาณเบิกจ่าย 1,200.00 บาท "
            "ต่างกัน 0.01 บาท ตั้งแต่วันที่ 3 พฤศจิกายน 2569");
  auto october = periods_->Close(sao_, "2026-10", "", finance_);
  ASSERT_TRUE(october.ok()) << october.status().ToString();
  EXPECT_TRUE(october->differences.empty());
  const int64_t head = ledger_->GetHead(sao_).value().seq;
  auto november = periods_->Close(sao_, "2026-11", "", finance_);
  ASSERT_TRUE(november.ok()) << november.status().ToString();
  ASSERT_EQ(november->differences.size(), 1u);
  EXPECT_EQ(november->differences[0].date, "2026-11-03");
  EXPECT_EQ(ledger_->GetHead(sao_).value().seq, head) << "a refused close writes nothing";
}

TEST_P(ReconcileTest, ASatangOnTheRegisterAloneIsADifferenceToo) {
  AppendRaw("2026-11-04", {}, {{computers_, Money(), Money::FromSatang(1)}});
  auto differences = reconciler_.Run(sao_, Day("2026-11-30"));
  ASSERT_TRUE(differences.ok());
  ASSERT_EQ(differences->size(), 1u);
  EXPECT_EQ((*differences)[0].date, "2026-11-04");
  EXPECT_EQ((*differences)[0].amount, Money::FromSatang(-1));
  EXPECT_NE((*differences)[0].what_th.find("บัญชี 1201010 (ค่าครุภัณฑ์)"), std::string::npos);
}

// Any register answering for accounts: a staff advance of 2,000.00 paid on 5 November and the
// register's own record of it. Agreeing, they give nothing; a satang short on the register is a
// difference naming it, the account and the day.
TEST_P(ReconcileTest, ARegisterOfAccountsAgreesOrNamesItsDifference) {
  AppendRaw("2026-11-05", {{"1105010", Baht("2,000"), {}}, {"1101010", {}, Baht("2,000")}}, {});
  Money recorded = Baht("2,000");
  RegisterSource source{"reconcile.advances", "ทะเบียนเงินยืม กับบัญชีแยกประเภท", "ทะเบียนเงินยืม", {"1105010"},
                        {{"1105010", "ลูกหนี้เงินยืมตามงบประมาณ"}},
                        [&recorded](int64_t, Date from, Date to) -> Result<std::vector<RegisterDay>> {
                          EXPECT_EQ(from, Day("2026-10-01"));
                          if (to < Day("2026-11-05")) return std::vector<RegisterDay>{};
                          return std::vector<RegisterDay>{{"1105010", Day("2026-11-05"), recorded}};
                        }};
  RegisterCheck check = AccountsCheck(*ledger_, source, OpeningsAndClosings(*vouchers_, *years_, *carryovers_));
  EXPECT_TRUE(check(sao_, Day("2026-11-30"))->empty());
  EXPECT_TRUE(check(sao_, Day("2026-10-31"))->empty());
  recorded = Baht("1,999.99");
  auto differences = check(sao_, Day("2026-11-30"));
  ASSERT_TRUE(differences.ok()) << differences.status().ToString();
  ASSERT_EQ(differences->size(), 1u);
  EXPECT_EQ((*differences)[0].check, "reconcile.advances");
  EXPECT_EQ((*differences)[0].date, "2026-11-05");
  EXPECT_EQ((*differences)[0].amount, Money::FromSatang(1));
  EXPECT_EQ((*differences)[0].what_th,
            "บัญชี 1105010 (ลูกหนี้เงินยืมตามงบประมาณ): บัญชีแยกประเภท 2,000.00 บาท ทะเบียนเงินยืม 1,999.99 บาท "
            "ต่างกัน 0.01 บาท ตั้งแต่วันที่ 5 พฤศจิกายน 2569");
}

INSTANTIATE_TEST_SUITE_P(Dialects, ReconcileTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace klang::closing
