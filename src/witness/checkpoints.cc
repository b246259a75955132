#include "witness/checkpoints.h"

#include <algorithm>
#include <cstdio>

#include "closing/kinds.h"
#include "closing/year_end.h"
#include "core/date.h"

namespace klang::witness {
namespace {

using store::Connection;
using store::Rows;

constexpr char kCopyColumns[] = "SELECT org_id, seq, hash, signed_at_ms, key_id, reason, signature, id "
                                "FROM witness_local_checkpoints";
constexpr size_t kRehashChunkEntries = 2'000;

// Refusals a witness may stop giving once its operator fixes it (it does not trust our key yet):
// delivery stops there and is tried again; any other refusal is for good and delivery goes on.
bool RefusalMayPass(const Status& status) {
  return status.stable_code() == "witness.unknown_key" || status.stable_code() == "witness.bad_signature";
}

Date ThaiDayOf(int64_t unix_ms) { return ThaiDateFromUnixSeconds(unix_ms / 1000); }

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

Result<bool> CheckpointService::Extends(int64_t org, const LastSigned& last, const ledger::Head& head) {
  std::string hash = last.hash;
  int64_t after = last.seq;
  while (after < head.seq) {
    const size_t want = static_cast<size_t>(std::min<int64_t>(head.seq - after, kRehashChunkEntries));
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::Entry> entries, ledger_.List(org, after, want));
    if (entries.empty()) return false;
    for (const auto& entry : entries) {
      if (entry.seq != after + 1) return false;
      hash = ledger::ChainHash(hash, ledger::CanonicalBytes(entry));
      after = entry.seq;
    }
  }
  return hash == head.hash;
}

Result<std::optional<Reason>> CheckpointService::Due(int64_t org, const ledger::Head& head,
                                                     const std::optional<LastSigned>& last, bool on_demand) {
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
  (void)head;
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

Result<size_t> CheckpointService::SignDue(bool on_demand) {
  if (key_ == nullptr) return size_t{0};
  std::lock_guard signing(signing_mutex_);
  KLANG_ASSIGN_OR_RETURN(auto heads, ledger_.AllHeads());
  std::map<int64_t, LastSigned> lasts;
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
    KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query("SELECT c.org_id, c.seq, c.hash, c.signed_at_ms FROM "
                                                   "witness_local_checkpoints c JOIN (SELECT org_id, MAX(seq) AS seq "
                                                   "FROM witness_local_checkpoints GROUP BY org_id) m "
                                                   "ON m.org_id = c.org_id AND m.seq = c.seq"));
    for (const auto& row : rows) lasts[row.Int(0)] = {row.Int(1), row.Text(2), row.Int(3)};
  }
  size_t signed_count = 0;
  for (const auto& [org, head] : heads) {
    if (head.seq == 0) continue;
    const auto found = lasts.find(org);
    const std::optional<LastSigned> last = found == lasts.end() ? std::nullopt : std::optional(found->second);
    if (last && last->seq >= head.seq) continue;
    KLANG_ASSIGN_OR_RETURN(std::optional<Reason> reason, Due(org, head, last, on_demand));
    if (!reason) continue;
    KLANG_ASSIGN_OR_RETURN(bool extends, Extends(org, last.value_or(LastSigned{0, ledger::GenesisHash(), 0}), head));
    if (!extends) {
      const std::string why = "the chain of organisation " + std::to_string(org) + " up to seq " +
                              std::to_string(head.seq) + " does not extend its checkpoint at seq " +
                              std::to_string(last ? last->seq : 0) + ": history under it was changed; not signed";
      {
        std::lock_guard lock(mutex_);
        refused_to_sign_[org] = why;
      }
      log_(why);
      continue;
    }
    {
      std::lock_guard lock(mutex_);
      refused_to_sign_.erase(org);
    }
    KLANG_RETURN_IF_ERROR(Keep(Sign(*key_, {org, head.seq, head.hash, clock_.NowUnixMillis(), "", *reason})));
    ++signed_count;
  }
  return signed_count;
}

Result<size_t> CheckpointService::DeliverTo(size_t index) {
  std::lock_guard one_at_a_time(delivering_[index]);
  WitnessClient& witness = *witnesses_[index];
  size_t delivered = 0;
  for (;;) {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
    KLANG_ASSIGN_OR_RETURN(Rows cursor, lease->Query("SELECT through_id FROM witness_delivery_cursors WHERE witness = $1",
                                                     {witness.name()}));
    const int64_t through = cursor.empty() ? 0 : cursor[0].Int(0);
    KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query(std::string(kCopyColumns) + " WHERE id > $1 ORDER BY id LIMIT $2",
                                                   {through, static_cast<int64_t>(options_.delivery_batch_max)}));
    if (rows.empty()) return delivered;
    std::vector<SignedCheckpoint> batch;
    for (const auto& row : rows) {
      KLANG_ASSIGN_OR_RETURN(SignedCheckpoint checkpoint, CheckpointFromRow(row));
      batch.push_back(std::move(checkpoint));
    }
    const int64_t now = clock_.NowUnixMillis();
    auto answers = witness.Deliver(batch);
    std::string error = answers.ok() ? "" : answers.status().detail_en();
    int64_t new_through = through;
    KLANG_RETURN_IF_ERROR(store::InTransaction(*lease, store::TransactionMode::kWrite, [&](Connection& tx) -> Status {
      for (size_t i = 0; answers.ok() && i < batch.size(); ++i) {
        const Checkpoint& checkpoint = batch[i].checkpoint;
        const Status& answer = (*answers)[i];
        if (!answer.ok() && RefusalMayPass(answer)) {
          error = answer.stable_code() + ": " + answer.detail_en();
          break;
        }
        if (answer.ok()) {
          KLANG_RETURN_IF_ERROR(
              tx.Query("INSERT INTO witness_witnessed (witness, org_id, seq, signed_at_ms, accepted_at_ms) VALUES "
                       "($1, $2, $3, $4, $5) ON CONFLICT (witness, org_id) DO UPDATE SET seq = excluded.seq, "
                       "signed_at_ms = excluded.signed_at_ms, accepted_at_ms = excluded.accepted_at_ms "
                       "WHERE excluded.seq > witness_witnessed.seq",
                       {witness.name(), checkpoint.org, checkpoint.seq, checkpoint.signed_at_ms, now})
                  .status());
        } else {
          ++refused_;
          log_("witness " + witness.name() + " refused org " + std::to_string(checkpoint.org) + " seq " +
               std::to_string(checkpoint.seq) + ": " + answer.stable_code() + " " + answer.detail_en());
          KLANG_RETURN_IF_ERROR(tx.Query("INSERT INTO witness_refusals (witness, org_id, seq, code, detail, at_ms) "
                                         "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                                         {witness.name(), checkpoint.org, checkpoint.seq, answer.stable_code(),
                                          answer.detail_en(), now})
                                    .status());
        }
        new_through = rows[i].Int(7);
      }
      return tx.Query("INSERT INTO witness_delivery_cursors (witness, through_id, last_error, last_attempt_ms) "
                      "VALUES ($1, $2, $3, $4) ON CONFLICT (witness) DO UPDATE SET through_id = excluded.through_id, "
                      "last_error = excluded.last_error, last_attempt_ms = excluded.last_attempt_ms",
                      {witness.name(), new_through, error, now})
          .status();
    }));
    delivered += static_cast<size_t>(new_through > through ? std::count_if(rows.begin(), rows.end(), [&](const auto& row) {
      return row.Int(7) <= new_through;
    }) : 0);
    std::lock_guard lock(mutex_);
    if (!error.empty()) {
      retry_at_ms_[index] = now + retry_delay_ms_[index];
      retry_delay_ms_[index] = std::min(2 * retry_delay_ms_[index], options_.retry_ms_max);
      log_("witness " + witness.name() + ": " + error + " (tried again later)");
      return delivered;
    }
    retry_at_ms_[index] = 0;
    retry_delay_ms_[index] = options_.retry_ms_first;
  }
}

Result<size_t> CheckpointService::Deliver(bool ignore_backoff) {
  size_t delivered = 0;
  for (size_t index = 0; index < witnesses_.size(); ++index) {
    {
      std::lock_guard lock(mutex_);
      if (!ignore_backoff && retry_at_ms_[index] > clock_.NowUnixMillis()) continue;
    }
    KLANG_ASSIGN_OR_RETURN(size_t count, DeliverTo(index));
    delivered += count;
  }
  return delivered;
}

void CheckpointService::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    if (auto signed_count = SignDue(false); !signed_count.ok()) log_("signing: " + signed_count.status().ToString());
    if (auto delivered = Deliver(); !delivered.ok()) log_("delivery: " + delivered.status().ToString());
    lock.lock();
    wake_.wait_for(lock, std::chrono::milliseconds(options_.tick_ms), [this] { return stopping_; });
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

Result<OrgCheckpointState> CheckpointService::StateOf(int64_t org) {
  OrgCheckpointState state;
  state.org = org;
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows last, lease->Query(std::string(kCopyColumns) + " WHERE org_id = $1 ORDER BY seq DESC LIMIT 1",
                                                 {org}));
  if (!last.empty()) {
    KLANG_ASSIGN_OR_RETURN(SignedCheckpoint checkpoint, CheckpointFromRow(last[0]));
    state.last_signed = std::move(checkpoint);
  }
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
  const std::string witnessed =
      " AND EXISTS (SELECT 1 FROM witness_delivery_cursors w WHERE w.through_id >= witness_local_checkpoints.id AND NOT EXISTS "
      "(SELECT 1 FROM witness_refusals r WHERE r.witness = w.witness AND r.org_id = $1 AND r.seq = "
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
