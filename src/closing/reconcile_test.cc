// Reconciliation on both stores, with hand-computed figures: the budget register's spending and
// the general ledger agree when every voucher names its line; opening balances are left out; a
// one-satang drift on either side is a difference naming the register, the account, the day it
// began and the amount; a month with a difference does not close; the running difference rule.
#include <gtest/gtest.h>

#include "accounting/voucher.h"
#include "budget/voucher_control.h"
#include "closing/periods.h"
#include "closing/reconcile.h"
#include "tests/support/test_db.h"

namespace klang::closing {
namespace {

using accounting::VoucherInput;

constexpr int64_t kTenDecember2026 = 1796871600000;  // 10:00 in Bangkok

Date Day(const char* iso) { return Date::ParseIso(iso).value(); }
Money Baht(const char* text) { return Money::Parse(text).value(); }

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

class ReconcileTest : public ::testing::TestWithParam<store::Dialect> {
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
    for (auto& m : budget::BudgetService::Migrations()) migrations.push_back(m);
    for (auto& m : PeriodService::Migrations()) migrations.push_back(m);
    ASSERT_TRUE(store::ApplyMigrations(*db_, migrations).ok());
    orgs_ = std::make_unique<org::OrgDirectory>(*db_);
    chart_ = std::make_unique<accounting::ChartOfAccounts>(*db_);
    ASSERT_TRUE(chart_->ImportCsv(testing::ReadSourceFile("data/chart_of_accounts.csv")).ok());
    auto catalog = budget::BudgetCatalog::FromCsv(testing::ReadSourceFile("data/budget_plans.csv"),
                                                  testing::ReadSourceFile("data/budget_categories.csv"));
    ASSERT_TRUE(catalog.ok());
    catalog_ = std::make_unique<budget::BudgetCatalog>(std::move(catalog).value());
    auto items = revenue::RevenueCatalog::FromCsv(testing::ReadSourceFile("data/revenue_items.csv"),
                                                  testing::ReadSourceFile("data/deposit_types.csv"));
    ASSERT_TRUE(items.ok());
    items_ = std::make_unique<revenue::RevenueCatalog>(std::move(items).value());
    ledger_ = std::make_unique<ledger::Ledger>(*db_, clock_);
    vouchers_ = std::make_unique<accounting::VoucherService>(*ledger_, *orgs_, *chart_, clock_, random_);
    budget_ = std::make_unique<budget::BudgetService>(*ledger_, *orgs_, *catalog_, *items_, clock_, random_);
    control_ = std::make_unique<budget::VoucherControl>(*budget_);
    vouchers_->SetBudgetControl(control_.get());
    periods_ = std::make_unique<PeriodService>(*ledger_, *orgs_, clock_, random_);
    reconciler_.Add(BudgetSpentCheck(*ledger_, *vouchers_, *budget_));
    periods_->AddCheck(reconciler_.AsMonthCheck());
    for (auto* projection : {vouchers_->projection(), budget_->projection(), periods_->projection()}) {
      ledger_->AddProjection(projection);
    }
    ledger_->Start();
    const auto dla = orgs_->Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
    const auto province = orgs_->Create(dla->id, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
    sao_ = orgs_->Create(province->id, org::OrgType::kSao, "6400101", "อบต.บ้านนา")->id;
    ApproveBudget();
    // Opening balances on 30 September 2026 include 800,000.00 of ครุภัณฑ์ (1201010, the account
    // of งบลงทุน ค่าครุภัณฑ์): a balance, not the year's spending.
    VoucherInput opening{sao_, "", "opening", "2026-09-30", std::nullopt, "ยอดยกมา",
                         {{"1101010", "50,000", "", ""}, {"1201010", "800,000", "", ""},
                          {"3101010", "", "850,000", ""}}};
    ASSERT_TRUE(vouchers_->Post(opening, "user:1").ok());
    // October: 1,200.00 of supplies and a 22,000.00 computer, each on its line.
    ASSERT_TRUE(Spend("2026-10-05", "5103030", "1,200", supplies_).ok());
    ASSERT_TRUE(Spend("2026-10-20", "1201010", "22,000", computers_).ok());
  }
  void TearDown() override { ledger_.reset(); }

  void ApproveBudget() {
    budget::BudgetInput input;
    input.org = sao_;
    input.kind = "annual";
    input.fiscal_year = 2570;
    input.title = "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570";
    input.date = "2026-08-15";
    input.lines = {{"00111", "533000", "ค่าวัสดุสำนักงาน", "เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ หมึก แฟ้ม", "50,000"},
                   {"00111", "541000", "จัดซื้อเครื่องคอมพิวเตอร์", "จำนวน 2 เครื่อง เครื่องละ 22,000 บาท", "44,000"}};
    auto created = budget_->Create(input, finance_);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    ASSERT_TRUE(budget_->Adopt(sao_, created->id, {"", "2026-08-27", "มติสภาฯ สมัยสามัญที่ 3/2569"}, finance_).ok());
    auto approved = budget_->Approve(sao_, created->id, {"", "2026-09-01", "นายอำเภอบ้านนา", "ขก 0023.3/1234"}, finance_);
    ASSERT_TRUE(approved.ok()) << approved.status().ToString();
    for (const auto& line : approved->lines) {
      (line.category.code == "533000" ? supplies_ : computers_) = line.id;
    }
  }

  Result<accounting::VoucherView> Spend(const std::string& date, const std::string& account,
                                        const std::string& amount, int64_t line) {
    VoucherInput input{sao_, "", "general", date, std::nullopt, "จ่ายเงิน",
                       {{account, amount, "", std::to_string(line)}, {"1101010", "", amount, ""}}};
    return vouchers_->Post(input, "user:1");
  }

  // An entry written around the services (what drift looks like): lines, budget effects or both.
  void AppendRaw(const std::string& date, std::vector<ledger::Line> lines,
                 std::vector<budget::LineEffect> effects) {
    ledger::EntryDraft draft;
    draft.org = sao_;
    draft.entry_id = NewUuid(random_);
    draft.kind = "exp.test";
    draft.document_date = Day(date.c_str());
    draft.posting_date = draft.document_date;
    draft.fiscal_year = FiscalYearOf(draft.document_date);
    draft.author = "user:9";
    draft.body = {{"description", "รายการที่ไม่ผ่านบริการ"}};
    if (!effects.empty()) budget::PutEffects(draft.body, effects);
    draft.lines = std::move(lines);
    auto appended = ledger_->Append(std::move(draft));
    ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  }

  ManualClock clock_{kTenDecember2026};
  SystemRandom random_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<accounting::ChartOfAccounts> chart_;
  std::unique_ptr<budget::BudgetCatalog> catalog_;
  std::unique_ptr<revenue::RevenueCatalog> items_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<accounting::VoucherService> vouchers_;
  std::unique_ptr<budget::BudgetService> budget_;
  std::unique_ptr<budget::VoucherControl> control_;
  std::unique_ptr<PeriodService> periods_;
  Reconciler reconciler_;
  accounting::Actor finance_{7, "นางสาวบัญชี รักงาน"};
  int64_t sao_ = 0, supplies_ = 0, computers_ = 0;
};

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

INSTANTIATE_TEST_SUITE_P(Dialects, ReconcileTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace klang::closing
