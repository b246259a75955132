// witness/witness_store.h — what a witness keeps: every checkpoint it accepted, in its own store
// (the supervising office's or the DLA's `klang witness serve`, an edge node's own database).
// It accepts a checkpoint only when one of its trusted keys signed it and it does not go back in
// time for its organisation; what it holds is never changed or deleted.
// Thread-safe (each call is one transaction). Its store is SQLite (klang witness serve, an edge
// node), whose write transactions run one at a time: the check and the insert of Receive cannot
// interleave with another's.
#pragma once

#include <optional>
#include <set>
#include <vector>

#include "core/clock.h"
#include "store/db.h"
#include "witness/checkpoint.h"

namespace klang::witness {

enum class Received { kAccepted, kAlreadyHeld };

class WitnessStore {
 public:
  // `orgs`: the organisations this witness keeps (an edge node's); nullopt: any.
  WitnessStore(store::Db& db, std::vector<PublicKey> trusted, const Clock& clock,
               std::optional<std::set<int64_t>> orgs = std::nullopt);
  static std::vector<store::Migration> Migrations();

  // Keeps `checkpoint`. Refusals (nothing written): witness.unknown_key, witness.bad_signature
  // (CheckSignature), witness.org_not_kept (not one of `orgs`), witness.back_in_time (a seq below
  // the organisation's latest that this witness does not hold as it is), witness.fork (another
  // hash at a seq it holds: two histories signed). The same checkpoint again is kAlreadyHeld.
  Result<Received> Receive(const SignedCheckpoint& checkpoint);
  // Checkpoints held (of one organisation, or all), by organisation and seq, after the position
  // (after_org, after_seq), at most `limit`; a caller pages on from the last one returned.
  static constexpr size_t kListLimitMax = 10'000;
  Result<std::vector<SignedCheckpoint>> List(std::optional<int64_t> org, int64_t after_org = 0, int64_t after_seq = 0,
                                             size_t limit = kListLimitMax);
  // The latest checkpoint of each organisation (of one, or all), by organisation.
  Result<std::vector<SignedCheckpoint>> Latest(std::optional<int64_t> org);
  const std::vector<PublicKey>& trusted() const { return trusted_; }

 private:
  store::Db& db_;
  const std::vector<PublicKey> trusted_;
  const Clock& clock_;
  const std::optional<std::set<int64_t>> orgs_;
};

// Rows of witness_checkpoints-shaped tables (org_id, seq, hash, signed_at_ms, key_id, reason,
// signature hex) back into checkpoints; shared with the signing node's own copies.
Result<SignedCheckpoint> CheckpointFromRow(const store::Row& row);
std::string SignatureHex(const SignedCheckpoint& checkpoint);

}  // namespace klang::witness
