#include "witness/checkpoints.h"

#include <algorithm>
#include <cstdio>

#include "closing/kinds.h"
#include "closing/year_end.h"
#include "core/date.h"
#include "witness/kinds.h"

namespace klang::witness {
namespace {

using store::Connection;
using store::Rows;

constexpr char kCopyColumns[] = "SELECT org_id, seq, hash, signed_at_ms, key_id, reason, signature, id "
                                "FROM witness_local_checkpoints";
constexpr size_t kRehashChunkEntries = 2'000;

// Refusals for good: the witness holds a later or another history of the organisation. Delivery
// goes on past them (they are recorded). An edge node refusing an organisation it does not keep
// (kOrgNotKept) is no refusal at all. Any other refusal (the witness does not trust this key yet, a
// form it cannot read) may pass once its operator acts: delivery stops there and is tried again.
bool RefusedForGood(const Status& status) {
  return status.stable_code() == kBackInTime || status.stable_code() == kFork;
}

Date ThaiDayOf(int64_t unix_ms) { return ThaiDateFromUnixSeconds(unix_ms / 1000); }

constexpr char kCannotSign[] = "cannot sign: ";

}  // namespace

CheckpointService::CheckpointService(store::Db& db, ledger::Ledger& ledger, const SigningKey* key,
                                     std::vector<PublicKey> trusted,
                                     std::vector<std::unique_ptr<WitnessClient>> witnesses, const Clock& clock,
                                     ScheduleOptions options)
    : db_(db),
      ledger_(ledger),
      key_(key),
      trusted_(std::move(trusted)),
      witnesses_(std::move(witnesses)),
      clock_(clock),
      options_(options),
      log_([](const std::string& line) { std::fprintf(stderr, "klang checkpoints: %s\n", line.c_str()); }),
      retry_at_ms_(witnesses_.size(), 0),
      retry_delay_ms_(witnesses_.size(), options.retry_ms_first),
      delivering_(witnesses_.size()) {
  if (key_ != nullptr) trusted_.push_back(key_->public_key());
}

CheckpointService::~CheckpointService() { Stop(); }

std::vector<store::Migration> CheckpointService::Migrations() {
  return {{"witness", 1, R"SQL(
CREATE TABLE witness_local_checkpoints (
  id {ID_PK},
  org_id {INT} NOT NULL,
  seq {INT} NOT NULL,
  hash TEXT NOT NULL,
  signed_at_ms {INT} NOT NULL,
  key_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  signature TEXT NOT NULL,
  UNIQUE (org_id, seq)
) {STRICT};
CREATE TABLE witness_delivery_cursors (
  witness TEXT PRIMARY KEY,
  through_id {INT} NOT NULL,
  last_error TEXT NOT NULL,
  last_attempt_ms {INT} NOT NULL
) {STRICT};
CREATE TABLE witness_witnessed (
  witness TEXT NOT NULL,
  org_id {INT} NOT NULL,
  seq {INT} NOT NULL,
  signed_at_ms {INT} NOT NULL,
  accepted_at_ms {INT} NOT NULL,
  PRIMARY KEY (witness, org_id)
) {STRICT};
CREATE TABLE witness_refusals (
  witness TEXT NOT NULL,
  org_id {INT} NOT NULL,
  seq {INT} NOT NULL,
  code TEXT NOT NULL,
  detail TEXT NOT NULL,
  at_ms {INT} NOT NULL,
  PRIMARY KEY (witness, org_id, seq)
) {STRICT};
)SQL"}};
}

Result<HashedForward> HashForward(ledger::Ledger& ledger, int64_t org, int64_t after_seq, std::string after_hash,
                                  int64_t through_seq) {
  HashedForward out;
  KLANG_RETURN_IF_ERROR(ledger::CheckStoredChainHash(org, after_hash, "seq " + std::to_string(after_seq)));
  int64_t after = after_seq;
  while (after < through_seq) {
    const size_t want = static_cast<size_t>(std::min<int64_t>(through_seq - after, kRehashChunkEntries));
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::Entry> entries, ledger.List(org, after, want));
    if (entries.empty()) return out;  // history missing under through_seq
    for (const auto& entry : entries) {
      if (ledger::AwaitsOfficialNumbers(entry)) {
        out.provisional = true;
        return out;
      }
      if (entry.seq != after + 1) return out;
      after_hash = ledger::ChainHash(after_hash, ledger::CanonicalBytes(entry));
      after = entry.seq;
    }
  }
  out.hash = std::move(after_hash);
  return out;
}

ledger::Anchors AnchorsOf(const std::vector<SignedCheckpoint>& checkpoints) {
  ledger::Anchors anchors;
  for (const auto& one : checkpoints) anchors[one.checkpoint.org].push_back({one.checkpoint.seq, one.checkpoint.hash});
  return anchors;
}

Result<bool> CheckpointService::Extends(int64_t org, const LastSigned& base, const ledger::Head& head) {
  KLANG_ASSIGN_OR_RETURN(HashedForward hashed, HashForward(ledger_, org, base.seq, base.hash, head.seq));
  return hashed.hash == head.hash;
}

Result<std::optional<Reason>> CheckpointService::Due(int64_t org, const std::optional<LastSigned>& last,
                                                     bool on_demand) {
  const int64_t after = last ? last->seq : 0;
  KLANG_ASSIGN_OR_RETURN(int64_t year_close,
                         ledger_.LastSeqOfKinds(org, after, {closing::kKindYearClose, closing::kKindPreliminary}));
  if (year_close > 0) return std::optional<Reason>(Reason::kYearClose);
  KLANG_ASSIGN_OR_RETURN(int64_t month_close, ledger_.LastSeqOfKinds(org, after, {closing::kKindMonthClose}));
  if (month_close > 0) return std::optional<Reason>(Reason::kMonthClose);
  if (on_demand) return std::optional<Reason>(Reason::kOnDemand);
  const int64_t now = clock_.NowUnixMillis();
  if (!last || now - last->signed_at_ms >= options_.interval_ms) return std::optional<Reason>(Reason::kHourly);
  if (ThaiDayOf(last->signed_at_ms) < ThaiDayOf(now)) return std::optional<Reason>(Reason::kDayEnd);
  return std::optional<Reason>();
}

Status CheckpointService::Keep(const SignedCheckpoint& signed_checkpoint) {
  const Checkpoint& checkpoint = signed_checkpoint.checkpoint;
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  return lease
      ->Query("INSERT INTO witness_local_checkpoints (org_id, seq, hash, signed_at_ms, key_id, reason, signature) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (org_id, seq) DO NOTHING",
              {checkpoint.org, checkpoint.seq, checkpoint.hash, checkpoint.signed_at_ms, checkpoint.key_id,
               std::string(InfoOf(checkpoint.reason).code), SignatureHex(signed_checkpoint)})
      .status();
}

void CheckpointService::RefuseToSign(int64_t org, const std::string& why) {
  bool first_time = false;
  {
    std::lock_guard lock(mutex_);
    first_time = refused_to_sign_[org] != why;
    refused_to_sign_[org] = why;
  }
  if (first_time) log_("organisation " + std::to_string(org) + ": " + why);
}

void CheckpointService::LearnWitnessedHeads() {
  {
    std::lock_guard lock(mutex_);
    if (learnt_ || witnesses_.empty()) return;
  }
  for (const auto& witness : witnesses_) {
    auto latest = witness->FetchLatest();
    if (!latest.ok()) continue;
    for (const auto& one : *latest) {  // only what this node's keys signed can bind its signing
      if (CheckSignature(one, trusted_).ok()) NoteWitnessed(one.checkpoint);
    }
    std::lock_guard lock(mutex_);
    learnt_ = true;
  }
}

void CheckpointService::NoteWitnessed(const Checkpoint& checkpoint) {
  std::lock_guard lock(mutex_);
  LastSigned& held = witnessed_[checkpoint.org];
  if (checkpoint.seq > held.seq) held = {checkpoint.seq, checkpoint.hash, checkpoint.signed_at_ms};
}

Result<std::map<int64_t, CheckpointService::LastSigned>> CheckpointService::LastCopies() {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query("SELECT c.org_id, c.seq, c.hash, c.signed_at_ms FROM "
                                                 "witness_local_checkpoints c JOIN (SELECT org_id, MAX(seq) AS seq "
                                                 "FROM witness_local_checkpoints GROUP BY org_id) m "
                                                 "ON m.org_id = c.org_id AND m.seq = c.seq"));
  std::map<int64_t, LastSigned> lasts;
  for (const auto& row : rows) lasts[row.Int(0)] = {row.Int(1), row.Text(2), row.Int(3)};
  return lasts;
}

// Whether the head needs no checkpoint, or cannot have one: a chain that ends below, or differs at,
// a checkpoint already made of it (history removed, the store restored from an older copy, or the
// copies altered). Returns true when `org` is to be left alone this time.
bool CheckpointService::LeaveAlone(int64_t org, const ledger::Head& head, const LastSigned& base,
                                   const std::optional<LastSigned>& last) {
  for (const LastSigned* made : {&base, last ? &*last : nullptr}) {
    if (made == nullptr || made->seq == 0) continue;
    if (made->seq > head.seq) {
      RefuseToSign(org, "the chain ends below its checkpoint at seq " + std::to_string(made->seq) +
                            ": history removed or an older copy restored; not signed");
      return true;
    }
    if (made->seq == head.seq && made->hash != head.hash) {
      RefuseToSign(org, "the head differs from its checkpoint at seq " + std::to_string(made->seq) + "; not signed");
      return true;
    }
  }
  return last && last->seq == head.seq;  // signed already (perhaps not yet delivered)
}

Result<bool> CheckpointService::SignOne(int64_t org, const ledger::Head& head, const std::optional<LastSigned>& last,
                                        bool on_demand) {
  // The base the new entries must extend: what a witness holds, as this process learnt it from the
  // witnesses (not from the database it checks), else this node's own last copy.
  LastSigned base = last.value_or(LastSigned{0, ledger::GenesisHash(), 0});
  {
    std::lock_guard lock(mutex_);
    if (auto found = witnessed_.find(org); found != witnessed_.end()) base = found->second;
  }
  if (LeaveAlone(org, head, base, last)) return false;
  KLANG_ASSIGN_OR_RETURN(std::optional<Reason> reason, Due(org, last, on_demand));
  if (!reason) return false;
  const std::pair<int64_t, std::string> pair{base.seq, head.hash};
  {
    std::lock_guard lock(mutex_);
    auto refused = refused_pairs_.find(org);
    if (refused != refused_pairs_.end() && refused->second == pair) return false;  // hashed and refused already
  }
  KLANG_ASSIGN_OR_RETURN(bool extends, Extends(org, base, head));
  if (!extends) {
    RefuseToSign(org, "the chain does not extend its checkpoint at seq " + std::to_string(base.seq) +
                          ": history under it was changed; not signed");
    std::lock_guard lock(mutex_);
    refused_pairs_[org] = pair;
    return false;
  }
  {
    std::lock_guard lock(mutex_);
    refused_to_sign_.erase(org);
    refused_pairs_.erase(org);
  }
  KLANG_RETURN_IF_ERROR(Keep(Sign(*key_, {org, head.seq, head.hash, clock_.NowUnixMillis(), "", *reason})));
  return true;
}

Result<size_t> CheckpointService::SignDue(bool on_demand) {
  if (key_ == nullptr) return size_t{0};
  std::lock_guard signing(signing_mutex_);
  LearnWitnessedHeads();
  KLANG_ASSIGN_OR_RETURN(auto heads, ledger_.AllHeads());
  KLANG_ASSIGN_OR_RETURN(auto lasts, LastCopies());
  size_t signed_count = 0;
  for (const auto& [org, head] : heads) {
    if (head.seq == 0) continue;
    const auto found = lasts.find(org);
    auto signed_one = SignOne(org, head, found == lasts.end() ? std::nullopt : std::optional(found->second), on_demand);
    if (!signed_one.ok()) {  // one organisation's trouble stops only its own checkpoint
      RefuseToSign(org, std::string(kCannotSign) + signed_one.status().ToString());
      continue;
    }
    {  // a passing trouble (the store briefly out of reach) is forgotten once a look succeeds
      std::lock_guard lock(mutex_);
      auto refused = refused_to_sign_.find(org);
      if (refused != refused_to_sign_.end() && refused->second.starts_with(kCannotSign)) refused_to_sign_.erase(refused);
    }
    signed_count += *signed_one ? 1 : 0;
  }
  return signed_count;
}

Result<CheckpointService::Batch> CheckpointService::NextBatch(const std::string& witness) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows cursor, lease->Query("SELECT through_id FROM witness_delivery_cursors WHERE witness = $1",
                                                   {witness}));
  Batch batch;
  batch.through = cursor.empty() ? 0 : cursor[0].Int(0);
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query(std::string(kCopyColumns) + " WHERE id > $1 ORDER BY id LIMIT $2",
                                                 {batch.through, static_cast<int64_t>(options_.delivery_batch_max)}));
  for (const auto& row : rows) {
    auto checkpoint = CheckpointFromRow(row);
    const Status signature = checkpoint.ok() ? CheckSignature(*checkpoint, trusted_) : checkpoint.status();
    if (!signature.ok()) {  // a damaged or altered copy proves nothing: passed over, and said
      log_("local copy id " + std::to_string(row.Int(7)) + " is not delivered: " + signature.detail_en());
      continue;
    }
    batch.checkpoints.push_back(std::move(checkpoint).value());
    batch.ids.push_back(row.Int(7));
  }
  batch.last_id = rows.empty() ? batch.through : rows.back().Int(7);
  return batch;
}

// The witness's answers: kept ones noted, refusals for good recorded, the cursor moved past every
// answered checkpoint up to the first that may pass later (the witness does not trust the key yet).
// Returns the error that stops delivery to this witness for now, or "".
Result<std::string> CheckpointService::Record(const std::string& witness, const Batch& batch,
                                              const Result<std::vector<Status>>& answers, size_t* kept) {
  const int64_t now = clock_.NowUnixMillis();
  std::string error = answers.ok() ? "" : answers.status().detail_en();
  int64_t through = answers.ok() ? batch.last_id : batch.through;
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_RETURN_IF_ERROR(store::InTransaction(*lease, store::TransactionMode::kWrite, [&](Connection& tx) -> Status {
    for (size_t i = 0; answers.ok() && i < batch.checkpoints.size(); ++i) {
      const Checkpoint& checkpoint = batch.checkpoints[i].checkpoint;
      const Status& answer = (*answers)[i];
      if (!answer.ok() && !RefusedForGood(answer) && answer.stable_code() != kOrgNotKept) {
        error = answer.stable_code() + ": " + answer.detail_en();
        through = batch.ids[i] - 1;  // every row before it is answered (or was damaged and passed over)
        break;
      }
      if (answer.ok()) {
        ++*kept;
        NoteWitnessed(checkpoint);
        KLANG_RETURN_IF_ERROR(
            tx.Query("INSERT INTO witness_witnessed (witness, org_id, seq, signed_at_ms, accepted_at_ms) VALUES "
                     "($1, $2, $3, $4, $5) ON CONFLICT (witness, org_id) DO UPDATE SET seq = excluded.seq, "
                     "signed_at_ms = excluded.signed_at_ms, accepted_at_ms = excluded.accepted_at_ms "
                     "WHERE excluded.seq > witness_witnessed.seq",
                     {witness, checkpoint.org, checkpoint.seq, checkpoint.signed_at_ms, now})
                .status());
      } else if (RefusedForGood(answer)) {
        ++refused_;
        log_("witness " + witness + " refused org " + std::to_string(checkpoint.org) + " seq " +
             std::to_string(checkpoint.seq) + ": " + answer.stable_code() + " " + answer.detail_en());
        KLANG_RETURN_IF_ERROR(tx.Query("INSERT INTO witness_refusals (witness, org_id, seq, code, detail, at_ms) "
                                       "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                                       {witness, checkpoint.org, checkpoint.seq, answer.stable_code(),
                                        answer.detail_en(), now})
                                  .status());
      }  // kOrgNotKept: an edge node keeps only its own organisations; nothing to say
    }
    return tx.Query("INSERT INTO witness_delivery_cursors (witness, through_id, last_error, last_attempt_ms) "
                    "VALUES ($1, $2, $3, $4) ON CONFLICT (witness) DO UPDATE SET through_id = excluded.through_id, "
                    "last_error = excluded.last_error, last_attempt_ms = excluded.last_attempt_ms",
                    {witness, through, error, now})
        .status();
  }));
  return error;
}

Result<size_t> CheckpointService::DeliverTo(size_t index) {
  std::lock_guard one_at_a_time(delivering_[index]);
  WitnessClient& witness = *witnesses_[index];
  size_t delivered = 0;
  while (!Stopping()) {
    KLANG_ASSIGN_OR_RETURN(Batch batch, NextBatch(witness.name()));
    if (batch.last_id == batch.through) return delivered;
    // No database connection is held while the witness answers.
    const auto answers = batch.checkpoints.empty() ? Result<std::vector<Status>>(std::vector<Status>{})
                                                   : witness.Deliver(batch.checkpoints);
    KLANG_ASSIGN_OR_RETURN(std::string error, Record(witness.name(), batch, answers, &delivered));
    std::lock_guard lock(mutex_);
    if (!error.empty()) {
      retry_at_ms_[index] = clock_.NowUnixMillis() + retry_delay_ms_[index];
      retry_delay_ms_[index] = std::min(2 * retry_delay_ms_[index], options_.retry_ms_max);
      log_("witness " + witness.name() + ": " + error + " (tried again later)");
      return delivered;
    }
    retry_at_ms_[index] = 0;
    retry_delay_ms_[index] = options_.retry_ms_first;
  }
  return delivered;
}

Result<size_t> CheckpointService::Deliver(bool ignore_backoff) {
  size_t delivered = 0;
  for (size_t index = 0; index < witnesses_.size() && !Stopping(); ++index) {
    {
      std::lock_guard lock(mutex_);
      if (!ignore_backoff && retry_at_ms_[index] > clock_.NowUnixMillis()) continue;
    }
    KLANG_ASSIGN_OR_RETURN(size_t count, DeliverTo(index));
    delivered += count;
  }
  return delivered;
}

bool CheckpointService::Stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void CheckpointService::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      if (auto signed_count = SignDue(false); !signed_count.ok()) log_("signing: " + signed_count.status().ToString());
      if (auto delivered = Deliver(); !delivered.ok()) log_("delivery: " + delivered.status().ToString());
    } catch (const std::exception& error) {  // a thread of its own: nothing above it would catch
      log_(std::string("unexpected: ") + error.what());
    }
    lock.lock();
    // Until the next look, or sooner when a witness's back-off ends.
    int64_t wait_ms = options_.tick_ms;
    const int64_t now = clock_.NowUnixMillis();
    for (int64_t at : retry_at_ms_) {
      if (at > now) wait_ms = std::min(wait_ms, at - now);
    }
    wake_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stopping_; });
  }
}

void CheckpointService::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
}

void CheckpointService::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<std::optional<SignedCheckpoint>> CheckpointService::LatestCopy(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows last, lease->Query(std::string(kCopyColumns) + " WHERE org_id = $1 ORDER BY seq DESC LIMIT 1",
                                                 {org}));
  if (last.empty()) return std::optional<SignedCheckpoint>();
  KLANG_ASSIGN_OR_RETURN(SignedCheckpoint checkpoint, CheckpointFromRow(last[0]));
  return std::optional<SignedCheckpoint>(std::move(checkpoint));
}

Result<std::map<int64_t, int64_t>> CheckpointService::WitnessedAt() {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query("SELECT org_id, MAX(accepted_at_ms) FROM witness_witnessed GROUP BY org_id"));
  std::map<int64_t, int64_t> out;
  for (const auto& row : rows) out[row.Int(0)] = row.Int(1);
  return out;
}

Result<OrgCheckpointState> CheckpointService::StateOf(int64_t org) {
  OrgCheckpointState state;
  state.org = org;
  KLANG_ASSIGN_OR_RETURN(state.last_signed, LatestCopy(org));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  for (const auto& witness : witnesses_) {
    WitnessedState one;
    one.witness = witness->name();
    KLANG_ASSIGN_OR_RETURN(Rows held, lease->Query("SELECT seq, signed_at_ms, accepted_at_ms FROM witness_witnessed "
                                                   "WHERE witness = $1 AND org_id = $2",
                                                   {witness->name(), org}));
    if (!held.empty()) {
      one.seq = held[0].Int(0);
      one.signed_at_ms = held[0].Int(1);
      one.accepted_at_ms = held[0].Int(2);
    }
    KLANG_ASSIGN_OR_RETURN(Rows cursor, lease->Query("SELECT last_error FROM witness_delivery_cursors WHERE witness = $1",
                                                     {witness->name()}));
    if (!cursor.empty()) one.last_error = cursor[0].Text(0);
    state.witnesses.push_back(std::move(one));
  }
  std::lock_guard lock(mutex_);
  if (auto found = refused_to_sign_.find(org); found != refused_to_sign_.end()) state.refused_to_sign = found->second;
  return state;
}

Result<std::vector<SignedCheckpoint>> CheckpointService::Copies(int64_t org, bool witnessed_only,
                                                                 bool signature_checked) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  // Witnessed: some witness holds this organisation at this seq or later (delivered in order) and
  // did not refuse this one. An edge node passing over the organisation holds nothing of it.
  const std::string witnessed =
      " AND EXISTS (SELECT 1 FROM witness_witnessed h WHERE h.org_id = $1 AND h.seq >= witness_local_checkpoints.seq "
      "AND NOT EXISTS (SELECT 1 FROM witness_refusals r WHERE r.witness = h.witness AND r.org_id = $1 AND r.seq = "
      "witness_local_checkpoints.seq))";
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query(std::string(kCopyColumns) + " WHERE org_id = $1" +
                                                     (witnessed_only ? witnessed : "") + " ORDER BY seq",
                                                 {org}));
  std::vector<SignedCheckpoint> copies;
  for (const auto& row : rows) {
    auto checkpoint = CheckpointFromRow(row);
    if (!checkpoint.ok() || checkpoint->checkpoint.org != org) continue;  // a damaged copy proves nothing
    if (signature_checked && !CheckSignature(*checkpoint, trusted_).ok()) continue;
    copies.push_back(std::move(checkpoint).value());
  }
  return copies;
}

}  // namespace klang::witness
