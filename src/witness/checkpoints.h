// witness/checkpoints.h — the node that writes the books signs checkpoints of every organisation's
// chain and delivers them to its witnesses (R13; docs/ledger-format.md §12, docs/operations.md).
//
// Signing: while an organisation's books change, at least every `interval_ms` (hourly), at the
// first look after a day ends, and as soon as a month or a year is closed. Before signing, the
// new entries are hashed again from the last signed checkpoint: a history rewritten under it is
// refused here (and logged), never signed over. Each checkpoint is kept in this store (its "local
// copy") and delivered to each witness in signing order, retried with back-off while a witness is
// out of reach; posting never waits for any of it.
//
// Thread-safe. Start() runs the schedule on a thread of its own.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "ledger/ledger.h"
#include "store/db.h"
#include "witness/checkpoint.h"
#include "witness/keys.h"
#include "witness/witness_client.h"
#include "witness/witness_store.h"

namespace klang::witness {

// The chain of `org` hashed on from (after_seq, after_hash) through entry `through_seq`, from the
// entries' bytes: the hash it reaches, or nullopt when an entry is missing on the way. With
// `provisional`, also whether an entry on the way awaits its official numbers (an edge node's),
// which stops the walk. Reads the entries in chunks.
struct HashedForward {
  std::optional<std::string> hash;
  bool provisional = false;
};
Result<HashedForward> HashForward(ledger::Ledger& ledger, int64_t org, int64_t after_seq, std::string after_hash,
                                  int64_t through_seq);

// The checkpoints as anchors for Ledger::Verify, by organisation.
ledger::Anchors AnchorsOf(const std::vector<SignedCheckpoint>& checkpoints);

struct ScheduleOptions {
  int64_t interval_ms = 3'600'000;    // at least hourly while the books change
  int64_t tick_ms = 60'000;           // how often the schedule looks
  size_t delivery_batch_max = 500;    // checkpoints per request to a witness
  int64_t retry_ms_max = 300'000;     // back-off cap for a witness out of reach
  int64_t retry_ms_first = 1'000;
};

// What one witness has of one organisation.
struct WitnessedState {
  std::string witness;
  int64_t seq = 0;            // its latest accepted checkpoint of the organisation; 0: none
  int64_t signed_at_ms = 0;   // when that one was signed
  int64_t accepted_at_ms = 0;
  std::string last_error;     // the witness's last delivery problem, if any
};

struct OrgCheckpointState {
  int64_t org = 0;
  std::optional<SignedCheckpoint> last_signed;
  std::vector<WitnessedState> witnesses;  // one per configured witness, in order
  std::string refused_to_sign;            // why the last look would not sign (a rewrite), if so
};

class CheckpointService {
 public:
  // `key` may be null: a node that reads its copies (integrity page, check page) but signs
  // nothing. `trusted`: the public keys its copies may be signed with (the current key's is added).
  CheckpointService(store::Db& db, ledger::Ledger& ledger, const SigningKey* key, std::vector<PublicKey> trusted,
                    std::vector<std::unique_ptr<WitnessClient>> witnesses, const Clock& clock,
                    ScheduleOptions options = {});
  ~CheckpointService();
  static std::vector<store::Migration> Migrations();

  // Signs every organisation whose checkpoint is due (or, `on_demand`, whose head is past its last
  // checkpoint) and keeps the copies for delivery. Returns how many were signed.
  Result<size_t> SignDue(bool on_demand);
  // Delivers the copies each witness does not yet have. Returns how many were delivered; a
  // witness out of reach is noted (and skipped until its back-off passes), not an error.
  Result<size_t> Deliver(bool ignore_backoff = false);
  void Start();
  void Stop();

  Result<OrgCheckpointState> StateOf(int64_t org);
  // Each organisation's latest checkpoint any witness accepted: when it accepted it (ms).
  Result<std::map<int64_t, int64_t>> WitnessedAt();
  // This node's latest checkpoint of `org` (as stored; its receiver checks the signature).
  Result<std::optional<SignedCheckpoint>> LatestCopy(int64_t org);
  // The local copies of `org` whose signature one of the trusted keys checks (or every readable
  // one, unless `signature_checked`), by seq; with `witnessed_only`, only those some witness has
  // accepted.
  Result<std::vector<SignedCheckpoint>> Copies(int64_t org, bool witnessed_only, bool signature_checked = true);
  // Whether one of the trusted keys signed `copy` (CheckSignature's answer).
  Status SignatureOf(const SignedCheckpoint& copy) const { return CheckSignature(copy, trusted_); }
  int64_t now_ms() const { return clock_.NowUnixMillis(); }
  bool signing() const { return key_ != nullptr; }
  size_t witness_count() const { return witnesses_.size(); }
  // Checkpoints a witness refused for good (back in time, a fork) since this service started.
  size_t refused() const { return refused_.load(); }
  // Where log lines go (stderr by default).
  void SetLog(std::function<void(const std::string&)> log) { log_ = std::move(log); }

 private:
  struct LastSigned {
    int64_t seq = 0;
    std::string hash;
    int64_t signed_at_ms = 0;
  };
  // Checkpoints read for delivery to one witness: those after its cursor, the damaged ones passed.
  struct Batch {
    int64_t through = 0;          // the cursor before
    int64_t last_id = 0;          // the last row read (== through: nothing to deliver)
    std::vector<SignedCheckpoint> checkpoints;
    std::vector<int64_t> ids;  // their rows
  };
  Result<std::optional<Reason>> Due(int64_t org, const std::optional<LastSigned>& last, bool on_demand);
  // Whether the entries after `base` hash, from its hash, to `head` (the history under it intact).
  Result<bool> Extends(int64_t org, const LastSigned& base, const ledger::Head& head);
  bool LeaveAlone(int64_t org, const ledger::Head& head, const LastSigned& base, const std::optional<LastSigned>& last);
  Result<bool> SignOne(int64_t org, const ledger::Head& head, const std::optional<LastSigned>& last, bool on_demand);
  Result<std::map<int64_t, LastSigned>> LastCopies();
  void RefuseToSign(int64_t org, const std::string& why);
  // What the witnesses hold, learnt from them once (the first that answers) and from their answers.
  void LearnWitnessedHeads();
  void NoteWitnessed(const Checkpoint& checkpoint);
  Status Keep(const SignedCheckpoint& checkpoint);
  Result<Batch> NextBatch(const std::string& witness);
  Result<std::string> Record(const std::string& witness, const Batch& batch, const Result<std::vector<Status>>& answers,
                             size_t* kept);
  Result<size_t> DeliverTo(size_t index);
  bool Stopping();
  void Loop();

  store::Db& db_;
  ledger::Ledger& ledger_;
  const SigningKey* key_;
  std::vector<PublicKey> trusted_;
  std::vector<std::unique_ptr<WitnessClient>> witnesses_;
  const Clock& clock_;
  const ScheduleOptions options_;
  std::function<void(const std::string&)> log_;
  std::atomic<size_t> refused_ = 0;

  std::mutex mutex_;  // guards the fields below
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<int64_t> retry_at_ms_;     // per witness: not before this
  std::vector<int64_t> retry_delay_ms_;  // per witness: the next back-off
  std::map<int64_t, std::string> refused_to_sign_;
  std::map<int64_t, LastSigned> witnessed_;  // org -> the highest checkpoint a witness holds
  std::map<int64_t, std::pair<int64_t, std::string>> refused_pairs_;  // org -> (base seq, head hash) refused
  bool learnt_ = false;                      // witnessed_ was read from a witness
  std::thread thread_;
  std::mutex signing_mutex_;  // one SignDue at a time
  std::vector<std::mutex> delivering_;  // per witness: one delivery at a time
};

}  // namespace klang::witness
