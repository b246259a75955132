// Ledger tests on SQLite and PostgreSQL: chaining, idempotent append, the ledger's posting
// rules, gap-free numbering, group commit under concurrency, balances with hand-computed
// figures, and verify naming the first damaged entry.
#include <gtest/gtest.h>

#include <atomic>
#include <climits>
#include <future>
#include <random>
#include <thread>

#include "core/clock.h"
#include "ledger/ledger.h"
#include "tests/support/test_db.h"

namespace klang::ledger {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }
Money B(int64_t baht) { return Money::FromBaht(baht); }

class LedgerTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto db = testing::OpenFreshDb(GetParam());
    if (!db.ok() && db.status().stable_code() == "test.no_postgres") GTEST_SKIP();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(store::ApplyMigrations(*db_, Ledger::Migrations()).ok());
    ledger_ = std::make_unique<Ledger>(*db_, clock_);
    ledger_->Start();
  }
  void TearDown() override { ledger_.reset(); }

  EntryDraft Draft(int64_t org, std::vector<Line> lines, const char* date = "2025-10-05") {
    EntryDraft draft;
    draft.org = org;
    draft.entry_id = NewUuid(random_);
    draft.kind = "gl.voucher";
    draft.document_date = D(date);
    draft.posting_date = D(date);
    draft.fiscal_year = FiscalYearOf(D(date));
    draft.author = "user:1";
    draft.body = {{"description", "ทดสอบ"}};
    draft.lines = std::move(lines);
    return draft;
  }

  // The ledger again, its verify walking chains `entries` at a time.
  void VerifyInChunksOf(size_t entries) {
    LedgerOptions options;
    options.verify_chunk_entries = entries;
    ledger_ = std::make_unique<Ledger>(*db_, clock_, options);
    ledger_->Start();
  }

  Status Exec(const std::string& sql) {
    auto lease = db_->Acquire();
    return (*lease)->Execute(sql).status();
  }

  ManualClock clock_{1759651200000};  // 2025-10-05T08:00:00Z
  SystemRandom random_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_P(LedgerTest, AppendChainsHashes) {
  auto first = ledger_->Append(Draft(7, {{"1101010", B(100), {}}, {"4102010", {}, B(100)}}));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->entry.seq, 1);
  EXPECT_EQ(first->entry.hash, ChainHash(GenesisHash(), CanonicalBytes(first->entry)));
  auto second = ledger_->Append(Draft(7, {{"1101010", B(5), {}}, {"4102010", {}, B(5)}}));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->entry.seq, 2);
  EXPECT_EQ(second->entry.hash, ChainHash(first->entry.hash, CanonicalBytes(second->entry)));
  auto head = ledger_->GetHead(7);
  EXPECT_EQ(head->seq, 2);
  EXPECT_EQ(head->hash, second->entry.hash);
  // Read back equals what was written.
  auto read = ledger_->Get(7, 2);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(CanonicalBytes(*read), CanonicalBytes(second->entry));
  EXPECT_EQ(read->body["description"], "ทดสอบ");
}

TEST_P(LedgerTest, AppendIsIdempotentByEntryId) {
  EntryDraft draft = Draft(7, {{"1101010", B(100), {}}, {"4102010", {}, B(100)}});
  auto first = ledger_->Append(draft);
  auto again = ledger_->Append(draft);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->entry.seq, first->entry.seq);
  EXPECT_EQ(ledger_->GetHead(7)->seq, 1);
  draft.lines[0].debit = B(99);
  draft.lines[1].credit = B(99);
  auto changed = ledger_->Append(draft);
  ASSERT_FALSE(changed.ok());
  EXPECT_EQ(changed.status().stable_code(), "ledger.entry_id_reused");
}

TEST_P(LedgerTest, RejectsBrokenDraftsAndWritesNothing) {
  auto unbalanced = ledger_->Append(Draft(7, {{"1101010", B(100), {}}, {"4102010", {}, B(90)}}));
  EXPECT_EQ(unbalanced.status().stable_code(), "ledger.unbalanced");
  auto two_sided = ledger_->Append(Draft(7, {{"1101010", B(1), B(1)}, {"4102010", {}, B(0)}}));
  EXPECT_EQ(two_sided.status().stable_code(), "ledger.line_sides");
  auto negative = ledger_->Append(
      Draft(7, {{"1101010", Money::FromSatang(-100), {}}, {"4102010", {}, Money::FromSatang(-100)}}));
  EXPECT_EQ(negative.status().stable_code(), "ledger.line_sides");
  auto too_big = ledger_->Append(Draft(7, {{"1", Money::FromSatang(Money::kAmountSatangMax + 1), {}},
                                           {"2", {}, Money::FromSatang(Money::kAmountSatangMax + 1)}}));
  EXPECT_EQ(too_big.status().stable_code(), "ledger.amount_too_large");
  EntryDraft wrong_year = Draft(7, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}});
  wrong_year.fiscal_year = 2568;  // 5 Oct 2025 belongs to FY 2569
  EXPECT_EQ(ledger_->Append(wrong_year).status().stable_code(), "ledger.date_outside_fiscal_year");
  EntryDraft bad_id = Draft(7, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}});
  bad_id.entry_id = "x";
  EXPECT_EQ(ledger_->Append(bad_id).status().stable_code(), "ledger.entry_id");
  EXPECT_EQ(ledger_->GetHead(7)->seq, 0);
  EXPECT_TRUE(ledger_->Totals(7, {}, {})->empty());
}

TEST_P(LedgerTest, NumberingIsGapFreePerOrgYearAndSeries) {
  auto numbered = [&](int64_t org, const char* date) {
    EntryDraft draft = Draft(org, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}}, date);
    draft.number_series = {"gl.voucher"};
    return ledger_->Append(draft)->entry.numbers.at("gl.voucher");
  };
  EXPECT_EQ(numbered(7, "2025-10-05"), 1);
  EXPECT_EQ(numbered(7, "2025-10-06"), 2);
  EXPECT_EQ(numbered(8, "2025-10-06"), 1);
  EXPECT_EQ(numbered(7, "2026-10-01"), 1);  // FY 2570 starts its own series
  EXPECT_EQ(numbered(7, "2026-09-30"), 3);
}

TEST_P(LedgerTest, GroupCommitUnderConcurrency) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 150;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      SystemRandom random;
      for (int step = 0; step < kPerThread; ++step) {
        EntryDraft draft = Draft(1 + (thread + step) % 5, {{"1101010", B(1 + step), {}},
                                                           {"4102010", {}, B(1 + step)}});
        draft.entry_id = NewUuid(random);
        draft.number_series = {"gl.voucher"};
        if (!ledger_->Append(draft).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  int64_t total = 0;
  for (int64_t org = 1; org <= 5; ++org) total += ledger_->GetHead(org)->seq;
  EXPECT_EQ(total, kThreads * kPerThread);
  auto report = ledger_->Verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries, kThreads * kPerThread);
  // Each thread debited 1+2+...+150 baht = 11,325 baht to cash.
  Money cash;
  for (int64_t org = 1; org <= 5; ++org) {
    auto org_totals = ledger_->Totals(org, {}, {});
    ASSERT_TRUE(org_totals.ok());
    for (const auto& totals : *org_totals) {
      if (totals.account == "1101010") cash += totals.debit;
    }
  }
  EXPECT_EQ(cash, B(kThreads * 11'325));
}

// Three writers (on SQLite they take turns at the one write lock): each organisation's appends go
// to one of them, so a thread appending to its own organisation finds its entries in the order it
// appended them, numbered without a gap; every writer answers, and none after Stop.
TEST_P(LedgerTest, SeveralWritersKeepEachOrganisationsChainInOrder) {
  ledger_.reset();
  LedgerOptions options;
  options.writers = 3;
  ledger_ = std::make_unique<Ledger>(*db_, clock_, options);
  ledger_->Start();
  constexpr int kOrgs = 7;
  constexpr int kPerOrg = 60;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int org = 1; org <= kOrgs; ++org) {
    threads.emplace_back([&, org] {
      SystemRandom random;
      for (int step = 1; step <= kPerOrg; ++step) {
        EntryDraft draft = Draft(org, {{"1101010", B(step), {}}, {"4102010", {}, B(step)}});
        draft.entry_id = NewUuid(random);
        draft.number_series = {"gl.voucher"};
        draft.body = {{"step", step}};
        if (!ledger_->Append(draft).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  for (int64_t org = 1; org <= kOrgs; ++org) {
    auto entries = ledger_->List(org, 0, 1'000);
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), size_t{kPerOrg});
    for (int step = 1; step <= kPerOrg; ++step) {
      const Entry& entry = (*entries)[step - 1];
      EXPECT_EQ(entry.seq, step);
      EXPECT_EQ(entry.body["step"], step) << "organisation " << org;
      EXPECT_EQ(entry.numbers.at("gl.voucher"), step);
    }
  }
  auto report = ledger_->Verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries, kOrgs * kPerOrg);
  ledger_->Stop();
  auto late = ledger_->Append(Draft(2, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}}));
  EXPECT_EQ(late.status().stable_code(), "ledger.stopped");
}

TEST_P(LedgerTest, TotalsByDateRange) {
  // 5 Oct: cash 1,000.00 from fees; 6 Oct: cash 250.50 from fees; 7 Oct: deposit 800 to bank.
  ASSERT_TRUE(ledger_->Append(Draft(3, {{"1101010", B(1000), {}}, {"4102010", {}, B(1000)}},
                                    "2025-10-05")).ok());
  ASSERT_TRUE(ledger_->Append(Draft(3, {{"1101010", Money::FromSatang(25050), {}},
                                        {"4102010", {}, Money::FromSatang(25050)}},
                                    "2025-10-06")).ok());
  ASSERT_TRUE(ledger_->Append(Draft(3, {{"1102010", B(800), {}}, {"1101010", {}, B(800)}},
                                    "2025-10-07")).ok());
  auto all = ledger_->Totals(3, {}, {});
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].account, "1101010");
  EXPECT_EQ((*all)[0].debit, Money::FromSatang(125050));
  EXPECT_EQ((*all)[0].credit, B(800));
  auto before = ledger_->Totals(3, {}, D("2025-10-05"));
  EXPECT_EQ((*before)[0].debit, B(1000));
  auto window = ledger_->Totals(3, D("2025-10-06"), D("2025-10-07"));
  EXPECT_EQ((*window)[0].debit, Money::FromSatang(25050));
  EXPECT_EQ((*window)[0].credit, B(800));
}

TEST_P(LedgerTest, VerifyNamesTheFirstDamagedEntry) {
  for (int step = 0; step < 5; ++step) {
    ASSERT_TRUE(ledger_->Append(Draft(4, {{"1101010", B(10), {}}, {"4102010", {}, B(10)}})).ok());
  }
  ASSERT_TRUE(ledger_->Append(Draft(9, {{"1101010", B(10), {}}, {"4102010", {}, B(10)}})).ok());
  ASSERT_TRUE(ledger_->Verify({})->ok());

  // Body altered in entry 3 of org 4.
  ASSERT_TRUE(Exec("UPDATE ledger_entries SET canonical = REPLACE(canonical, 'ทดสอบ', 'ทดลอง') "
                   "WHERE org_id = 4 AND seq = 3").ok());
  auto report = ledger_->Verify({});
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(report->orgs[0].org, 4);
  EXPECT_FALSE(report->orgs[0].ok);
  EXPECT_EQ(report->orgs[0].first_bad_seq, 3);
  EXPECT_TRUE(report->orgs[1].ok);  // org 9 untouched
}

TEST_P(LedgerTest, VerifyCatchesAlteredHashAndAmountAndProjection) {
  for (int step = 0; step < 4; ++step) {
    ASSERT_TRUE(ledger_->Append(Draft(4, {{"1101010", B(10), {}}, {"4102010", {}, B(10)}})).ok());
  }
  ASSERT_TRUE(Exec("UPDATE ledger_entries SET hash = (CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END) "
                   "|| substr(hash, 2) "
                   "WHERE org_id = 4 AND seq = 2").ok());
  EXPECT_EQ(ledger_->Verify(4)->orgs[0].first_bad_seq, 2);
}

TEST_P(LedgerTest, VerifyCatchesLineAmountEditedInBytes) {
  for (int step = 0; step < 4; ++step) {
    ASSERT_TRUE(ledger_->Append(Draft(4, {{"1101010", B(10), {}}, {"4102010", {}, B(10)}})).ok());
  }
  ASSERT_TRUE(Exec("UPDATE ledger_entries SET canonical = REPLACE(canonical, '\"debit\":1000', "
                   "'\"debit\":9000') WHERE org_id = 4 AND seq = 4").ok());
  auto report = ledger_->Verify(4);
  EXPECT_FALSE(report->ok());
  EXPECT_EQ(report->orgs[0].first_bad_seq, 4);
}

TEST_P(LedgerTest, VerifyCatchesProjectionDamageAndRebuildRepairsIt) {
  ASSERT_TRUE(ledger_->Append(Draft(4, {{"1101010", B(10), {}}, {"4102010", {}, B(10)}},
                                    "2025-10-05")).ok());
  ASSERT_TRUE(ledger_->Append(Draft(4, {{"1101010", B(20), {}}, {"4102010", {}, B(20)}},
                                    "2025-10-06")).ok());
  ASSERT_TRUE(Exec("UPDATE ledger_balances SET debit = debit + 1 WHERE org_id = 4 AND "
                   "account = '1101010' AND day = '2025-10-06'").ok());
  auto report = ledger_->Verify(4);
  EXPECT_FALSE(report->ok());
  EXPECT_EQ(report->orgs[0].first_bad_seq, 2);
  EXPECT_NE(report->orgs[0].problem.find("ledger_balances"), std::string::npos);
  ASSERT_TRUE(ledger_->Rebuild(4).ok());
  EXPECT_TRUE(ledger_->Verify(4)->ok());
}

TEST_P(LedgerTest, VerifyCatchesMissingEntries) {
  for (int step = 0; step < 3; ++step) {
    ASSERT_TRUE(ledger_->Append(Draft(4, {{"1101010", B(10), {}}, {"4102010", {}, B(10)}})).ok());
  }
  ASSERT_TRUE(Exec("DELETE FROM ledger_entries WHERE org_id = 4 AND seq = 3").ok());
  auto report = ledger_->Verify(4);
  EXPECT_FALSE(report->ok());
  EXPECT_EQ(report->orgs[0].first_bad_seq, 3);
}

// Verify reads a chain in chunks while the chunk before is checked on other threads: with chunks
// of three entries, problems in several chunks are still reported as a walk in order meets them
// first, and a stored hash that is not even hex is a problem, not a crash.
TEST_P(LedgerTest, VerifyInChunksNamesTheFirstProblemOfTheWalk) {
  VerifyInChunksOf(3);
  for (int step = 0; step < 11; ++step) {
    ASSERT_TRUE(ledger_->Append(Draft(4, {{"1101010", B(10 + step), {}}, {"4102010", {}, B(10 + step)}})).ok());
  }
  auto clean = ledger_->Verify({});
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_TRUE(clean->ok());
  EXPECT_EQ(clean->entries, 11);

  // Entry 9's bytes altered (a later chunk), entry 7's stored hash made unreadable.
  ASSERT_TRUE(Exec("UPDATE ledger_entries SET canonical = REPLACE(canonical, 'ทดสอบ', 'ทดลอง') "
                   "WHERE org_id = 4 AND seq = 9").ok());
  ASSERT_TRUE(Exec("UPDATE ledger_entries SET hash = 'not a hash' WHERE org_id = 4 AND seq = 7").ok());
  auto report = ledger_->Verify(4);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->orgs[0].first_bad_seq, 7);
  EXPECT_NE(report->orgs[0].problem.find("hash mismatch"), std::string::npos);
  EXPECT_EQ(report->orgs[0].entries, 11);

  // Entry 5's kind column and stored hash both changed: the hash is named first for one entry.
  ASSERT_TRUE(Exec("UPDATE ledger_entries SET kind = 'gl.opening', hash = (CASE WHEN substr(hash, 1, 1) = '0' "
                   "THEN '1' ELSE '0' END) || substr(hash, 2) WHERE org_id = 4 AND seq = 5").ok());
  report = ledger_->Verify(4);
  EXPECT_EQ(report->orgs[0].first_bad_seq, 5);
  EXPECT_NE(report->orgs[0].problem.find("hash mismatch"), std::string::npos);

  // Entry 2's index column alone (its bytes and hash intact).
  ASSERT_TRUE(Exec("UPDATE ledger_entries SET posting_date = '2025-10-06' WHERE org_id = 4 AND seq = 2").ok());
  report = ledger_->Verify(4);
  EXPECT_EQ(report->orgs[0].first_bad_seq, 2);
  EXPECT_NE(report->orgs[0].problem.find("index columns"), std::string::npos);
}

// The organisations are walked in a pipeline (one's last chunk checked and its projections
// compared while the next one's rows are read): each report is still its own organisation's, in
// order, with its own count and first problem, and damage in one names no other.
TEST_P(LedgerTest, VerifyPipelinesOrganisationsAndKeepsEachOnesReport) {
  VerifyInChunksOf(3);
  const std::vector<std::pair<int64_t, int>> counts = {{2, 1}, {3, 7}, {5, 2}, {6, 3}, {8, 5}, {11, 4}};
  for (const auto& [org, count] : counts) {
    for (int step = 0; step < count; ++step) {
      ASSERT_TRUE(ledger_->Append(Draft(org, {{"1101010", B(org + step), {}}, {"4102010", {}, B(org + step)}})).ok());
    }
  }
  auto clean = ledger_->Verify({});
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_TRUE(clean->ok());
  EXPECT_EQ(clean->entries, 22);

  // Org 3's entry 5 (its second chunk) altered; org 6's balance row of the day changed; org 11's
  // head set back one entry.
  ASSERT_TRUE(Exec("UPDATE ledger_entries SET canonical = REPLACE(canonical, 'ทดสอบ', 'ทดลอง') "
                   "WHERE org_id = 3 AND seq = 5").ok());
  ASSERT_TRUE(Exec("UPDATE ledger_balances SET credit = credit + 1 WHERE org_id = 6 AND account = '4102010'").ok());
  ASSERT_TRUE(Exec("UPDATE ledger_heads SET seq = 3 WHERE org_id = 11").ok());
  auto report = ledger_->Verify({});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->orgs.size(), counts.size());
  EXPECT_EQ(report->entries, 22);
  for (size_t index = 0; index < counts.size(); ++index) {
    const OrgVerification& one = report->orgs[index];
    EXPECT_EQ(one.org, counts[index].first);
    EXPECT_EQ(one.entries, counts[index].second) << one.org;
    const bool damaged = one.org == 3 || one.org == 6 || one.org == 11;
    EXPECT_EQ(one.ok, !damaged) << one.org << ": " << one.problem;
  }
  EXPECT_EQ(report->orgs[1].first_bad_seq, 5);
  EXPECT_NE(report->orgs[1].problem.find("hash mismatch"), std::string::npos);
  EXPECT_NE(report->orgs[3].problem.find("ledger_balances"), std::string::npos);
  EXPECT_EQ(report->orgs[5].first_bad_seq, 4);
  EXPECT_NE(report->orgs[5].problem.find("chain head disagrees"), std::string::npos);
}

// A connection of another pool that refuses one organisation's chain (as a connection cut in
// the middle of a verify would) and counts the memory maps left on.
class CutConnection final : public store::Connection {
 public:
  struct Shared {
    int64_t cut_org = 0;
    std::atomic<int> mapped{0};
  };
  CutConnection(store::Lease inner, Shared& shared) : inner_(std::move(inner)), shared_(shared) {}
  ~CutConnection() override { EXPECT_FALSE(mapped_) << "a connection went back to the pool mapped"; }

  store::Dialect dialect() const override { return inner_->dialect(); }
  Status ExecuteScript(std::string_view sql) override { return inner_->ExecuteScript(sql); }
  Result<store::Rows> Query(std::string_view sql, const store::Params& params) override { return inner_->Query(sql, params); }
  Status QueryEach(std::string_view sql, const store::Params& params, const store::RowVisitor& visit) override {
    if (sql.find("FROM ledger_entries") != std::string_view::npos && !params.empty() &&
        params[0] == store::Value(shared_.cut_org)) {
      cut_ = true;
      return Status::Unavailable("store.test_cut", "test: the connection was cut");
    }
    return inner_->QueryEach(sql, params, visit);
  }
  Result<int64_t> Execute(std::string_view sql, const store::Params& params) override { return inner_->Execute(sql, params); }
  Status ExecuteMany(std::string_view sql, const std::vector<store::Params>& rows) override {
    return inner_->ExecuteMany(sql, rows);
  }
  Status CheckIntegrity() override { return inner_->CheckIntegrity(); }
  Status BulkRead(bool on) override {
    if (on != mapped_) shared_.mapped += on ? 1 : -1;
    mapped_ = on;
    return inner_->BulkRead(on);
  }
  size_t prepared_statements() const override { return inner_->prepared_statements(); }
  Status Begin(store::TransactionMode mode) override { return cut_ ? Status::Unavailable("store.test_cut", "cut") : inner_->Begin(mode); }
  Status Commit() override { return inner_->Commit(); }
  Status Rollback() override { return inner_->Rollback(); }
  bool in_transaction() const override { return inner_->in_transaction(); }
  bool healthy() const override { return !cut_ && inner_->healthy(); }

 private:
  store::Lease inner_;
  Shared& shared_;
  bool mapped_ = false;
  bool cut_ = false;
};

// A connection lost in the middle of a verify costs the organisation being read, not the ones
// after it on the same connection: it is given back (unmapped) and another taken.
TEST_P(LedgerTest, VerifyTakesAnotherConnectionAfterAFailedRead) {
  for (const int64_t org : {2, 3, 5, 6, 8}) {
    for (int step = 0; step < 3; ++step) {
      ASSERT_TRUE(ledger_->Append(Draft(org, {{"1101010", B(org), {}}, {"4102010", {}, B(org)}})).ok());
    }
  }
  CutConnection::Shared shared;
  shared.cut_org = 3;
  store::Db cutting(GetParam(), "test: cutting", [&]() -> Result<std::unique_ptr<store::Connection>> {
    KLANG_ASSIGN_OR_RETURN(store::Lease inner, db_->Acquire());
    return std::unique_ptr<store::Connection>(std::make_unique<CutConnection>(std::move(inner), shared));
  });
  Ledger verifying(cutting, clock_);
  auto report = verifying.Verify({});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->orgs.size(), 5u);
  for (const OrgVerification& one : report->orgs) {
    EXPECT_EQ(one.ok, one.org != 3) << one.org << ": " << one.problem;
  }
  EXPECT_NE(report->orgs[1].problem.find("store.test_cut"), std::string::npos) << report->orgs[1].problem;
  EXPECT_EQ(report->entries, 12);
  EXPECT_EQ(shared.mapped.load(), 0);
}

// Anchors are held across chunk boundaries: a rewrite in the third chunk is placed between the
// checkpoint that still agrees and the first that does not.
TEST_P(LedgerTest, VerifyInChunksHoldsTheChainToItsAnchors) {
  VerifyInChunksOf(2);
  std::vector<Entry> entries;
  for (int step = 0; step < 8; ++step) {
    auto appended = ledger_->Append(Draft(4, {{"1101010", B(5 + step), {}}, {"4102010", {}, B(5 + step)}}));
    ASSERT_TRUE(appended.ok());
    entries.push_back(appended->entry);
  }
  Anchors anchors{{4, {{3, entries[2].hash}, {7, entries[6].hash}}}};
  auto clean = ledger_->Verify({}, nullptr, &anchors);
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->ok());
  EXPECT_EQ(clean->orgs[0].anchors_checked, 2);

  // Entry 5 rewritten with every stored hash after it recomputed: only the anchors can tell.
  Entry forged = entries[4];
  forged.lines = {{"1101010", B(99), {}}, {"4102010", {}, B(99)}};
  std::string previous = entries[3].hash;
  for (size_t index = 4; index < entries.size(); ++index) {
    Entry& entry = index == 4 ? forged : entries[index];
    entry.hash = ChainHash(previous, CanonicalBytes(entry));
    previous = entry.hash;
    ASSERT_TRUE(Exec("UPDATE ledger_entries SET canonical = '" + CanonicalBytes(entry) + "', hash = '" +
                     entry.hash + "' WHERE org_id = 4 AND seq = " + std::to_string(entry.seq)).ok());
  }
  ASSERT_TRUE(Exec("UPDATE ledger_heads SET hash = '" + previous + "' WHERE org_id = 4").ok());
  auto report = ledger_->Verify({}, nullptr, &anchors);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->orgs[0].ok);
  EXPECT_EQ(report->orgs[0].range_from, 4);
  EXPECT_EQ(report->orgs[0].range_to, 7);
  EXPECT_EQ(report->orgs[0].anchors_checked, 2);
}

// ---- continuity support (docs/continuity.md) ----

TEST_P(LedgerTest, DeferredNumbersAndProvisionalSeriesAreGapFree) {
  EntryDraft online = Draft(7, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}});
  online.number_series = {"gl.voucher"};
  ASSERT_TRUE(ledger_->Append(online).ok());
  for (int round = 1; round <= 3; ++round) {
    EntryDraft offline = Draft(7, {{"1101010", B(round), {}}, {"4102010", {}, B(round)}});
    offline.number_series = {"gl.voucher"};
    offline.defer_numbers = true;
    offline.provisional_node = "E1";
    auto appended = ledger_->Append(offline);
    ASSERT_TRUE(appended.ok()) << appended.status().ToString();
    EXPECT_EQ(appended->entry.numbers.at("gl.voucher"), 0);
    EXPECT_TRUE(AwaitsOfficialNumbers(appended->entry));
    EXPECT_EQ(appended->entry.origin.type, Origin::Type::kEdge);
    EXPECT_EQ(appended->entry.origin.node, "E1");
    EXPECT_EQ(appended->entry.origin.provisional, "E1-00000" + std::to_string(round));
    EXPECT_EQ(DocumentNumberText(appended->entry, "บท. 9/2569"),
              "ชั่วคราว E1-00000" + std::to_string(round));
    // A retry of the same draft is the same entry, not a new provisional number.
    auto again = ledger_->Append(offline);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->duplicate);
    EXPECT_EQ(again->entry.origin.provisional, appended->entry.origin.provisional);
  }
  // Official numbering went on untouched by the provisional entries: the next is 2.
  EntryDraft next = Draft(7, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}});
  next.number_series = {"gl.voucher"};
  auto numbered = ledger_->Append(next);
  ASSERT_TRUE(numbered.ok());
  EXPECT_EQ(numbered->entry.numbers.at("gl.voucher"), 2);
  // A provisional series with official numbers drawn here is refused.
  EntryDraft wrong = Draft(7, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}});
  wrong.provisional_node = "E1";
  EXPECT_EQ(ledger_->Append(wrong).status().stable_code(), "ledger.provisional");
}

TEST_P(LedgerTest, ExpectedSeqRefusesAMovedChain) {
  auto first = ledger_->Append(Draft(7, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}}));
  ASSERT_TRUE(first.ok());
  EntryDraft at_two = Draft(7, {{"1101010", B(2), {}}, {"4102010", {}, B(2)}});
  at_two.expected_seq = 2;
  at_two.expected_previous_hash = first->entry.hash;
  ASSERT_TRUE(ledger_->Append(at_two).ok());
  EntryDraft stale = Draft(7, {{"1101010", B(3), {}}, {"4102010", {}, B(3)}});
  stale.expected_seq = 2;
  auto refused = ledger_->Append(stale);
  EXPECT_EQ(refused.status().stable_code(), "ledger.seq_moved");
  EXPECT_EQ(ledger_->GetHead(7)->seq, 2);
  EntryDraft wrong_hash = Draft(7, {{"1101010", B(3), {}}, {"4102010", {}, B(3)}});
  wrong_hash.expected_seq = 3;
  wrong_hash.expected_previous_hash = first->entry.hash;
  EXPECT_EQ(ledger_->Append(wrong_hash).status().stable_code(), "ledger.seq_moved");
}

TEST_P(LedgerTest, MirrorAppendsVerbatimAndRefusesWhatDoesNotExtendTheChain) {
  // A second ledger on its own database plays the other node.
  auto other_db = testing::OpenFreshDb(GetParam());
  ASSERT_TRUE(other_db.ok());
  ASSERT_TRUE(store::ApplyMigrations(**other_db, Ledger::Migrations()).ok());
  Ledger other(**other_db, clock_);
  other.Start();
  std::vector<Entry> source;
  for (int index = 1; index <= 3; ++index) {
    EntryDraft draft = Draft(7, {{"1101010", B(index), {}}, {"4102010", {}, B(index)}});
    draft.number_series = {"gl.voucher"};
    auto appended = ledger_->Append(draft);
    ASSERT_TRUE(appended.ok());
    source.push_back(appended->entry);
  }
  // Out of order: entry 2 before 1 does not extend the chain.
  auto out_of_order = other.Mirror({source[1]});
  EXPECT_EQ(out_of_order[0].status().stable_code(), "ledger.chain_mismatch");
  // Altered bytes: the hash no longer matches.
  Entry altered = source[0];
  altered.body["description"] = "แก้ไข";
  EXPECT_EQ(other.Mirror({altered})[0].status().stable_code(), "ledger.chain_mismatch");
  auto mirrored = other.Mirror(source);
  for (const auto& result : mirrored) ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(other.GetHead(7)->hash, ledger_->GetHead(7)->hash);
  EXPECT_TRUE(other.Mirror({source[2]})[0]->duplicate);
  // Balances (a projection) follow: 1 + 2 + 3 baht of cash.
  auto totals = other.Totals(7, {}, {});
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(totals->at(0).debit, B(6));
  auto report = other.Verify(7);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
  // Numbering continues after the mirrored official numbers.
  EntryDraft next = Draft(7, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}});
  next.number_series = {"gl.voucher"};
  EXPECT_EQ(other.Append(next)->entry.numbers.at("gl.voucher"), 4);
}

TEST_P(LedgerTest, ReplaceSuffixSwapsProvisionalEntriesForOfficialOnes) {
  auto other_db = testing::OpenFreshDb(GetParam());
  ASSERT_TRUE(other_db.ok());
  ASSERT_TRUE(store::ApplyMigrations(**other_db, Ledger::Migrations()).ok());
  Ledger centre(**other_db, clock_);
  centre.Start();
  // Entry 1 is shared; the edge (ledger_) then makes two provisional entries.
  EntryDraft base = Draft(7, {{"1101010", B(10), {}}, {"4102010", {}, B(10)}});
  base.number_series = {"gl.voucher"};
  auto shared = centre.Append(base);
  ASSERT_TRUE(shared.ok());
  ASSERT_TRUE(ledger_->Mirror({shared->entry})[0].ok());
  std::vector<EntryDraft> offline;
  for (int amount : {20, 30}) {
    EntryDraft draft = Draft(7, {{"1101010", B(amount), {}}, {"4102010", {}, B(amount)}});
    draft.number_series = {"gl.voucher"};
    draft.defer_numbers = true;
    draft.provisional_node = "E1";
    auto appended = ledger_->Append(draft);
    ASSERT_TRUE(appended.ok());
    offline.push_back(draft);
  }
  // The centre appends them at the same positions and numbers them.
  std::vector<Entry> official;
  for (size_t index = 0; index < offline.size(); ++index) {
    EntryDraft shipped = offline[index];
    shipped.defer_numbers = false;
    shipped.provisional_node.clear();
    shipped.origin = ledger_->Get(7, 2 + static_cast<int64_t>(index))->origin;
    shipped.expected_seq = 2 + static_cast<int64_t>(index);
    auto appended = centre.Append(shipped);
    ASSERT_TRUE(appended.ok()) << appended.status().ToString();
    official.push_back(appended->entry);
  }
  EXPECT_EQ(official[1].numbers.at("gl.voucher"), 3);
  EXPECT_EQ(DocumentNumberText(official[1], "บท. 3/2569"), "บท. 3/2569 (ชั่วคราว E1-000002)");
  // A suffix that does not continue at seq 2 is refused and changes nothing.
  EXPECT_EQ(ledger_->ReplaceSuffix(7, 2, official).stable_code(), "ledger.chain_mismatch");
  EXPECT_EQ(ledger_->GetHead(7)->seq, 3);
  ASSERT_TRUE(ledger_->ReplaceSuffix(7, 1, official).ok());
  EXPECT_EQ(ledger_->GetHead(7)->hash, centre.GetHead(7)->hash);
  EXPECT_EQ(ledger_->Get(7, 3)->numbers.at("gl.voucher"), 3);
  auto report = ledger_->Verify(7);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->orgs[0].problem;
  EXPECT_EQ(ledger_->Totals(7, {}, {})->at(0).debit, B(60));
  // The provisional series is not reset by the swap: the next offline entry is E1-000003.
  EntryDraft later = Draft(7, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}});
  later.number_series = {"gl.voucher"};
  later.defer_numbers = true;
  later.provisional_node = "E1";
  EXPECT_EQ(ledger_->Append(later)->entry.origin.provisional, "E1-000003");
}

// A hash read back from the store that is not one (damage) is refused for its organisation, with
// a stable code: it neither stops the process (ChainHash asserts on it) nor holds up others.
TEST_P(LedgerTest, ADamagedStoredHashRefusesItsOrganisationOnly) {
  ASSERT_TRUE(ledger_->Append(Draft(4, {{"1101010", B(1), {}}, {"4102010", {}, B(1)}})).ok());
  ASSERT_TRUE(ledger_->Append(Draft(5, {{"1101010", B(2), {}}, {"4102010", {}, B(2)}})).ok());
  const Entry first = *ledger_->Get(4, 1);
  ASSERT_TRUE(Exec("UPDATE ledger_heads SET hash = 'not a hash' WHERE org_id = 4").ok());
  // Two appends in flight together, so that one batch may hold both organisations.
  auto damaged = std::async(std::launch::async, [&] {
    return ledger_->Append(Draft(4, {{"1101010", B(3), {}}, {"4102010", {}, B(3)}}));
  });
  auto other = ledger_->Append(Draft(5, {{"1101010", B(4), {}}, {"4102010", {}, B(4)}}));
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(other->entry.seq, 2);
  const Result<Appended> refused = damaged.get();
  EXPECT_EQ(refused.status().stable_code(), "ledger.damaged_chain");
  EXPECT_FALSE(refused.status().message_th().empty());
  EXPECT_EQ(ledger_->GetHead(4)->seq, 1);  // nothing written for it
  // An entry from another node, and a replaced suffix, meet the same damage.
  Entry next = first;
  next.seq = 2;
  next.entry_id = NewUuid(random_);
  EXPECT_EQ(ledger_->Mirror({next})[0].status().stable_code(), "ledger.damaged_chain");
  ASSERT_TRUE(Exec("UPDATE ledger_heads SET hash = '" + first.hash + "' WHERE org_id = 4").ok());
  ASSERT_TRUE(Exec("UPDATE ledger_entries SET hash = 'XYZ' WHERE org_id = 4 AND seq = 1").ok());
  EXPECT_EQ(ledger_->ReplaceSuffix(4, 1, {next}).stable_code(), "ledger.damaged_chain");
}

INSTANTIATE_TEST_SUITE_P(Dialects, LedgerTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

TEST(Canonical, BytesAreSortedCompactJson) {
  Entry entry;
  entry.org = 12;
  entry.seq = 1;
  entry.entry_id = "00000000-0000-4000-8000-000000000001";
  entry.kind = "gl.voucher";
  entry.document_date = D("2025-10-05");
  entry.posting_date = D("2025-10-05");
  entry.fiscal_year = 2569;
  entry.author = "user:1";
  entry.recorded_at_ms = 5;
  entry.body = {{"z", 1}, {"a", "ก"}};
  entry.lines = {{"1101010", Money::FromSatang(150), {}}, {"4102010", {}, Money::FromSatang(150)}};
  entry.numbers = {{"gl.voucher", 3}};
  const std::string expected =
      R"({"author":"user:1","body":{"a":"ก","z":1},"document_date":"2025-10-05",)"
      R"("entry_id":"00000000-0000-4000-8000-000000000001","fiscal_year":2569,"format":1,)"
      R"("kind":"gl.voucher","lines":[{"account":"1101010","credit":0,"debit":150},)"
      R"({"account":"4102010","credit":150,"debit":0}],"numbers":{"gl.voucher":3},"org":12,)"
      R"("origin":{"type":"online"},"posting_date":"2025-10-05","recorded_at_ms":5,"seq":1})";
  EXPECT_EQ(CanonicalBytes(entry), expected);
  auto decoded = DecodeCanonical(expected);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(CanonicalBytes(*decoded), expected);
  // SHA-256 of 32 zero bytes followed by the canonical bytes, computed independently with
  // Python's hashlib (see tools/klang-verify-chain).
  EXPECT_EQ(ChainHash(GenesisHash(), expected),
            "3e250b95d07c783c4c1511526c243c42b5f21f22d1c2bac9839eee21b516af65");
  // Damaged bytes are refused as damage, never read past (fuzz/fuzz_canonical found a
  // "numbers" that was no object iterated regardless: undefined behaviour in simdjson).
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {R"("numbers":{"gl.voucher":3})", R"("numbers":::::::)"},
           {R"("numbers":{"gl.voucher":3})", R"("numbers":[1,2])"},
           {R"("numbers":{"gl.voucher":3})", R"("numbers":{"gl.voucher":"3"})"},
           {R"("lines":[)", R"("lines":7,"x":[)"},
           {R"("lines":[{"account")", R"("lines":[5,{"account")"},
           // A field repeated and another left out, the count still 14 (found by the fuzzer).
           {R"("posting_date":"2025-10-05")", R"("document_date":"2025-10-05")"}}) {
    std::string damaged = expected;
    damaged.replace(damaged.find(from), from.size(), to);
    auto refused = DecodeCanonical(damaged);
    EXPECT_FALSE(refused.ok()) << damaged;
    if (!refused.ok()) {
      EXPECT_EQ(refused.status().stable_code(), "ledger.decode");
    }
  }
}

// CanonicalBytes writes the canonical JSON piece by piece; the bytes must be exactly what the
// JSON object dumps, for any text (escapes, Thai, four-byte UTF-8), body, origin and integer.
TEST(Canonical, BytesAreWhatTheCanonicalJsonObjectDumps) {
  std::mt19937_64 random(20261206);
  const std::vector<std::string> pieces = {"a",  "Z", "0", " ",  "/",  "ก",    "฿",  "é", "€",
                                           "𝄞", "\"", "\\", "\n", "\t", "\x01", "\x1f", "\x7f", "{}"};
  auto text = [&](size_t most) {
    std::string out;
    for (size_t count = random() % (most + 1); count > 0; --count) out += pieces[random() % pieces.size()];
    return out;
  };
  auto integer = [&]() -> int64_t {
    switch (random() % 4) {
      case 0: return INT64_MAX;
      case 1: return INT64_MIN;
      case 2: return -static_cast<int64_t>(random() % 1000);
      default: return static_cast<int64_t>(random() % 10'000'000'000);
    }
  };
  std::function<nlohmann::json(int)> value = [&](int depth) -> nlohmann::json {
    switch (depth > 2 ? random() % 4 : random() % 6) {
      case 0: return text(4);
      case 1: return integer();
      case 2: return random() % 2 == 0;
      case 3: return nullptr;
      case 4: {
        nlohmann::json object = nlohmann::json::object();
        for (size_t count = random() % 4; count > 0; --count) object[text(3)] = value(depth + 1);
        return object;
      }
      default: {
        nlohmann::json array = nlohmann::json::array();
        for (size_t count = random() % 4; count > 0; --count) array.push_back(value(depth + 1));
        return array;
      }
    }
  };
  for (int round = 0; round < 3000; ++round) {
    Entry entry;
    entry.org = integer();
    entry.seq = integer();
    entry.entry_id = text(6);
    entry.kind = text(3);
    entry.document_date = D("2025-10-05").AddDays(static_cast<int64_t>(random() % 400));
    entry.posting_date = D("2025-10-01").AddDays(static_cast<int64_t>(random() % 400));
    entry.fiscal_year = static_cast<int>(random() % 3000);
    entry.author = text(5);
    entry.recorded_at_ms = integer();
    for (size_t count = random() % 4; count > 0; --count) entry.body[text(3)] = value(0);
    for (size_t count = random() % 5; count > 0; --count) {
      entry.lines.push_back({text(3), Money::FromSatang(integer()), Money::FromSatang(integer())});
    }
    for (size_t count = random() % 4; count > 0; --count) entry.numbers[text(3)] = integer();
    entry.origin.type = static_cast<Origin::Type>(random() % 3);
    if (entry.origin.type == Origin::Type::kEdge) {
      entry.origin.node = text(2);
      entry.origin.provisional = text(3);
    } else if (entry.origin.type == Origin::Type::kPaper) {
      entry.origin = {Origin::Type::kPaper, "", "", text(2), text(2), text(3)};
    }
    const std::string dumped =
        CanonicalJson(entry).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    ASSERT_EQ(CanonicalBytes(entry), dumped) << "round " << round;

    // The writer's way: what a draft fixes, encoded first, then joined with what it decides.
    EntryDraft draft;
    draft.org = entry.org;
    draft.entry_id = entry.entry_id;
    draft.kind = entry.kind;
    draft.document_date = entry.document_date;
    draft.posting_date = entry.posting_date;
    draft.fiscal_year = entry.fiscal_year;
    draft.origin = entry.origin;
    draft.author = entry.author;
    draft.body = entry.body;
    draft.lines = entry.lines;
    ASSERT_EQ(AssembleCanonical(CanonicalFrameOf(draft), entry.numbers, entry.recorded_at_ms, entry.seq),
              dumped)
        << "round " << round;
  }
  // Text that is not UTF-8 is refused as the JSON object's dump refuses it.
  Entry broken;
  broken.document_date = broken.posting_date = D("2025-10-05");
  broken.author = "user:\xff";
  EXPECT_THROW(CanonicalJson(broken).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict),
               nlohmann::json::type_error);
  EXPECT_THROW(CanonicalBytes(broken), nlohmann::json::type_error);
}

// Verify's decoding: the bytes read where they lie, a body no check reads checked but not built.
TEST(Canonical, VerifyDecodingChecksABodyItDoesNotBuild) {
  const std::string expected =
      R"({"author":"user:1","body":{"a":"ก","n":[1,2.5,{"x":null,"y":true}]},"document_date":"2025-10-05",)"
      R"("entry_id":"00000000-0000-4000-8000-000000000001","fiscal_year":2569,"format":1,)"
      R"("kind":"gl.voucher","lines":[{"account":"1101010","credit":0,"debit":150},)"
      R"({"account":"4102010","credit":150,"debit":0}],"numbers":{"gl.voucher":3},"org":12,)"
      R"("origin":{"type":"online"},"posting_date":"2025-10-05","recorded_at_ms":5,"seq":1})";
  auto decode = [](const std::string& bytes, BodyDecoding body) {
    std::string padded = bytes + std::string(kDecodeReadAheadBytes, '\0');
    return DecodeCanonical(std::string_view(padded.data(), bytes.size()), body);
  };
  auto built = decode(expected, BodyDecoding::kValue);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(CanonicalBytes(*built), expected);
  auto checked = decode(expected, BodyDecoding::kCheckOnly);
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_TRUE(checked->body.is_object() && checked->body.empty());
  EXPECT_EQ(checked->lines, built->lines);
  EXPECT_EQ(checked->numbers, built->numbers);
  EXPECT_EQ(checked->entry_id, built->entry_id);

  // Decoding into a used entry leaves nothing of the one before.
  Entry reused = *built;
  reused.origin = {Origin::Type::kPaper, "", "", "3", "45", "2025-10-01"};
  reused.lines.push_back({"9999999", Money::FromSatang(1), {}});
  ASSERT_TRUE(DecodeCanonicalInto(std::string_view(expected.c_str(), expected.size()), BodyDecoding::kCheckOnly, reused)
                  .ok());
  EXPECT_EQ(reused.lines, built->lines);
  EXPECT_EQ(reused.origin, built->origin);
  EXPECT_TRUE(reused.body.empty());

  // Keys in another order are still the same entry; a body that is no JSON, an escaped key or a
  // repeated key is damage either way.
  std::string reordered = expected;
  reordered.replace(reordered.find(R"("org":12,)"), 9, "");
  reordered.replace(reordered.find(R"("author")"), 0, R"("org":12,)");
  EXPECT_TRUE(decode(reordered, BodyDecoding::kCheckOnly).ok());
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {R"("y":true)", R"("y" true)"},
           {R"("y":true)", R"("y":tru)"},
           {R"(2.5)", R"(2.5.5)"},
           {R"("body":{)", R"("body":[{)"},
           {R"("kind")", R"("ki\u006ed")"},
           {R"("org":12)", R"("seq":12)"}}) {
    std::string damaged = expected;
    damaged.replace(damaged.find(from), from.size(), to);
    for (BodyDecoding body : {BodyDecoding::kCheckOnly, BodyDecoding::kValue}) {
      auto refused = decode(damaged, body);
      EXPECT_FALSE(refused.ok()) << damaged;
    }
  }
}

}  // namespace
}  // namespace klang::ledger
