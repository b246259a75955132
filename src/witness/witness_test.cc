// Witness tests: keys and signatures, what a witness refuses, the signing schedule, delivery to a
// witness that is down, and the insider's rewrite — one voucher's amounts changed, every later
// hash recomputed, the head moved and the projections rebuilt, which `verify` alone passes —
// caught against the witness at 100 random places on SQLite and on PostgreSQL, with the local
// copies of the checkpoints rewritten too; history cut off at the end; a printed document's check.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <random>

#include "closing/kinds.h"
#include "tests/support/test_db.h"
#include "witness/checkpoints.h"
#include "witness/document_check.h"
#include "witness/witness_store.h"

namespace klang::witness {
namespace {

using ledger::EntryDraft;
using ledger::Ledger;

constexpr int64_t kHourMs = 3'600'000;

// A witness in this process: the real store on its own SQLite database; it can be "down".
class LocalWitness final : public WitnessClient {
 public:
  explicit LocalWitness(WitnessStore& store) : store_(store) {}
  const std::string& name() const override { return name_; }
  Result<std::vector<Status>> Deliver(const std::vector<SignedCheckpoint>& checkpoints) override {
    if (down) return Status::Unavailable("witness.unreachable", "down");
    std::vector<Status> answers;
    for (const auto& checkpoint : checkpoints) answers.push_back(store_.Receive(checkpoint).status());
    return answers;
  }
  Result<std::vector<SignedCheckpoint>> Fetch(std::optional<int64_t> org) override { return store_.List(org); }
  Result<std::vector<SignedCheckpoint>> FetchLatest() override {
    if (down) return Status::Unavailable("witness.unreachable", "down");
    return store_.Latest(std::nullopt);
  }
  bool down = false;

 private:
  WitnessStore& store_;
  std::string name_ = "local-witness";
};

TEST(Keys, SaveLoadSignAndVerify) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "node.key").string();
  const SigningKey key = SigningKey::Generate();
  ASSERT_TRUE(key.Save(path).ok());
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(key.Save(path).stable_code(), "witness.key_exists");  // never overwritten
  auto loaded = SigningKey::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->public_key().id, key.public_key().id);
  auto published = LoadPublicKeys({path + ".pub"});
  ASSERT_TRUE(published.ok());
  ASSERT_EQ(published->size(), 1u);
  EXPECT_EQ((*published)[0].bytes, key.public_key().bytes);
  const std::string signature = loaded->Sign("message");
  EXPECT_TRUE(VerifySignature((*published)[0], "message", signature));
  EXPECT_FALSE(VerifySignature((*published)[0], "messagE", signature));
  ::chmod(path.c_str(), 0644);
  EXPECT_EQ(SigningKey::Load(path).status().stable_code(), "witness.key_mode");
  EXPECT_EQ(ParsePublicKeys("no key here").status().stable_code(), "witness.key_file");
}

TEST(Checkpoints, SignedBytesAndJsonRoundTrip) {
  const SigningKey key = SigningKey::Generate();
  const SignedCheckpoint one = Sign(key, {12, 2, std::string(64, 'a'), 1'700'000'000'000, "", Reason::kDayEnd});
  EXPECT_EQ(SigningBytes(one.checkpoint),
            "{\"format\":1,\"hash\":\"" + std::string(64, 'a') + "\",\"key_id\":\"" + key.public_key().id +
                "\",\"org\":12,\"reason\":\"day_end\",\"seq\":2,\"signed_at_ms\":1700000000000,\"type\":\"klang.checkpoint\"}");
  auto back = FromJson(nlohmann::json::parse(ToJson(one).dump()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(CheckSignature(*back, {key.public_key()}).ok());
  SignedCheckpoint altered = *back;
  altered.checkpoint.seq = 3;
  EXPECT_EQ(CheckSignature(altered, {key.public_key()}).stable_code(), "witness.bad_signature");
  EXPECT_EQ(CheckSignature(one, {SigningKey::Generate().public_key()}).stable_code(), "witness.unknown_key");
  nlohmann::json broken = ToJson(one);
  broken["checkpoint"]["hash"] = "XYZ";
  EXPECT_EQ(FromJson(broken).status().stable_code(), "witness.checkpoint_form");
}

class WitnessStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::OpenFreshDb(store::Dialect::kSqlite);
    ASSERT_TRUE(db.ok());
    db_ = std::move(db).value();
    ASSERT_TRUE(store::ApplyMigrations(*db_, WitnessStore::Migrations()).ok());
  }
  ManualClock clock_{1'759'651'200'000};
  std::unique_ptr<store::Db> db_;
};

TEST_F(WitnessStoreTest, RefusesForeignKeysGoingBackAndForks) {
  const SigningKey old_key = SigningKey::Generate(), new_key = SigningKey::Generate();
  WitnessStore witness(*db_, {old_key.public_key(), new_key.public_key()}, clock_, std::set<int64_t>{5, 6});
  const std::string a(64, 'a'), b(64, 'b');
  ASSERT_EQ(*witness.Receive(Sign(old_key, {5, 10, a, 1, "", Reason::kHourly})), Received::kAccepted);
  EXPECT_EQ(*witness.Receive(Sign(old_key, {5, 10, a, 2, "", Reason::kHourly})), Received::kAlreadyHeld);
  // Key rotation: the new key continues; the old key's checkpoints stay and still verify.
  ASSERT_EQ(*witness.Receive(Sign(new_key, {5, 20, b, 3, "", Reason::kHourly})), Received::kAccepted);
  EXPECT_EQ(witness.Receive(Sign(new_key, {5, 15, b, 4, "", Reason::kHourly})).status().stable_code(),
            "witness.back_in_time");
  EXPECT_EQ(witness.Receive(Sign(new_key, {5, 20, a, 5, "", Reason::kHourly})).status().stable_code(), "witness.fork");
  EXPECT_EQ(witness.Receive(Sign(SigningKey::Generate(), {5, 30, a, 6, "", Reason::kHourly})).status().stable_code(),
            "witness.unknown_key");
  EXPECT_EQ(witness.Receive(Sign(new_key, {7, 1, a, 7, "", Reason::kHourly})).status().stable_code(),
            "witness.org_not_kept");
  SignedCheckpoint forged = Sign(new_key, {5, 30, a, 8, "", Reason::kHourly});
  forged.checkpoint.hash = b;
  EXPECT_EQ(witness.Receive(forged).status().stable_code(), "witness.bad_signature");
  auto held = witness.List(5);
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 2u);
  for (const auto& one : *held) EXPECT_TRUE(CheckSignature(one, witness.trusted()).ok());
  EXPECT_EQ((*held)[0].checkpoint.key_id, old_key.public_key().id);
}

// Books of several organisations with checkpoints signed along the way and delivered to a witness.
class BooksTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  static constexpr int64_t kOrgs = 4;
  static constexpr int kEntriesPerRound = 12;
  static constexpr int kRounds = 4;

  void SetUp() override {
    auto db = testing::OpenFreshDb(GetParam());
    if (!db.ok() && db.status().stable_code() == "test.no_postgres") GTEST_SKIP();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(store::ApplyMigrations(*db_, Ledger::Migrations()).ok());
    ASSERT_TRUE(store::ApplyMigrations(*db_, CheckpointService::Migrations()).ok());
    auto witness_db = testing::OpenFreshDb(store::Dialect::kSqlite);
    ASSERT_TRUE(witness_db.ok());
    witness_db_ = std::move(witness_db).value();
    ASSERT_TRUE(store::ApplyMigrations(*witness_db_, WitnessStore::Migrations()).ok());
    witness_store_ = std::make_unique<WitnessStore>(*witness_db_, std::vector<PublicKey>{key_.public_key()}, clock_);
    auto client = std::make_unique<LocalWitness>(*witness_store_);
    witness_ = client.get();
    std::vector<std::unique_ptr<WitnessClient>> clients;
    clients.push_back(std::move(client));
    ledger_ = std::make_unique<Ledger>(*db_, clock_);
    ledger_->Start();
    checkpoints_ = std::make_unique<CheckpointService>(*db_, *ledger_, &key_, std::vector<PublicKey>{},
                                                       std::move(clients), clock_);
    checkpoints_->SetLog([this](const std::string& line) { log_.push_back(line); });
  }
  void TearDown() override {
    checkpoints_.reset();
    ledger_.reset();
  }

  EntryDraft Draft(int64_t org, int64_t satang, const std::string& kind = "gl.voucher") {
    EntryDraft draft;
    draft.org = org;
    draft.entry_id = NewUuid(random_);
    draft.kind = kind;
    draft.document_date = clock_.TodayInThailand();
    draft.posting_date = draft.document_date;
    draft.fiscal_year = FiscalYearOf(draft.document_date);
    draft.author = "user:1";
    draft.body = {{"description", "ค่าธรรมเนียม"}};
    if (kind == "gl.voucher") {
      draft.lines = {{"1101010", Money::FromSatang(satang), {}}, {"4102010", {}, Money::FromSatang(satang)}};
    }
    return draft;
  }

  // kRounds rounds: entries for every organisation, then a checkpoint of each, delivered.
  void BuildBooks() {
    for (int round = 0; round < kRounds; ++round) {
      for (int64_t org = 1; org <= kOrgs; ++org) {
        for (int i = 0; i < kEntriesPerRound; ++i) ASSERT_TRUE(ledger_->Append(Draft(org, 100 + i * 7 + org)).ok());
      }
      auto signed_count = checkpoints_->SignDue(/*on_demand=*/true);
      ASSERT_TRUE(signed_count.ok()) << signed_count.status().ToString();
      ASSERT_EQ(*signed_count, static_cast<size_t>(kOrgs));
      ASSERT_EQ(*checkpoints_->Deliver(), static_cast<size_t>(kOrgs));
      clock_.AdvanceMillis(5 * 60'000);
    }
  }

  struct Row {
    int64_t seq;
    std::string hash, canonical;
  };
  std::vector<Row> ReadChain(int64_t org) {
    auto lease = db_->Acquire();
    auto rows = (*lease)->Query("SELECT seq, hash, canonical FROM ledger_entries WHERE org_id = $1 ORDER BY seq", {org});
    EXPECT_TRUE(rows.ok());
    std::vector<Row> out;
    for (const auto& row : *rows) out.push_back({row.Int(0), row.Text(1), row.Text(2)});
    return out;
  }
  // Writes `chain` back as org's entries and head (what an insider with the database can do).
  void WriteChain(int64_t org, const std::vector<Row>& chain) {
    ASSERT_TRUE(store::InTransaction(*db_, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
                  for (const auto& row : chain) {
                    KLANG_RETURN_IF_ERROR(tx.Query("UPDATE ledger_entries SET hash = $1, canonical = $2 WHERE org_id = $3 AND seq = $4",
                                                   {row.hash, row.canonical, org, row.seq})
                                              .status());
                  }
                  return tx.Query("UPDATE ledger_heads SET seq = $1, hash = $2 WHERE org_id = $3",
                                  {chain.back().seq, chain.back().hash, org})
                      .status();
                }).ok());
  }
  // The insider's rewrite: the amounts of entry `seq` changed on both sides, every later hash
  // recomputed with the published formula.
  std::vector<Row> Rewritten(std::vector<Row> chain, int64_t seq, int64_t satang) {
    std::string previous = ledger::GenesisHash();
    for (auto& row : chain) {
      if (row.seq == seq) {
        auto entry = nlohmann::json::parse(row.canonical);
        entry["lines"][0]["debit"] = satang;
        entry["lines"][1]["credit"] = satang;
        row.canonical = entry.dump(-1, ' ', false);
      }
      row.hash = ledger::ChainHash(previous, row.canonical);
      previous = row.hash;
    }
    return chain;
  }
  // Every checkpoint's local copy of `org` made to agree with the rewritten chain.
  void RewriteLocalCopies(int64_t org, const std::vector<Row>& chain) {
    for (const auto& row : chain) {
      auto lease = db_->Acquire();
      ASSERT_TRUE((*lease)->Query("UPDATE witness_local_checkpoints SET hash = $1 WHERE org_id = $2 AND seq = $3",
                                  {row.hash, org, row.seq})
                      .ok());
    }
  }

  ManualClock clock_{1'759'651'200'000};  // 2025-10-05T08:00:00Z
  SystemRandom random_;
  SigningKey key_ = SigningKey::Generate();
  std::unique_ptr<store::Db> db_, witness_db_;
  std::unique_ptr<WitnessStore> witness_store_;
  LocalWitness* witness_ = nullptr;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<CheckpointService> checkpoints_;
  std::vector<std::string> log_;
};

TEST_P(BooksTest, ARewriteAtAHundredRandomPlacesIsCaughtAgainstTheWitness) {
  BuildBooks();
  auto witnessed = witness_->Fetch(std::nullopt);
  ASSERT_TRUE(witnessed.ok());
  const ledger::Anchors anchors = AnchorsOf(*witnessed);
  std::mt19937_64 rng(20261205);
  const int64_t covered = kRounds * kEntriesPerRound;  // every entry lies under a checkpoint
  for (int trial = 0; trial < 100; ++trial) {
    const int64_t org = 1 + static_cast<int64_t>(rng() % kOrgs);
    const int64_t seq = 1 + static_cast<int64_t>(rng() % covered);
    const std::vector<Row> original = ReadChain(org);
    const std::vector<Row> rewritten = Rewritten(original, seq, 999'999 + trial);
    WriteChain(org, rewritten);
    if (trial % 2 == 1) RewriteLocalCopies(org, rewritten);
    ASSERT_TRUE(ledger_->Rebuild(org).ok());
    // The chain alone cannot tell: every hash and every projection agrees.
    auto plain = ledger_->Verify(org);
    ASSERT_TRUE(plain.ok());
    ASSERT_TRUE(plain->ok()) << "trial " << trial << ": " << plain->orgs[0].problem;
    auto report = ledger_->Verify(std::nullopt, {}, &anchors);
    ASSERT_TRUE(report.ok());
    for (const auto& one : report->orgs) {
      if (one.org != org) {
        EXPECT_TRUE(one.ok) << "trial " << trial << " org " << one.org << ": " << one.problem;
        continue;
      }
      ASSERT_FALSE(one.ok) << "trial " << trial << ": the rewrite of org " << org << " seq " << seq << " passed";
      EXPECT_LE(one.range_from, seq) << one.problem;
      EXPECT_GE(one.range_to, seq) << one.problem;
      EXPECT_LE(one.range_to - one.range_from + 1, kEntriesPerRound) << one.problem;
    }
    WriteChain(org, original);
    if (trial % 2 == 1) RewriteLocalCopies(org, original);
    ASSERT_TRUE(ledger_->Rebuild(org).ok());
  }
  auto whole = ledger_->Verify(std::nullopt, {}, &anchors);
  ASSERT_TRUE(whole.ok());
  EXPECT_TRUE(whole->ok());
  for (const auto& one : whole->orgs) EXPECT_EQ(one.anchors_checked, kRounds);
}

// The rewrite stops short: hashes recomputed up to just before a checkpoint, the stored hash after
// left as it was. The damage must still be placed before the first checkpoint that disagrees, not
// at the place the insider chose to leave a hash mismatch.
TEST_P(BooksTest, ARewriteThatLeavesALaterHashAsItWasIsStillPlacedByTheWitness) {
  BuildBooks();
  const ledger::Anchors anchors = AnchorsOf(*witness_->Fetch(std::nullopt));
  const int64_t org = 1, seq = kEntriesPerRound + 1;  // just after the first checkpoint
  const std::vector<Row> original = ReadChain(org);
  std::vector<Row> partly = Rewritten(original, seq, 4'242);
  for (size_t i = 0; i < partly.size(); ++i) {
    if (partly[i].seq >= 2 * kEntriesPerRound - 1) partly[i].hash = original[i].hash;  // left as it was
  }
  WriteChain(org, partly);
  auto report = ledger_->Verify(org, {}, &anchors);
  ASSERT_TRUE(report.ok());
  const auto& result = report->orgs.at(0);
  ASSERT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, seq) << result.problem;
  EXPECT_EQ(result.range_from, seq) << result.problem;
  EXPECT_EQ(result.range_to, 2 * kEntriesPerRound) << result.problem;
}

TEST_P(BooksTest, HistoryCutOffAndTheHeadRolledBackIsCaught) {
  BuildBooks();
  const int64_t org = 2;
  const std::vector<Row> chain = ReadChain(org);
  const int64_t keep = kEntriesPerRound * 2 + 5;  // past the second checkpoint, before the third
  {
    auto lease = db_->Acquire();
    ASSERT_TRUE((*lease)->Query("DELETE FROM ledger_entries WHERE org_id = $1 AND seq > $2", {org, keep}).ok());
  }
  WriteChain(org, std::vector<Row>(chain.begin(), chain.begin() + keep));
  ASSERT_TRUE(ledger_->Rebuild(org).ok());
  ASSERT_TRUE(ledger_->Verify(org)->ok());
  auto witnessed = witness_->Fetch(std::nullopt);
  const ledger::Anchors anchors = AnchorsOf(*witnessed);
  auto report = ledger_->Verify(org, {}, &anchors);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->orgs[0].ok);
  EXPECT_EQ(report->orgs[0].range_from, keep + 1);
  EXPECT_EQ(report->orgs[0].range_to, kRounds * kEntriesPerRound);
  EXPECT_NE(report->orgs[0].problem.find("removed"), std::string::npos);
}

TEST_P(BooksTest, TheSignerWillNotSignOverARewrittenHistory) {
  BuildBooks();
  const int64_t org = 3;
  WriteChain(org, Rewritten(ReadChain(org), 5, 123'456));
  ASSERT_TRUE(ledger_->Append(Draft(org, 500)).ok());
  auto signed_count = checkpoints_->SignDue(/*on_demand=*/true);
  ASSERT_TRUE(signed_count.ok());
  EXPECT_EQ(*signed_count, 0u);
  auto state = checkpoints_->StateOf(org);
  ASSERT_TRUE(state.ok());
  EXPECT_NE(state->refused_to_sign.find("does not extend"), std::string::npos);
  ASSERT_FALSE(log_.empty());
}

// The insider also deletes this node's copies of the checkpoints above the rewrite, hoping the node
// re-hashes from an older copy and signs the rewritten head. It re-hashes from what the witness
// holds — learnt from the witness, in memory, and by a restarted node from the witness again.
TEST_P(BooksTest, DeletingTheLocalCopiesDoesNotGetARewrittenHistorySigned) {
  BuildBooks();
  const int64_t org = 2;
  WriteChain(org, Rewritten(ReadChain(org), 2 * kEntriesPerRound + 3, 31'337));
  {
    auto lease = db_->Acquire();
    ASSERT_TRUE((*lease)->Query("DELETE FROM witness_local_checkpoints WHERE org_id = $1 AND seq > $2",
                                {org, int64_t{kEntriesPerRound}})
                    .ok());
  }
  ASSERT_TRUE(ledger_->Append(Draft(org, 700)).ok());
  EXPECT_EQ(*checkpoints_->SignDue(/*on_demand=*/true), 0u);
  EXPECT_NE(checkpoints_->StateOf(org)->refused_to_sign.find("does not extend its checkpoint at seq 48"),
            std::string::npos);
  // A node started afresh learns the witness's latest checkpoints before it signs anything.
  std::vector<std::unique_ptr<WitnessClient>> clients;
  clients.push_back(std::make_unique<LocalWitness>(*witness_store_));
  CheckpointService restarted(*db_, *ledger_, &key_, {}, std::move(clients), clock_);
  restarted.SetLog([](const std::string&) {});
  EXPECT_EQ(*restarted.SignDue(/*on_demand=*/true), 0u);
  EXPECT_NE(restarted.StateOf(org)->refused_to_sign.find("does not extend"), std::string::npos);
  EXPECT_EQ(witness_->Fetch(org)->back().checkpoint.seq, kRounds * kEntriesPerRound);
}

TEST_P(BooksTest, AnEdgeNodeKeepingOnlyItsOwnOrganisationIsNoRefusal) {
  auto edge_db = testing::OpenFreshDb(store::Dialect::kSqlite);
  ASSERT_TRUE(edge_db.ok());
  ASSERT_TRUE(store::ApplyMigrations(**edge_db, WitnessStore::Migrations()).ok());
  WitnessStore edge(**edge_db, {key_.public_key()}, clock_, std::set<int64_t>{3});
  std::vector<std::unique_ptr<WitnessClient>> clients;
  clients.push_back(std::make_unique<LocalWitness>(edge));
  CheckpointService centre(*db_, *ledger_, &key_, {}, std::move(clients), clock_);
  for (int64_t org = 1; org <= kOrgs; ++org) ASSERT_TRUE(ledger_->Append(Draft(org, 100)).ok());
  ASSERT_EQ(*centre.SignDue(true), static_cast<size_t>(kOrgs));
  EXPECT_EQ(*centre.Deliver(true), 1u);  // its own organisation's
  EXPECT_EQ(centre.refused(), 0u);
  EXPECT_EQ(centre.StateOf(1)->witnesses.at(0).last_error, "");
  EXPECT_EQ(edge.List(std::nullopt)->size(), 1u);
  // Passed over is not witnessed: only organisation 3's copy counts as held by a witness.
  EXPECT_TRUE(centre.Copies(1, /*witnessed_only=*/true)->empty());
  EXPECT_EQ(centre.Copies(3, /*witnessed_only=*/true)->size(), 1u);
}

TEST_P(BooksTest, ScheduleHourlyAtDayEndAndAtAClose) {
  ASSERT_TRUE(ledger_->Append(Draft(1, 100)).ok());
  EXPECT_EQ(*checkpoints_->SignDue(false), 1u);  // the first checkpoint at once
  ASSERT_TRUE(ledger_->Append(Draft(1, 200)).ok());
  clock_.AdvanceMillis(30 * 60'000);
  EXPECT_EQ(*checkpoints_->SignDue(false), 0u);  // within the hour
  clock_.AdvanceMillis(31 * 60'000);
  EXPECT_EQ(*checkpoints_->SignDue(false), 1u);
  EXPECT_EQ(*checkpoints_->SignDue(false), 0u);  // the books did not change
  ASSERT_TRUE(ledger_->Append(Draft(1, 300, closing::kKindMonthClose)).ok());
  EXPECT_EQ(*checkpoints_->SignDue(false), 1u);  // a month closed: at once
  ASSERT_TRUE(ledger_->Append(Draft(1, 400)).ok());
  clock_.AdvanceMillis(16 * kHourMs);  // past midnight in Thailand (UTC+7), within the hour's look
  EXPECT_EQ(*checkpoints_->SignDue(false), 1u);
  auto copies = checkpoints_->Copies(1, /*witnessed_only=*/false);
  ASSERT_TRUE(copies.ok());
  ASSERT_EQ(copies->size(), 4u);
  EXPECT_EQ((*copies)[0].checkpoint.reason, Reason::kHourly);
  EXPECT_EQ((*copies)[1].checkpoint.reason, Reason::kHourly);
  EXPECT_EQ((*copies)[2].checkpoint.reason, Reason::kMonthClose);
  EXPECT_EQ((*copies)[3].checkpoint.reason, Reason::kHourly);  // 16 h since the last is also an hour
  clock_.SetUnixMillis(1'759'769'400'000);  // 2025-10-06T16:50Z: 23:50 in Thailand
  ASSERT_TRUE(ledger_->Append(Draft(1, 500)).ok());
  EXPECT_EQ(*checkpoints_->SignDue(false), 1u);
  ASSERT_TRUE(ledger_->Append(Draft(1, 600)).ok());
  clock_.AdvanceMillis(20 * 60'000);  // 00:10 the next day: the day's end, though not an hour since
  EXPECT_EQ(*checkpoints_->SignDue(false), 1u);
  EXPECT_EQ(checkpoints_->Copies(1, false)->back().checkpoint.reason, Reason::kDayEnd);
}

TEST_P(BooksTest, AWitnessThatIsDownGetsEverythingWhenItReturns) {
  witness_->down = true;
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(ledger_->Append(Draft(1, 100 + round)).ok());  // posting goes on
    ASSERT_EQ(*checkpoints_->SignDue(true), 1u);
    EXPECT_EQ(*checkpoints_->Deliver(/*ignore_backoff=*/true), 0u);
  }
  auto waiting = checkpoints_->StateOf(1);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->witnesses.at(0).seq, 0);
  EXPECT_NE(waiting->witnesses.at(0).last_error, "");
  witness_->down = false;
  EXPECT_EQ(*checkpoints_->Deliver(/*ignore_backoff=*/true), 3u);
  auto state = checkpoints_->StateOf(1);
  EXPECT_EQ(state->witnesses.at(0).seq, 3);
  EXPECT_EQ(state->witnesses.at(0).last_error, "");
  EXPECT_EQ(witness_->Fetch(1)->size(), 3u);
}

TEST_P(BooksTest, APrintedDocumentChecksValidThenNotValidAfterARewrite) {
  auto kinds = sync::DocumentKinds::FromCsv(testing::ReadSourceFile("data/document_kinds.csv"),
                                            testing::ReadSourceFile("data/number_series.csv"));
  ASSERT_TRUE(kinds.ok());
  ASSERT_TRUE(store::ApplyMigrations(*db_, org::OrgDirectory::Migrations()).ok());
  org::OrgDirectory orgs(*db_);
  DocumentChecker checker(*ledger_, orgs, *kinds, *checkpoints_);
  BuildBooks();
  auto late = ledger_->Append(Draft(1, 4321));  // after the last checkpoint
  ASSERT_TRUE(late.ok());
  auto entry = ledger_->Get(1, 7);
  ASSERT_TRUE(entry.ok());
  const std::string code = CheckCodeFor(*entry);
  auto valid = checker.Check(code);
  ASSERT_TRUE(valid.ok());
  ASSERT_TRUE(valid->has_value());
  EXPECT_EQ((*valid)->verdict, Verdict::kValid);
  EXPECT_EQ((*valid)->amount, entry->TotalDebit());
  EXPECT_TRUE((*valid)->witnessed);
  auto awaiting = checker.Check(CheckCodeFor(late->entry));
  ASSERT_TRUE(awaiting.ok() && awaiting->has_value());
  EXPECT_EQ((*awaiting)->verdict, Verdict::kAwaiting);
  // A guessed tag and an unknown document get the same answer: nothing.
  std::string guessed = code;
  guessed.back() = guessed.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(checker.Check(guessed)->has_value());
  EXPECT_FALSE(checker.Check("1-9999-0123456789")->has_value());
  EXPECT_FALSE(checker.Check("nonsense")->has_value());
  // Lower case and O for 0 are forgiven.
  std::string typed = code;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(checker.Check(typed)->has_value());
  WriteChain(1, Rewritten(ReadChain(1), 7, 777));
  EXPECT_EQ((*checker.Check(code))->verdict, Verdict::kValid);  // the interval's verdict is kept a while
  clock_.AdvanceMillis(6 * 60'000);
  auto altered = checker.Check(code);
  ASSERT_TRUE(altered.ok() && altered->has_value());
  EXPECT_EQ((*altered)->verdict, Verdict::kNotValid);
}

INSTANTIATE_TEST_SUITE_P(Dialects, BooksTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace klang::witness
