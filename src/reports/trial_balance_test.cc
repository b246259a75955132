// The trial balance from the books on both stores, with hand-computed figures: opening balances
// posted inside the range are ยอดยกมา, not the period's movements, also when one is reversed;
// movements before the range are ยอดยกมา too; every column pair balances.
#include <gtest/gtest.h>

#include "reports/trial_balance.h"
#include "tests/support/test_db.h"

namespace klang::reports {
namespace {

constexpr int64_t kTenDecember2026 = 1796871600000;  // 10:00 in Bangkok

class TrialBalanceTest : public ::testing::TestWithParam<store::Dialect> {
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
    ASSERT_TRUE(store::ApplyMigrations(*db_, migrations).ok());
    orgs_ = std::make_unique<org::OrgDirectory>(*db_);
    chart_ = std::make_unique<accounting::ChartOfAccounts>(*db_);
    ASSERT_TRUE(chart_->ImportCsv(testing::ReadSourceFile("data/chart_of_accounts.csv")).ok());
    ledger_ = std::make_unique<ledger::Ledger>(*db_, clock_);
    vouchers_ = std::make_unique<accounting::VoucherService>(*ledger_, *orgs_, *chart_, clock_, random_);
    ledger_->AddProjection(vouchers_->projection());
    ledger_->Start();
    const auto dla = orgs_->Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
    const auto province = orgs_->Create(dla->id, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
    sao_ = orgs_->Create(province->id, org::OrgType::kSao, "6400101", "อบต.บ้านนา")->id;
  }
  void TearDown() override { ledger_.reset(); }

  int64_t Post(const std::string& type, const std::string& date, const std::string& debit_account,
               const std::string& credit_account, const std::string& amount) {
    accounting::VoucherInput input{sao_, "", type, date, std::nullopt, "รายการทดสอบ",
                                   {{debit_account, amount, "", ""}, {credit_account, "", amount, ""}}};
    auto posted = vouchers_->Post(input, "user:1");
    KLANG_ASSERT_MSG(posted.ok(), posted.status().ToString().c_str());
    return posted->seq;
  }
  const TrialBalanceRow& Row(const TrialBalance& report, const std::string& account) {
    for (const auto& row : report.rows) {
      if (row.account_code == account) return row;
    }
    static const TrialBalanceRow none;
    ADD_FAILURE() << "no row " << account;
    return none;
  }

  ManualClock clock_{kTenDecember2026};
  SystemRandom random_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<accounting::ChartOfAccounts> chart_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<accounting::VoucherService> vouchers_;
  int64_t sao_ = 0;
};

TEST_P(TrialBalanceTest, OpeningBalancesInsideTheRangeAreBroughtForward) {
  // Books begun on 1 October 2026 (FY 2570) with their opening balances that day: bank
  // 1,000,000.00 and cash 5,000.00 against เงินสะสม 1,005,000.00; a wrong 300.00 of cash opening
  // posted and reversed on 2 October; fees of 700.00 on 3 October and 200.00 on 2 November.
  Post("opening", "2026-10-01", "1102010", "3101010", "1,000,000");
  Post("opening", "2026-10-01", "1101010", "3101010", "5,000");
  const int64_t wrong = Post("opening", "2026-10-01", "1101010", "3101010", "300");
  ASSERT_TRUE(vouchers_->Reverse(sao_, wrong, "2026-10-02", "บันทึกซ้ำ", "", "user:1").ok());
  Post("general", "2026-10-03", "1101010", "4102010", "700");
  Post("general", "2026-11-02", "1101010", "4102010", "200");

  auto year = ComputeTrialBalance(*ledger_, *vouchers_, *chart_, *orgs_, sao_, Date::ParseIso("2026-10-01").value(),
                                  Date::ParseIso("2026-11-30").value(), clock_);
  ASSERT_TRUE(year.ok()) << year.status().ToString();
  const auto& cash = Row(*year, "1101010");
  EXPECT_EQ(cash.opening_debit, Money::Parse("5,000").value());
  EXPECT_EQ(cash.period_debit, Money::Parse("900").value());
  EXPECT_EQ(cash.period_credit, Money());
  EXPECT_EQ(cash.closing_debit, Money::Parse("5,900").value());
  EXPECT_EQ(Row(*year, "3101010").opening_credit, Money::Parse("1,005,000").value());
  EXPECT_EQ(Row(*year, "3101010").period_credit, Money());
  EXPECT_EQ(year->total_opening_debit, Money::Parse("1,005,000").value());
  EXPECT_EQ(year->total_opening_debit, year->total_opening_credit);
  EXPECT_EQ(year->total_period_debit, Money::Parse("900").value());
  EXPECT_EQ(year->total_period_debit, year->total_period_credit);

  // November alone: October's fees are brought forward with the openings.
  auto november = ComputeTrialBalance(*ledger_, *vouchers_, *chart_, *orgs_, sao_,
                                      Date::ParseIso("2026-11-01").value(), Date::ParseIso("2026-11-30").value(), clock_);
  ASSERT_TRUE(november.ok());
  EXPECT_EQ(Row(*november, "1101010").opening_debit, Money::Parse("5,700").value());
  EXPECT_EQ(Row(*november, "1101010").period_debit, Money::Parse("200").value());
  EXPECT_EQ(november->total_period_debit, Money::Parse("200").value());
  auto verified = ledger_->Verify(sao_);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->orgs[0].problem;
}

INSTANTIATE_TEST_SUITE_P(Dialects, TrialBalanceTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace klang::reports
