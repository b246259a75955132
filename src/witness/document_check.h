// witness/document_check.h — a printed document anyone can check (R13): every receipt, voucher
// and ฎีกา carries a check code "ORG-SEQ-TAG" (and a QR code of the public check page's URL).
// TAG is ten characters of SHA-256 over the entry's random id, so the code names one document and
// cannot be guessed from its organisation and sequence number; edge and centre print the same
// code for the same entry. Checking answers only for that document: whose it is, its number, date
// and amount, whether the books still hold it unaltered — the chain from the signed checkpoint
// before it to the first one at or after it hashes to what was signed — and when that checkpoint
// was signed. An unknown code and a guessed tag get the same answer: nothing.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/money.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "sync/continuity.h"
#include "witness/checkpoints.h"

namespace klang::witness {

inline constexpr size_t kCheckTagChars = 10;  // 50 bits, base32

// "12-345-7K9QW2ZM4T" for entry 345 of organisation 12.
std::string CheckCodeFor(const ledger::Entry& entry);

struct CheckCode {
  int64_t org = 0;
  int64_t seq = 0;
  std::string tag;  // upper case, Crockford base32
};
// Reads a code as printed or typed (lower case, spaces, O for 0 and I or L for 1 are forgiven);
// nullopt when it cannot be one.
std::optional<CheckCode> ParseCheckCode(std::string_view text);

enum class Verdict {
  kValid,     // in the books, unaltered up to a signed checkpoint that covers it
  kNotValid,  // the books no longer hash to the checkpoint that covers it: altered
  kAwaiting,  // recorded; no signed checkpoint covers it yet (within the hour)
};

struct DocumentCheck {
  Verdict verdict = Verdict::kAwaiting;
  std::string org_name;
  std::string document_th;  // "ใบเสร็จรับเงิน"
  std::string number_th;    // "เล่มที่ 001 เลขที่ 12" or "ร. 3/2569"
  Date document_date;
  Money amount;
  int64_t checkpoint_signed_at_ms = 0;  // the covering checkpoint, when there is one
  bool witnessed = false;               // a witness accepted that checkpoint
};

class DocumentChecker {
 public:
  // On an edge node `kept` is its witness store (the centre's checkpoints of its organisations), the
  // checkpoints judged by; elsewhere null, and the node's own copies are.
  DocumentChecker(ledger::Ledger& ledger, org::OrgDirectory& orgs, const sync::DocumentKinds& kinds,
                  CheckpointService& checkpoints, WitnessStore* kept = nullptr);
  // nullopt when no document has this code. Errors: the store's.
  Result<std::optional<DocumentCheck>> Check(std::string_view code);
  // The check code of entry `seq` of `org` (for printing).
  Result<std::string> CodeOf(int64_t org, int64_t seq);

 private:
  // Every document between two checkpoints shares one verdict: kept this long, for this many
  // intervals, so that the public page cannot be made to hash the same entries again and again.
  static constexpr int64_t kVerdictKeptMs = 5 * 60'000;
  static constexpr size_t kVerdictsMax = 10'000;
  struct Interval {
    int64_t org, after, through;
    auto operator<=>(const Interval&) const = default;
  };
  struct Kept {
    Verdict verdict;
    int64_t at_ms;
  };
  Result<std::vector<SignedCheckpoint>> CheckpointsOf(int64_t org, bool* witnessed);
  Result<Verdict> Judge(const ledger::Entry& entry, DocumentCheck& check);
  Result<Verdict> Rehash(int64_t org, const Checkpoint* before, const Checkpoint& covering);

  ledger::Ledger& ledger_;
  org::OrgDirectory& orgs_;
  const sync::DocumentKinds& kinds_;
  CheckpointService& checkpoints_;
  WitnessStore* kept_;
  std::mutex rehash_mutex_;  // one re-hash at a time; guards verdicts_
  std::map<Interval, Kept> verdicts_;
};

}  // namespace klang::witness
