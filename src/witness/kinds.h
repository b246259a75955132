// witness/kinds.h — the refusals a witness answers with, by the codes both sides compare: one
// table, so that the witness that refuses and the node that reads the refusal cannot drift apart.
#pragma once

namespace klang::witness {

inline constexpr char kUnknownKey[] = "witness.unknown_key";      // no trusted key has its key id
inline constexpr char kBadSignature[] = "witness.bad_signature";  // the signature does not match
inline constexpr char kBackInTime[] = "witness.back_in_time";     // below the latest seq held
inline constexpr char kFork[] = "witness.fork";                   // another hash at a seq held
inline constexpr char kOrgNotKept[] = "witness.org_not_kept";     // an edge node keeps its own only

}  // namespace klang::witness
