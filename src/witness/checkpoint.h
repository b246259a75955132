// witness/checkpoint.h — a signed checkpoint: "organisation `org`'s chain had entry `seq` with hash
// `hash` at `signed_at_ms`", signed by the node that writes the books (docs/ledger-format.md §12).
// Whoever keeps one can later prove the chain up to `seq` unchanged, against anyone who can write
// the database but holds neither the signing key nor the keeper's copy.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "witness/keys.h"

namespace klang::witness {

// Why a checkpoint was signed — one table, named in the signed bytes.
enum class Reason { kHourly, kDayEnd, kMonthClose, kYearClose, kOnDemand };
struct ReasonInfo {
  Reason reason;
  std::string_view code;     // in the signed bytes
  std::string_view name_th;  // on the integrity page
};
inline constexpr std::array<ReasonInfo, 5> kReasons = {{
    {Reason::kHourly, "hourly", "รายชั่วโมง"},
    {Reason::kDayEnd, "day_end", "สิ้นวัน"},
    {Reason::kMonthClose, "month_close", "ปิดบัญชีประจำเดือน"},
    {Reason::kYearClose, "year_close", "ปิดบัญชีประจำปี"},
    {Reason::kOnDemand, "on_demand", "สั่งลงนามทันที"},
}};
const ReasonInfo& InfoOf(Reason reason);
const ReasonInfo* ReasonByCode(std::string_view code);  // null when unknown

struct Checkpoint {
  int64_t org = 0;
  int64_t seq = 0;     // ≥ 1
  std::string hash;    // the chain hash of entry `seq`, 64 lower-case hex digits
  int64_t signed_at_ms = 0;
  std::string key_id;  // the signing key's id (keys.h)
  Reason reason = Reason::kOnDemand;
};

struct SignedCheckpoint {
  Checkpoint checkpoint;
  std::string signature;  // 64 raw bytes
};

// The bytes signed: the checkpoint as canonical JSON (sorted keys, no white space, UTF-8),
//   {"format":1,"hash":"…","key_id":"…","org":12,"reason":"hourly","seq":2,"signed_at_ms":…,"type":"klang.checkpoint"}
std::string SigningBytes(const Checkpoint& checkpoint);
SignedCheckpoint Sign(const SigningKey& key, Checkpoint checkpoint);  // sets key_id
// {"checkpoint":{…the object above…},"signature":"<128 lower-case hex digits>"}
nlohmann::json ToJson(const SignedCheckpoint& signed_checkpoint);
// The reverse; every field checked. Errors: witness.checkpoint_form (what is wrong).
Result<SignedCheckpoint> FromJson(const nlohmann::json& value);
// Whether one of `trusted` signed it. Errors: witness.unknown_key (no trusted key has its key id),
// witness.bad_signature (the signature does not match the bytes).
Status CheckSignature(const SignedCheckpoint& signed_checkpoint, const std::vector<PublicKey>& trusted);

}  // namespace klang::witness
