// Periods on both stores, with hand-computed figures: months close in order once over, a closed
// month refuses postings (naming the month) and writes nothing, reopening needs a reason and an
// approval and reopens the later months too, closing again records the month's figures again, a
// check that lists differences refuses the close, a year never waits for the year before, and
// verify and rebuild agree with the log.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "accounting/voucher.h"
#include "closing/kinds.h"
#include "closing/periods.h"
#include "tests/support/test_db.h"

namespace klang::closing {
namespace {

using accounting::VoucherInput;

constexpr int64_t kTenDecember2026 = 1796871600000;   // 10:00 in Bangkok
constexpr int64_t kTenNovember2027 = 1825815600000;

class PeriodTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto db = testing::OpenFreshDb(GetParam());
    if (!db.ok() && db.status().stable_code() == "test.no_postgres") GTEST_SKIP();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    std::vector<store::Migration> migrations = ledger::Ledger::Migrations();
    for (auto& m : org::OrgDirectory::Migrations()) migrations.push_back(m);
    for (auto& m : accounting::ChartOfAccounts::Migrations()) migrations.push_back(m);
    for (auto& m : accounting::VoucherService::Migrations()) migrations.push_back(m);
    for (auto& m : PeriodService::Migrations()) migrations.push_back(m);
    ASSERT_TRUE(store::ApplyMigrations(*db_, migrations).ok());
    orgs_ = std::make_unique<org::OrgDirectory>(*db_);
    chart_ = std::make_unique<accounting::ChartOfAccounts>(*db_);
    ASSERT_TRUE(chart_->ImportCsv(testing::ReadSourceFile("data/chart_of_accounts.csv")).ok());
    ledger_ = std::make_unique<ledger::Ledger>(*db_, clock_);
    vouchers_ = std::make_unique<accounting::VoucherService>(*ledger_, *orgs_, *chart_, clock_, random_);
    periods_ = std::make_unique<PeriodService>(*ledger_, *orgs_, clock_, random_);
    ledger_->AddProjection(vouchers_->projection());
    ledger_->AddProjection(periods_->projection());
    ledger_->Start();
    const auto dla = orgs_->Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
    const auto province = orgs_->Create(dla->id, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
    province_ = province->id;
    sao_ = orgs_->Create(province_, org::OrgType::kSao, "6400101", "อบต.บ้านนา")->id;
    // Opening balances on 30 September 2026, then 1,000.00 of fees in October and 250.50 in
    // November (FY 2570).
    VoucherInput opening = Cash("2026-09-30", "5,000.00", "3101010");
    opening.type = "opening";
    ASSERT_TRUE(vouchers_->Post(opening, "user:1").ok());
    ASSERT_TRUE(vouchers_->Post(Cash("2026-10-05", "1,000.00"), "user:1").ok());
    ASSERT_TRUE(vouchers_->Post(Cash("2026-11-03", "250.50"), "user:1").ok());
  }
  void TearDown() override { ledger_.reset(); }

  VoucherInput Cash(const std::string& date, const std::string& amount,
                    const std::string& credit_account = "4102010") {
    return VoucherInput{sao_, "", "general", date, std::nullopt, "รับเงินค่าธรรมเนียม",
                        {{"1101010", amount, ""}, {credit_account, "", amount}}};
  }
  int64_t Head() { return ledger_->GetHead(sao_).value().seq; }
  Result<CloseOutcome> Close(const std::string& month) {
    return periods_->Close(sao_, month, "", finance_);
  }
  MonthStatus StatusOf(const std::string& month) {
    const auto parsed = Month::Parse(month).value();
    for (const auto& status : periods_->Months(sao_, parsed.FiscalYear()).value()) {
      if (status.month == parsed) return status;
    }
    ADD_FAILURE() << "no month " << month;
    return {};
  }
  ReopenInput Reopening(const std::string& month) {
    return {sao_, month, "บันทึกค่าธรรมเนียมที่ได้รับไม่ครบ", "อบต.บน 0808/123 ลว. 11 ธ.ค. 2569", ""};
  }

  ManualClock clock_{kTenDecember2026};
  SystemRandom random_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<accounting::ChartOfAccounts> chart_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<accounting::VoucherService> vouchers_;
  std::unique_ptr<PeriodService> periods_;
  accounting::Actor finance_{7, "นางสาวบัญชี รักงาน"};
  int64_t province_ = 0;
  int64_t sao_ = 0;
};

TEST(MonthTest, ParsesChristianAndBuddhistYearsAndKnowsItsFiscalYear) {
  EXPECT_EQ(Month::Parse("2026-10")->Iso(), "2026-10");
  EXPECT_EQ(Month::Parse("2569-10")->Iso(), "2026-10");
  EXPECT_EQ(Month::Parse("2026-10")->Thai(), "ตุลาคม 2569");
  EXPECT_EQ(Month::Parse("2026-10")->FiscalYear(), 2570);
  EXPECT_EQ(Month::Parse("2027-09")->FiscalYear(), 2570);
  EXPECT_EQ(Month::Parse("2028-02")->Last().ToIso(), "2028-02-29");
  EXPECT_EQ(Month::Parse("2027-02")->Last().ToIso(), "2027-02-28");
  EXPECT_EQ(Month::Parse("2026-12")->Next().Iso(), "2027-01");
  EXPECT_EQ(Month::Parse("2027-01")->Previous().Iso(), "2026-12");
  for (const char* bad : {"", "2026-13", "2026-00", "2026-1", "26-10", "2026/10", "๒๕๖๙-๑๐", "2026-10-01"}) {
    EXPECT_EQ(Month::Parse(bad).status().stable_code(), "closing.month") << bad;
  }
  const auto months = MonthsOfFiscalYear(2570);
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months.front().Iso(), "2026-10");
  EXPECT_EQ(months.back().Iso(), "2027-09");
}

TEST(MonthTest, OnlyTheActsOfClosingAndTheRecordsOfContinuityAndTaxpayersAreUnbound) {
  for (const char* bound : {"gl.voucher", "gl.opening", "gl.reversal", "rev.receipt", "rev.deposit",
                            "bud.transfer", "exp.payment", "exp.order", "rev.assessment"}) {
    EXPECT_TRUE(BoundByPeriods(bound)) << bound;
  }
  for (const char* unbound : {"close.month", "close.month.reopen", "cont.outage.begin", "sync.held",
                              "rev.taxpayer", "rev.property"}) {
    EXPECT_FALSE(BoundByPeriods(unbound)) << unbound;
  }
}

TEST_P(PeriodTest, MonthsCloseInOrderOnceOverAndRecordTheirMovements) {
  const int64_t head = Head();
  EXPECT_EQ(Close("2026-11").status().stable_code(), "closing.month_order");
  EXPECT_EQ(Close("2026-12").status().stable_code(), "closing.month_not_over");
  EXPECT_EQ(Close("2027-01").status().stable_code(), "closing.month_not_over");
  EXPECT_EQ(Head(), head);  // nothing written
  EXPECT_TRUE(StatusOf("2026-10").can_close);
  EXPECT_FALSE(StatusOf("2026-11").can_close);

  auto october = Close("2569-10");  // a Buddhist year as typed by a clerk
  ASSERT_TRUE(october.ok()) << october.status().ToString();
  ASSERT_TRUE(october->closed.has_value());
  EXPECT_TRUE(october->closed->closed);
  EXPECT_EQ(october->closed->debit, Money::FromSatang(100'000));   // 1,000.00 of October only
  EXPECT_EQ(october->closed->credit, Money::FromSatang(100'000));
  EXPECT_EQ(october->closed->by_name, "นางสาวบัญชี รักงาน");
  EXPECT_EQ(Head(), head + 1);
  EXPECT_EQ(Close("2026-10").status().stable_code(), "closing.already_closed");
  EXPECT_TRUE(StatusOf("2026-11").can_close);

  auto november = Close("2026-11");
  ASSERT_TRUE(november.ok()) << november.status().ToString();
  EXPECT_EQ(november->closed->debit, Money::FromSatang(25'050));
  const auto acts = periods_->Acts(sao_, 2570).value();
  ASSERT_EQ(acts.size(), 2u);
  EXPECT_EQ(acts[0].month.Iso(), "2026-11");  // newest first
  EXPECT_TRUE(acts[0].close);
}

TEST_P(PeriodTest, AClosedMonthRefusesPostingsAndNamesTheMonth) {
  ASSERT_TRUE(Close("2026-10").ok());
  const int64_t head = Head();
  auto late = vouchers_->Post(Cash("2026-10-20", "99.00"), "user:1");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().stable_code(), "closing.period_closed");
  EXPECT_NE(late.status().message_th().find("ตุลาคม 2569"), std::string::npos) << late.status().message_th();
  // A reversal dated in the closed month too.
  auto reversal = vouchers_->Reverse(sao_, 2, "2026-10-31", "ผิดบัญชี", "", "user:1");
  EXPECT_EQ(reversal.status().stable_code(), "closing.period_closed");
  EXPECT_EQ(Head(), head);
  // The open month next to it, and the same reversal dated today, go through.
  EXPECT_TRUE(vouchers_->Post(Cash("2026-11-20", "10.00"), "user:1").ok());
  EXPECT_TRUE(vouchers_->Reverse(sao_, 2, "2026-12-10", "ผิดบัญชี", "", "user:1").ok());
}

TEST_P(PeriodTest, ReopeningNeedsAReasonAndAnApprovalAndReopensTheLaterMonths) {
  ASSERT_TRUE(Close("2026-10").ok());
  ASSERT_TRUE(Close("2026-11").ok());
  const int64_t head = Head();
  ReopenInput no_reason = Reopening("2026-10");
  no_reason.reason = "";
  EXPECT_EQ(periods_->Reopen(no_reason, finance_).status().stable_code(), "closing.reason_required");
  ReopenInput no_approval = Reopening("2026-10");
  no_approval.approval_ref = "";
  EXPECT_EQ(periods_->Reopen(no_approval, finance_).status().stable_code(), "closing.approval_required");
  EXPECT_EQ(periods_->Reopen(Reopening("2026-12"), finance_).status().stable_code(), "closing.not_closed");
  EXPECT_EQ(Head(), head);

  auto reopened = periods_->Reopen(Reopening("2026-10"), finance_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(reopened->reopened, (std::vector<std::string>{"2026-10", "2026-11"}));
  EXPECT_FALSE(StatusOf("2026-10").closed);
  EXPECT_FALSE(StatusOf("2026-11").closed);
  EXPECT_EQ(StatusOf("2026-10").reopened, 1);

  // The missing fee, then October closes again with its figures recomputed: 1,000.00 + 75.25.
  ASSERT_TRUE(vouchers_->Post(Cash("2026-10-20", "75.25"), "user:1").ok());
  EXPECT_EQ(Close("2026-11").status().stable_code(), "closing.month_order");
  auto again = Close("2026-10");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->closed->debit, Money::FromSatang(107'525));
  EXPECT_EQ(again->closed->reopened, 1);
  const auto acts = periods_->Acts(sao_, 2570).value();
  ASSERT_EQ(acts.size(), 4u);
  EXPECT_FALSE(acts[1].close);
  EXPECT_EQ(acts[1].approval_ref, "อบต.บน 0808/123 ลว. 11 ธ.ค. 2569");
  EXPECT_EQ(acts[1].reason, "บันทึกค่าธรรมเนียมที่ได้รับไม่ครบ");
}

TEST_P(PeriodTest, ADifferenceRefusesTheCloseAndListsItWritingNothing) {
  periods_->AddCheck([](int64_t, const Month& month) -> Result<std::vector<Difference>> {
    if (month.Iso() != "2026-11") return std::vector<Difference>{};
    return std::vector<Difference>{{"budget.spent", "ทะเบียนงบประมาณ", "ค่าวัสดุ (5103030)",
                                    "2026-11-03", Money::FromSatang(1)}};
  });
  ASSERT_TRUE(Close("2026-10").ok());
  const int64_t head = Head();
  auto refused = Close("2026-11");
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_FALSE(refused->closed.has_value());
  ASSERT_EQ(refused->differences.size(), 1u);
  EXPECT_EQ(refused->differences[0].check, "budget.spent");
  EXPECT_EQ(refused->differences[0].amount, Money::FromSatang(1));
  EXPECT_EQ(Head(), head);
  EXPECT_FALSE(StatusOf("2026-11").closed);
  EXPECT_EQ(periods_->Differences(sao_, "2026-11").value().size(), 1u);
}

TEST_P(PeriodTest, AYearNeverWaitsForTheYearBefore) {
  clock_.SetUnixMillis(kTenNovember2027);
  // FY 2570 has closed no month; October 2027 (FY 2571) closes all the same.
  auto october = Close("2027-10");
  ASSERT_TRUE(october.ok()) << october.status().ToString();
  EXPECT_TRUE(october->closed.has_value());
  EXPECT_EQ(Close("2027-09").status().stable_code(), "closing.month_order");
}

TEST_P(PeriodTest, BooksBegunMidYearCloseTheirEmptyMonthsFirst) {
  const int64_t unit = orgs_->Create(province_, org::OrgType::kSao, "6400102", "อบต.โนนสูง")->id;
  // Its books begin on 2 December 2026; October and November hold nothing.
  ASSERT_TRUE(vouchers_->Post({unit, "", "general", "2026-12-02", std::nullopt, "เงินสด",
                               {{"1101010", "10.00", ""}, {"4102010", "", "10.00"}}},
                              "user:1").ok());
  clock_.SetUnixMillis(kTenDecember2026 + 31LL * 86'400'000);
  EXPECT_EQ(periods_->Close(unit, "2026-12", "", finance_).status().stable_code(), "closing.month_order");
  for (const char* month : {"2026-10", "2026-11"}) {
    auto empty = periods_->Close(unit, month, "", finance_);
    ASSERT_TRUE(empty.ok()) << empty.status().ToString();
    EXPECT_EQ(empty->closed->debit, Money()) << month;
  }
  auto december = periods_->Close(unit, "2026-12", "", finance_);
  ASSERT_TRUE(december.ok()) << december.status().ToString();
  EXPECT_EQ(december->closed->debit, Money::FromSatang(1'000));
}

TEST_P(PeriodTest, ARetryOfACloseIsTheSameCloseAndSupervisorsKeepNoMonths) {
  const std::string id = "6f1c2f7e-8a4b-4c1d-9e2f-0a1b2c3d4e5f";
  ASSERT_TRUE(periods_->Close(sao_, "2026-10", id, finance_).ok());
  const int64_t head = Head();
  auto retry = periods_->Close(sao_, "2026-10", id, finance_);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_TRUE(retry->closed->closed);
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(periods_->Close(province_, "2026-10", "", finance_).status().stable_code(),
            "closing.org_keeps_no_books");
}

TEST_P(PeriodTest, VerifyAndRebuildAgreeWithTheLogAndDamageIsNamed) {
  ASSERT_TRUE(Close("2026-10").ok());
  ASSERT_TRUE(Close("2026-11").ok());
  ASSERT_TRUE(periods_->Reopen(Reopening("2026-11"), finance_).ok());
  auto report = ledger_->Verify(sao_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->orgs[0].problem;
  ASSERT_TRUE(ledger_->Rebuild(sao_).ok());
  EXPECT_TRUE(StatusOf("2026-10").closed);
  EXPECT_FALSE(StatusOf("2026-11").closed);
  // Someone opens October behind the ledger's back: verify names it.
  {
    auto lease = db_->Acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE((*lease)->Execute("UPDATE close_months SET closed = 0 WHERE month = '2026-10'").ok());
  }
  report = ledger_->Verify(sao_);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_NE(report->orgs[0].problem.find("2026-10"), std::string::npos) << report->orgs[0].problem;
}

INSTANTIATE_TEST_SUITE_P(Dialects, PeriodTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace klang::closing
