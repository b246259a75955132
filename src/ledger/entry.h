// ledger/entry.h — one entry of an organisation's append-only, hash-chained log.
//
// Every business act (a voucher, a receipt, a closing) is one Entry. Its canonical bytes are
// the canonical JSON of the entry (docs/ledger-format.md): UTF-8, object keys sorted by byte
// order, no insignificant white space, integers only (money in satang). Its hash is
//   hash = SHA-256(previous entry's hash (32 bytes) ‖ canonical bytes)
// with 32 zero bytes before an organisation's first entry. Value types; thread-compatible.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/status.h"

namespace klang::ledger {

constexpr int kFormatVersion = 1;
constexpr size_t kAccountCodeBytesMax = 32;
constexpr size_t kLinesMax = 500;
constexpr size_t kKindBytesMax = 64;
constexpr size_t kBodyBytesMax = 256 * 1024;

// One journal line: exactly one of debit and credit is positive.
struct Line {
  std::string account;  // account code
  Money debit;
  Money credit;
  bool operator==(const Line&) const = default;
};

// Where an entry was made (DESIGN.md §1).
struct Origin {
  enum class Type { kOnline, kEdge, kPaper };
  Type type = Type::kOnline;
  std::string node;         // kEdge: the edge node's name
  std::string provisional;  // kEdge: its provisional number (e.g. "E1-000123")
  std::string paper_book;   // kPaper: book (เล่มที่)
  std::string paper_number; // kPaper: number (เลขที่)
  std::string paper_date;   // kPaper: ISO date written on the paper
  bool operator==(const Origin&) const = default;
};

// Sums of the debit and credit sides. Checked: lines read back from a damaged store may hold
// any integers, so an overflow is reported, not asserted.
struct LineTotals {
  Money debit;
  Money credit;
  bool overflow = false;
  bool balanced() const { return !overflow && debit == credit; }
};
LineTotals SumLines(const std::vector<Line>& lines);
// Debits equal credits — or the sums overflow, which the ledger refuses as input (amounts too
// large), not as a broken invariant. For asserting that lines built by code balance.
inline bool BalancedOrTooLarge(const std::vector<Line>& lines) {
  const LineTotals totals = SumLines(lines);
  return totals.overflow || totals.balanced();
}

// What a caller asks the ledger to append. The ledger assigns seq, numbers, recorded time and
// hash.
struct EntryDraft {
  int64_t org = 0;
  std::string entry_id;  // UUID; stable across retries: appending it twice appends it once
  std::string kind;      // accounting::kKindVoucher, accounting::kKindReversal, ...
  Date document_date;
  Date posting_date;
  int fiscal_year = 0;  // BE
  // Numbering series to draw the next official number from, e.g. {"gl.voucher"}; each is
  // gap-free per organisation, fiscal year and series.
  std::vector<std::string> number_series;
  Origin origin;
  std::string author;  // "user:17", "system"
  nlohmann::json body = nlohmann::json::object();
  std::vector<Line> lines;

  // Edge nodes (src/sync, docs/continuity.md). With `defer_numbers` the official numbers of
  // `number_series` are left to the centre: each series is recorded with number 0 until the
  // centre appends the entry and numbers it.
  bool defer_numbers = false;
  // With defer_numbers: the node whose provisional series numbers this entry; the ledger sets
  // origin to {edge, node, "<node>-000123"}, drawing gap-free from the organisation's series
  // "provisional:<node>" (one series for all fiscal years).
  std::string provisional_node;
  // When > 0 the entry is appended only if it gets exactly this seq (and, when given, the entry
  // before it has expected_previous_hash); otherwise kConflict "ledger.seq_moved" and nothing is
  // written. Catch-up uses it so an edge's entries keep the positions they were made at.
  int64_t expected_seq = 0;
  std::string expected_previous_hash;
  // With expected_seq: the entry before it must have this entry id. A run of drafts appended
  // together names each one's predecessor, so if one of them is not appended none after it
  // lands at a seq that merely happens to be free.
  std::string expected_previous_entry_id;
};

// The number-series key and width of provisional numbers.
inline std::string ProvisionalSeries(const std::string& node) { return "provisional:" + node; }
std::string ProvisionalNumberText(const std::string& node, int64_t number);  // "E1-000123"

struct Entry {
  int64_t org = 0;
  int64_t seq = 0;
  std::string entry_id;
  std::string kind;
  Date document_date;
  Date posting_date;
  int fiscal_year = 0;
  std::map<std::string, int64_t> numbers;  // series -> number
  Origin origin;
  std::string author;
  int64_t recorded_at_ms = 0;
  nlohmann::json body = nlohmann::json::object();
  std::vector<Line> lines;
  std::string hash;  // lower-case hex SHA-256

  Money TotalDebit() const;
};

// True while an entry made at an edge node during an outage waits for the centre's official
// numbers (some series still holds 0).
bool AwaitsOfficialNumbers(const Entry& entry);
// The number a document shows, linking both numbers (R11, R12): `official` (e.g. "บท. 12/2570")
// once the centre has numbered the entry, followed by "(ชั่วคราว E1-000123)" when it was made at an
// edge node offline, or by "(เอกสารกระดาษ เล่มที่ 3 เลขที่ 45 ลงวันที่ 2 ธ.ค. 2569)" when it was
// back-entered from paper; while it awaits its official number, only "ชั่วคราว E1-000123" (or
// "รอเลขที่จากศูนย์" when it has no provisional number).
std::string DocumentNumberText(const Entry& entry, const std::string& official);
// "ชั่วคราว E1-000123", or "" when the entry has no provisional number.
std::string ProvisionalLabel(const Entry& entry);
// "เอกสารกระดาษ เล่มที่ 3 เลขที่ 45 ลงวันที่ 2 ธ.ค. 2569", or "" when not from paper.
std::string PaperLabel(const Entry& entry);

// The ledger's own rules for a draft: ids, sizes, dates within the fiscal year, every line
// one-sided and positive, debits equal credits. Errors name the field (Thai message).
Status ValidateDraft(const EntryDraft& draft);

// Canonical JSON object of an entry (without its hash) and its bytes. The bytes are written
// without building the object, and are exactly CanonicalJson(entry).dump() (ledger_test pins it).
nlohmann::json CanonicalJson(const Entry& entry);
std::string CanonicalBytes(const Entry& entry);

// An entry's canonical bytes less what the ledger's writer decides: the numbers drawn, the time
// recorded and the seq. The fields a draft fixes are encoded in the caller's thread (Ledger::Append)
// and the writer, which all appends of its organisations wait for, only joins the pieces:
//   AssembleCanonical(CanonicalFrameOf(draft), numbers, recorded_at_ms, seq)
// is CanonicalBytes of the entry the draft becomes, provided the writer keeps the draft's origin
// (it does not for a draft with a provisional node).
struct CanonicalFrame {
  std::string before_numbers;  // {"author":…,"lines":[…],"numbers":
  std::string after_numbers;   // ,"org":…,"origin":{…},"posting_date":"…"
};
CanonicalFrame CanonicalFrameOf(const EntryDraft& draft);
CanonicalFrame CanonicalFrameOf(const Entry& entry);
std::string AssembleCanonical(const CanonicalFrame& frame,
                              const std::map<std::string, int64_t>& numbers,
                              int64_t recorded_at_ms, int64_t seq);
// Parses canonical bytes back into an Entry (hash left empty). Errors: ledger.decode.
Result<Entry> DecodeCanonical(std::string_view bytes);

// What the fast decoding below makes of the document body.
enum class BodyDecoding {
  kValue,      // parsed into Entry::body
  kCheckOnly,  // checked to be well-formed JSON, object at the top, and left as {}
};
// Bytes that must stay readable after the canonical bytes for the fast decoding.
inline constexpr size_t kDecodeReadAheadBytes = 64;
// The same decoding for long scans (verify): `bytes` is read where it lies (not copied), so the
// `kDecodeReadAheadBytes` after its end must be readable memory; the body is parsed only when
// something will read it.
Result<Entry> DecodeCanonical(std::string_view bytes, BodyDecoding body);
// The same into an Entry that is reused (its strings and vectors keep their capacity); on an
// error the entry holds no meaningful value.
Status DecodeCanonicalInto(std::string_view bytes, BodyDecoding body, Entry& entry);

// SHA-256(previous_hash_hex as 32 raw bytes ‖ canonical), as lower-case hex. Asserts that
// previous_hash_hex is one (IsChainHashHex): a hash read from a store is checked first.
std::string ChainHash(std::string_view previous_hash_hex, std::string_view canonical);
// 64 lower-case hex digits, as ChainHash writes and reads them.
bool IsChainHashHex(std::string_view text);
// Ok when `hash`, read from the store as the link an organisation's chain continues from, is one;
// otherwise the store is damaged there: "ledger.damaged_chain", and that organisation's append is
// refused (rather than the process stopped by ChainHash's assertion, or other organisations held).
Status CheckStoredChainHash(int64_t org, std::string_view hash, std::string_view where);
// 64 zeros: the "previous hash" of every organisation's first entry.
const std::string& GenesisHash();

// Reading a field of an entry's (or a line's) body, as projections fold it: absent, null or of
// another type reads as 0, "" or false (the append-time validation of each kind wrote the body).
int64_t BodyInt(const nlohmann::json& body, std::string_view key);
std::string BodyText(const nlohmann::json& body, std::string_view key);
bool BodyFlag(const nlohmann::json& body, std::string_view key);

}  // namespace klang::ledger
