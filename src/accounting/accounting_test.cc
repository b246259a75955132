// General journal vouchers on both stores: posting with hand-computed balances, opening
// balances, reversal (once only), and every kind of bad input refused with nothing written.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "accounting/document_kit.h"
#include "accounting/voucher.h"
#include "tests/support/test_db.h"

namespace klang::accounting {
namespace {

std::string ReadChart() {
  std::ifstream in(testing::SourceDir() + "/data/chart_of_accounts.csv");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class VoucherTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto db = testing::OpenFreshDb(GetParam());
    if (!db.ok() && db.status().stable_code() == "test.no_postgres") GTEST_SKIP();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    std::vector<store::Migration> migrations = ledger::Ledger::Migrations();
    for (auto& m : org::OrgDirectory::Migrations()) migrations.push_back(m);
    for (auto& m : ChartOfAccounts::Migrations()) migrations.push_back(m);
    for (auto& m : VoucherService::Migrations()) migrations.push_back(m);
    ASSERT_TRUE(store::ApplyMigrations(*db_, migrations).ok());
    orgs_ = std::make_unique<org::OrgDirectory>(*db_);
    chart_ = std::make_unique<ChartOfAccounts>(*db_);
    ASSERT_TRUE(chart_->ImportCsv(ReadChart()).ok());
    ledger_ = std::make_unique<ledger::Ledger>(*db_, clock_);
    service_ = std::make_unique<VoucherService>(*ledger_, *orgs_, *chart_, clock_, random_);
    ledger_->AddProjection(service_->projection());
    ledger_->Start();
    const auto dla = orgs_->Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
    const auto province = orgs_->Create(dla->id, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
    province_ = province->id;
    sao_ = orgs_->Create(province->id, org::OrgType::kSao, "6400101", "อบต.บ้านนา")->id;
  }
  void TearDown() override { ledger_.reset(); }

  VoucherInput Input(std::vector<VoucherLineInput> lines, std::string date = "2025-10-03") {
    return VoucherInput{sao_, "", "general", date, std::nullopt, "รับเงินค่าธรรมเนียม",
                        std::move(lines)};
  }
  Money Balance(const std::string& account) {
    auto all = ledger_->Totals(sao_, {}, {});
    KLANG_ASSERT(all.ok());
    for (const auto& totals : *all) {
      if (totals.account == account) return totals.debit - totals.credit;
    }
    return Money();
  }

  ManualClock clock_{1759651200000};  // 2025-10-05T08:00:00Z = 5 Oct 2568 15:00 Bangkok
  SystemRandom random_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<ChartOfAccounts> chart_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<VoucherService> service_;
  int64_t province_ = 0;
  int64_t sao_ = 0;
};

TEST_P(VoucherTest, PostsNumbersAndBalances) {
  // Opening: cash 5,000.00 and bank 120,000.00 against accumulated funds 125,000.00.
  VoucherInput opening = Input({{"1101010", "5,000.00", ""},
                                {"1102010", "120,000", ""},
                                {"3101010", "", "125,000.00"}},
                               "2025-10-01");
  opening.type = "opening";
  auto first = service_->Post(opening, "user:1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->number_text, "บท. 1/2569");
  EXPECT_EQ(first->type_th, "ยอดยกมา");
  // Refuse fee 350.50 in cash; blank form lines are ignored.
  auto second = service_->Post(
      Input({{"1101010", "350.50", ""}, {"", "", ""}, {"4102010", "", "350.50"}}), "user:1");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->number, 2);
  EXPECT_EQ(second->total, Money::FromSatang(35050));
  EXPECT_EQ(second->lines[1].account_name, "ค่าธรรมเนียมเก็บและขนขยะมูลฝอย");
  EXPECT_EQ(Balance("1101010"), Money::FromSatang(535050));  // 5,000.00 + 350.50
  EXPECT_EQ(Balance("4102010"), Money::FromSatang(-35050));  // a credit balance
  EXPECT_EQ(Balance("3101010"), Money::FromBaht(-125000));
}

TEST_P(VoucherTest, ReversalSwapsSidesOnceOnly) {
  auto posted = service_->Post(Input({{"5103030", "1,200", ""}, {"1101010", "", "1,200"}}),
                               "user:1");
  ASSERT_TRUE(posted.ok());
  auto reversal = service_->Reverse(sao_, posted->seq, "2025-10-04", "ลงบัญชีผิด", "", "user:2");
  ASSERT_TRUE(reversal.ok()) << reversal.status().ToString();
  EXPECT_EQ(reversal->kind, "gl.reversal");
  EXPECT_EQ(reversal->reverses_seq, posted->seq);
  EXPECT_EQ(reversal->lines[0].credit, Money::FromBaht(1200));
  EXPECT_EQ(Balance("5103030"), Money());
  EXPECT_EQ(Balance("1101010"), Money());
  EXPECT_EQ(service_->Get(sao_, posted->seq)->reversed_by_seq, reversal->seq);
  auto again = service_->Reverse(sao_, posted->seq, "2025-10-04", "ซ้ำ", "", "user:2");
  EXPECT_EQ(again.status().stable_code(), "gl.already_reversed");
  auto of_reversal = service_->Reverse(sao_, reversal->seq, "2025-10-04", "x", "", "user:2");
  EXPECT_EQ(of_reversal.status().stable_code(), "gl.reverse_reversal");
  EXPECT_TRUE(ledger_->Verify(sao_)->ok());
}

// The store itself refuses a second reversal of one voucher (the service's check aside: two
// servers may both pass it), and only reversals are in that index: a voucher that reverses
// nothing writes no page of it.
TEST_P(VoucherTest, TheStoreHoldsOneReversalPerVoucherAndIndexesOnlyReversals) {
  auto first = service_->Post(Input({{"5103030", "100", ""}, {"1101010", "", "100"}}), "user:1");
  auto second = service_->Post(Input({{"5103030", "200", ""}, {"1101010", "", "200"}}), "user:1");
  ASSERT_TRUE(first.ok() && second.ok());
  auto reversal = service_->Reverse(sao_, first->seq, "2025-10-04", "ลงบัญชีผิด", "", "user:2");
  ASSERT_TRUE(reversal.ok()) << reversal.status().ToString();
  auto lease = db_->Acquire();
  ASSERT_TRUE(lease.ok());
  const std::string insert =
      "INSERT INTO gl_vouchers (org_id, seq, kind, number, fiscal_year, document_date, description, "
      "amount, reverses_seq) VALUES ($1, $2, 'gl.reversal', 99, 2569, '2025-10-04', 'x', 1, $3)";
  auto twice = (*lease)->Execute(insert, {sao_, int64_t{1000}, first->seq});
  EXPECT_EQ(twice.status().stable_code(), "store.unique_violation");
  // Rows that reverse nothing never conflict with each other (NULL in a unique index).
  EXPECT_TRUE((*lease)->Execute(insert, {sao_, int64_t{1001}, store::Value(store::Null{})}).ok());
  const std::string definition =
      GetParam() == store::Dialect::kSqlite
          ? "SELECT sql FROM sqlite_schema WHERE name = 'gl_vouchers_one_reversal'"
          : "SELECT indexdef FROM pg_indexes WHERE indexname = 'gl_vouchers_one_reversal' "
            "AND schemaname = current_schema()";
  auto rows = (*lease)->Query(definition);
  ASSERT_TRUE(rows.ok() && rows->size() == 1);
  EXPECT_NE((*rows)[0].Text(0).find("reverses_seq IS NOT NULL"), std::string::npos) << (*rows)[0].Text(0);
}

TEST_P(VoucherTest, BadInputIsRefusedAndWritesNothing) {
  auto expect_error = [&](VoucherInput input, const std::string& code, const std::string& field) {
    auto result = service_->Post(input, "user:1");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().stable_code(), code);
    EXPECT_EQ(result.status().field(), field);
    EXPECT_FALSE(result.status().message_th().empty());
  };
  expect_error(Input({{"1101010", "100", ""}, {"4102010", "", "90"}}), "ledger.unbalanced",
               "lines");
  expect_error(Input({{"9999999", "100", ""}, {"4102010", "", "100"}}),
               "accounting.unknown_account", "lines[0].account");
  expect_error(Input({{"1101010", "1.234", ""}, {"4102010", "", "1.234"}}), "money.invalid",
               "lines[0].debit");
  expect_error(Input({{"1101010", "99999999999999999999", ""}, {"4102010", "", "1"}}),
               "money.overflow", "lines[0].debit");
  expect_error(Input({{"1101010", "100", ""}}), "gl.too_few_lines", "lines");
  expect_error(Input({{"1101010", "100", ""}, {"4102010", "", "100"}}, "2025-13-01"), "gl.date",
               "date");
  expect_error(Input({{"1101010", "100", ""}, {"4102010", "", "100"}}, "2025-10-06"),
               "gl.future_date", "date");
  VoucherInput wrong_year = Input({{"1101010", "100", ""}, {"4102010", "", "100"}});
  wrong_year.fiscal_year = 2568;
  expect_error(wrong_year, "gl.date_outside_fiscal_year", "date");
  VoucherInput supervisor = Input({{"1101010", "100", ""}, {"4102010", "", "100"}});
  supervisor.org = province_;
  expect_error(supervisor, "gl.org_keeps_no_books", "org");
  EXPECT_EQ(ledger_->GetHead(sao_)->seq, 0);
}

// Today is 5 Oct 2568 (fiscal year 2569). Before its first document an organisation's books may
// begin this fiscal year or the one before (2568, from 1 Oct 2567); once they have begun, nothing
// is dated before the year before their first.
TEST_P(VoucherTest, NothingIsDatedBeforeTheBooksBegin) {
  auto post = [&](const std::string& date) {
    return service_->Post(Input({{"1101010", "100", ""}, {"4102010", "", "100"}}, date), "user:1");
  };
  for (const char* date : {"1900-01-01", "2024-09-30"}) {
    auto refused = post(date);
    ASSERT_FALSE(refused.ok()) << date;
    EXPECT_EQ(refused.status().stable_code(), "gl.date_before_books") << date;
    EXPECT_EQ(refused.status().field(), "date");
    EXPECT_NE(refused.status().message_th().find("2568"), std::string::npos)
        << refused.status().message_th();
  }
  EXPECT_EQ(ledger_->GetHead(sao_)->seq, 0);
  ASSERT_TRUE(post("2025-03-01").ok());  // fiscal year 2568: the books begin there
  EXPECT_EQ(post("2023-09-30").status().stable_code(), "gl.date_before_books");
  ASSERT_TRUE(post("2024-09-30").ok());  // their opening balances, at the end of 2567
  // The first recorded document fixes the start: an earlier one does not move it back.
  EXPECT_EQ(ledger_->FirstFiscalYear(sao_).value(), std::optional<int>(2568));
  EXPECT_EQ(post("2023-09-30").status().stable_code(), "gl.date_before_books");
  EXPECT_EQ(ledger_->FirstFiscalYear(province_).value(), std::nullopt);
}

TEST_P(VoucherTest, SameEntryIdPostsOnce) {
  VoucherInput input = Input({{"1101010", "100", ""}, {"4102010", "", "100"}});
  input.entry_id = NewUuid(random_);
  auto first = service_->Post(input, "user:1");
  auto second = service_->Post(input, "user:1");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->seq, second->seq);
  EXPECT_EQ(ledger_->GetHead(sao_)->seq, 1);
}

INSTANTIATE_TEST_SUITE_P(Dialects, VoucherTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

// A module's document posts lines its own rules computed; lines that do not balance there are a
// programmer's error, and the kit stops the process rather than post them (the ledger would refuse
// them anyway, but an invariant broken in code must not pass as bad input).
TEST_P(VoucherTest, DocumentKitAssertsThatLinesBuiltByCodeBalance) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  DocumentKit kit("test", *ledger_, *orgs_, clock_, random_);
  ledger::EntryDraft draft = kit.Draft(sao_, "", "gl.voucher", Date::ParseIso("2025-10-03").value(),
                                       Actor{1, "ผู้ทดสอบ"});
  draft.lines = {{"1101010", Money::FromBaht(100), {}}, {"4102010", {}, Money::FromBaht(90)}};
  EXPECT_DEATH((void)kit.AppendDocument(draft), "built unbalanced");
  draft.lines[1].credit = Money::FromBaht(100);
  auto appended = kit.AppendDocument(draft);
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  EXPECT_FALSE(appended->duplicate);
  auto again = kit.AppendDocument(draft);  // the same entry id: found, not written twice
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->entry.seq, appended->entry.seq);
}

}  // namespace
}  // namespace klang::accounting
