// Oversight on both stores, every figure hand-checked. A demo province (สถ.จ.ขอนแก่น) on
// 10 December 2026 (fiscal year 2570), its four อบต. in four states:
//   A บ้านนา   — posted yesterday, October closed, the daily report made, the budget approved:
//                complete and current;
//   B โนนสูง   — the same, but its last posting was 30 November: 10 days behind (behind);
//   C หนองแวง — current, but an outage open since 8 December 09:00 with paper documents still to
//                enter: the outage has lasted 3 days (2 days 1 hour, counted from 1) and one outage's
//                paper is pending: needs help;
//   D ดอนหัน   — current, but its FY 2570 budget only drafted, never approved: 70 days past
//                1 October: needs help;
// and A's unit, a child development centre that has posted nothing: needs help.
// Then: the sweep records standings and the nudge e-mails an area's staff when A falls behind (once
// a day, from 07:00, a failed e-mail tried again);
// problems with advice and a fix; the monthly report (this month's counts as they stand, last
// month's from the sweeps' record); and every refusal (another province's officer, a unit's user, a
// future month, a second report of a month) writes nothing.
#include <gtest/gtest.h>

#include <random>

#include "accounting/voucher.h"
#include "budget/budget.h"
#include "closing/periods.h"
#include "closing/year_end.h"
#include "oversight/kinds.h"
#include "oversight/oversight.h"
#include "sync/continuity.h"
#include "tests/support/test_db.h"

namespace klang::oversight {
namespace {

using accounting::VoucherInput;

constexpr int64_t kTenDecember2026 = 1796871600000;  // 10:00 in Bangkok
constexpr int64_t kDayMs = 24LL * 3600 * 1000;

class CapturingMailer final : public auth::Mailer {
 public:
  Status Send(const auth::MailMessage& message) override {
    if (fail) return Status::Unavailable("mail.unavailable", "the test's mail server is down");
    sent.push_back(message);
    return Status::Ok();
  }
  std::vector<auth::MailMessage> sent;
  bool fail = false;
};

class OversightTest : public ::testing::TestWithParam<store::Dialect> {
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
    for (auto& m : closing::PeriodService::Migrations()) migrations.push_back(m);
    for (auto& m : sync::ContinuityService::Migrations()) migrations.push_back(m);
    for (auto& m : OversightService::Migrations()) migrations.push_back(m);
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
    auto kinds = sync::DocumentKinds::FromCsv(testing::ReadSourceFile("data/document_kinds.csv"),
                                              testing::ReadSourceFile("data/number_series.csv"));
    ASSERT_TRUE(kinds.ok()) << kinds.status().ToString();
    kinds_ = std::make_unique<sync::DocumentKinds>(std::move(kinds).value());
    ledger_ = std::make_unique<ledger::Ledger>(*db_, clock_);
    vouchers_ = std::make_unique<accounting::VoucherService>(*ledger_, *orgs_, *chart_, clock_, random_);
    budget_ = std::make_unique<budget::BudgetService>(*ledger_, *orgs_, *catalog_, *items_, clock_, random_);
    periods_ = std::make_unique<closing::PeriodService>(*ledger_, *orgs_, clock_, random_);
    continuity_ = std::make_unique<sync::ContinuityService>(*ledger_, *orgs_, *kinds_, clock_, random_);
    auto rules = RuleTable::FromCsv(testing::ReadSourceFile("data/oversight_rules.csv"));
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    auto categories = OversightConfig::CategoriesFromCsv(testing::ReadSourceFile("data/oversight_problem_categories.csv"));
    ASSERT_TRUE(categories.ok()) << categories.status().ToString();
    Links links;
    links.staff = [this](int64_t office) -> Result<std::vector<Staff>> {
      if (office == province_) return std::vector<Staff>{{kTeacher, "นางสาวครู ก ขอนแก่น"}};
      return std::vector<Staff>{};
    };
    oversight_ = std::make_unique<OversightService>(*db_, *orgs_, clock_,
                                                    OversightConfig{std::move(rules).value(), std::move(categories).value()},
                                                    links);
    oversight_->SetMailer(&mailer_);
    for (auto* projection : {vouchers_->projection(), budget_->projection(), periods_->projection(),
                             continuity_->projection(), oversight_->projection()}) {
      ledger_->AddProjection(projection);
    }
    ledger_->Start();
    dla_ = orgs_->Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น")->id;
    province_ = orgs_->Create(dla_, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น")->id;
    other_province_ = orgs_->Create(dla_, org::OrgType::kProvince, "P41", "สถ.จ.อุดรธานี")->id;
    a_ = Lao("6400101", "อบต.บ้านนา", "เมืองขอนแก่น");
    b_ = Lao("6400102", "อบต.โนนสูง", "เมืองขอนแก่น");
    c_ = Lao("6400103", "อบต.หนองแวง", "บ้านไผ่");
    d_ = Lao("6400104", "อบต.ดอนหัน", "บ้านไผ่");
    unit_ = orgs_->Create(a_, org::OrgType::kUnit, "6400101-01", "ศูนย์พัฒนาเด็กเล็กบ้านนา")->id;
    for (int64_t org : {a_, b_, c_, d_}) {
      Budget(org, /*approve=*/org != d_);
      Post(org, "2026-09-30", "opening");
      Post(org, "2026-10-05");
      ASSERT_TRUE(periods_->Close(org, "2026-10", "", head_).ok());
      Post(org, org == b_ ? "2026-11-30" : "2026-12-09");
      ASSERT_TRUE(oversight_->RecordReportMade(org, kReportDailyStatus, org == b_ ? "2026-11-30" : "2026-12-09", 7).ok());
    }
    sync::OutageInput outage{c_, "", "power", "ไฟฟ้าดับทั้งตำบล", "2026-12-08T09:00", "", true};
    auto declared = continuity_->Declare(outage, head_);
    ASSERT_TRUE(declared.ok()) << declared.status().ToString();
  }
  void TearDown() override { ledger_.reset(); }

  int64_t Lao(const char* code, const char* name, const char* district) {
    const int64_t id = orgs_->Create(province_, org::OrgType::kSao, code, name)->id;
    EXPECT_TRUE(orgs_->SetDistrict(id, district).ok());
    return id;
  }

  void Post(int64_t org, const std::string& date, const std::string& type = "general") {
    VoucherInput input{org, "", type, date, std::nullopt, "รับเงินค่าธรรมเนียม",
                       {{"1101010", "1,000.00", ""}, {type == "opening" ? "3101010" : "4102010", "", "1,000.00"}}};
    auto posted = vouchers_->Post(input, "user:1");
    ASSERT_TRUE(posted.ok()) << posted.status().ToString();
  }

  void Budget(int64_t org, bool approve) {
    budget::BudgetInput input;
    input.org = org;
    input.kind = "annual";
    input.fiscal_year = 2570;
    input.title = "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570";
    input.date = "2026-08-15";
    input.lines = {{"00111", "533000", "ค่าวัสดุสำนักงาน", "เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ", "50,000"}};
    input.estimates = {{"412001", "36,000", "ใกล้เคียงกับปีที่ผ่านมา"}};
    auto created = budget_->Create(input, head_);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    if (!approve) return;
    ASSERT_TRUE(budget_->Adopt(org, created->id, {"", "2026-08-27", "มติสภาฯ สมัยสามัญที่ 3/2569"}, head_).ok());
    ASSERT_TRUE(budget_->Approve(org, created->id, {"", "2026-09-01", "นายอำเภอ", "ขก 0023.3/1234"}, head_).ok());
  }

  std::map<int64_t, OrgStatus> TableOf(int64_t scope, const TableFilter& filter = {}) {
    auto rows = oversight_->Table(scope, filter);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::map<int64_t, OrgStatus> out;
    if (rows.ok()) {
      for (auto& row : *rows) out[row.org.id] = row;
    }
    return out;
  }

  int64_t Count(const std::string& table) {
    auto lease = db_->Acquire();
    return (*lease)->Query("SELECT COUNT(*) FROM " + table).value()[0].Int(0);
  }

  static constexpr int64_t kTeacher = 501;
  ManualClock clock_{kTenDecember2026};
  SystemRandom random_;
  CapturingMailer mailer_;
  accounting::Actor head_{9, "นางสมศรี ใจดี"};
  Officer officer_{kTeacher, 0, "นางสาวครู ก ขอนแก่น"};
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<accounting::ChartOfAccounts> chart_;
  std::unique_ptr<budget::BudgetCatalog> catalog_;
  std::unique_ptr<revenue::RevenueCatalog> items_;
  std::unique_ptr<sync::DocumentKinds> kinds_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<accounting::VoucherService> vouchers_;
  std::unique_ptr<budget::BudgetService> budget_;
  std::unique_ptr<closing::PeriodService> periods_;
  std::unique_ptr<sync::ContinuityService> continuity_;
  std::unique_ptr<OversightService> oversight_;
  int64_t dla_ = 0, province_ = 0, other_province_ = 0, a_ = 0, b_ = 0, c_ = 0, d_ = 0, unit_ = 0;
};

TEST_P(OversightTest, EachLaoStandsAsHandChecked) {
  auto table = TableOf(province_);
  ASSERT_EQ(table.size(), 5u);  // four อบต. and A's unit
  const Assessment& a = table[a_].assessment;
  EXPECT_EQ(a.standing, Standing::kCurrent);
  EXPECT_TRUE(a.findings.empty());
  EXPECT_EQ(a.measures.at(Item::kPostingLag), 1);      // 9 → 10 December
  EXPECT_EQ(a.measures.at(Item::kDailyReportLag), 0);  // made for the 9th
  EXPECT_EQ(a.measures.at(Item::kMonthsUnclosed), 0);  // October closed; November is in its 15 days' grace
  EXPECT_EQ(a.measures.count(Item::kBudgetUnapproved), 0u);
  EXPECT_EQ(table[a_].ledger.LastClosedMonth(), "2026-10");
  EXPECT_EQ(table[a_].ledger.first_posting.ToIso(), "2026-10-05");  // the opening is not a posting
  EXPECT_EQ(table[a_].ledger.budgets_approved, std::set<int>{2570});

  const Assessment& b = table[b_].assessment;
  EXPECT_EQ(b.standing, Standing::kBehind);
  ASSERT_EQ(b.findings.size(), 1u);
  EXPECT_EQ(b.findings[0].item, Item::kPostingLag);
  EXPECT_EQ(b.findings[0].measure, 10);  // 30 November → 10 December
  EXPECT_EQ(b.findings[0].text_th, "ผ่านรายการล่าสุดห่างจากวันนี้ 10 วัน");

  const Assessment& c = table[c_].assessment;
  EXPECT_EQ(c.standing, Standing::kNeedsHelp);
  EXPECT_EQ(c.measures.at(Item::kOpenOutage), 3);   // 8 Dec 09:00 → 10 Dec 10:00 = 2 days, counted from 1
  EXPECT_EQ(c.measures.at(Item::kPaperPending), 1);
  EXPECT_EQ(c.findings.size(), 2u);
  EXPECT_EQ(table[c_].ledger.open_outages.size(), 1u);

  const Assessment& d = table[d_].assessment;
  EXPECT_EQ(d.standing, Standing::kNeedsHelp);
  EXPECT_EQ(d.measures.at(Item::kBudgetUnapproved), 70);  // 1 October → 10 December
  EXPECT_EQ(table[d_].ledger.budgets_recorded, std::set<int>{2570});
  EXPECT_TRUE(table[d_].ledger.budgets_approved.empty());

  const Assessment& unit = table[unit_].assessment;
  EXPECT_EQ(unit.standing, Standing::kNeedsHelp);  // never posted
  EXPECT_EQ(unit.measures.at(Item::kPostingLag), kNeverDays);
  EXPECT_EQ(table[unit_].lao, a_);

  // Filters: "needs help" gives C, D and the unit; the district บ้านไผ่ gives C and D.
  EXPECT_EQ(TableOf(province_, {.standing = Standing::kNeedsHelp}).size(), 3u);
  EXPECT_EQ(TableOf(province_, {.district = "บ้านไผ่"}).size(), 2u);
  EXPECT_EQ(TableOf(province_, {.type = org::OrgType::kUnit}).size(), 1u);
  // Worst first by default.
  auto sorted = oversight_->Table(province_, {});
  ASSERT_TRUE(sorted.ok());
  EXPECT_EQ(sorted->front().assessment.standing, Standing::kNeedsHelp);
  EXPECT_EQ(sorted->back().org.id, a_);

  // The DLA: the province with its counts, the other province empty.
  auto national = oversight_->National();
  ASSERT_TRUE(national.ok()) << national.status().ToString();
  ASSERT_EQ(national->size(), 2u);
  const ProvinceSummary& khon_kaen = national->at(0).province.id == province_ ? national->at(0) : national->at(1);
  EXPECT_EQ(khon_kaen.counts.current, 1);
  EXPECT_EQ(khon_kaen.counts.behind, 1);
  EXPECT_EQ(khon_kaen.counts.help, 3);
  EXPECT_EQ(TableOf(dla_).size(), 5u);

  // An LAO sees itself and its unit.
  EXPECT_EQ(TableOf(a_).size(), 2u);
}

TEST_P(OversightTest, ProjectionFollowsTheLogThroughVerifyRebuildAndReopening) {
  ASSERT_TRUE(ledger_->Verify({}).value().ok());
  // Entering the paper documents ends C's pending paper; ending the outage closes it.
  auto outages = continuity_->Outages(c_);
  ASSERT_TRUE(outages.ok());
  ASSERT_EQ(outages->size(), 1u);
  ASSERT_TRUE(continuity_->PaperDone(c_, outages->front().id, "", head_).ok());
  auto c = oversight_->StatusOf(c_);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->ledger.paper_pending.empty());
  EXPECT_EQ(c->ledger.open_outages.size(), 1u);
  // Reopening October, the first month of FY 2570: nothing of that year is closed any more.
  ASSERT_TRUE(periods_->Reopen({a_, "2026-10", "แก้ไขรายการ", "ขก 0023/1", ""}, head_).ok());
  auto a = oversight_->StatusOf(a_);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->ledger.closed_through.empty());
  EXPECT_EQ(a->ledger.LastClosedMonth(), "");
  EXPECT_EQ(a->assessment.measures.at(Item::kMonthsUnclosed), 1);
  EXPECT_EQ(a->assessment.standing, Standing::kBehind);
  // verify folds the same rows from the log; a rebuild writes them again.
  auto verified = ledger_->Verify({});
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok());
  auto before = oversight_->Table(province_, {});
  ASSERT_TRUE(ledger_->Rebuild(std::nullopt).ok());
  auto after = oversight_->Table(province_, {});
  ASSERT_TRUE(before.ok() && after.ok());
  ASSERT_EQ(before->size(), after->size());
  for (size_t i = 0; i < before->size(); ++i) {
    LedgerFacts was = before->at(i).ledger, now = after->at(i).ledger;
    was.last_seq = now.last_seq = 0;
    EXPECT_EQ(was, now) << before->at(i).org.name;
  }
  // A row changed behind the projection's back is named by verify.
  {
    auto lease = db_->Acquire();
    ASSERT_TRUE((*lease)->Execute("UPDATE ovs_currency SET closed_months = '{\"2570\":\"2026-11\"}' WHERE org_id = $1", {a_}).ok());
  }
  auto damaged = ledger_->Verify({});
  ASSERT_TRUE(damaged.ok());
  EXPECT_FALSE(damaged->ok());
  // Named at the last entry that changed A's facts: the reopening, A's last entry.
  for (const auto& org : damaged->orgs) {
    if (org.org == a_) {
      EXPECT_EQ(org.first_bad_seq, ledger_->GetHead(a_).value().seq) << org.problem;
    }
  }
}

// The ledger's writer reads the facts of every batch's organisations: whatever the set, the
// look-up is one of a few statements, prepared once per connection (the ids were once written into
// the text: a new statement for every batch, kept by the connection and by PostgreSQL's server).
TEST_P(OversightTest, LookingUpAnySetOfOrganisationsTakesOneOfAFewStatements) {
  auto lease = db_->Acquire();
  ASSERT_TRUE(lease.ok());
  auto everyone = ReadLedgerFacts(**lease, {}, /*all=*/true);
  ASSERT_TRUE(everyone.ok());
  ASSERT_GE(everyone->size(), 3u);
  std::vector<int64_t> known;
  for (const auto& [org, facts] : *everyone) known.push_back(org);
  auto prepared_statements = [&]() -> int64_t {  // this connection's, on PostgreSQL's server
    if (GetParam() != store::Dialect::kPostgres) return 0;
    auto rows = (*lease)->Query("SELECT CAST(count(*) AS BIGINT) FROM pg_prepared_statements");
    KLANG_ASSERT(rows.ok());
    return (*rows)[0].Int(0);
  };
  const int64_t prepared_before = prepared_statements();
  std::mt19937_64 random(7);
  for (int round = 0; round < 40; ++round) {
    std::vector<int64_t> asked;  // known organisations and ids that are none, in any number
    for (size_t count = 1 + random() % 20; count > 0; --count) {
      asked.push_back(random() % 2 == 0 ? known[random() % known.size()] : 100'000 + static_cast<int64_t>(random() % 1000));
    }
    auto facts = ReadLedgerFacts(**lease, asked);
    ASSERT_TRUE(facts.ok());
    for (int64_t org : asked) {
      auto found = everyone->find(org);
      ASSERT_EQ(facts->count(org), found == everyone->end() ? 0u : 1u) << org;
      if (found != everyone->end()) {
        EXPECT_TRUE(facts->at(org) == found->second) << org;
      }
    }
  }
  // Lists of 1 to 20 ids take six lengths once padded: 1, 2, 4, 8, 16 and 32.
  EXPECT_LE(prepared_statements() - prepared_before, 6) << "a statement per set of organisations";
}

TEST_P(OversightTest, MonthsCountInEveryYearSinceTheFirstPosting) {
  // E posted in August 2026 (FY 2569) and October (FY 2570), and closed October, which a year
  // allows without the year before: FY 2569's twelve months are all over and unclosed; FY 2570's
  // October is closed and November is in its 15 days' grace on 10 December.
  const int64_t e = Lao("6400105", "อบต.ท่าพระ", "เมืองขอนแก่น");
  Post(e, "2026-08-20");
  Post(e, "2026-10-05");
  ASSERT_TRUE(periods_->Close(e, "2026-10", "", head_).ok());
  auto status = oversight_->StatusOf(e);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->assessment.measures.at(Item::kMonthsUnclosed), 12);
  EXPECT_EQ(status->ledger.closed_through, (std::map<int, std::string>{{2570, "2026-10"}}));
  EXPECT_EQ(status->assessment.standing, Standing::kNeedsHelp);
  // Closing FY 2569's October and November leaves ten.
  ASSERT_TRUE(periods_->Close(e, "2025-10", "", head_).ok());
  ASSERT_TRUE(periods_->Close(e, "2025-11", "", head_).ok());
  EXPECT_EQ(oversight_->StatusOf(e).value().assessment.measures.at(Item::kMonthsUnclosed), 10);
  ASSERT_TRUE(ledger_->Verify({}).value().ok());
}

TEST_P(OversightTest, OnlyReportsOfPeriodsOverCountAndOnlyByTheirOwnPeople) {
  auto daily = [&](int64_t org) { return oversight_->StatusOf(org).value().other.daily_report.ToIso(); };
  // Tomorrow's daily report is a preview; a supervisor's download makes nothing; A's own head's
  // does, and so does A's head for A's unit.
  ASSERT_TRUE(oversight_->NoteDailyReport(b_, b_, 7, Date::ParseIso("2026-12-11").value()).ok());
  EXPECT_EQ(daily(b_), "2026-11-30");
  ASSERT_TRUE(oversight_->NoteDailyReport(b_, province_, 501, Date::ParseIso("2026-12-05").value()).ok());
  EXPECT_EQ(daily(b_), "2026-11-30");
  ASSERT_TRUE(oversight_->NoteDailyReport(b_, b_, 7, Date::ParseIso("2026-12-05").value()).ok());
  EXPECT_EQ(daily(b_), "2026-12-05");
  ASSERT_TRUE(oversight_->NoteDailyReport(unit_, a_, 7, Date::ParseIso("2026-12-09").value()).ok());
  EXPECT_EQ(daily(unit_), "2026-12-09");
  // The balance sheet of the year under way, or the accumulated funds of a September to come, are
  // previews; last year's are the statements and the report made.
  ASSERT_TRUE(oversight_->NoteStatement(a_, a_, 7, "balance_sheet", 2570, "").ok());
  ASSERT_TRUE(oversight_->NoteStatement(a_, a_, 7, "accumulated_funds", 2570, "").ok());
  EXPECT_EQ(oversight_->StatusOf(a_).value().other.statements_fy, 0);
  EXPECT_EQ(oversight_->StatusOf(a_).value().other.funds_report, "");
  // Last year's balance sheet before its books are closed is not the statements either.
  ASSERT_TRUE(oversight_->NoteStatement(a_, a_, 7, "balance_sheet", 2569, "").ok());
  EXPECT_EQ(oversight_->StatusOf(a_).value().other.statements_fy, 0);
  ledger::EntryDraft preliminary;
  preliminary.org = a_;
  preliminary.entry_id = NewUuid(random_);
  preliminary.kind = closing::kKindPreliminary;
  preliminary.document_date = preliminary.posting_date = Date::ParseIso("2026-09-30").value();
  preliminary.fiscal_year = 2569;
  preliminary.author = "user:9";
  preliminary.body = {{"fiscal_year", 2569}, {"description", "ปิดบัญชีขั้นต้นปีงบประมาณ 2569"}};
  ASSERT_TRUE(ledger_->Append(std::move(preliminary)).ok());
  ASSERT_TRUE(oversight_->NoteStatement(a_, a_, 7, "balance_sheet", 2569, "").ok());
  ASSERT_TRUE(oversight_->NoteStatement(a_, a_, 7, "accumulated_funds", 2569, "").ok());
  ASSERT_TRUE(oversight_->NoteStatement(a_, a_, 7, "accumulated_funds", 2570, "2026-11").ok());  // not a report month
  EXPECT_EQ(oversight_->StatusOf(a_).value().other.statements_fy, 2569);
  EXPECT_EQ(oversight_->StatusOf(a_).value().other.funds_report, "2026-09");
}

TEST_P(OversightTest, SweepRecordsStandingsAndNudgesTheAreaWhenAnLaoFallsBehind) {
  officer_.home = province_;
  auto area = oversight_->CreateArea(officer_, province_, {"อำเภอเมืองขอนแก่น", kTeacher, "kru.a@khonkaen.example.go.th"});
  ASSERT_TRUE(area.ok()) << area.status().ToString();
  ASSERT_TRUE(oversight_->AssignOrgs(officer_, province_, area->id, {a_, b_}).ok());
  ASSERT_TRUE(oversight_->SetNudges(officer_, province_, true).ok());
  auto first = oversight_->Sweep();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->assessed, 5u);
  EXPECT_EQ(first->changed, 5u);
  EXPECT_EQ(first->nudges_sent, 0u);  // a first assessment is not a fall
  // Four days on with no posting, A is 5 days behind; B is still behind (14 days).
  clock_.AdvanceMillis(4 * kDayMs);
  auto second = oversight_->Sweep();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->changed, 1u);  // A: current → behind
  EXPECT_EQ(second->nudges_sent, 1u);
  ASSERT_EQ(mailer_.sent.size(), 1u);
  EXPECT_EQ(mailer_.sent[0].to, "kru.a@khonkaen.example.go.th");
  EXPECT_NE(mailer_.sent[0].body.find("อบต.บ้านนา: ครบถ้วนเป็นปัจจุบัน → ล่าช้า"), std::string::npos);
  EXPECT_EQ(mailer_.sent[0].body.find("โนนสูง"), std::string::npos);
  // Once a day.
  ASSERT_TRUE(oversight_->Sweep().ok());
  EXPECT_EQ(mailer_.sent.size(), 1u);
  // 1 January 2027: B's last posting is 32 days old, it falls to needing help. At 03:00 the sweep
  // records it but mails nobody; at 08:00 the mail server is down; at 09:00 the mail goes, naming
  // B's fall of 1 January (and nothing mailed before).
  clock_.SetUnixMillis(kTenDecember2026 + 22 * kDayMs - 7 * 3600 * 1000);
  auto night = oversight_->Sweep();
  ASSERT_TRUE(night.ok());
  EXPECT_EQ(night->changed, 1u);
  EXPECT_EQ(night->nudges_sent + night->nudges_failed, 0u);
  clock_.AdvanceMillis(5 * 3600 * 1000);
  mailer_.fail = true;
  auto down = oversight_->Sweep();
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(down->nudges_failed, 1u);
  mailer_.fail = false;
  clock_.AdvanceMillis(3600 * 1000);
  auto up = oversight_->Sweep();
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->nudges_sent, 1u);
  ASSERT_EQ(mailer_.sent.size(), 2u);
  EXPECT_NE(mailer_.sent[1].body.find("อบต.โนนสูง: ล่าช้า → ต้องการความช่วยเหลือ (1 ม.ค. 2570)"), std::string::npos)
      << mailer_.sent[1].body;
  EXPECT_EQ(mailer_.sent[1].body.find("บ้านนา"), std::string::npos);
  // Off by default: an office that did not ask gets nothing (the other province has no area).
  ASSERT_TRUE(oversight_->SetNudges(officer_, province_, false).ok());
  clock_.AdvanceMillis(30 * kDayMs);
  ASSERT_TRUE(oversight_->Sweep().ok());
  EXPECT_EQ(mailer_.sent.size(), 2u);
  // The area's page: its LAOs with their standing.
  auto mine = oversight_->Table(province_, {.area = area->id});
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 3u);  // A, its unit, B
}

TEST_P(OversightTest, NudgesNameEveryFallOnceEvenAfterAFailureOrASecondFallTheSameDay) {
  officer_.home = province_;
  auto area = oversight_->CreateArea(officer_, province_, {"อำเภอเมืองขอนแก่น", kTeacher, "kru.a@khonkaen.example.go.th"});
  ASSERT_TRUE(area.ok());
  ASSERT_TRUE(oversight_->AssignOrgs(officer_, province_, area->id, {a_}).ok());
  ASSERT_TRUE(oversight_->SetNudges(officer_, province_, true).ok());
  ASSERT_TRUE(oversight_->Sweep().ok());  // 10 December: where each stands
  // 14 December 08:00: A falls behind; the area's first e-mail fails all day.
  clock_.SetUnixMillis(kTenDecember2026 + 4 * kDayMs - 2 * 3600 * 1000);
  mailer_.fail = true;
  EXPECT_EQ(oversight_->Sweep().value().nudges_failed, 1u);
  clock_.AdvanceMillis(6 * 3600 * 1000);
  EXPECT_EQ(oversight_->Sweep().value().nudges_failed, 1u);
  mailer_.fail = false;
  // 15 December 08:00: the fall of the 14th is named.
  clock_.SetUnixMillis(kTenDecember2026 + 5 * kDayMs - 2 * 3600 * 1000);
  EXPECT_EQ(oversight_->Sweep().value().nudges_sent, 1u);
  ASSERT_EQ(mailer_.sent.size(), 1u);
  EXPECT_NE(mailer_.sent[0].body.find("อบต.บ้านนา: ครบถ้วนเป็นปัจจุบัน → ล่าช้า (14 ธ.ค. 2569)"), std::string::npos)
      << mailer_.sent[0].body;
  // Later that day A's power fails with paper documents: it needs help. Mailed on the 16th, once.
  clock_.AdvanceMillis(6 * 3600 * 1000);
  sync::OutageInput cut{a_, "", "power", "ไฟฟ้าดับ", "2026-12-15T13:00", "", true};
  ASSERT_TRUE(continuity_->Declare(cut, head_).ok());
  EXPECT_EQ(oversight_->Sweep().value().nudges_sent, 0u);
  clock_.SetUnixMillis(kTenDecember2026 + 6 * kDayMs - 2 * 3600 * 1000);
  EXPECT_EQ(oversight_->Sweep().value().nudges_sent, 1u);
  ASSERT_EQ(mailer_.sent.size(), 2u);
  EXPECT_NE(mailer_.sent[1].body.find("อบต.บ้านนา: ล่าช้า → ต้องการความช่วยเหลือ (15 ธ.ค. 2569)"), std::string::npos)
      << mailer_.sent[1].body;
  EXPECT_EQ(mailer_.sent[1].body.find("14 ธ.ค. 2569"), std::string::npos);
  clock_.AdvanceMillis(kDayMs);
  ASSERT_TRUE(oversight_->Sweep().ok());
  EXPECT_EQ(mailer_.sent.size(), 2u);
}

TEST_P(OversightTest, ProblemsAreRaisedAdvisedAndFixed) {
  Officer lao_head{77, d_, "นายปลัด ดอนหัน"};
  auto raised = oversight_->RaiseProblem(lao_head, d_, {0, "budget", "บันทึกงบประมาณแล้วแต่อนุมัติไม่ได้", "2026-12-01"});
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  EXPECT_EQ(raised->org, d_);
  EXPECT_EQ(raised->state, kProblemOpen);
  EXPECT_EQ(raised->AgeDays(clock_.TodayInThailand()), 9);
  EXPECT_EQ(raised->category_th, "การบันทึกงบประมาณและการอนุมัติ");
  officer_.home = province_;
  auto advised = oversight_->AddNote(officer_, province_, raised->id, kNoteAdvice, "ให้สภาเห็นชอบก่อน แล้วจึงบันทึกการอนุมัติ");
  ASSERT_TRUE(advised.ok()) << advised.status().ToString();
  EXPECT_EQ(advised->state, kProblemAdvised);
  clock_.AdvanceMillis(2 * kDayMs);
  auto fixed = oversight_->AddNote(officer_, province_, raised->id, kNoteFix, "บันทึกการอนุมัติเรียบร้อย");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->state, kProblemFixed);
  EXPECT_EQ(fixed->fixed_on.ToIso(), "2026-12-12");
  EXPECT_EQ(fixed->AgeDays(Date::ParseIso("2027-01-01").value()), 11);  // to the fix
  ASSERT_EQ(fixed->notes.size(), 2u);
  // The office raises one on C's behalf; the LAO, the office and the DLA all see it.
  auto for_c = oversight_->RaiseProblem(officer_, province_, {c_, "outage", "ไฟฟ้าดับ เอกสารกระดาษค้าง", ""});
  ASSERT_TRUE(for_c.ok()) << for_c.status().ToString();
  EXPECT_TRUE(for_c->raised_by_office);
  EXPECT_EQ(oversight_->Problems(c_, {}).value().size(), 1u);
  EXPECT_EQ(oversight_->Problems(province_, {}).value().size(), 2u);
  EXPECT_EQ(oversight_->Problems(dla_, {}).value().size(), 2u);
  // A list carries each problem's own notes, in the order they were written.
  for (const Problem& listed : oversight_->Problems(province_, {}).value()) {
    std::vector<std::string> kinds;
    for (const Note& note : listed.notes) kinds.push_back(note.kind);
    const std::vector<std::string> expected =
        listed.id == raised->id ? std::vector<std::string>{kNoteAdvice, kNoteFix} : std::vector<std::string>{};
    EXPECT_EQ(kinds, expected) << listed.id;
  }
  EXPECT_EQ(oversight_->Problems(province_, {.state = kProblemOpen}).value().size(), 1u);
  EXPECT_FALSE(oversight_->GetProblem(a_, for_c->id).ok());  // not A's

  const int64_t problems = Count("ovs_problems"), notes = Count("ovs_problem_notes");
  // Refused, nothing written: a note after the fix; a unit's user; an LAO raising for another;
  // an unknown category; a problem dated tomorrow; another province's officer advising.
  EXPECT_EQ(oversight_->AddNote(officer_, province_, raised->id, kNoteFollowUp, "ติดตาม").status().stable_code(),
            "ovs.problem_fixed");
  Officer unit_clerk{78, unit_, "ครูผู้ดูแลเด็ก"};
  auto from_unit = oversight_->RaiseProblem(unit_clerk, unit_, {0, "login", "เข้าระบบไม่ได้", ""});
  EXPECT_EQ(from_unit.status().stable_code(), "ovs.lao_only");
  EXPECT_FALSE(from_unit.status().message_th().empty());
  EXPECT_EQ(oversight_->RaiseProblem(lao_head, d_, {c_, "login", "แทน อบต. อื่น", ""}).status().stable_code(),
            "ovs.problem_org");
  EXPECT_EQ(oversight_->RaiseProblem(lao_head, d_, {0, "weather", "ฝนตก", ""}).status().stable_code(), "ovs.category");
  EXPECT_EQ(oversight_->RaiseProblem(lao_head, d_, {0, "login", "พรุ่งนี้", "2026-12-13"}).status().stable_code(),
            "ovs.date_future");
  Officer udon{601, other_province_, "ครู ก อุดรธานี"};
  EXPECT_EQ(oversight_->AddNote(udon, other_province_, for_c->id, kNoteAdvice, "แนะนำ").status().stable_code(),
            "ovs.problem_not_found");
  EXPECT_EQ(oversight_->AddNote(udon, province_, for_c->id, kNoteAdvice, "แนะนำ").status().stable_code(),
            "ovs.not_own_office");
  EXPECT_EQ(Count("ovs_problems"), problems);
  EXPECT_EQ(Count("ovs_problem_notes"), notes);
}

TEST_P(OversightTest, MentorsMustBeCurrentLaosOfTheProvince) {
  officer_.home = province_;
  EXPECT_EQ(oversight_->NameMentor(officer_, province_, b_, d_).stable_code(), "ovs.mentor_not_current");
  EXPECT_EQ(oversight_->NameMentor(officer_, province_, b_, b_).stable_code(), "ovs.mentor_self");
  EXPECT_EQ(oversight_->NameMentor(officer_, province_, b_, unit_).stable_code(), "ovs.not_lao_of_province");
  ASSERT_TRUE(oversight_->NameMentor(officer_, province_, b_, a_).ok());
  EXPECT_EQ(TableOf(province_)[b_].mentor_name, "อบต.บ้านนา");
  EXPECT_EQ(oversight_->CreateArea(officer_, province_, {"พื้นที่ใหม่", 999, ""}).status().stable_code(), "ovs.staff");
  EXPECT_EQ(oversight_->CreateArea(officer_, province_, {"พื้นที่ใหม่", kTeacher, "not-an-address"}).status().stable_code(),
            "ovs.email");
  EXPECT_EQ(Count("ovs_areas"), 0);
  // An area renamed, its nudge address changed; an LAO taken out of it.
  auto area = oversight_->CreateArea(officer_, province_, {"เมือง", kTeacher, ""});
  ASSERT_TRUE(area.ok());
  ASSERT_TRUE(oversight_->AssignOrgs(officer_, province_, area->id, {a_, b_}).ok());
  EXPECT_EQ(oversight_->UpdateArea(officer_, province_, area->id, {"เมือง", 999, ""}).status().stable_code(), "ovs.staff");
  auto renamed = oversight_->UpdateArea(officer_, province_, area->id, {"อำเภอเมืองขอนแก่น", kTeacher, "kru@example.go.th"});
  ASSERT_TRUE(renamed.ok()) << renamed.status().ToString();
  EXPECT_EQ(renamed->name, "อำเภอเมืองขอนแก่น");
  EXPECT_EQ(renamed->nudge_email, "kru@example.go.th");
  ASSERT_TRUE(oversight_->RemoveFromArea(officer_, province_, area->id, b_).ok());
  EXPECT_EQ(oversight_->RemoveFromArea(officer_, province_, area->id, b_).stable_code(), "ovs.not_in_area");
  EXPECT_EQ(oversight_->Areas(province_).value().front().orgs, std::vector<int64_t>{a_});
  Officer udon{601, other_province_, "ครู ก อุดรธานี"};
  EXPECT_EQ(oversight_->RemoveFromArea(udon, province_, area->id, a_).stable_code(), "ovs.not_own_office");
}

TEST_P(OversightTest, MonthlyReportCarriesTheMonthAndIsSubmittedOnce) {
  officer_.home = province_;
  // The sweep of 30 November recorded where each stood at that month's end.
  clock_.SetUnixMillis(kTenDecember2026 - 10 * kDayMs);
  ASSERT_TRUE(oversight_->Sweep().ok());
  clock_.SetUnixMillis(kTenDecember2026);
  Officer lao_head{77, d_, "นายปลัด ดอนหัน"};
  ASSERT_TRUE(oversight_->RaiseProblem(lao_head, d_, {0, "budget", "อนุมัติงบประมาณไม่ได้", "2026-11-20"}).ok());
  ReportInput input{"2026-11", "2026-12-05", "นางสาวครู ก ขอนแก่น\nนายครู ก บ้านนา\n", "ผู้บริหารยังไม่อนุมัติงบประมาณ",
                    "การอบรมการบันทึกงบประมาณ", "ขอให้กรมเร่งแจ้งแนวทาง"};
  auto report = oversight_->SubmitReport(officer_, province_, input);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->attendees.size(), 2u);
  EXPECT_EQ(report->counts_as_of.ToIso(), "2026-11-30");
  // What the sweep of 30 November recorded (it judged the facts held then, which in this fixture
  // already include December's: no posting lag for anyone; C's outage counts 1 day, behind, but its
  // pending paper needs help; D's budget was 60 days past 1 October, needs help; the unit never
  // posted): A and B current, C, D and the unit needing help — not today's 1/1/3.
  EXPECT_EQ(report->counts.current, 2);
  EXPECT_EQ(report->counts.behind, 0);
  EXPECT_EQ(report->counts.help, 3);
  EXPECT_EQ(report->counts.untracked, 0);
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].org_name, "อบต.ดอนหัน");
  EXPECT_EQ(report->problems[0].state_th, "รอดำเนินการ");
  // This month's report counts them as they stand today.
  auto december = oversight_->DraftReport(province_, "2026-12");
  ASSERT_TRUE(december.ok());
  EXPECT_EQ(december->counts_as_of.ToIso(), "2026-12-10");
  EXPECT_EQ(december->counts.current, 1);
  EXPECT_EQ(december->counts.behind, 1);
  EXPECT_EQ(december->counts.help, 3);
  // A month before any sweep: every organisation untracked.
  auto october = oversight_->DraftReport(province_, "2026-10");
  ASSERT_TRUE(october.ok());
  EXPECT_EQ(october->counts.untracked, 5);

  // Refused, nothing written: a second report of November, a future month, another province's
  // officer, a meeting before the month, no attendees.
  const int64_t before = Count("ovs_monthly_reports");
  EXPECT_EQ(oversight_->SubmitReport(officer_, province_, input).status().stable_code(), "ovs.report_exists");
  input.month = "2027-01";
  EXPECT_EQ(oversight_->SubmitReport(officer_, province_, input).status().stable_code(), "ovs.report_future_month");
  input.month = "2026-12";
  Officer udon{601, other_province_, "ครู ก อุดรธานี"};
  EXPECT_EQ(oversight_->SubmitReport(udon, province_, input).status().stable_code(), "ovs.not_own_office");
  input.meeting_on = "2026-11-30";
  EXPECT_EQ(oversight_->SubmitReport(officer_, province_, input).status().stable_code(), "ovs.meeting_before_month");
  input.meeting_on = "2026-12-10";
  input.attendees = " \n ";
  EXPECT_EQ(oversight_->SubmitReport(officer_, province_, input).status().stable_code(), "ovs.attendees");
  EXPECT_EQ(Count("ovs_monthly_reports"), before);
  // The DLA sees which provinces submitted November.
  auto submissions = oversight_->Submissions(dla_, "2026-11");
  ASSERT_TRUE(submissions.ok());
  ASSERT_EQ(submissions->size(), 2u);
  for (const auto& submission : *submissions) {
    EXPECT_EQ(submission.submitted, submission.province.id == province_);
  }
  auto read = oversight_->Report(province_, "2026-11");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->needs, "การอบรมการบันทึกงบประมาณ");
  EXPECT_EQ(read->problems.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Dialects, OversightTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace klang::oversight
