// The revenue cycle on both stores, with hand-computed figures: receipt books and numbering,
// receipts, cancellation, remittance, the summary and its receipt voucher, deposits, money in
// the bank, taxpayers and assessments (partial payment, signboard tax), subordinate units
// remitting to their LAO, the registers and the daily financial status — and that all of it
// agrees with the general ledger, survives a rebuild and is checked by verify.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "revenue/revenue.h"
#include "tests/support/test_db.h"

namespace klang::revenue {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(testing::SourceDir() + "/data/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Money Baht(const char* text) { return Money::Parse(text).value(); }

class RevenueTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto db = testing::OpenFreshDb(GetParam());
    if (!db.ok() && db.status().stable_code() == "test.no_postgres") GTEST_SKIP();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    std::vector<store::Migration> migrations = ledger::Ledger::Migrations();
    for (auto& m : org::OrgDirectory::Migrations()) migrations.push_back(m);
    for (auto& m : accounting::ChartOfAccounts::Migrations()) migrations.push_back(m);
    for (auto& m : RevenueService::Migrations()) migrations.push_back(m);
    ASSERT_TRUE(store::ApplyMigrations(*db_, migrations).ok());
    orgs_ = std::make_unique<org::OrgDirectory>(*db_);
    chart_ = std::make_unique<accounting::ChartOfAccounts>(*db_);
    ASSERT_TRUE(chart_->ImportCsv(ReadData("chart_of_accounts.csv")).ok());
    auto catalog = RevenueCatalog::FromCsv(ReadData("revenue_items.csv"),
                                           ReadData("deposit_types.csv"));
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = std::make_unique<RevenueCatalog>(std::move(catalog).value());
    auto rates = SignboardRateTable::FromCsv(ReadData("signboard_tax_rates.csv"));
    ASSERT_TRUE(rates.ok()) << rates.status().ToString();
    rates_ = std::make_unique<SignboardRateTable>(std::move(rates).value());
    ledger_ = std::make_unique<ledger::Ledger>(*db_, clock_);
    service_ = std::make_unique<RevenueService>(*ledger_, *orgs_, *chart_, *catalog_, *rates_,
                                                clock_, random_);
    ledger_->AddProjection(service_->projection());
    ledger_->Start();
    const auto dla = orgs_->Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
    const auto province = orgs_->Create(dla->id, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
    province_ = province->id;
    sao_ = orgs_->Create(province_, org::OrgType::kSao, "6400101", "อบต.บ้านนา")->id;
    unit_ = orgs_->Create(sao_, org::OrgType::kUnit, "6400101-01", "ศพด.บ้านนา")->id;
    other_sao_ = orgs_->Create(province_, org::OrgType::kSao, "6400102", "อบต.บ้านไร่")->id;
  }
  void TearDown() override { ledger_.reset(); }

  int64_t Head(int64_t org) { return ledger_->GetHead(org).value().seq; }

  Money Balance(int64_t org, const std::string& account) {
    auto all = ledger_->Totals(org, {}, {});
    KLANG_ASSERT(all.ok());
    for (const auto& totals : *all) {
      if (totals.account == account) return totals.debit - totals.credit;
    }
    return Money();
  }

  int64_t NewBook(int64_t org, const std::string& book_no, const Actor& holder, int64_t first = 1,
                  int64_t last = 50) {
    auto book = service_->RegisterBook({org, "", book_no, first, last, "2025-10-01"}, finance_);
    KLANG_ASSERT_MSG(book.ok(), book.status().ToString().c_str());
    auto issued = service_->IssueBook(org, book->id, holder, "2025-10-01", "", finance_);
    KLANG_ASSERT_MSG(issued.ok(), issued.status().ToString().c_str());
    return book->id;
  }

  // A parcel of `taxpayer` and the land and building tax of 2569 on it, as the assessment form
  // sends them (5 Oct 2568, due 30 Apr 2569).
  int64_t NewParcel(int64_t taxpayer, const std::string& description) {
    PropertyInput land;
    land.org = sao_;
    land.taxpayer = taxpayer;
    land.kind = "land_building";
    land.description = description;
    land.location = "หมู่ 3 ต.บ้านนา";
    land.land_use = "residential";
    auto parcel = service_->AddProperty(land, finance_);
    KLANG_ASSERT_MSG(parcel.ok(), parcel.status().ToString().c_str());
    return parcel->id;
  }
  AssessmentInput LandTax(int64_t taxpayer, int64_t parcel, const std::string& amount, const std::string& basis) {
    AssessmentInput input;
    input.org = sao_;
    input.taxpayer = taxpayer;
    input.tax = "land_building";
    input.tax_year = 2569;
    input.properties = {parcel};
    input.date = "2025-10-05";
    input.due_date = "2026-04-30";
    input.amount = amount;
    input.basis = basis;
    return input;
  }

  ReceiptInput Receipt(int64_t org, int64_t book, int64_t number,
                       std::vector<ReceiptLineInput> lines, std::string means = "cash",
                       std::string reference = "") {
    ReceiptInput input;
    input.org = org;
    input.book = book;
    input.number = number;
    input.date = "2025-10-05";
    input.payer = {"person", "นายมานะ ใจดี", "1409900123456", "12 หมู่ 3 ต.บ้านนา"};
    input.lines = std::move(lines);
    input.means = std::move(means);
    input.means_reference = std::move(reference);
    return input;
  }

  ManualClock clock_{1759651200000};  // 2025-10-05T08:00:00Z = 5 Oct 2568 15:00 Bangkok
  SystemRandom random_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<accounting::ChartOfAccounts> chart_;
  std::unique_ptr<RevenueCatalog> catalog_;
  std::unique_ptr<SignboardRateTable> rates_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<RevenueService> service_;
  int64_t province_ = 0, sao_ = 0, unit_ = 0, other_sao_ = 0;
  const Actor collector_a_{11, "นางสาวสมใจ เก็บเงิน"};
  const Actor collector_b_{12, "นายสมศักดิ์ รับเงิน"};
  const Actor finance_{21, "นางการเงิน ดูแลคลัง"};
  const Actor unit_collector_{31, "นางครู ศพด."};
};

TEST_P(RevenueTest, ReceiptNumbersAreUsedStrictlyInOrder) {
  const int64_t book = NewBook(sao_, "001", collector_a_, 1, 50);
  auto first = service_->IssueReceipt(Receipt(sao_, book, 1, {{"412001", "ค่าขยะ ต.ค.", "100.00"}}),
                                      collector_a_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->total, Baht("100.00"));
  EXPECT_EQ(first->book_no, "001");
  EXPECT_EQ(first->lines[0].account, "4102010");

  const int64_t head = Head(sao_);
  struct Bad {
    ReceiptInput input;
    Actor actor;
    std::string code;
  };
  std::vector<Bad> bad = {
      {Receipt(sao_, book, 3, {{"412001", "", "100"}}), collector_a_, "revenue.number_skipped"},
      {Receipt(sao_, book, 1, {{"412001", "", "100"}}), collector_a_, "revenue.number_used"},
      {Receipt(sao_, book, 51, {{"412001", "", "100"}}), collector_a_,
       "revenue.number_out_of_range"},
      {Receipt(sao_, book, 2, {{"412001", "", "100"}}), collector_b_, "revenue.book_not_held"},
      {Receipt(sao_, book, 2, {{"412001", "", "0"}}), collector_a_,
       "revenue.amount_not_positive"},
      {Receipt(sao_, book, 2, {{"412001", "", "-5"}}), collector_a_,
       "revenue.amount_not_positive"},
      {Receipt(sao_, book, 2, {{"999999", "", "100"}}), collector_a_, "revenue.unknown_item"},
      {Receipt(sao_, book, 2, {{"421001", "", "100"}}), collector_a_,
       "revenue.item_not_at_counter"},
      {Receipt(sao_, book, 2, {}), collector_a_, "revenue.no_lines"},
      {Receipt(sao_, book, 2, {{"412001", "", "100"}}, "cheque"), collector_a_,
       "revenue.means_reference"},
  };
  // Another organisation's book. Ids are per organisation, so a request made in this
  // organisation can only name its own entries (the routes refuse another organisation's
  // users): the other LAO's second book is entry 3 there, which here is a receipt, not a book.
  NewBook(other_sao_, "001", collector_a_);
  const int64_t foreign_book = NewBook(other_sao_, "002", collector_a_);
  ASSERT_EQ(foreign_book, first->id);
  bad.push_back({Receipt(sao_, foreign_book, 1, {{"412001", "", "100"}}), collector_a_,
                 "revenue.book_not_found"});
  for (const auto& [input, actor, code] : bad) {
    auto result = service_->IssueReceipt(input, actor);
    ASSERT_FALSE(result.ok()) << code;
    EXPECT_EQ(result.status().stable_code(), code) << result.status().ToString();
    EXPECT_FALSE(result.status().message_th().empty());
    EXPECT_EQ(Head(sao_), head) << "nothing written for " << code;
  }
  // A number that money.negative rejects is not the only guard: the stored book is unchanged.
  EXPECT_EQ(service_->GetBook(sao_, book)->next_no, 2);

  // A spoiled form keeps its number; the book moves on.
  auto spoiled = service_->SpoilNumber(sao_, book, 2, "เขียนผิด", "", collector_a_);
  ASSERT_TRUE(spoiled.ok()) << spoiled.status().ToString();
  EXPECT_EQ(spoiled->status, "spoiled");
  auto third = service_->IssueReceipt(Receipt(sao_, book, 3, {{"412001", "", "40"}}), collector_a_);
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  const Book after = service_->GetBook(sao_, book).value();
  EXPECT_EQ(after.next_no, 4);
  EXPECT_EQ(after.used, 2);
  EXPECT_EQ(after.cancelled, 1);
  EXPECT_EQ(after.total, Baht("140.00"));
  // The control register tells the book's story.
  auto events = service_->BookEvents(sao_, book).value();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].what_th, "จ่ายเล่มให้ " + collector_a_.name);
  // Receipts do not post to the general ledger; custody changes only.
  EXPECT_TRUE(Balance(sao_, "1101010").is_zero());
}

TEST_P(RevenueTest, TwoClerksRacingForOneNumberCannotBothWin) {
  const int64_t book = NewBook(sao_, "001", collector_a_);
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  for (int index = 0; index < 6; ++index) {
    threads.emplace_back([&] {
      auto result = service_->IssueReceipt(Receipt(sao_, book, 1, {{"412001", "", "10"}}),
                                           collector_a_);
      if (result.ok()) ++won;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(service_->GetBook(sao_, book)->next_no, 2);
}

TEST_P(RevenueTest, DayCycleReconcilesWithTheLedger) {
  auto bank = service_->OpenBankAccount(
      {sao_, "", "เงินฝากธนาคารกรุงไทย (บัญชีรายได้)", "ธนาคารกรุงไทย", "สาขาขอนแก่น", "savings",
       "123-4-56789-0", "2025-10-01"},
      finance_);
  ASSERT_TRUE(bank.ok()) << bank.status().ToString();
  const int64_t book_a = NewBook(sao_, "001", collector_a_);
  const int64_t book_b = NewBook(sao_, "002", collector_b_);

  auto a1 = service_->IssueReceipt(Receipt(sao_, book_a, 1, {{"412001", "", "100.00"}}), collector_a_);
  auto a2 = service_->IssueReceipt(
      Receipt(sao_, book_a, 2, {{"414001", "ค่าน้ำ ก.ย.", "250.50"}}, "cheque", "กรุงไทย 123456"),
      collector_a_);
  auto a3 = service_->IssueReceipt(Receipt(sao_, book_a, 3, {{"901001", "หลักประกันสัญญาจ้าง", "5,000"}}),
                                   collector_a_);
  auto a4 = service_->IssueReceipt(Receipt(sao_, book_a, 4, {{"412002", "", "1,500"}}), collector_a_);
  auto b1 = service_->IssueReceipt(
      Receipt(sao_, book_b, 1, {{"413001", "ค่าเช่าตลาด", "2,000"}}, "transfer", "TRF-0001"),
      collector_b_);
  for (const auto* r : {&a1, &a2, &a3, &a4, &b1}) ASSERT_TRUE(r->ok()) << r->status().ToString();
  auto cancelled = service_->CancelReceipt(sao_, a4->id, "ผู้ชำระขอยกเลิก", "", collector_a_);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().ToString();
  EXPECT_EQ(cancelled->status, "cancelled");
  EXPECT_EQ(cancelled->number, 4);  // keeps its number

  // Bad remittances: a cancelled receipt, another collector's receipt — nothing written.
  const int64_t head = Head(sao_);
  auto with_cancelled = service_->Remit({sao_, "", "2025-10-05", {a1->id, a4->id}}, collector_a_);
  EXPECT_EQ(with_cancelled.status().stable_code(), "revenue.receipt_cancelled");
  auto not_own = service_->Remit({sao_, "", "2025-10-05", {a1->id, b1->id}}, collector_a_);
  EXPECT_EQ(not_own.status().stable_code(), "revenue.not_own_receipt");
  EXPECT_EQ(Head(sao_), head);

  // Before remitting, the day's report flags the receipts still in the collectors' hands:
  // 100.00 + 250.50 + 5,000.00 + 2,000.00 = 7,350.50 in 4 receipts.
  auto early = service_->DailyStatusOn(sao_, Date::ParseIso("2025-10-05").value()).value();
  EXPECT_EQ(early.receipts_not_remitted, 4);
  EXPECT_EQ(early.receipts_not_remitted_amount, Baht("7,350.50"));

  auto ra = service_->Remit({sao_, "", "2025-10-05", {a1->id, a2->id, a3->id}, 0, "นางการเงิน ดูแลคลัง"},
                            collector_a_);
  ASSERT_TRUE(ra.ok()) << ra.status().ToString();
  EXPECT_EQ(ra->number_text, "นส. 1/2569");
  EXPECT_EQ(ra->total, Baht("5,350.50"));
  EXPECT_EQ(ra->cash, Baht("5,100.00"));
  EXPECT_EQ(ra->cheque, Baht("250.50"));
  EXPECT_TRUE(ra->other.is_zero());
  ASSERT_EQ(ra->ranges.size(), 1u);
  EXPECT_EQ(ra->ranges[0], "เล่มที่ 001 เลขที่ 1–3");
  auto again = service_->Remit({sao_, "", "2025-10-05", {a1->id}}, collector_a_);
  EXPECT_EQ(again.status().stable_code(), "revenue.receipt_remitted");
  auto rb = service_->Remit({sao_, "", "2025-10-05", {b1->id}}, collector_b_);
  ASSERT_TRUE(rb.ok()) << rb.status().ToString();
  EXPECT_EQ(rb->other, Baht("2,000.00"));

  auto pending = service_->PendingRemittances(sao_).value();
  ASSERT_EQ(pending.size(), 2u);
  auto summary = service_->Summarise(
      {sao_, "", "2025-10-05", {{sao_, ra->id}, {sao_, rb->id}}, "", bank->id}, finance_);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->summary_number, "สน. 1/2569");
  EXPECT_EQ(summary->voucher_number, "ร. 1/2569");
  EXPECT_EQ(summary->total, Baht("7,350.50"));
  // Receipt voucher: Dr cash 5,350.50 (cash + cheque), Dr bank 2,000.00 (transfer);
  // Cr refuse fee 100.00, water 250.50, rent 2,000.00, contract guarantee held 5,000.00.
  std::map<std::string, std::pair<Money, Money>> lines;
  for (const auto& line : summary->lines) lines[line.account] = {line.debit, line.credit};
  EXPECT_EQ(lines["1101010"].first, Baht("5,350.50"));
  EXPECT_EQ(lines["1102010"].first, Baht("2,000.00"));
  EXPECT_EQ(lines["4102010"].second, Baht("100.00"));
  EXPECT_EQ(lines["4104010"].second, Baht("250.50"));
  EXPECT_EQ(lines["4103010"].second, Baht("2,000.00"));
  EXPECT_EQ(lines["2103020"].second, Baht("5,000.00"));
  EXPECT_EQ(lines.size(), 6u);
  auto twice = service_->Summarise({sao_, "", "2025-10-05", {{sao_, ra->id}}}, finance_);
  EXPECT_EQ(twice.status().stable_code(), "revenue.remittance_summarised");
  EXPECT_EQ(service_->GetRemittance(sao_, ra->id)->summary_number, "สน. 1/2569");

  // Deposit 5,000.00 of the 5,350.50 in hand; 10,000.00 is more than the cash in hand.
  auto deposit = service_->Deposit({sao_, "", "2025-10-05", bank->id, "5,000.00", "KTB-77"},
                                   finance_);
  ASSERT_TRUE(deposit.ok()) << deposit.status().ToString();
  EXPECT_EQ(deposit->number_text, "นฝ. 1/2569");
  auto too_much = service_->Deposit({sao_, "", "2025-10-05", bank->id, "10,000", ""}, finance_);
  EXPECT_EQ(too_much.status().stable_code(), "revenue.deposit_exceeds_cash");
  // The VAT share arrives in the bank: Dr bank / Cr shared tax, with its receipt voucher.
  auto vat = service_->ReceiveInBank({sao_, "", "2025-10-05", bank->id, "421001", "150,000.00",
                                      "ภาษีมูลค่าเพิ่มจัดสรร ต.ค. 2568", "GFMIS-1"},
                                     finance_);
  ASSERT_TRUE(vat.ok()) << vat.status().ToString();
  EXPECT_EQ(vat->number_text, "ร. 2/2569");
  auto counter_only = service_->ReceiveInBank(
      {sao_, "", "2025-10-05", bank->id, "412001", "1", "x", ""}, finance_);
  EXPECT_EQ(counter_only.status().stable_code(), "revenue.item_not_direct_bank");

  // General ledger: cash 5,350.50 − 5,000.00 = 350.50; bank 2,000 + 5,000 + 150,000 = 157,000.
  EXPECT_EQ(Balance(sao_, "1101010"), Baht("350.50"));
  EXPECT_EQ(Balance(sao_, "1102010"), Baht("157,000.00"));
  EXPECT_EQ(Balance(sao_, "2103020"), -Baht("5,000.00"));
  EXPECT_EQ(Balance(sao_, "4201010"), -Baht("150,000.00"));

  // Daily financial status of 5 Oct 2568.
  const Date day = Date::ParseIso("2025-10-05").value();
  DailyStatus status = service_->DailyStatusOn(sao_, day).value();
  EXPECT_TRUE(status.cash_brought_forward.is_zero());
  EXPECT_EQ(status.cash_received, Baht("5,350.50"));
  EXPECT_EQ(status.cash_deposited, Baht("5,000.00"));
  EXPECT_TRUE(status.cash_other_out.is_zero());
  EXPECT_EQ(status.cash_carried_forward, Baht("350.50"));
  EXPECT_TRUE(status.bank_brought_forward.is_zero());
  EXPECT_EQ(status.bank_deposits, Baht("157,000.00"));
  EXPECT_TRUE(status.bank_payments.is_zero());
  EXPECT_EQ(status.bank_carried_forward, Baht("157,000.00"));
  ASSERT_EQ(status.banks.size(), 1u);
  EXPECT_EQ(status.banks[0].carried_forward, Baht("157,000.00"));
  EXPECT_TRUE(status.bank_unattributed.is_zero());
  EXPECT_EQ(status.receipts_not_remitted, 0);
  // The next day brings everything forward.
  DailyStatus next = service_->DailyStatusOn(sao_, day.AddDays(1)).value();
  EXPECT_EQ(next.cash_brought_forward, Baht("350.50"));
  EXPECT_EQ(next.bank_brought_forward, Baht("157,000.00"));
  EXPECT_TRUE(next.cash_received.is_zero());

  // Revenue register: estimate for refuse fees 10,000.00; collected 100.00 → 9,900.00 short.
  ASSERT_TRUE(service_->SetEstimate({sao_, "", 2569, {{"412001", "10,000", "ตามสถิติปีก่อน"},
                                                       {"421001", "1,500,000", ""}}},
                                    finance_)
                  .ok());
  RevenueRegister reg = service_->RevenueRegisterOn(sao_, day).value();
  std::map<std::string, RevenueRegisterRow> by_item;
  for (const auto& row : reg.rows) by_item[row.item] = row;
  EXPECT_EQ(by_item["412001"].on_day, Baht("100.00"));
  EXPECT_EQ(by_item["412001"].estimate, Baht("10,000.00"));
  EXPECT_EQ(by_item["412001"].difference, -Baht("9,900.00"));
  EXPECT_EQ(by_item["414001"].to_date, Baht("250.50"));
  EXPECT_EQ(by_item["413001"].to_date, Baht("2,000.00"));
  EXPECT_EQ(by_item["421001"].to_date, Baht("150,000.00"));
  EXPECT_EQ(by_item.count("901001"), 0u);  // money held for others is not revenue
  EXPECT_EQ(reg.to_date, Baht("152,350.50"));
  EXPECT_EQ(reg.estimate, Baht("1,510,000.00"));
  RevenueRegister tomorrow = service_->RevenueRegisterOn(sao_, day.AddDays(1)).value();
  EXPECT_TRUE(tomorrow.on_day.is_zero());
  EXPECT_EQ(tomorrow.before, Baht("152,350.50"));

  // The contract-guarantee register.
  DepositRegister guarantees =
      service_->DepositRegisterOf(sao_, "2103020", Date::ParseIso("2025-10-01").value(), day)
          .value();
  ASSERT_EQ(guarantees.rows.size(), 1u);
  EXPECT_EQ(guarantees.received, Baht("5,000.00"));
  EXPECT_EQ(guarantees.closing, Baht("5,000.00"));
  EXPECT_EQ(guarantees.rows[0].document, "สน. 1/2569 / ร. 1/2569");

  // Verify recomputes everything; a rebuild reproduces it.
  auto verified = ledger_->Verify(sao_);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->orgs[0].problem;
  ASSERT_TRUE(ledger_->Rebuild(sao_).ok());
  EXPECT_EQ(service_->DailyStatusOn(sao_, day)->bank_carried_forward, Baht("157,000.00"));
  EXPECT_EQ(service_->RevenueRegisterOn(sao_, day)->to_date, Baht("152,350.50"));
  EXPECT_EQ(service_->GetReceipt(sao_, a1->id)->remittance, ra->id);
  EXPECT_EQ(service_->GetReceipt(sao_, a4->id)->status, "cancelled");
  EXPECT_TRUE(ledger_->Verify(sao_)->ok());
}

TEST_P(RevenueTest, VerifyNamesTamperedRevenueRows) {
  const int64_t book = NewBook(sao_, "001", collector_a_);
  auto receipt = service_->IssueReceipt(Receipt(sao_, book, 1, {{"412001", "", "100"}}), collector_a_);
  ASSERT_TRUE(receipt.ok());
  ASSERT_TRUE(service_->Remit({sao_, "", "2025-10-05", {receipt->id}}, collector_a_).ok());
  ASSERT_TRUE(ledger_->Verify(sao_)->ok());
  {
    auto lease = db_->Acquire();
    ASSERT_TRUE((*lease)->Execute("UPDATE rev_receipts SET remittance_id = NULL").ok());
  }
  auto report = ledger_->Verify(sao_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok());
  EXPECT_NE(report->orgs[0].problem.find("receipt"), std::string::npos) << report->orgs[0].problem;
}

TEST_P(RevenueTest, AssessmentsArePaidInPartThroughReceipts) {
  auto taxpayer = service_->AddTaxpayer(
      {sao_, "", "person", "นายมานะ ใจดี", "1409900123456", "12 หมู่ 3 ต.บ้านนา", "0812345678"},
      finance_);
  ASSERT_TRUE(taxpayer.ok()) << taxpayer.status().ToString();
  auto duplicate = service_->AddTaxpayer(
      {sao_, "", "person", "อื่น", "1409900123456", "ที่อยู่", ""}, finance_);
  EXPECT_EQ(duplicate.status().stable_code(), "revenue.taxpayer_exists");
  const std::string parcel_description = "โฉนดเลขที่ 1234 พร้อมบ้านเลขที่ 12";
  const int64_t parcel = NewParcel(taxpayer->id, parcel_description);
  auto assessment =
      service_->Assess(LandTax(taxpayer->id, parcel, "1,200.00", "ราคาประเมิน 1,200,000 บาท × 0.1%"), finance_);
  ASSERT_TRUE(assessment.ok()) << assessment.status().ToString();
  // The assessment sets up the receivable: Dr 1104010 / Cr 4101010 1,200.00.
  EXPECT_EQ(Balance(sao_, "1104010"), Baht("1,200.00"));
  EXPECT_EQ(Balance(sao_, "4101010"), -Baht("1,200.00"));
  EXPECT_EQ(service_->GetTaxpayer(sao_, taxpayer->id)->outstanding, Baht("1,200.00"));

  const int64_t book = NewBook(sao_, "001", collector_a_);
  auto pay = [&](int64_t number, const char* amount) {
    ReceiptInput receipt = Receipt(sao_, book, number, {{"411001", "ภาษีปี 2569", amount,
                                                         assessment->id}});
    receipt.taxpayer = taxpayer->id;
    return service_->IssueReceipt(receipt, collector_a_);
  };
  auto first = pay(1, "500.00");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->lines[0].account, "1104010");  // clears the receivable, not revenue again
  ASSERT_EQ(first->properties.size(), 1u);        // the attachment lists the parcel
  EXPECT_EQ(first->properties[0].description, parcel_description);
  auto partly = service_->GetAssessment(sao_, assessment->id).value();
  EXPECT_EQ(partly.outstanding(), Baht("700.00"));
  EXPECT_EQ(partly.status_th, "ชำระบางส่วน");
  auto over = pay(2, "800.00");
  EXPECT_EQ(over.status().stable_code(), "revenue.overpaid");
  auto rest = pay(2, "700.00");
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_EQ(service_->GetAssessment(sao_, assessment->id)->status_th, "ชำระครบ");
  EXPECT_TRUE(service_->Assessments(sao_, 0, /*outstanding_only=*/true)->empty());
  // Cancelling the second receipt restores what it paid.
  ASSERT_TRUE(service_->CancelReceipt(sao_, rest->id, "รับเงินผิดราย", "", collector_a_).ok());
  EXPECT_EQ(service_->GetAssessment(sao_, assessment->id)->outstanding(), Baht("700.00"));
  EXPECT_EQ(service_->Assessments(sao_, 0, true)->size(), 1u);

  // The receipt voucher credits the receivable: 1104010 goes down to 700.00.
  auto remittance = service_->Remit({sao_, "", "2025-10-05", {first->id}}, collector_a_);
  ASSERT_TRUE(remittance.ok()) << remittance.status().ToString();
  auto summary = service_->Summarise({sao_, "", "2025-10-05", {{sao_, remittance->id}}}, finance_);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(Balance(sao_, "1104010"), Baht("700.00"));
  EXPECT_EQ(Balance(sao_, "1101010"), Baht("500.00"));
  // The receivables register as closing reconciles it: +1,200.00 assessed, −500.00 taken up by
  // the receipt voucher (the cancelled receipt is on neither side), on account 1104010.
  const Date day = Date::ParseIso("2025-10-05").value();
  auto movements = service_->ReceivableMovements(sao_, day, day);
  ASSERT_TRUE(movements.ok()) << movements.status().ToString();
  Money register_net;
  for (const auto& moved : *movements) {
    EXPECT_EQ(moved.account, "1104010");
    EXPECT_EQ(moved.day, day);
    register_net = register_net + moved.amount;
  }
  EXPECT_EQ(movements->size(), 2u);
  EXPECT_EQ(register_net, Balance(sao_, "1104010"));
  EXPECT_TRUE(service_->ReceivableMovements(sao_, day.AddDays(1), day.AddDays(30))->empty());
  // Revenue register counts the tax collected (500.00) on the day.
  auto reg = service_->RevenueRegisterOn(sao_, Date::ParseIso("2025-10-05").value()).value();
  for (const auto& row : reg.rows) {
    if (row.item == "411001") {
      EXPECT_EQ(row.on_day, Baht("500.00"));
    }
  }

  // The due date can be extended (the government extended 2567's by two months).
  AssessmentExtension extension{sao_, "", assessment->id, "2026-06-30", "ประกาศขยายเวลา"};
  ASSERT_TRUE(service_->ExtendAssessment(extension, finance_).ok());
  EXPECT_EQ(service_->GetAssessment(sao_, assessment->id)->due_date.ToIso(), "2026-06-30");
  EXPECT_TRUE(ledger_->Verify(sao_)->ok());
}

// The revenue and cash registers, as closing reconciles them with the general ledger: the
// receipt documents from what they say, the rest from the lines other documents posted.
TEST_P(RevenueTest, RevenueAndCashRegistersAnswerForTheirAccounts) {
  auto bank = service_->OpenBankAccount({sao_, "", "บัญชีรายได้", "ธนาคารกรุงไทย", "สาขาขอนแก่น", "savings",
                                         "123-4-56789-0", "2025-10-01"},
                                        finance_);
  ASSERT_TRUE(bank.ok()) << bank.status().ToString();
  auto taxpayer = service_->AddTaxpayer(
      {sao_, "", "person", "นายมานะ ใจดี", "1409900123456", "12 หมู่ 3 ต.บ้านนา", ""}, finance_);
  ASSERT_TRUE(taxpayer.ok()) << taxpayer.status().ToString();
  const int64_t parcel = NewParcel(taxpayer->id, "โฉนดเลขที่ 1234");
  auto assessment = service_->Assess(LandTax(taxpayer->id, parcel, "1,200.00", "ราคาประเมิน × 0.1%"), finance_);
  ASSERT_TRUE(assessment.ok()) << assessment.status().ToString();
  const int64_t book = NewBook(sao_, "001", collector_a_);
  ReceiptInput tax = Receipt(sao_, book, 1, {{"411001", "ภาษีปี 2569", "500.00", assessment->id}});
  tax.taxpayer = taxpayer->id;
  auto r1 = service_->IssueReceipt(tax, collector_a_);
  auto r2 = service_->IssueReceipt(Receipt(sao_, book, 2, {{"412001", "", "100.00"}}), collector_a_);
  auto r3 = service_->IssueReceipt(Receipt(sao_, book, 3, {{"413001", "", "2,000.00"}}, "transfer", "TRF-1"),
                                   collector_a_);
  for (const auto* r : {&r1, &r2, &r3}) ASSERT_TRUE(r->ok()) << r->status().ToString();
  auto remitted = service_->Remit({sao_, "", "2025-10-05", {r1->id, r2->id, r3->id}}, collector_a_);
  ASSERT_TRUE(remitted.ok()) << remitted.status().ToString();
  auto summary = service_->Summarise({sao_, "", "2025-10-05", {{sao_, remitted->id}}, "", bank->id}, finance_);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_TRUE(service_->Deposit({sao_, "", "2025-10-05", bank->id, "400.00", ""}, finance_).ok());
  ASSERT_TRUE(service_->ReceiveInBank({sao_, "", "2025-10-05", bank->id, "421001", "150,000.00", "VAT", ""},
                                      finance_)
                  .ok());
  // Another module's document: interest credited by a general voucher, an advance refunded in cash.
  ledger::EntryDraft other;
  other.org = sao_;
  other.entry_id = NewUuid(random_);
  other.kind = "gl.voucher";
  other.document_date = other.posting_date = Date::ParseIso("2025-10-05").value();
  other.fiscal_year = 2569;
  other.author = "user:21";
  other.lines = {{"1102010", Baht("12.34"), Money()}, {"4103020", Money(), Baht("12.34")},
                 {"1101010", Baht("50.00"), Money()}, {"1105010", Money(), Baht("50.00")}};
  ASSERT_TRUE(ledger_->Append(std::move(other)).ok());

  const Date day = Date::ParseIso("2025-10-05").value();
  auto net = [&](auto movements) {
    std::map<std::string, Money> by_account;
    EXPECT_TRUE(movements.ok()) << movements.status().ToString();
    for (const auto& moved : *movements) {
      EXPECT_EQ(moved.day, day);
      by_account[moved.account] = by_account[moved.account] + moved.amount;
    }
    return by_account;
  };
  // Revenue (debit − credit): land tax −1,200.00 assessed (the 500.00 collected cleared the
  // receivable, not revenue); refuse fee −100.00; rent −2,000.00; VAT −150,000.00; interest −12.34.
  const std::map<std::string, Money> revenue = net(service_->RevenueMovements(sao_, day, day));
  const std::map<std::string, Money> expected = {{"4101010", -Baht("1,200.00")}, {"4102010", -Baht("100.00")},
                                                 {"4103010", -Baht("2,000.00")}, {"4103020", -Baht("12.34")},
                                                 {"4201010", -Baht("150,000.00")}};
  EXPECT_EQ(revenue, expected);
  for (const auto& [account, amount] : expected) EXPECT_EQ(Balance(sao_, account), amount) << account;
  // Cash: 600.00 counted in (tax 500.00 + fee 100.00; the rent came by transfer), 400.00
  // deposited, 50.00 refunded: 250.00, the cash account's balance.
  const std::map<std::string, Money> cash = net(service_->CashMovements(sao_, day, day));
  ASSERT_EQ(cash.size(), 1u);
  EXPECT_EQ(cash.at("1101010"), Baht("250.00"));
  EXPECT_EQ(Balance(sao_, "1101010"), Baht("250.00"));
  EXPECT_TRUE(service_->CashMovements(sao_, day.AddDays(1), day.AddDays(30))->empty());
  ASSERT_TRUE(ledger_->Verify(sao_)->ok());

  // One satang changed behind the services: the register is off the ledger by it, and verify
  // names the register's row.
  {
    auto lease = db_->Acquire();
    ASSERT_TRUE((*lease)->Execute("UPDATE rev_cash_daily SET deposited = deposited + 1").ok());
  }
  EXPECT_EQ(net(service_->CashMovements(sao_, day, day)).at("1101010"), Baht("249.99"));
  auto report = ledger_->Verify(sao_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok());
  EXPECT_NE(report->orgs[0].problem.find("cash counted in or deposited"), std::string::npos)
      << report->orgs[0].problem;
  {
    auto lease = db_->Acquire();
    ASSERT_TRUE((*lease)->Execute("UPDATE rev_cash_daily SET deposited = deposited - 1").ok());
    ASSERT_TRUE((*lease)->Execute("UPDATE rev_register_lines SET credit = credit + 1 WHERE account = '4103020'").ok());
  }
  EXPECT_EQ(net(service_->RevenueMovements(sao_, day, day)).at("4103020"), -Baht("12.35"));
  report = ledger_->Verify(sao_);
  ASSERT_TRUE(report.ok());
  EXPECT_NE(report->orgs[0].problem.find("register line"), std::string::npos) << report->orgs[0].problem;
}

// A service shows the document it has just written from the entry it appended, without reading it
// back; the read path composes the same document from the log and the projections. Both must
// agree field for field, and a retry of the same entry id returns the document as it stands now.
TEST_P(RevenueTest, WhatAServiceWroteIsWhatItReadsBack) {
  const int64_t book = NewBook(sao_, "001", collector_a_);
  auto same_receipt = [&](const revenue::Receipt& written) {
    auto read = service_->GetReceipt(sao_, written.id);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(written.number, read->number);
    EXPECT_EQ(written.book_no, read->book_no);
    EXPECT_EQ(written.status, read->status);
    EXPECT_EQ(written.status_th, read->status_th);
    EXPECT_EQ(written.total, read->total);
    EXPECT_EQ(written.lines.size(), read->lines.size());
    EXPECT_EQ(written.means_th, read->means_th);
    EXPECT_EQ(written.remittance, read->remittance);
    EXPECT_EQ(written.properties.size(), read->properties.size());
    EXPECT_EQ(written.hash, read->hash);
  };
  ReceiptInput input = Receipt(sao_, book, 1, {{"412001", "ค่าขยะ", "100.00"}});
  input.entry_id = "018f2b6e-0000-7000-8000-000000000001";
  auto issued = service_->IssueReceipt(input, collector_a_);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  EXPECT_EQ(issued->status, revenue::kReceiptValid);
  same_receipt(*issued);
  auto spoiled = service_->SpoilNumber(sao_, book, 2, "เขียนผิด", "", collector_a_);
  ASSERT_TRUE(spoiled.ok()) << spoiled.status().ToString();
  EXPECT_EQ(spoiled->status, revenue::kReceiptSpoiled);
  same_receipt(*spoiled);
  auto remittance = service_->Remit({sao_, "", "2025-10-05", {issued->id}}, collector_a_);
  ASSERT_TRUE(remittance.ok()) << remittance.status().ToString();
  auto read = service_->GetRemittance(sao_, remittance->id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(remittance->number_text, read->number_text);
  EXPECT_EQ(remittance->total, read->total);
  EXPECT_EQ(remittance->ranges, read->ranges);
  EXPECT_EQ(remittance->summary, read->summary);
  // The retry of the first receipt, after it was remitted, shows it remitted: the earlier entry
  // is read back with its projection, not shown as written.
  auto retried = service_->IssueReceipt(input, collector_a_);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->id, issued->id);
  EXPECT_EQ(retried->remittance, remittance->id);
}

TEST_P(RevenueTest, SignboardAssessmentIsComputedFromTheRateTable) {
  auto taxpayer = service_->AddTaxpayer(
      {sao_, "", "juristic", "บริษัท ป้ายดี จำกัด", "0405560001234", "99 ถ.มิตรภาพ", ""}, finance_);
  ASSERT_TRUE(taxpayer.ok()) << taxpayer.status().ToString();
  auto sign = [&](int width, int height, int sign_class, const char* text) {
    PropertyInput input;
    input.org = sao_;
    input.taxpayer = taxpayer->id;
    input.kind = "signboard";
    input.description = text;
    input.location = "หน้าร้าน ถ.มิตรภาพ";
    input.width_cm = width;
    input.height_cm = height;
    input.sign_class = sign_class;
    auto property = service_->AddProperty(input, finance_);
    KLANG_ASSERT_MSG(property.ok(), property.status().ToString().c_str());
    return property->id;
  };
  // Sign 1: 120 × 80 = 9,600 cm² = 19 units (remainder 100 dropped) × 5.00 (2565 rate, Thai
  // only) = 95.00, below the minimum → 200.00.
  // Sign 2: 300 × 200 = 60,000 cm² = 120 units × 26.00 (Thai with foreign) = 3,120.00.
  const int64_t small = sign(120, 80, 1, "ร้านป้ายดี");
  const int64_t large = sign(300, 200, 2, "PAIDEE ป้ายดี");
  AssessmentInput input;
  input.org = sao_;
  input.taxpayer = taxpayer->id;
  input.tax = "signboard";
  input.tax_year = 2569;
  input.properties = {small, large};
  input.date = "2025-10-05";
  input.due_date = "2025-10-20";
  auto assessment = service_->Assess(input, finance_);
  ASSERT_TRUE(assessment.ok()) << assessment.status().ToString();
  EXPECT_EQ(assessment->amount, Baht("3,320.00"));
  EXPECT_EQ(Balance(sao_, "1104020"), Baht("3,320.00"));
  // Filed late: 10 % on each sign's tax: 200.00 + 20.00 + 3,120.00 + 312.00 = 3,652.00.
  input.late_filing = true;
  auto late = service_->PreviewSignboard(sao_, 2569, {small, large}, true).value();
  EXPECT_EQ(late[0].late_filing_surcharge + late[1].late_filing_surcharge, Baht("332.00"));
  // Paid on 21 Dec 2568: due 20 Oct → 20 Nov → 20 Dec, the 21st starts a third month:
  // 3,320.00 × 2 % × 3 = 199.20.
  AmountDue due = service_->DueOn(sao_, assessment->id, Date::ParseIso("2025-12-21").value()).value();
  EXPECT_EQ(due.months_late, 3);
  EXPECT_EQ(due.surcharge, Baht("199.20"));
  EXPECT_EQ(due.total, Baht("3,519.20"));
  AmountDue on_time = service_->DueOn(sao_, assessment->id, Date::ParseIso("2025-10-20").value()).value();
  EXPECT_TRUE(on_time.surcharge.is_zero());
  // A sign of the wrong size is refused before anything is written.
  PropertyInput bad;
  bad.org = sao_;
  bad.taxpayer = taxpayer->id;
  bad.kind = "signboard";
  bad.description = "x";
  bad.location = "y";
  bad.width_cm = 0;
  bad.height_cm = 10;
  bad.sign_class = 1;
  EXPECT_EQ(service_->AddProperty(bad, finance_).status().stable_code(), "signboard.width");
}

TEST_P(RevenueTest, UnitRemitsToItsLaoAndBothLedgersAgree) {
  const int64_t book = NewBook(unit_, "ศพด.01", unit_collector_);
  auto receipt = service_->IssueReceipt(
      Receipt(unit_, book, 1, {{"412999", "ค่าอาหารกลางวันส่วนเกิน", "300.00"}}), unit_collector_);
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  // An LAO cannot send its money to its unit.
  auto wrong_way = service_->Remit({sao_, "", "2025-10-05", {}, unit_}, collector_a_);
  EXPECT_EQ(wrong_way.status().stable_code(), "revenue.remit_to");
  auto remittance = service_->Remit({unit_, "", "2025-10-05", {receipt->id}, sao_, "กองคลัง อบต."},
                                    unit_collector_);
  ASSERT_TRUE(remittance.ok()) << remittance.status().ToString();
  // The unit cannot summarise what it sent to its LAO; the LAO sees it as pending.
  auto own = service_->Summarise({unit_, "", "2025-10-05", {{unit_, remittance->id}}}, finance_);
  EXPECT_EQ(own.status().stable_code(), "revenue.remittance_not_found");
  auto pending = service_->PendingRemittances(sao_).value();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].org, unit_);
  auto summary = service_->Summarise({sao_, "", "2025-10-05", {{unit_, remittance->id}}}, finance_);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  // The LAO's ledger holds the money; the unit's has no postings; the links agree both ways.
  EXPECT_EQ(Balance(sao_, "1101010"), Baht("300.00"));
  EXPECT_EQ(Balance(sao_, "4102990"), -Baht("300.00"));
  EXPECT_TRUE(Balance(unit_, "1101010").is_zero());
  EXPECT_EQ(service_->GetRemittance(unit_, remittance->id)->summary_org, sao_);
  EXPECT_EQ(service_->GetReceipt(unit_, receipt->id)->remittance, remittance->id);
  // The revenue and cash registers follow the money: the LAO's summary is the LAO's revenue and
  // cash; the unit's register is as empty as its ledger.
  const Date day = Date::ParseIso("2025-10-05").value();
  auto lao_revenue = service_->RevenueMovements(sao_, day, day);
  ASSERT_TRUE(lao_revenue.ok()) << lao_revenue.status().ToString();
  ASSERT_EQ(lao_revenue->size(), 1u);
  EXPECT_EQ(lao_revenue->front().account, "4102990");
  EXPECT_EQ(lao_revenue->front().amount, -Baht("300.00"));
  EXPECT_EQ(service_->CashMovements(sao_, day, day)->front().amount, Baht("300.00"));
  EXPECT_TRUE(service_->RevenueMovements(unit_, day, day)->empty());
  EXPECT_TRUE(service_->CashMovements(unit_, day, day)->empty());
  ASSERT_TRUE(ledger_->Rebuild(std::nullopt).ok());
  EXPECT_TRUE(ledger_->Verify(std::nullopt)->ok());
  EXPECT_EQ(service_->GetRemittance(unit_, remittance->id)->summary, summary->id);
}

INSTANTIATE_TEST_SUITE_P(Stores, RevenueTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return store::DialectName(info.param); });

}  // namespace
}  // namespace klang::revenue
