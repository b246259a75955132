#include "witness/document_check.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "witness/kinds.h"

namespace klang::witness {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford's base32
constexpr std::string_view kTagContext = "klang.check.v1:";

std::string TagOf(const std::string& entry_id) {
  const std::string input = std::string(kTagContext) + entry_id;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = (bits << 8) | digest[i];
  std::string tag;
  for (size_t i = 0; i < kCheckTagChars; ++i) tag += kAlphabet[(bits >> (59 - 5 * i)) & 31];
  return tag;
}

std::optional<int64_t> Digits(std::string_view text) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value > 0 ? std::optional(value) : std::nullopt;
}

std::string NumberOf(const ledger::Entry& entry, const sync::DocumentKinds& kinds) {
  const std::string book = ledger::BodyText(entry.body, "book_no");
  const int64_t number = ledger::BodyInt(entry.body, "number");
  if (!book.empty() && number > 0) return "เล่มที่ " + book + " เลขที่ " + std::to_string(number);
  return ledger::DocumentNumberText(entry, kinds.NumbersText(entry.numbers, entry.fiscal_year));
}

Money AmountOf(const ledger::Entry& entry) {
  const Money lines = entry.TotalDebit();
  if (!lines.is_zero()) return lines;
  for (const char* key : {"total", "amount"}) {
    if (const int64_t satang = ledger::BodyInt(entry.body, key); satang > 0) return Money::FromSatang(satang);
  }
  return Money();
}

}  // namespace

std::string CheckCodeFor(const ledger::Entry& entry) {
  return std::to_string(entry.org) + "-" + std::to_string(entry.seq) + "-" + TagOf(entry.entry_id);
}

std::optional<CheckCode> ParseCheckCode(std::string_view text) {
  std::string clean;
  for (char c : text) {
    if (c == ' ' || c == '\t') continue;
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    clean += c;
  }
  const size_t first = clean.find('-');
  const size_t second = first == std::string::npos ? first : clean.find('-', first + 1);
  if (second == std::string::npos) return std::nullopt;
  auto org = Digits(std::string_view(clean).substr(0, first));
  auto seq = Digits(std::string_view(clean).substr(first + 1, second - first - 1));
  std::string tag = clean.substr(second + 1);
  if (!org || !seq || tag.size() != kCheckTagChars) return std::nullopt;
  for (char c : tag) {
    if (kAlphabet.find(c) == std::string_view::npos) return std::nullopt;
  }
  return CheckCode{*org, *seq, std::move(tag)};
}

DocumentChecker::DocumentChecker(ledger::Ledger& ledger, org::OrgDirectory& orgs, const sync::DocumentKinds& kinds,
                                 CheckpointService& checkpoints, WitnessStore* kept)
    : ledger_(ledger), orgs_(orgs), kinds_(kinds), checkpoints_(checkpoints), kept_(kept) {}

Result<std::string> DocumentChecker::CodeOf(int64_t org, int64_t seq) {
  KLANG_ASSIGN_OR_RETURN(ledger::Entry entry, ledger_.Get(org, seq));
  return CheckCodeFor(entry);
}

Result<std::optional<DocumentCheck>> DocumentChecker::Check(std::string_view text) {
  const std::optional<CheckCode> code = ParseCheckCode(text);
  if (!code) return std::optional<DocumentCheck>();
  auto entry = ledger_.Get(code->org, code->seq);
  if (!entry.ok()) {
    if (entry.status().code() == ErrorCode::kNotFound) return std::optional<DocumentCheck>();
    return entry.status();
  }
  const std::string tag = TagOf(entry->entry_id);
  if (sodium_memcmp(tag.data(), code->tag.data(), kCheckTagChars) != 0) return std::optional<DocumentCheck>();
  DocumentCheck check;
  auto organisation = orgs_.Get(entry->org);
  check.org_name = organisation.ok() ? organisation->name : "";
  check.document_th = kinds_.NameTh(entry->kind);
  check.number_th = NumberOf(*entry, kinds_);
  check.document_date = entry->document_date;
  check.amount = AmountOf(*entry);
  KLANG_ASSIGN_OR_RETURN(check.verdict, Judge(*entry, check));
  return std::optional<DocumentCheck>(std::move(check));
}

// The checkpoints a document is judged by: an edge node's witness store (checked when received);
// else this node's copies — those a witness accepted, or with no witness configured, all — whose
// signatures the caller checks.
Result<std::vector<SignedCheckpoint>> DocumentChecker::CheckpointsOf(int64_t org, bool* witnessed) {
  if (kept_ != nullptr) {
    *witnessed = true;
    std::vector<SignedCheckpoint> all;
    for (int64_t after = 0;;) {
      KLANG_ASSIGN_OR_RETURN(std::vector<SignedCheckpoint> page, kept_->List(org, 0, after));
      if (page.empty()) return all;
      after = page.back().checkpoint.seq;
      all.insert(all.end(), page.begin(), page.end());
    }
  }
  *witnessed = checkpoints_.witness_count() > 0;
  return checkpoints_.Copies(org, *witnessed, /*signature_checked=*/false);
}

// The signed checkpoints around the entry: the last before it (or the chain's start) and the
// first at or after it. The entries between are hashed again from the first's hash; the result
// must be the second's. A copy signed with a key this node does not know proves nothing and is
// passed over; a covering copy whose signature fails was altered here: that is itself a verdict.
Result<Verdict> DocumentChecker::Judge(const ledger::Entry& entry, DocumentCheck& check) {
  bool witnessed = false;
  KLANG_ASSIGN_OR_RETURN(std::vector<SignedCheckpoint> copies, CheckpointsOf(entry.org, &witnessed));
  const Checkpoint* before = nullptr;
  for (const SignedCheckpoint& copy : copies) {
    const Status signature = kept_ != nullptr ? CheckSignature(copy, kept_->trusted()) : checkpoints_.SignatureOf(copy);
    if (signature.stable_code() == kUnknownKey) continue;
    if (copy.checkpoint.seq < entry.seq) {
      if (signature.ok()) before = &copy.checkpoint;
      continue;
    }
    if (!signature.ok()) return Verdict::kNotValid;
    check.checkpoint_signed_at_ms = copy.checkpoint.signed_at_ms;
    check.witnessed = witnessed;
    return Rehash(entry.org, before, copy.checkpoint);
  }
  return Verdict::kAwaiting;
}

Result<Verdict> DocumentChecker::Rehash(int64_t org, const Checkpoint* before, const Checkpoint& covering) {
  // An edge node may hold the centre's checkpoint before the entries it covers: not yet judged.
  KLANG_ASSIGN_OR_RETURN(ledger::Head head, ledger_.GetHead(org));
  if (head.seq < covering.seq) return Verdict::kAwaiting;
  std::lock_guard one_at_a_time(rehash_mutex_);
  const Interval interval{org, before != nullptr ? before->seq : 0, covering.seq};
  const int64_t now = checkpoints_.now_ms();
  if (auto found = verdicts_.find(interval); found != verdicts_.end() && now - found->second.at_ms < kVerdictKeptMs) {
    return found->second.verdict;
  }
  KLANG_ASSIGN_OR_RETURN(HashedForward hashed,
                         HashForward(ledger_, org, interval.after, before != nullptr ? before->hash : ledger::GenesisHash(),
                                     covering.seq));
  if (hashed.provisional) return Verdict::kAwaiting;  // an edge's provisional entry: not judged, not kept
  // A missing entry (history removed under a checkpoint) or another hash: altered.
  const Verdict verdict = hashed.hash == covering.hash ? Verdict::kValid : Verdict::kNotValid;
  if (verdicts_.size() >= kVerdictsMax) verdicts_.clear();
  verdicts_[interval] = {verdict, now};
  return verdict;
}

}  // namespace klang::witness
