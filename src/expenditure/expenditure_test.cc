// Procurement to payable on both stores, with hand-computed figures: a request against a budget
// line, its approval, the order that commits budget, inspection of each instalment in order, and
// the debt-setting voucher (Dr expense or asset / Cr เจ้าหนี้) that turns the commitment into
// expenditure — the budget register and the general ledger agree; an order that would overdraw
// its line is refused and writes nothing; verify and rebuild agree with the log.
#include <gtest/gtest.h>

#include <map>

#include <fstream>
#include <sstream>

#include "expenditure/disbursement.h"
#include "tests/support/test_db.h"

namespace klang::expenditure {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(testing::SourceDir() + "/data/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Money Baht(const char* text) { return Money::Parse(text).value(); }

Date Day(int year, int month, int day) { return Date::FromCivil(year, month, day).value(); }

class ExpenditureTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto db = testing::OpenFreshDb(GetParam());
    if (!db.ok() && db.status().stable_code() == "test.no_postgres") GTEST_SKIP();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    std::vector<store::Migration> migrations = ledger::Ledger::Migrations();
    for (auto& m : org::OrgDirectory::Migrations()) migrations.push_back(m);
    for (auto& m : accounting::ChartOfAccounts::Migrations()) migrations.push_back(m);
    for (auto& m : budget::BudgetService::Migrations()) migrations.push_back(m);
    for (auto& m : budget::CarryOverService::Migrations()) migrations.push_back(m);
    for (auto& m : ExpenditureService::Migrations()) migrations.push_back(m);
    for (auto& m : revenue::RevenueService::Migrations()) migrations.push_back(m);
    for (auto& m : DisbursementService::Migrations()) migrations.push_back(m);
    ASSERT_TRUE(store::ApplyMigrations(*db_, migrations).ok());
    orgs_ = std::make_unique<org::OrgDirectory>(*db_);
    chart_ = std::make_unique<accounting::ChartOfAccounts>(*db_);
    ASSERT_TRUE(chart_->ImportCsv(ReadData("chart_of_accounts.csv")).ok());
    catalog_ = std::make_unique<budget::BudgetCatalog>(
        budget::BudgetCatalog::FromCsv(ReadData("budget_plans.csv"), ReadData("budget_categories.csv")).value());
    items_ = std::make_unique<revenue::RevenueCatalog>(
        revenue::RevenueCatalog::FromCsv(ReadData("revenue_items.csv"), ReadData("deposit_types.csv")).value());
    ledger_ = std::make_unique<ledger::Ledger>(*db_, clock_);
    budget_ = std::make_unique<budget::BudgetService>(*ledger_, *orgs_, *catalog_, *items_, clock_, random_);
    carryovers_ = std::make_unique<budget::CarryOverService>(
        *ledger_, *orgs_, *budget_, budget::CarryOverRuleTable::FromCsv(ReadData("carryover_rules.csv")).value(), clock_,
        random_);
    service_ = std::make_unique<ExpenditureService>(*ledger_, *orgs_, *chart_, *budget_, *carryovers_, clock_, random_);
    rates_ = std::make_unique<revenue::SignboardRateTable>(
        revenue::SignboardRateTable::FromCsv(ReadData("signboard_tax_rates.csv")).value());
    revenue_ = std::make_unique<revenue::RevenueService>(*ledger_, *orgs_, *chart_, *items_, *rates_, clock_, random_);
    config_ = std::make_unique<DisbursementConfig>(
        DisbursementConfig::FromCsv(ReadData("divisions.csv"), ReadData("deduction_types.csv"),
                                    ReadData("duty_rules.csv"))
            .value());
    disbursement_ = std::make_unique<DisbursementService>(*ledger_, *orgs_, *budget_, *service_, *revenue_,
                                                          *config_, clock_, random_);
    revenue_->SetUncollectedChequesSource([this](int64_t org, Date day) -> Result<std::pair<int64_t, Money>> {
      KLANG_ASSIGN_OR_RETURN(UncollectedCheques cheques, disbursement_->UncollectedOn(org, day));
      return std::pair<int64_t, Money>{cheques.count, cheques.amount};
    });
    ledger_->AddProjection(budget_->projection());
    ledger_->AddProjection(service_->projection());
    ledger_->AddProjection(revenue_->projection());
    ledger_->AddProjection(disbursement_->projection());
    ledger_->Start();
    const auto dla = orgs_->Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
    const auto province = orgs_->Create(dla->id, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
    sao_ = orgs_->Create(province->id, org::OrgType::kSao, "6400101", "อบต.บ้านนา")->id;

    // FY 2569: ค่าวัสดุสำนักงาน 50,000.00 (ค่าวัสดุ → 5103030) and computers 44,000.00
    // (ค่าครุภัณฑ์ → asset 1201010); in force from 1 October 2025.
    budget::BudgetInput input;
    input.org = sao_;
    input.kind = "annual";
    input.fiscal_year = 2569;
    input.title = "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2569";
    input.date = "2025-08-15";
    input.lines = {{"00111", "533000", "ค่าวัสดุสำนักงาน", "", "50,000"},
                   {"00111", "541000", "จัดซื้อเครื่องคอมพิวเตอร์", "2 เครื่อง", "44,000"}};
    auto created = budget_->Create(input, clerk_);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    ASSERT_TRUE(budget_->Adopt(sao_, created->id, {"", "2025-08-27", "มติสภาฯ"}, clerk_).ok());
    auto approved = budget_->Approve(sao_, created->id, {"", "2025-09-01", "นายอำเภอ", "ขก 1"}, clerk_);
    ASSERT_TRUE(approved.ok()) << approved.status().ToString();
    for (const auto& line : approved->lines) (line.item == "ค่าวัสดุสำนักงาน" ? materials_ : computers_) = line.id;
  }
  void TearDown() override { ledger_.reset(); }

  // Through every approval: lodged and checked by the finance officer, certified by the head of
  // finance, approved by the chief executive.
  Claim Approved(const Claim& claim) {
    for (auto [step, actor] : {std::pair{&DisbursementService::Lodge, finance_},
                               std::pair{&DisbursementService::Check, finance_},
                               std::pair{&DisbursementService::Certify, head_},
                               std::pair{&DisbursementService::Approve, chief_}}) {
      auto done = (disbursement_.get()->*step)(sao_, claim.id, {"", "2025-10-05", ""}, actor);
      KLANG_ASSERT_MSG(done.ok(), done.status().ToString().c_str());
    }
    return disbursement_->Get(sao_, claim.id).value();
  }

  int64_t BankAccount() {
    auto bank = revenue_->OpenBankAccount({sao_, "", "เงินฝากธนาคารกรุงไทย (บัญชีรายจ่าย)", "ธนาคารกรุงไทย",
                                           "สาขาบ้านนา", "current", "981-1-00001-1", "2025-10-01"},
                                          head_);
    KLANG_ASSERT_MSG(bank.ok(), bank.status().ToString().c_str());
    return bank->id;
  }

  int64_t Head() { return ledger_->GetHead(sao_).value().seq; }

  Money Balance(const std::string& account) {
    auto all = ledger_->Totals(sao_, {}, {});
    KLANG_ASSERT(all.ok());
    for (const auto& totals : *all) {
      if (totals.account == account) return totals.debit - totals.credit;
    }
    return Money();
  }

  Request ApprovedRequest(int64_t line, const char* subject, const char* amount) {
    auto request = service_->CreateRequest(
        {sao_, "", "2025-10-01", line, subject, "ใช้ในการปฏิบัติงานของสำนักปลัด", "specific", amount, "สำนักปลัด"},
        clerk_);
    KLANG_ASSERT_MSG(request.ok(), request.status().ToString().c_str());
    auto approved = service_->ApproveRequest(sao_, request->id, "", "2025-10-02", chief_);
    KLANG_ASSERT_MSG(approved.ok(), approved.status().ToString().c_str());
    return *approved;
  }

  OrderInput Order(int64_t request, std::vector<InstalmentInput> instalments) {
    return {sao_, "", "2025-10-03", request, "ร้านบ้านนาเครื่องเขียน", "0405559000123", "12 ถ.มิตรภาพ",
            "ใบสั่งซื้อ 15/2569", "68109000123", std::move(instalments)};
  }

  ManualClock clock_{1759651200000};  // 2025-10-05T08:00:00Z, FY 2569
  SystemRandom random_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<accounting::ChartOfAccounts> chart_;
  std::unique_ptr<budget::BudgetCatalog> catalog_;
  std::unique_ptr<revenue::RevenueCatalog> items_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<budget::BudgetService> budget_;
  std::unique_ptr<budget::CarryOverService> carryovers_;
  std::unique_ptr<ExpenditureService> service_;
  std::unique_ptr<revenue::SignboardRateTable> rates_;
  std::unique_ptr<revenue::RevenueService> revenue_;
  std::unique_ptr<DisbursementConfig> config_;
  std::unique_ptr<DisbursementService> disbursement_;
  int64_t sao_ = 0, materials_ = 0, computers_ = 0;
  const Actor finance_{61, "นางสาวการเงิน ตรวจฎีกา"};
  const Actor head_{62, "นางผู้อำนวยการ กองคลัง"};
  const Actor clerk_{51, "นางพัสดุ จัดซื้อดี"};
  const Actor chief_{52, "นายก อบต.บ้านนา"};
  const Actor committee_clerk_{53, "นายตรวจ รับพัสดุ"};
};

TEST_P(ExpenditureTest, OrderCommitsAndTheDebtSettingVoucherTurnsItIntoExpenditure) {
  const Request request = ApprovedRequest(materials_, "จัดซื้อวัสดุสำนักงาน", "12,000");
  EXPECT_EQ(request.state, "approved");
  EXPECT_EQ(request.number_text, "ที่ 1/2569");
  EXPECT_EQ(request.line_label, "แผนงานบริหารงานทั่วไป / งานบริหารทั่วไป / ค่าวัสดุ / ค่าวัสดุสำนักงาน");

  auto order = service_->PlaceOrder(Order(request.id, {{"11,500", "2025-10-10"}}), clerk_);
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  EXPECT_EQ(order->amount, Baht("11,500"));
  // Committed 11,500.00: 50,000.00 − 11,500.00 = 38,500.00 left; nothing in the ledger yet.
  auto line = budget_->Line(sao_, materials_);
  EXPECT_EQ(line->committed, Baht("11,500"));
  EXPECT_EQ(line->available(), Baht("38,500"));
  EXPECT_EQ(Balance("2101010"), Money());

  auto inspected = service_->Inspect({sao_, "", "2025-10-05", order->id, 1, {"นายตรวจ รับพัสดุ", "นางสอง กรรมการ", "นายสาม กรรมการ"}, ""},
                                     committee_clerk_);
  ASSERT_TRUE(inspected.ok()) << inspected.status().ToString();
  ASSERT_NE(inspected->instalments[0].inspection, 0);
  auto debt = service_->SetDebt({sao_, "", "2025-10-05", inspected->instalments[0].inspection, ""}, clerk_);
  ASSERT_TRUE(debt.ok()) << debt.status().ToString();
  EXPECT_EQ(debt->number_text, "ที่ 1/2569");
  EXPECT_EQ(debt->amount, Baht("11,500"));
  ASSERT_EQ(debt->lines.size(), 2u);
  EXPECT_EQ(debt->lines[0].account, "5103030");  // Dr ค่าวัสดุ
  EXPECT_EQ(debt->lines[1].account, "2101010");  // Cr เจ้าหนี้
  // The commitment became expenditure: committed 0, spent 11,500.00, available still 38,500.00.
  line = budget_->Line(sao_, materials_);
  EXPECT_EQ(line->committed, Money());
  EXPECT_EQ(line->spent, Baht("11,500"));
  EXPECT_EQ(line->available(), Baht("38,500"));
  EXPECT_EQ(Balance("5103030"), Baht("11,500"));
  EXPECT_EQ(Balance("2101010"), -Baht("11,500"));
  EXPECT_EQ(service_->GetOrder(sao_, order->id)->debt_set, Baht("11,500"));

  // The same inspection cannot set a second debt; nothing is written.
  const int64_t head = Head();
  auto twice = service_->SetDebt({sao_, "", "2025-10-05", inspected->instalments[0].inspection, ""}, clerk_);
  EXPECT_EQ(twice.status().stable_code(), "expenditure.debt_already_set");
  EXPECT_EQ(Head(), head);
}

TEST_P(ExpenditureTest, InstalmentsAreInspectedInOrderAndAssetsAreCapitalised) {
  const Request request = ApprovedRequest(computers_, "จัดซื้อเครื่องคอมพิวเตอร์ 2 เครื่อง", "44,000");
  auto order = service_->PlaceOrder(Order(request.id, {{"22,000", "2025-10-10"}, {"22,000", "2025-11-10"}}), clerk_);
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  EXPECT_EQ(budget_->Line(sao_, computers_)->available(), Money());  // all 44,000.00 committed

  auto second_first = service_->Inspect({sao_, "", "2025-10-05", order->id, 2, {"นายตรวจ รับพัสดุ"}, ""}, committee_clerk_);
  EXPECT_EQ(second_first.status().stable_code(), "expenditure.instalment_order");
  auto first = service_->Inspect({sao_, "", "2025-10-05", order->id, 1, {"นายตรวจ รับพัสดุ"}, ""}, committee_clerk_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto debt = service_->SetDebt({sao_, "", "2025-10-05", first->instalments[0].inspection, ""}, clerk_);
  ASSERT_TRUE(debt.ok()) << debt.status().ToString();
  EXPECT_EQ(debt->lines[0].account, "1201010");  // Dr ครุภัณฑ์ (งบลงทุน)
  auto line = budget_->Line(sao_, computers_);
  EXPECT_EQ(line->committed, Baht("22,000"));
  EXPECT_EQ(line->spent, Baht("22,000"));
  EXPECT_EQ(Balance("1201010"), Baht("22,000"));
  // An instalment not yet inspected cannot have its debt set.
  auto order_now = service_->GetOrder(sao_, order->id);
  EXPECT_EQ(order_now->instalments[1].inspection, 0);
}

TEST_P(ExpenditureTest, AnOrderThatWouldOverdrawItsLineIsRefusedAndWritesNothing) {
  const Request first = ApprovedRequest(materials_, "จัดซื้อวัสดุสำนักงาน ไตรมาส 1", "12,000");
  ASSERT_TRUE(service_->PlaceOrder(Order(first.id, {{"11,500", "2025-10-10"}}), clerk_).ok());
  const Request second = ApprovedRequest(materials_, "จัดซื้อวัสดุสำนักงาน ไตรมาส 2-4", "38,500");
  // 39,000.00 > 38,500.00 requested: refused for the request's limit first.
  auto over_request = service_->PlaceOrder(Order(second.id, {{"39,000", "2025-10-20"}}), clerk_);
  EXPECT_EQ(over_request.status().stable_code(), "expenditure.over_request");

  // A third request would exceed what is left once the second is ordered.
  auto ordered = service_->PlaceOrder(Order(second.id, {{"38,500", "2025-10-20"}}), clerk_);
  ASSERT_TRUE(ordered.ok()) << ordered.status().ToString();
  EXPECT_EQ(budget_->Line(sao_, materials_)->available(), Money());
  auto third = service_->CreateRequest(
      {sao_, "", "2025-10-05", materials_, "จัดซื้อแฟ้ม", "เพิ่มเติม", "specific", "500", "กองคลัง"}, clerk_);
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.status().stable_code(), "budget.insufficient");
  EXPECT_NE(third.status().message_th().find("ขาดอีก 500.00 บาท"), std::string::npos) << third.status().message_th();

  // Orders against an unapproved request, or a second order on one request: refused.
  const int64_t head = Head();
  auto unapproved = service_->CreateRequest(
      {sao_, "", "2025-10-05", computers_, "จัดซื้อเครื่องพิมพ์", "ทดแทนเครื่องเดิม", "specific", "8,000", "กองคลัง"}, clerk_);
  ASSERT_TRUE(unapproved.ok());
  EXPECT_EQ(service_->PlaceOrder(Order(unapproved->id, {{"8,000", "2025-10-20"}}), clerk_).status().stable_code(),
            "expenditure.request_not_approved");
  EXPECT_EQ(service_->PlaceOrder(Order(second.id, {{"100", "2025-10-20"}}), clerk_).status().stable_code(),
            "expenditure.already_ordered");
  EXPECT_EQ(Head(), head + 1);  // only the unapproved request was written

  ASSERT_TRUE(ledger_->Verify(sao_)->ok());
  ASSERT_TRUE(ledger_->Rebuild(std::nullopt).ok());
  EXPECT_TRUE(ledger_->Verify(std::nullopt)->ok());
  EXPECT_EQ(budget_->Line(sao_, materials_)->committed, Baht("50,000"));
  EXPECT_EQ(service_->Requests(sao_, 2569)->size(), 3u);
  EXPECT_EQ(service_->Orders(sao_, 2569)->size(), 2u);
}

TEST_P(ExpenditureTest, ClaimPassesEveryApprovalWithSegregationOfDutiesAndIsPaidByCheque) {
  const int64_t bank = BankAccount();
  const Request request = ApprovedRequest(materials_, "จัดซื้อวัสดุสำนักงาน", "12,000");
  auto order = service_->PlaceOrder(Order(request.id, {{"11,500", "2025-10-10"}}), clerk_);
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  auto inspected = service_->Inspect({sao_, "", "2025-10-05", order->id, 1, {"นายตรวจ รับพัสดุ"}, ""}, committee_clerk_);
  ASSERT_TRUE(inspected.ok());
  auto debt = service_->SetDebt({sao_, "", "2025-10-05", inspected->instalments[0].inspection, ""}, clerk_);
  ASSERT_TRUE(debt.ok()) << debt.status().ToString();

  // The ฎีกา: 11,500.00 less 1 % withholding tax 115.00 = 11,385.00 to the vendor.
  ClaimInput input{.org = sao_, .date = "2025-10-05", .kind = "debt", .division = "finance", .debt = debt->id,
                   .description = "ค่าวัสดุสำนักงานตามใบสั่งซื้อ 15/2569", .deductions = {{"wht", "115"}},
                   .attachments = {"ใบส่งของ/ใบแจ้งหนี้", "ใบตรวจรับพัสดุ", "ใบสั่งซื้อ"}};
  auto claim = disbursement_->Prepare(input, clerk_);
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_EQ(claim->requester_text, "กค. 1/2569");
  EXPECT_EQ(claim->payee_name, "ร้านบ้านนาเครื่องเขียน");
  EXPECT_EQ(claim->gross, Baht("11,500"));
  EXPECT_EQ(claim->net, Baht("11,385"));
  EXPECT_EQ(claim->state, "prepared");
  // A second ฎีกา for the same debt is refused.
  EXPECT_EQ(disbursement_->Prepare(input, clerk_).status().stable_code(), "expenditure.debt_claimed");
  // Steps in order only.
  EXPECT_EQ(disbursement_->Approve(sao_, claim->id, {"", "2025-10-05", ""}, chief_).status().stable_code(),
            "expenditure.claim_state");

  auto lodged = disbursement_->Lodge(sao_, claim->id, {"", "2025-10-05", ""}, finance_);
  ASSERT_TRUE(lodged.ok()) << lodged.status().ToString();
  EXPECT_EQ(lodged->treasury_text, "1/2569");
  // The preparer may not check their own ฎีกา.
  const int64_t head = Head();
  auto own_check = disbursement_->Check(sao_, claim->id, {"", "2025-10-05", ""}, clerk_);
  ASSERT_FALSE(own_check.ok());
  EXPECT_EQ(own_check.status().stable_code(), "expenditure.segregation_of_duties");
  EXPECT_EQ(own_check.status().message_th(), "ผู้จัดทำฎีกาต้องไม่เป็นผู้ตรวจฎีกา (แบ่งแยกหน้าที่)");
  EXPECT_EQ(Head(), head);
  ASSERT_TRUE(disbursement_->Check(sao_, claim->id, {"", "2025-10-05", ""}, finance_).ok());
  // The checker may not certify, the certifier may not approve.
  EXPECT_EQ(disbursement_->Certify(sao_, claim->id, {"", "2025-10-05", ""}, finance_).status().stable_code(),
            "expenditure.segregation_of_duties");
  ASSERT_TRUE(disbursement_->Certify(sao_, claim->id, {"", "2025-10-05", ""}, head_).ok());
  EXPECT_EQ(disbursement_->Approve(sao_, claim->id, {"", "2025-10-05", ""}, head_).status().stable_code(),
            "expenditure.segregation_of_duties");
  auto approved = disbursement_->Approve(sao_, claim->id, {"", "2025-10-05", ""}, chief_);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->state, "approved");
  ASSERT_EQ(approved->steps.size(), 5u);
  EXPECT_EQ(approved->steps[3].name, "นางผู้อำนวยการ กองคลัง");

  // Paid by cheque: Dr เจ้าหนี้ 11,500.00 / Cr bank 11,385.00 / Cr ภาษีหัก ณ ที่จ่าย 115.00.
  auto paid = disbursement_->Pay({sao_, "", "2025-10-05", claim->id, "cheque", bank, "0012345", ""}, finance_);
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  EXPECT_EQ(paid->number_text, "จ. 1/2569");
  EXPECT_EQ(Balance("2101010"), Money());           // −11,500.00 set, +11,500.00 paid
  EXPECT_EQ(Balance("1102020"), -Baht("11,385"));    // current account
  EXPECT_EQ(Balance("2103010"), -Baht("115"));
  EXPECT_EQ(disbursement_->Get(sao_, claim->id)->state, "paid");
  // The cheque is approved and not yet collected: the daily report counts it.
  auto daily = revenue_->DailyStatusOn(sao_, Day(2025, 10, 5));
  ASSERT_TRUE(daily.ok()) << daily.status().ToString();
  EXPECT_EQ(daily->uncollected_cheques, 1);
  EXPECT_EQ(daily->uncollected_cheques_amount, Baht("11,385"));
  EXPECT_EQ(daily->bank_payments, Baht("11,385"));
  ASSERT_TRUE(disbursement_->RecordChequeCollected(sao_, paid->id, {"", "2025-10-05", ""}, finance_).ok());
  EXPECT_EQ(revenue_->DailyStatusOn(sao_, Day(2025, 10, 5))->uncollected_cheques, 0);
  EXPECT_EQ(disbursement_->Register(sao_, 2569)->size(), 1u);

  ASSERT_TRUE(ledger_->Rebuild(std::nullopt).ok());
  EXPECT_TRUE(ledger_->Verify(std::nullopt)->ok());
  EXPECT_EQ(disbursement_->Get(sao_, claim->id)->state, "paid");
}

TEST_P(ExpenditureTest, BudgetClaimCommitsItsLineAndASecondThatWouldOverdrawIsRefused) {
  const int64_t bank = BankAccount();
  // ค่าวัสดุสำนักงาน 50,000.00: a ฎีกา of 30,000.00 commits it, 20,000.00 left.
  ClaimInput first{.org = sao_, .date = "2025-10-05", .kind = "budget", .division = "office", .line = materials_,
                   .payee_name = "สหกรณ์ร้านค้าบ้านนา", .description = "ค่าวัสดุงานบ้านงานครัว", .amount = "30,000",
                   .attachments = {"ใบเสร็จรับเงิน"}};
  auto one = disbursement_->Prepare(first, clerk_);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->requester_text, "สป. 1/2569");
  EXPECT_EQ(budget_->Line(sao_, materials_)->available(), Baht("20,000"));
  // A second of 20,100.00 would overdraw by 100.00: refused, nothing written.
  ClaimInput second = first;
  second.amount = "20,100";
  const int64_t head = Head();
  auto refused = disbursement_->Prepare(second, clerk_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().stable_code(), "budget.insufficient");
  EXPECT_NE(refused.status().message_th().find("ขาดอีก 100.00 บาท"), std::string::npos) << refused.status().message_th();
  EXPECT_EQ(Head(), head);

  Approved(*one);
  auto paid = disbursement_->Pay({sao_, "", "2025-10-05", one->id, "transfer", bank, "", "KTB-TRF-001"}, finance_);
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  // Dr ค่าวัสดุ 30,000.00 / Cr bank 30,000.00; the commitment became expenditure.
  EXPECT_EQ(Balance("5103030"), Baht("30,000"));
  auto line = budget_->Line(sao_, materials_);
  EXPECT_EQ(line->committed, Money());
  EXPECT_EQ(line->spent, Baht("30,000"));
  EXPECT_EQ(line->available(), Baht("20,000"));
  EXPECT_EQ(revenue_->DailyStatusOn(sao_, Day(2025, 10, 5))->uncollected_cheques, 0);  // a transfer
  EXPECT_TRUE(ledger_->Verify(sao_)->ok());
}

TEST_P(ExpenditureTest, StaffAdvanceIsPaidThenClearedByEvidenceAndRefund) {
  const int64_t bank = BankAccount();
  // A 5,000.00 advance for travel commits the materials line: 50,000.00 − 5,000.00 = 45,000.00.
  auto advance = disbursement_->CreateAdvance({sao_, "", "2025-10-01", "นายสมชาย ไปราชการ", "นักทรัพยากรบุคคล",
                                               "เดินทางไปอบรมที่กรุงเทพฯ 6–8 ต.ค. 2568", materials_, "5,000",
                                               "2025-10-20"},
                                              clerk_);
  ASSERT_TRUE(advance.ok()) << advance.status().ToString();
  EXPECT_EQ(advance->number_text, "สัญญายืม 1/2569");
  EXPECT_EQ(budget_->Line(sao_, materials_)->available(), Baht("45,000"));
  ClaimInput input{.org = sao_, .date = "2025-10-02", .kind = "advance", .division = "office",
                   .description = "เงินยืมเดินทางไปราชการ", .advance = advance->id};
  auto claim = disbursement_->Prepare(input, clerk_);
  ASSERT_TRUE(claim.ok()) << claim.status().ToString();
  EXPECT_EQ(claim->gross, Baht("5,000"));
  EXPECT_EQ(claim->payee_name, "นายสมชาย ไปราชการ");
  EXPECT_EQ(disbursement_->Prepare(input, clerk_).status().stable_code(), "expenditure.advance_claimed");
  Approved(*claim);
  ASSERT_TRUE(disbursement_->Pay({sao_, "", "2025-10-05", claim->id, "transfer", bank, "", "KTB-TRF-002"}, finance_).ok());
  EXPECT_EQ(Balance("1105010"), Baht("5,000"));  // Dr ลูกหนี้เงินยืม
  EXPECT_EQ(disbursement_->GetAdvance(sao_, advance->id)->state, "paid");
  EXPECT_FALSE(disbursement_->GetAdvance(sao_, advance->id)->overdue);

  clock_.AdvanceMillis(20LL * 86'400'000);  // 25 October: past the due date, not yet cleared
  EXPECT_TRUE(disbursement_->GetAdvance(sao_, advance->id)->overdue);
  // Cleared by 4,200.00 of evidence and 800.00 refunded in cash:
  // Dr ค่าวัสดุ 4,200.00, Dr เงินสด 800.00 / Cr ลูกหนี้เงินยืม 5,000.00.
  auto over = disbursement_->ClearAdvance({sao_, "", "2025-10-25", advance->id, "5,000.01", ""}, clerk_);
  EXPECT_EQ(over.status().stable_code(), "expenditure.evidence_amount");
  auto cleared = disbursement_->ClearAdvance({sao_, "", "2025-10-25", advance->id, "4,200", "ใบสำคัญ 3 ฉบับ"}, clerk_);
  ASSERT_TRUE(cleared.ok()) << cleared.status().ToString();
  EXPECT_EQ(cleared->state, "cleared");
  EXPECT_EQ(cleared->refund, Baht("800"));
  EXPECT_FALSE(cleared->overdue);
  EXPECT_EQ(Balance("1105010"), Money());
  EXPECT_EQ(Balance("5103030"), Baht("4,200"));
  EXPECT_EQ(Balance("1101010"), Baht("800"));
  auto line = budget_->Line(sao_, materials_);
  EXPECT_EQ(line->committed, Money());
  EXPECT_EQ(line->spent, Baht("4,200"));
  EXPECT_EQ(line->available(), Baht("45,800"));
  EXPECT_EQ(disbursement_->Advances(sao_, 2569)->size(), 1u);
  // The advances register as closing reconciles it with 1105010: +5,000.00 on the day it was
  // paid, −5,000.00 on the day it was cleared.
  auto movements = disbursement_->AdvanceMovements(sao_, Date::ParseIso("2025-10-01").value(),
                                                    Date::ParseIso("2025-10-31").value());
  ASSERT_TRUE(movements.ok()) << movements.status().ToString();
  ASSERT_EQ(movements->size(), 2u);
  std::map<std::string, Money> by_day;
  for (const auto& moved : *movements) by_day[moved.day.ToIso()] = by_day[moved.day.ToIso()] + moved.amount;
  EXPECT_EQ(by_day["2025-10-05"], Baht("5,000"));
  EXPECT_EQ(by_day["2025-10-25"], -Baht("5,000"));
  ASSERT_TRUE(ledger_->Rebuild(std::nullopt).ok());
  EXPECT_TRUE(ledger_->Verify(std::nullopt)->ok());
}

TEST_P(ExpenditureTest, EPaymentBatchPaysWhatTheBankConfirmsAndReconciles) {
  const int64_t bank = BankAccount();
  // Three approved budget ฎีกา on ค่าวัสดุสำนักงาน (17,000.00 committed): A 10,000.00; B 5,000.00
  // less 1 % WHT 50.00 = 4,950.00; C 2,000.00, whose transfer the bank will reject.
  auto make = [&](const char* payee, const char* amount, std::vector<DeductionInput> deductions) {
    ClaimInput input{.org = sao_, .date = "2025-10-05", .kind = "budget", .division = "office", .line = materials_,
                     .payee_name = payee, .payee_bank = "ธนาคารกรุงไทย", .payee_account_no = "123-4-56789-0",
                     .description = "ค่าวัสดุ", .amount = amount, .deductions = std::move(deductions)};
    auto claim = disbursement_->Prepare(input, clerk_);
    KLANG_ASSERT_MSG(claim.ok(), claim.status().ToString().c_str());
    return Approved(*claim);
  };
  const Claim a = make("ร้าน ก", "10,000", {});
  const Claim b = make("ร้าน ข", "5,000", {{"wht", "50"}});
  const Claim c = make("ร้าน ค", "2,000", {});
  EXPECT_EQ(budget_->Line(sao_, materials_)->committed, Baht("17,000"));

  auto batch = disbursement_->CreateBatch({sao_, "", "2025-10-05", "2025-10-06", bank, {a.id, b.id, c.id}}, finance_);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->number_text, "EP 1/2569");
  EXPECT_EQ(batch->total, Baht("16,950"));
  // A ฎีกา in a batch cannot be paid otherwise, nor put in a second batch.
  EXPECT_EQ(disbursement_->Pay({sao_, "", "2025-10-05", a.id, "cheque", bank, "0099", ""}, finance_).status().stable_code(),
            "expenditure.in_batch");
  EXPECT_EQ(disbursement_->CreateBatch({sao_, "", "2025-10-05", "2025-10-06", bank, {a.id}}, finance_).status().stable_code(),
            "expenditure.batch_claim");

  // The bank file: header, three transfers, trailer with the count and the total.
  auto format = MakeKlangCsvBankFile();
  auto file = disbursement_->BankFile(sao_, batch->id, *format);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->first, "epayment-2025-10-06-EP_1_2569.csv");
  EXPECT_NE(file->second.find("H,klang-csv-1,EP 1/2569,2025-10-06,981-1-00001-1,อบต.บ้านนา,3,16950.00\r\n"),
            std::string::npos) << file->second;
  EXPECT_NE(file->second.find("D,2,สป. 2/2569,ร้าน ข,,ธนาคารกรุงไทย,123-4-56789-0,4950.00\r\n"), std::string::npos);
  EXPECT_NE(file->second.find("T,3,16950.00\r\n"), std::string::npos);

  // 6 October: the bank paid A and B (14,950.00) and rejected C. A debited total that does not
  // reconcile is refused and writes nothing.
  clock_.AdvanceMillis(86'400'000);
  const int64_t head = Head();
  auto mismatch = disbursement_->ConfirmBatch({sao_, "", "2025-10-06", batch->id, {c.id}, "16,950", "KTB-BULK-77"}, finance_);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().stable_code(), "expenditure.bank_debited_mismatch");
  EXPECT_EQ(Head(), head);
  auto confirmed = disbursement_->ConfirmBatch({sao_, "", "2025-10-06", batch->id, {c.id}, "14,950", "KTB-BULK-77"}, finance_);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().ToString();
  EXPECT_EQ(confirmed->state, "confirmed");
  EXPECT_EQ(confirmed->paid_total, Baht("14,950"));
  EXPECT_EQ(confirmed->payment_number_text, "จ. 1/2569");
  // One payment voucher: Dr ค่าวัสดุ 15,000.00 / Cr WHT 50.00 / Cr bank 14,950.00.
  EXPECT_EQ(Balance("5103030"), Baht("15,000"));
  EXPECT_EQ(Balance("2103010"), -Baht("50"));
  EXPECT_EQ(Balance("1102020"), -Baht("14,950"));
  EXPECT_EQ(disbursement_->Get(sao_, a.id)->state, "paid");
  EXPECT_EQ(disbursement_->Get(sao_, b.id)->state, "paid");
  // C left the batch, still approved and committed; it can be paid by cheque.
  auto rejected = disbursement_->Get(sao_, c.id);
  EXPECT_EQ(rejected->state, "approved");
  EXPECT_EQ(rejected->batch, 0);
  auto line = budget_->Line(sao_, materials_);
  EXPECT_EQ(line->committed, Baht("2,000"));
  EXPECT_EQ(line->spent, Baht("15,000"));
  ASSERT_TRUE(disbursement_->Pay({sao_, "", "2025-10-06", c.id, "cheque", bank, "0100", ""}, finance_).ok());
  EXPECT_EQ(budget_->Line(sao_, materials_)->committed, Money());
  EXPECT_EQ(disbursement_->ConfirmBatch({sao_, "", "2025-10-06", batch->id, {}, "0", "again"}, finance_).status().stable_code(),
            "expenditure.batch_state");
  ASSERT_TRUE(ledger_->Rebuild(std::nullopt).ok());
  EXPECT_TRUE(ledger_->Verify(std::nullopt)->ok());
}

INSTANTIATE_TEST_SUITE_P(Stores, ExpenditureTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return store::DialectName(info.param); });

}  // namespace
}  // namespace klang::expenditure
