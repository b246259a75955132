#include "witness/witness_store.h"

#include <algorithm>

#include "witness/kinds.h"

namespace klang::witness {

WitnessStore::WitnessStore(store::Db& db, std::vector<PublicKey> trusted, const Clock& clock,
                           std::optional<std::set<int64_t>> orgs)
    : db_(db), trusted_(std::move(trusted)), clock_(clock), orgs_(std::move(orgs)) {}

std::vector<store::Migration> WitnessStore::Migrations() {
  return {{"witness_store", 1, R"SQL(
CREATE TABLE witness_checkpoints (
  org_id {INT} NOT NULL,
  seq {INT} NOT NULL,
  hash TEXT NOT NULL,
  signed_at_ms {INT} NOT NULL,
  key_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  signature TEXT NOT NULL,
  received_at_ms {INT} NOT NULL,
  PRIMARY KEY (org_id, seq)
) {STRICT};
)SQL"}};
}

std::string SignatureHex(const SignedCheckpoint& checkpoint) {
  return ToJson(checkpoint)["signature"].get<std::string>();
}

Result<SignedCheckpoint> CheckpointFromRow(const store::Row& row) {
  nlohmann::json value = {{"checkpoint",
                           {{"format", 1},
                            {"org", row.Int(0)},
                            {"seq", row.Int(1)},
                            {"hash", row.Text(2)},
                            {"signed_at_ms", row.Int(3)},
                            {"key_id", row.Text(4)},
                            {"reason", row.Text(5)},
                            {"type", "klang.checkpoint"}}},
                          {"signature", row.Text(6)}};
  return FromJson(value);
}

Result<Received> WitnessStore::Receive(const SignedCheckpoint& signed_checkpoint) {
  KLANG_RETURN_IF_ERROR(CheckSignature(signed_checkpoint, trusted_));
  const Checkpoint& checkpoint = signed_checkpoint.checkpoint;
  if (orgs_ && !orgs_->count(checkpoint.org)) {
    return Status::PermissionDenied(kOrgNotKept, "พยานนี้ไม่ได้เก็บจุดตรวจสอบของหน่วยงานนี้",
                                    "organisation " + std::to_string(checkpoint.org) + " is not kept here");
  }
  Received received = Received::kAccepted;
  KLANG_RETURN_IF_ERROR(store::InTransaction(db_, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
    KLANG_ASSIGN_OR_RETURN(store::Rows same, tx.Query("SELECT hash FROM witness_checkpoints WHERE org_id = $1 AND seq = $2",
                                                      {checkpoint.org, checkpoint.seq}));
    if (!same.empty()) {
      if (same[0].Text(0) == checkpoint.hash) {
        received = Received::kAlreadyHeld;
        return Status::Ok();
      }
      return Status::Conflict(kFork, "จุดตรวจสอบนี้ขัดกับที่พยานเก็บไว้ (ค่าแฮชต่างกันที่ลำดับเดียวกัน)",
                              "another hash is held for org " + std::to_string(checkpoint.org) + " seq " +
                                  std::to_string(checkpoint.seq));
    }
    KLANG_ASSIGN_OR_RETURN(store::Rows latest, tx.Query("SELECT COALESCE(MAX(seq), 0) FROM witness_checkpoints "
                                                        "WHERE org_id = $1",
                                                        {checkpoint.org}));
    const int64_t latest_seq = latest.empty() ? 0 : latest[0].Int(0);
    if (checkpoint.seq < latest_seq) {
      return Status::Conflict(kBackInTime, "จุดตรวจสอบนี้ย้อนหลังจุดที่พยานเก็บไว้แล้ว",
                              "org " + std::to_string(checkpoint.org) + ": seq " + std::to_string(checkpoint.seq) +
                                  " is below the latest witnessed seq " + std::to_string(latest_seq));
    }
    return tx.Query("INSERT INTO witness_checkpoints (org_id, seq, hash, signed_at_ms, key_id, reason, signature, "
                    "received_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    {checkpoint.org, checkpoint.seq, checkpoint.hash, checkpoint.signed_at_ms, checkpoint.key_id,
                     std::string(InfoOf(checkpoint.reason).code), SignatureHex(signed_checkpoint),
                     clock_.NowUnixMillis()})
        .status();
  }));
  return received;
}

namespace {

constexpr char kColumns[] = "SELECT org_id, seq, hash, signed_at_ms, key_id, reason, signature FROM witness_checkpoints";

Result<std::vector<SignedCheckpoint>> FromRows(const store::Rows& rows) {
  std::vector<SignedCheckpoint> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(SignedCheckpoint checkpoint, CheckpointFromRow(row));
    out.push_back(std::move(checkpoint));
  }
  return out;
}

}  // namespace

Result<std::vector<SignedCheckpoint>> WitnessStore::List(std::optional<int64_t> org, int64_t after_org,
                                                         int64_t after_seq, size_t limit) {
  const int64_t rows_max = static_cast<int64_t>(std::clamp<size_t>(limit, 1, kListLimitMax));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      org ? lease->Query(std::string(kColumns) + " WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                         {*org, after_seq, rows_max})
          : lease->Query(std::string(kColumns) +
                             " WHERE org_id > $1 OR (org_id = $1 AND seq > $2) ORDER BY org_id, seq LIMIT $3",
                         {after_org, after_seq, rows_max}));
  return FromRows(rows);
}

Result<std::vector<SignedCheckpoint>> WitnessStore::Latest(std::optional<int64_t> org) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  const std::string latest = std::string(kColumns) +
                             " c WHERE seq = (SELECT MAX(seq) FROM witness_checkpoints m WHERE m.org_id = c.org_id)";
  KLANG_ASSIGN_OR_RETURN(store::Rows rows, org ? lease->Query(latest + " AND org_id = $1", {*org})
                                               : lease->Query(latest + " ORDER BY org_id"));
  return FromRows(rows);
}

}  // namespace klang::witness
