// closing/books_test_fixture.h — the books of one อบต. on either store for the closing tests: the
// ledger with vouchers under budget control, the budget, periods, reconciliation and the year-end
// close; an approved FY 2570 budget (ค่าวัสดุสำนักงาน 50,000.00; คอมพิวเตอร์ 44,000.00; revenue
// estimated: refuse collection fees 36,000.00, VAT 100,000.00), opening
// balances on 30 September 2026 and October's spending on both lines.
#pragma once

#include <gtest/gtest.h>

#include "accounting/voucher.h"
#include "budget/carryover.h"
#include "budget/voucher_control.h"
#include "closing/periods.h"
#include "closing/reconcile.h"
#include "closing/statements.h"
#include "closing/year_end.h"
#include "expenditure/expenditure.h"
#include "tests/support/test_db.h"

namespace klang::closing {

using accounting::VoucherInput;

inline constexpr int64_t kTenDecember2026 = 1796871600000;  // 10:00 in Bangkok

inline Date Day(const char* iso) { return Date::ParseIso(iso).value(); }
inline Money Baht(const char* text) { return Money::Parse(text).value(); }

class BooksTest : public ::testing::TestWithParam<store::Dialect> {
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
    for (auto& m : budget::CarryOverService::Migrations()) migrations.push_back(m);
    for (auto& m : expenditure::ExpenditureService::Migrations()) migrations.push_back(m);
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
    auto carryover_rules = budget::CarryOverRuleTable::FromCsv(testing::ReadSourceFile("data/carryover_rules.csv"));
    ASSERT_TRUE(carryover_rules.ok()) << carryover_rules.status().ToString();
    carryovers_ = std::make_unique<budget::CarryOverService>(*ledger_, *orgs_, *budget_, std::move(carryover_rules).value(),
                                                             clock_, random_);
    expenditure_ = std::make_unique<expenditure::ExpenditureService>(*ledger_, *orgs_, *chart_, *budget_, *carryovers_,
                                                                     clock_, random_);
    control_ = std::make_unique<budget::VoucherControl>(*budget_);
    vouchers_->SetBudgetControl(control_.get());
    periods_ = std::make_unique<PeriodService>(*ledger_, *orgs_, clock_, random_);
    auto rules = ClosingRuleTable::FromCsv(testing::ReadSourceFile("data/closing_rules.csv"));
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    ASSERT_TRUE(rules->LoadAdjustmentKinds(testing::ReadSourceFile("data/closing_adjustment_kinds.csv")).ok());
    years_ = std::make_unique<YearEndService>(*ledger_, *orgs_, *chart_, *vouchers_, *budget_, *periods_,
                                              std::move(rules).value(), clock_, random_);
    auto layout = StatementLayout::FromCsv(testing::ReadSourceFile("data/statement_lines.csv"));
    ASSERT_TRUE(layout.ok()) << layout.status().ToString();
    ASSERT_TRUE(layout->LoadUsableFundsRules(testing::ReadSourceFile("data/usable_funds_rules.csv")).ok());
    statements_ = std::make_unique<StatementService>(*ledger_, *chart_, *years_, *budget_, *carryovers_,
                                                     OpeningsAndClosings(*vouchers_, *years_, *carryovers_), std::move(layout).value());
    reconciler_.Add("ทะเบียนรายจ่ายตามงบประมาณ",
                    BudgetSpentCheck(*ledger_, *budget_, OpeningsAndClosings(*vouchers_, *years_, *carryovers_)));
    reconciler_.Add("ทะเบียนเงินกัน", CarryOverCheck(*ledger_, *carryovers_, OpeningsAndClosings(*vouchers_, *years_, *carryovers_)));
    periods_->AddCheck(reconciler_.AsMonthCheck());
    for (auto* projection : {vouchers_->projection(), budget_->projection(), carryovers_->projection(),
                             expenditure_->projection(), periods_->projection(), years_->projection()}) {
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
    input.estimates = {{"412001", "36,000", "ใกล้เคียงกับปีที่ผ่านมา"}, {"421001", "100,000", "ตามที่กรมแจ้ง"}};
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
  std::unique_ptr<budget::CarryOverService> carryovers_;
  std::unique_ptr<expenditure::ExpenditureService> expenditure_;
  std::unique_ptr<PeriodService> periods_;
  std::unique_ptr<YearEndService> years_;
  std::unique_ptr<StatementService> statements_;
  Reconciler reconciler_;
  accounting::Actor finance_{7, "นางสาวบัญชี รักงาน"};
  int64_t sao_ = 0, supplies_ = 0, computers_ = 0;
};

}  // namespace klang::closing
