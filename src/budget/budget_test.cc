// The budget year on both stores, with hand-computed figures: a budget document moves draft →
// adopted → approved and comes into force on 1 October; transfers and changes of explanation
// follow the approval powers of the budget regulation (ข้อ 26, 27, 29) and are tracked for the
// 15-day report; hard budget control refuses whatever would overdraw a line, naming the line
// and the shortfall, also when clerks race for the last baht; the register reads as of a date;
// verify and rebuild agree with the log.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "budget/budget.h"
#include "budget/projection.h"
#include "budget/voucher_control.h"
#include "tests/support/test_db.h"

namespace klang::budget {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(testing::SourceDir() + "/data/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Money Baht(const char* text) { return Money::Parse(text).value(); }

constexpr int64_t kDayMillis = 86'400'000;

Date Day(int year, int month, int day) { return Date::FromCivil(year, month, day).value(); }

class BudgetTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto db = testing::OpenFreshDb(GetParam());
    if (!db.ok() && db.status().stable_code() == "test.no_postgres") GTEST_SKIP();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    std::vector<store::Migration> migrations = ledger::Ledger::Migrations();
    for (auto& m : org::OrgDirectory::Migrations()) migrations.push_back(m);
    for (auto& m : BudgetService::Migrations()) migrations.push_back(m);
    for (auto& m : accounting::ChartOfAccounts::Migrations()) migrations.push_back(m);
    for (auto& m : accounting::VoucherService::Migrations()) migrations.push_back(m);
    ASSERT_TRUE(store::ApplyMigrations(*db_, migrations).ok());
    orgs_ = std::make_unique<org::OrgDirectory>(*db_);
    chart_ = std::make_unique<accounting::ChartOfAccounts>(*db_);
    ASSERT_TRUE(chart_->ImportCsv(ReadData("chart_of_accounts.csv")).ok());
    auto catalog = BudgetCatalog::FromCsv(ReadData("budget_plans.csv"), ReadData("budget_categories.csv"));
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = std::make_unique<BudgetCatalog>(std::move(catalog).value());
    auto items = revenue::RevenueCatalog::FromCsv(ReadData("revenue_items.csv"), ReadData("deposit_types.csv"));
    ASSERT_TRUE(items.ok()) << items.status().ToString();
    items_ = std::make_unique<revenue::RevenueCatalog>(std::move(items).value());
    ledger_ = std::make_unique<ledger::Ledger>(*db_, clock_);
    service_ = std::make_unique<BudgetService>(*ledger_, *orgs_, *catalog_, *items_, clock_, random_);
    ledger_->AddProjection(service_->projection());
    vouchers_ = std::make_unique<accounting::VoucherService>(*ledger_, *orgs_, *chart_, clock_, random_);
    ledger_->AddProjection(vouchers_->projection());
    control_ = std::make_unique<VoucherControl>(*service_);
    vouchers_->SetBudgetControl(control_.get());
    ledger_->Start();
    const auto dla = orgs_->Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
    const auto province = orgs_->Create(dla->id, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
    province_ = province->id;
    sao_ = orgs_->Create(province_, org::OrgType::kSao, "6400101", "อบต.บ้านนา")->id;
  }
  void TearDown() override { ledger_.reset(); }

  int64_t Head(int64_t org) { return ledger_->GetHead(org).value().seq; }

  // The annual budget of FY 2569 used throughout (total 604,000.00):
  //   1 งานบริหารทั่วไป / ค่าวัสดุ / ค่าวัสดุสำนักงาน                        50,000.00
  //   2 งานบริหารทั่วไป / ค่าใช้สอย / ค่าใช้จ่ายในการเดินทางไปราชการ         30,000.00
  //   3 งานก่อสร้างโครงสร้างพื้นฐาน / ค่าที่ดินและสิ่งก่อสร้าง / ถนน คสล. หมู่ 3   480,000.00
  //   4 งานบริหารทั่วไป / ค่าครุภัณฑ์ / เครื่องคอมพิวเตอร์ 2 เครื่อง          44,000.00
  BudgetInput AnnualInput() {
    BudgetInput input;
    input.org = sao_;
    input.kind = "annual";
    input.fiscal_year = 2569;
    input.title = "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2569";
    input.date = "2025-08-15";
    input.lines = {
        {"00111", "533000", "ค่าวัสดุสำนักงาน", "เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ หมึก แฟ้ม", "50,000"},
        {"00111", "532000", "ค่าใช้จ่ายในการเดินทางไปราชการ", "เพื่อจ่ายเป็นค่าเบี้ยเลี้ยง ค่าพาหนะ", "30,000"},
        {"00312", "542000", "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3",
         "ขนาดกว้าง 4 เมตร ยาว 400 เมตร หนา 0.15 เมตร", "480,000"},
        {"00111", "541000", "จัดซื้อเครื่องคอมพิวเตอร์", "จำนวน 2 เครื่อง เครื่องละ 22,000 บาท", "44,000"},
        {"", "", "", "", ""},  // a blank row of the form
    };
    input.estimates = {{"411001", "120,000", "ประมาณการไว้ใกล้เคียงกับปีที่ผ่านมา"},
                       {"421001", "2,500,000", "ตามที่กรมส่งเสริมการปกครองท้องถิ่นแจ้ง"}};
    return input;
  }

  Budget ApprovedAnnual() {
    auto budget = service_->Create(AnnualInput(), planner_);
    KLANG_ASSERT_MSG(budget.ok(), budget.status().ToString().c_str());
    auto adopted = service_->Adopt(sao_, budget->id, {"", "2025-08-27", "มติสภาฯ สมัยสามัญที่ 3/2568"}, planner_);
    KLANG_ASSERT_MSG(adopted.ok(), adopted.status().ToString().c_str());
    auto approved = service_->Approve(sao_, budget->id,
                                      {"", "2025-09-01", "นายอำเภอบ้านนา", "ขก 0023.3/1234"}, planner_);
    KLANG_ASSERT_MSG(approved.ok(), approved.status().ToString().c_str());
    return *approved;
  }

  // The line of `budget` with this item name.
  BudgetLine LineNamed(const Budget& budget, const std::string& item) {
    auto found = service_->Get(sao_, budget.id);
    KLANG_ASSERT(found.ok());
    for (const auto& line : found->lines) {
      if (line.item == item) return line;
    }
    auto lines = service_->Lines(sao_, budget.fiscal_year, clock_.TodayInThailand(), true);
    KLANG_ASSERT(lines.ok());
    for (const auto& line : *lines) {
      if (line.item == item) return line;
    }
    KLANG_ASSERT_MSG(false, item.c_str());
    return {};
  }

  // An entry of another module (a purchase order, a debt-setting voucher) carrying effects.
  Result<ledger::Appended> AppendEffects(const std::string& date, std::vector<LineEffect> effects,
                                         const std::string& description = "") {
    ledger::EntryDraft draft;
    draft.org = sao_;
    draft.entry_id = NewUuid(random_);
    draft.kind = "exp.test";
    draft.document_date = Date::ParseIso(date).value();
    draft.posting_date = draft.document_date;
    draft.fiscal_year = FiscalYearOf(draft.document_date);
    draft.author = "user:5";
    draft.body = {{"description", description}};
    PutEffects(draft.body, effects);
    return ledger_->Append(std::move(draft));
  }

  ManualClock clock_{1759651200000};  // 2025-10-05T08:00:00Z = 5 Oct 2568, FY 2569
  SystemRandom random_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<BudgetCatalog> catalog_;
  std::unique_ptr<revenue::RevenueCatalog> items_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<BudgetService> service_;
  std::unique_ptr<accounting::ChartOfAccounts> chart_;
  std::unique_ptr<accounting::VoucherService> vouchers_;
  std::unique_ptr<VoucherControl> control_;
  int64_t province_ = 0, sao_ = 0;
  const Actor planner_{41, "นางสาววางแผน นโยบายดี"};
};

TEST_P(BudgetTest, BudgetMovesThroughItsStatesAndComesIntoForceOnFirstOctober) {
  auto draft = service_->Create(AnnualInput(), planner_);
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_EQ(draft->state, "draft");
  EXPECT_EQ(draft->kind_th, "งบประมาณรายจ่ายประจำปี");
  EXPECT_EQ(draft->total, Baht("604,000"));
  EXPECT_EQ(draft->estimates_total, Baht("2,620,000"));
  ASSERT_EQ(draft->lines.size(), 4u);  // the blank row skipped
  // Classification order: แผนงานบริหารงานทั่วไป (00110) before อุตสาหกรรมและการโยธา (00310);
  // within งานบริหารทั่วไป, งบดำเนินงาน (530: ค่าใช้สอย 532000, ค่าวัสดุ 533000) before งบลงทุน.
  EXPECT_EQ(draft->lines[0].item, "ค่าใช้จ่ายในการเดินทางไปราชการ");
  EXPECT_EQ(draft->lines[1].item, "ค่าวัสดุสำนักงาน");
  EXPECT_EQ(draft->lines[2].category.group_name_th, "งบลงทุน");
  EXPECT_EQ(draft->lines[3].work.plan_name_th, "แผนงานอุตสาหกรรมและการโยธา");
  EXPECT_EQ(draft->lines[3].Label(),
            "แผนงานอุตสาหกรรมและการโยธา / งานก่อสร้างโครงสร้างพื้นฐาน / ค่าที่ดินและสิ่งก่อสร้าง / "
            "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3");
  ASSERT_EQ(draft->estimates.size(), 2u);
  EXPECT_EQ(draft->estimates[0].name_th, "ภาษีที่ดินและสิ่งปลูกสร้าง");
  EXPECT_EQ(draft->estimates[0].justification, "ประมาณการไว้ใกล้เคียงกับปีที่ผ่านมา");

  // A draft appropriates nothing: no line is in force, no commitment can use it, and the revenue
  // register keeps its own estimates.
  EXPECT_FALSE(service_->ApprovedEstimates(sao_, 2569)->has_value());
  EXPECT_TRUE(service_->Lines(sao_, 2569, Day(2025, 10, 5))->empty());
  const int64_t material = draft->lines[1].id;
  auto early = AppendEffects("2025-10-05", {{material, Baht("100"), Money()}});
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().stable_code(), "budget.not_in_force");

  // Approval needs the council's adoption first.
  auto too_soon = service_->Approve(sao_, draft->id, {"", "2025-09-01", "นายอำเภอ", "ขก 1"}, planner_);
  ASSERT_FALSE(too_soon.ok());
  EXPECT_EQ(too_soon.status().stable_code(), "budget.state");

  // The draft is revised: office materials 55,000.00 → total 609,000.00.
  BudgetInput revised = AnnualInput();
  revised.lines[0].amount = "55,000";
  auto after_revision = service_->Revise(sao_, draft->id, revised, planner_);
  ASSERT_TRUE(after_revision.ok()) << after_revision.status().ToString();
  EXPECT_EQ(after_revision->total, Baht("609,000"));
  EXPECT_EQ(after_revision->revision, 1);
  EXPECT_EQ(after_revision->lines.size(), 4u);

  ASSERT_TRUE(service_->Adopt(sao_, draft->id, {"", "2025-08-27", "มติสภาฯ สมัยสามัญที่ 3/2568"}, planner_).ok());
  auto late_revision = service_->Revise(sao_, draft->id, revised, planner_);
  ASSERT_FALSE(late_revision.ok());
  EXPECT_EQ(late_revision.status().stable_code(), "budget.not_draft");

  auto approved = service_->Approve(sao_, draft->id, {"", "2025-09-01", "นายอำเภอบ้านนา", "ขก 0023.3/1234"}, planner_);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->state, "approved");
  EXPECT_EQ(*approved->in_force_from, Day(2025, 10, 1));  // approved in September: from 1 October
  EXPECT_TRUE(service_->Lines(sao_, 2569, Day(2025, 9, 30))->empty());
  auto in_force = service_->Lines(sao_, 2569, Day(2025, 10, 1));
  ASSERT_EQ(in_force->size(), 4u);
  Money appropriated;
  for (const auto& line : *in_force) appropriated += line.appropriation();
  EXPECT_EQ(appropriated, Baht("609,000"));
  EXPECT_EQ(service_->Line(sao_, material)->available(), Baht("55,000"));
  // Approved: its revenue estimates are the year's, per item.
  auto estimates = service_->ApprovedEstimates(sao_, 2569);
  ASSERT_TRUE(estimates.ok() && estimates->has_value());
  EXPECT_EQ((**estimates).at("411001"), Baht("120,000"));
  EXPECT_EQ((**estimates).at("421001"), Baht("2,500,000"));
  EXPECT_EQ((**estimates).size(), 2u);

  ASSERT_TRUE(ledger_->Rebuild(std::nullopt).ok());
  EXPECT_TRUE(ledger_->Verify(std::nullopt)->ok());
  EXPECT_EQ(service_->Line(sao_, material)->available(), Baht("55,000"));
}

TEST_P(BudgetTest, BadBudgetInputIsRefusedAndNothingIsWritten) {
  const int64_t head = Head(sao_);
  struct Case {
    std::function<void(BudgetInput&)> change;
    std::string code;
  };
  const std::vector<Case> cases = {
      {[](BudgetInput& in) { in.lines[0].work = "99999"; }, "budget.unknown_work"},
      {[](BudgetInput& in) { in.lines[1].category = "999999"; }, "budget.unknown_category"},
      {[](BudgetInput& in) { in.lines[2].amount = "0"; }, "budget.amount_not_positive"},
      {[](BudgetInput& in) { in.lines[3].item = ""; }, "budget.required"},
      {[](BudgetInput& in) { in.fiscal_year = 2571; }, "budget.fiscal_year"},
      {[](BudgetInput& in) { in.kind = "yearly"; }, "budget.kind"},
      {[](BudgetInput& in) { in.estimates[0].item = "901001"; }, "budget.not_revenue"},
      {[](BudgetInput& in) { in.estimates[1].item = "411001"; }, "budget.estimate_repeated"},
      {[](BudgetInput& in) { in.date = "2025-10-06"; }, "budget.future_date"},
      {[](BudgetInput& in) { in.kind = "supplementary"; in.base = 1; }, "budget.base"},
  };
  for (const auto& one : cases) {
    BudgetInput input = AnnualInput();
    one.change(input);
    auto result = service_->Create(input, planner_);
    ASSERT_FALSE(result.ok()) << one.code;
    EXPECT_EQ(result.status().stable_code(), one.code);
    EXPECT_FALSE(result.status().message_th().empty());
  }
  EXPECT_EQ(Head(sao_), head);
}

TEST_P(BudgetTest, TransfersFollowTheApprovalPowersAndAreTrackedForTheFifteenDayReport) {
  const Budget budget = ApprovedAnnual();
  const BudgetLine material = LineNamed(budget, "ค่าวัสดุสำนักงาน");
  const BudgetLine travel = LineNamed(budget, "ค่าใช้จ่ายในการเดินทางไปราชการ");
  const BudgetLine road = LineNamed(budget, "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3");
  const BudgetLine computers = LineNamed(budget, "จัดซื้อเครื่องคอมพิวเตอร์");

  // 1. Executive: travel −10,000 → materials +10,000.
  TransferInput first{sao_, "", "2025-10-03", {{travel.id, "10,000"}}, {{material.id, "10,000"}}, {},
                      false, "ค่าวัสดุไม่พอจ่ายถึงสิ้นปี", "executive", "คำสั่ง อบต. ที่ 101/2568", "2025-10-02"};
  EXPECT_EQ(service_->RequiredAuthority(first)->code, "executive");
  auto one = service_->Transfer(first, planner_);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->number_text, "ครั้งที่ 1/2569");
  EXPECT_EQ(one->total, Baht("10,000"));
  EXPECT_EQ(one->report_due, Day(2025, 10, 17));  // approved 2 Oct + 15 days
  EXPECT_EQ(service_->Line(sao_, material.id)->appropriation(), Baht("60,000"));
  EXPECT_EQ(service_->Line(sao_, travel.id)->appropriation(), Baht("20,000"));

  // 2. A new item in งบลงทุน needs the council (ข้อ 27): refused with the executive's approval.
  TransferInput drain{sao_, "", "2025-10-04", {{road.id, "100,000"}}, {},
                      {{"00312", "542000", "โครงการก่อสร้างรางระบายน้ำ หมู่ 5", "ยาว 200 เมตร", "100,000"}},
                      false, "ราษฎรร้องเรียนน้ำท่วมขัง", "executive", "คำสั่ง อบต. ที่ 102/2568", "2025-10-04"};
  EXPECT_EQ(service_->RequiredAuthority(drain)->code, "council");
  const int64_t head = Head(sao_);
  auto refused = service_->Transfer(drain, planner_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().stable_code(), "budget.needs_council");
  EXPECT_NE(refused.status().message_th().find("สภาท้องถิ่น"), std::string::npos);
  EXPECT_EQ(Head(sao_), head);
  drain.authority = "council";
  drain.approval_ref = "มติสภาฯ สมัยสามัญที่ 4/2568";
  auto two = service_->Transfer(drain, planner_);
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(two->number_text, "ครั้งที่ 2/2569");
  EXPECT_EQ(two->authority_th, "สภาท้องถิ่น");
  EXPECT_EQ(service_->Line(sao_, road.id)->appropriation(), Baht("380,000"));
  const BudgetLine added = LineNamed(budget, "โครงการก่อสร้างรางระบายน้ำ หมู่ 5");
  EXPECT_EQ(added.original, Money());
  EXPECT_EQ(added.transfer_in, Baht("100,000"));
  EXPECT_TRUE(added.in_force);

  // 3. Into an investment line, changing what it buys: council; without the change: executive.
  TransferInput upgrade{sao_, "", "2025-10-05", {{material.id, "4,000"}}, {{computers.id, "4,000"}}, {},
                        true, "เปลี่ยนคุณลักษณะเครื่องคอมพิวเตอร์", "executive", "คำสั่ง 103/2568", "2025-10-05"};
  auto nature = service_->Transfer(upgrade, planner_);
  ASSERT_FALSE(nature.ok());
  EXPECT_EQ(nature.status().stable_code(), "budget.needs_council");
  upgrade.changes_nature = false;
  upgrade.reason = "ราคาเครื่องสูงขึ้นตามราคามาตรฐานครุภัณฑ์";
  ASSERT_TRUE(service_->Transfer(upgrade, planner_).ok());
  EXPECT_EQ(service_->Line(sao_, computers.id)->appropriation(), Baht("48,000"));
  EXPECT_EQ(service_->Line(sao_, material.id)->appropriation(), Baht("56,000"));  // 60,000 − 4,000

  // 4. More than the line has left, unbalanced, or the same line both ways: refused.
  TransferInput too_much{sao_, "", "2025-10-05", {{travel.id, "25,000"}}, {{material.id, "25,000"}}, {},
                         false, "ทดสอบ", "executive", "คำสั่ง 104/2568", "2025-10-05"};
  auto short_line = service_->Transfer(too_much, planner_);
  ASSERT_FALSE(short_line.ok());
  EXPECT_EQ(short_line.status().stable_code(), "budget.insufficient");
  EXPECT_NE(short_line.status().message_th().find("ค่าใช้จ่ายในการเดินทางไปราชการ คงเหลือ 20,000.00 บาท"),
            std::string::npos) << short_line.status().message_th();
  EXPECT_NE(short_line.status().message_th().find("ขาดอีก 5,000.00 บาท"), std::string::npos);
  too_much.from[0].amount = "1,000";
  too_much.to[0].amount = "900";
  EXPECT_EQ(service_->Transfer(too_much, planner_).status().stable_code(), "budget.transfer_unbalanced");
  too_much.to[0] = {travel.id, "1,000"};
  EXPECT_EQ(service_->Transfer(too_much, planner_).status().stable_code(), "budget.line_repeated");

  // 5. Changes of explanation: a construction site moved needs the council (ข้อ 29).
  ExplanationInput site{sao_, "", "2025-10-05", road.id, "ขนาดกว้าง 4 เมตร ยาว 380 เมตร ณ หมู่ 4",
                        false, true, "ย้ายสถานที่ก่อสร้าง", "executive", "คำสั่ง 105/2568", "2025-10-05"};
  EXPECT_EQ(service_->ChangeExplanation(site, planner_).status().stable_code(), "budget.needs_council");
  site.authority = "council";
  site.approval_ref = "มติสภาฯ สมัยสามัญที่ 4/2568";
  auto moved = service_->ChangeExplanation(site, planner_);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->number_text, "ครั้งที่ 1/2569");
  EXPECT_EQ(moved->old_explanation, "ขนาดกว้าง 4 เมตร ยาว 400 เมตร หนา 0.15 เมตร");
  EXPECT_EQ(service_->Line(sao_, road.id)->explanation, "ขนาดกว้าง 4 เมตร ยาว 380 เมตร ณ หมู่ 4");
  ExplanationInput wording{sao_, "", "2025-10-05", material.id, "เพื่อจ่ายเป็นค่าวัสดุสำนักงานต่าง ๆ",
                           false, false, "ถ้อยคำกว้างขึ้น", "executive", "คำสั่ง 106/2568", "2025-10-05"};
  ASSERT_TRUE(service_->ChangeExplanation(wording, planner_).ok());

  // 6. The 15-day report: five changes, none reported; 20 days on, the first two are overdue
  //    (due 17 and 19 October), the rest (due 20 October) too by 25 October.
  EXPECT_EQ(service_->Unreported(sao_)->size(), 5u);
  EXPECT_FALSE(service_->Unreported(sao_)->front().overdue);
  clock_.AdvanceMillis(20 * kDayMillis);  // 25 October 2025
  auto unreported = service_->Unreported(sao_);
  ASSERT_EQ(unreported->size(), 5u);
  EXPECT_EQ(unreported->front().id, one->id);
  for (const auto& change : *unreported) EXPECT_TRUE(change.overdue) << change.number_text;
  auto reported = service_->RecordReport(sao_, one->id, {"", "2025-10-10", "ที่ ขก 71201/321"}, planner_);
  ASSERT_TRUE(reported.ok()) << reported.status().ToString();
  EXPECT_FALSE(reported->overdue);
  EXPECT_EQ(service_->Unreported(sao_)->size(), 4u);
  EXPECT_EQ(service_->RecordReport(sao_, one->id, {"", "2025-10-11", "ซ้ำ"}, planner_).status().stable_code(),
            "budget.already_reported");
  EXPECT_EQ(service_->Changes(sao_, 2569)->size(), 5u);

  ASSERT_TRUE(ledger_->Rebuild(std::nullopt).ok());
  EXPECT_TRUE(ledger_->Verify(std::nullopt)->ok());
  EXPECT_EQ(service_->Line(sao_, material.id)->appropriation(), Baht("56,000"));
  EXPECT_EQ(service_->Unreported(sao_)->size(), 4u);
}

TEST_P(BudgetTest, HardBudgetControlRefusesWhatWouldOverdrawALine) {
  const Budget budget = ApprovedAnnual();
  const BudgetLine material = LineNamed(budget, "ค่าวัสดุสำนักงาน");  // 50,000.00

  // 3 Oct: a purchase order commits 50,000.00 — the whole line.
  ASSERT_TRUE(AppendEffects("2025-10-03", {{material.id, Baht("50,000"), Money()}}, "ใบสั่งซื้อ 1/2569").ok());
  EXPECT_EQ(service_->Line(sao_, material.id)->available(), Money());
  // One satang more is refused, naming the line and the shortfall; nothing is written.
  EXPECT_FALSE(service_->CheckEffects(sao_, Day(2025, 10, 5), {{material.id, Baht("0.01"), Money()}}).ok());
  const int64_t head = Head(sao_);
  auto over = AppendEffects("2025-10-05", {{material.id, Baht("0.01"), Money()}});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().stable_code(), "budget.insufficient");
  EXPECT_EQ(over.status().message_th(),
            "งบประมาณไม่พอ: แผนงานบริหารงานทั่วไป / งานบริหารทั่วไป / ค่าวัสดุ / ค่าวัสดุสำนักงาน "
            "คงเหลือ 0.00 บาท ต้องการ 0.01 บาท ขาดอีก 0.01 บาท");
  EXPECT_EQ(Head(sao_), head);

  // 5 Oct: goods for 20,000.00 accepted — the debt is set: commitment released, spent.
  ASSERT_TRUE(AppendEffects("2025-10-05", {{material.id, -Baht("20,000"), Baht("20,000")}}, "ตั้งหนี้").ok());
  auto line = service_->Line(sao_, material.id);
  EXPECT_EQ(line->committed, Baht("30,000"));
  EXPECT_EQ(line->spent, Baht("20,000"));
  EXPECT_EQ(line->available(), Money());
  // Releasing more than is committed is refused.
  auto over_release = AppendEffects("2025-10-05", {{material.id, -Baht("30,000.01"), Money()}});
  EXPECT_EQ(over_release.status().stable_code(), "budget.commitment");

  // The register as of 3 October shows the commitment, not yet the expenditure.
  auto on_third = service_->Lines(sao_, 2569, Day(2025, 10, 3));
  for (const auto& row : *on_third) {
    if (row.id != material.id) continue;
    EXPECT_EQ(row.committed, Baht("50,000"));
    EXPECT_EQ(row.spent, Money());
  }
  // One line's history, with the running balance.
  auto history = service_->LineHistory(sao_, material.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].kind_th, "งบประมาณที่ได้รับอนุมัติ");
  EXPECT_EQ((*history)[0].date, Day(2025, 10, 1));
  EXPECT_EQ((*history)[0].available_after, Baht("50,000"));
  EXPECT_EQ((*history)[1].kind_th, "ก่อหนี้ผูกพัน");
  EXPECT_EQ((*history)[1].available_after, Money());
  EXPECT_EQ((*history)[2].kind_th, "ตั้งหนี้/เบิกจ่าย (ตัดยอดผูกพัน)");
  EXPECT_EQ((*history)[2].available_after, Money());

  // Verify and rebuild agree; a tampered row is named.
  ASSERT_TRUE(ledger_->Verify(sao_)->ok());
  ASSERT_TRUE(ledger_->Rebuild(std::nullopt).ok());
  EXPECT_EQ(service_->Line(sao_, material.id)->committed, Baht("30,000"));
  {
    auto lease = db_->Acquire();
    ASSERT_TRUE((*lease)->Execute("UPDATE bud_lines SET committed = 0").ok());
  }
  auto report = ledger_->Verify(sao_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok());
  EXPECT_NE(report->orgs[0].problem.find("budget line"), std::string::npos) << report->orgs[0].problem;
}

TEST_P(BudgetTest, ClerksRacingForTheLastBahtOfALineCannotBothWin) {
  const Budget budget = ApprovedAnnual();
  const BudgetLine travel = LineNamed(budget, "ค่าใช้จ่ายในการเดินทางไปราชการ");  // 30,000.00
  std::atomic<int> won{0}, refused{0};
  std::vector<std::thread> threads;
  for (int index = 0; index < 8; ++index) {
    threads.emplace_back([&] {
      auto result = AppendEffects("2025-10-05", {{travel.id, Money(), Baht("30,000")}});
      if (result.ok()) {
        ++won;
      } else if (result.status().stable_code() == "budget.insufficient") {
        ++refused;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), 7);
  EXPECT_EQ(service_->Line(sao_, travel.id)->spent, Baht("30,000"));
  EXPECT_EQ(service_->Line(sao_, travel.id)->available(), Money());
  EXPECT_TRUE(ledger_->Verify(sao_)->ok());
}

TEST_P(BudgetTest, SupplementaryBudgetJoinsTheAnnualFundAndSpecialBudgetsStandApart) {
  const Budget annual = ApprovedAnnual();
  BudgetInput extra;
  extra.org = sao_;
  extra.kind = "supplementary";
  extra.fiscal_year = 2569;
  extra.base = annual.id;
  extra.title = "ข้อบัญญัติงบประมาณรายจ่ายเพิ่มเติม ฉบับที่ 1 พ.ศ. 2569";
  extra.date = "2025-10-02";
  extra.lines = {{"00242", "542000", "โครงการขยายเขตไฟฟ้าสาธารณะ หมู่ 2", "ระยะทาง 1 กิโลเมตร", "150,000"}};
  auto supplementary = service_->Create(extra, planner_);
  ASSERT_TRUE(supplementary.ok()) << supplementary.status().ToString();
  ASSERT_TRUE(service_->Adopt(sao_, supplementary->id, {"", "2025-10-03", "มติสภาฯ สมัยวิสามัญที่ 1/2568"}, planner_).ok());
  auto approved = service_->Approve(sao_, supplementary->id, {"", "2025-10-04", "นายอำเภอบ้านนา", "ขก 2"}, planner_);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(*approved->in_force_from, Day(2025, 10, 4));  // supplementary: from its approval
  EXPECT_EQ(service_->Lines(sao_, 2569, Day(2025, 10, 5))->size(), 5u);

  // A transfer between the annual and the supplementary budget stays within one fund.
  const BudgetLine lights = approved->lines[0];
  const BudgetLine road = LineNamed(annual, "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3");
  TransferInput across{sao_, "", "2025-10-05", {{road.id, "30,000"}}, {{lights.id, "30,000"}}, {},
                       false, "ค่าไฟฟ้าสาธารณะสูงกว่าประมาณการ", "executive", "คำสั่ง 110/2568", "2025-10-05"};
  ASSERT_TRUE(service_->Transfer(across, planner_).ok());
  EXPECT_EQ(service_->Line(sao_, lights.id)->appropriation(), Baht("180,000"));

  // A special-purpose budget (the water works) is its own fund.
  BudgetInput water;
  water.org = sao_;
  water.kind = "specific";
  water.fiscal_year = 2569;
  water.title = "งบประมาณรายจ่ายเฉพาะการ กิจการประปา พ.ศ. 2569";
  water.date = "2025-08-15";
  water.lines = {{"00332", "533000", "ค่าวัสดุประปา", "สารส้ม คลอรีน", "80,000"}};
  auto specific = service_->Create(water, planner_);
  ASSERT_TRUE(specific.ok()) << specific.status().ToString();
  ASSERT_TRUE(service_->Adopt(sao_, specific->id, {"", "2025-08-27", "มติสภาฯ"}, planner_).ok());
  ASSERT_TRUE(service_->Approve(sao_, specific->id, {"", "2025-09-01", "นายอำเภอบ้านนา", "ขก 3"}, planner_).ok());
  const BudgetLine chemicals = service_->Get(sao_, specific->id)->lines[0];
  TransferInput between{sao_, "", "2025-10-05", {{chemicals.id, "10,000"}}, {{road.id, "10,000"}}, {},
                        false, "ทดสอบ", "executive", "คำสั่ง 111/2568", "2025-10-05"};
  EXPECT_EQ(service_->Transfer(between, planner_).status().stable_code(), "budget.other_fund");
  EXPECT_EQ(service_->List(sao_, 2569)->size(), 3u);
  ASSERT_TRUE(ledger_->Rebuild(std::nullopt).ok());
  EXPECT_TRUE(ledger_->Verify(std::nullopt)->ok());
}

// A general voucher on a budget-controlled account names its budget line and spends it under hard
// budget control; without one, or with a line of another category, it is refused and writes
// nothing; a reversal gives the money back; opening balances are not spending.
TEST_P(BudgetTest, GeneralVoucherOnABudgetAccountSpendsItsBudgetLine) {
  const Budget budget = ApprovedAnnual();
  const BudgetLine supplies = LineNamed(budget, "ค่าวัสดุสำนักงาน");       // 533000 → 5103030, 50,000
  const BudgetLine travel = LineNamed(budget, "ค่าใช้จ่ายในการเดินทางไปราชการ");  // 532000 → 5103020
  auto voucher = [&](const std::string& amount, const std::string& line) {
    accounting::VoucherInput input;
    input.org = sao_;
    input.date = "2025-10-03";
    input.description = "ซื้อวัสดุสำนักงาน (ใบผ่านรายการ)";
    input.lines = {{"5103030", amount, "", line}, {"1101010", "", amount, ""}};
    return vouchers_->Post(input, "user:5");
  };
  const int64_t before = Head(sao_);
  auto missing = voucher("1,000", "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().stable_code(), "gl.budget_line_required");
  EXPECT_EQ(missing.status().field(), "lines[0].budget_line");
  auto other = voucher("1,000", std::to_string(travel.id));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().stable_code(), "gl.budget_line_account");
  auto over = voucher("50,000.01", std::to_string(supplies.id));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().stable_code(), "budget.insufficient");
  EXPECT_NE(over.status().message_th().find("ขาดอีก 0.01 บาท"), std::string::npos) << over.status().message_th();
  EXPECT_EQ(Head(sao_), before) << "a refused voucher writes nothing";

  auto posted = voucher("1,234.56", std::to_string(supplies.id));
  ASSERT_TRUE(posted.ok()) << posted.status().ToString();
  EXPECT_EQ(posted->lines[0].budget_line, supplies.id);
  EXPECT_EQ(posted->lines[1].budget_line, 0);
  EXPECT_EQ(LineNamed(budget, "ค่าวัสดุสำนักงาน").spent, Baht("1,234.56"));

  auto reversed = vouchers_->Reverse(sao_, posted->seq, "2025-10-04", "บันทึกผิดรายการ", "", "user:5");
  ASSERT_TRUE(reversed.ok()) << reversed.status().ToString();
  EXPECT_EQ(LineNamed(budget, "ค่าวัสดุสำนักงาน").spent, Money());

  accounting::VoucherInput opening;
  opening.org = sao_;
  opening.type = "opening";
  opening.date = "2025-10-01";
  opening.description = "ยอดยกมา";
  opening.lines = {{"1201010", "800,000", "", ""}, {"3101010", "", "800,000", ""}};
  ASSERT_TRUE(vouchers_->Post(opening, "user:5").ok());
  opening.lines[0].budget_line = std::to_string(supplies.id);
  auto named = vouchers_->Post(opening, "user:5");
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.status().stable_code(), "gl.budget_line_not_allowed");
}

INSTANTIATE_TEST_SUITE_P(Stores, BudgetTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return store::DialectName(info.param); });

}  // namespace
}  // namespace klang::budget
