// sync/continuity.h — what the letters ask of an office when the system cannot be used (R11,
// R12): the outage register and its report to the executive, the control register of documents
// made with provisional numbers at an edge node, the register of documents back-entered from
// paper, the order rule (paper documents first, before the day's work) and the review queue of
// documents the centre could not take as they were.
//
// Everything here is derived from the organisation's log (projection "continuity"):
//   cont.outage.begin  an outage: detected by an edge node, or declared afterwards (power cut,
//                      flood, no internet) with whether paper documents were made
//   cont.outage.cause  the cause as a clerk entered it
//   cont.outage.end    the edge node reached the centre again
//   cont.caught_up     every document made during the outage is at the centre, numbered
//   cont.paper.done    every paper document of the outage has been entered (ends the order rule)
//   sync.held          a document made at an edge node that the centre could not append as it
//                      was (its full content is kept in the entry, nothing is dropped)
//   sync.reviewed      a reviewer's decision on a held document
// and from every entry whose origin is an edge node or paper (docs/continuity.md).
//
// Thread-safe (holds references; the projection runs on the ledger's writer thread).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounting/document_kit.h"
#include "ledger/ledger.h"
#include "org/org.h"

namespace klang::sync {

inline constexpr const char* kOutageBegin = "cont.outage.begin";
inline constexpr const char* kOutageCause = "cont.outage.cause";
inline constexpr const char* kOutageEnd = "cont.outage.end";
inline constexpr const char* kCaughtUp = "cont.caught_up";
inline constexpr const char* kPaperDone = "cont.paper.done";
inline constexpr const char* kHeld = "sync.held";
inline constexpr const char* kReviewed = "sync.reviewed";

// Where a continuity document was made (ContinuityDocument::origin; wire origins too).
inline constexpr const char* kOriginEdge = "edge";    // at an office node, provisionally numbered
inline constexpr const char* kOriginPaper = "paper";  // on paper, entered later
// How a held document was resolved (HeldEntry::resolution).
inline constexpr const char* kReEntered = "re_entered";  // entered again as another document
inline constexpr const char* kDismissed = "dismissed";   // not taken into the books

// True for the kinds above: records about the books, not business documents (no provisional
// number, never refused by the order rule).
bool IsContinuityKind(const std::string& kind);

// Thai names of document kinds and where each is shown (data/document_kinds.csv), and the Thai
// labels of the official number series (data/number_series.csv; a label ending in '*' matches
// every series starting with what comes before it).
class DocumentKinds {
 public:
  static Result<DocumentKinds> FromCsv(const std::string& kinds_csv, const std::string& series_csv);
  // "บท. 12/2570" for {"gl.voucher": 12}; "รอเลขที่จากศูนย์" for a series still 0.
  std::string NumbersText(const std::map<std::string, int64_t>& numbers, int fiscal_year) const;
  std::string NameTh(const std::string& kind) const;  // the kind itself when unknown
  // "/orgs/<org>/…/<seq>" of the page showing a document of `kind`, or "".
  std::string Link(const std::string& kind, int64_t org, int64_t seq) const;

 private:
  std::map<std::string, std::pair<std::string, std::string>> kinds_;  // kind -> name, path
  std::map<std::string, std::string> series_;  // series (or prefix*) -> Thai label
};

struct Outage {
  int64_t id = 0;  // seq of its cont.outage.begin entry
  int64_t org = 0;
  std::string node;        // the edge node that detected it; "" when declared at the centre
  std::string cause_code;  // centre_unreachable | power | internet | centre_down |
                           // preliminary_closing | other
  std::string cause_th;    // as entered (or the detector's words until someone enters one)
  bool automatic = false;  // detected by an edge node
  bool paper = false;      // paper documents were made: the order rule holds until paper_done
  int64_t started_at_ms = 0, ended_at_ms = 0, caught_up_at_ms = 0, paper_done_at_ms = 0;
  int64_t documents_edge = 0;      // made with provisional numbers during it
  int64_t documents_paper = 0;     // back-entered from paper for it
  int64_t documents_awaiting = 0;  // still without official numbers
  int64_t documents_held = 0;      // held for review
  bool open() const { return ended_at_ms == 0 || (paper && paper_done_at_ms == 0); }
};

// One document of the control registers: made at an edge node with a provisional number, or
// back-entered from paper.
struct ContinuityDocument {
  int64_t seq = 0;
  std::string entry_id, kind;
  std::string origin;  // "edge" | "paper"
  std::string node, provisional;
  std::string paper_book, paper_number, paper_date;  // paper_date ISO
  Date day;        // posting date
  Money amount;    // total of its debit lines (0 for documents without lines)
  bool awaiting = false;  // no official number yet
  std::map<std::string, int64_t> numbers;  // official numbers by series (0 = awaiting)
  int64_t outage = 0;
  std::string author;
};

struct HeldEntry {
  int64_t seq = 0;  // of the sync.held entry
  int64_t org = 0;
  std::string original_entry_id, kind, node, provisional;
  int64_t local_seq = 0;  // where it stood at the edge node
  std::string reason_code, reason_th, reason_en;
  Date day;
  Money amount;
  nlohmann::json original;  // the document as the edge node made it (canonical JSON object)
  int64_t reviewed_seq = 0;
  std::string resolution;         // re_entered | dismissed
  std::string resolution_reason;  // as the reviewer wrote it
  int64_t replaced_by = 0;        // re_entered: the seq of the document that replaces it
  std::string reviewer;
  bool open() const { return reviewed_seq == 0; }
};

struct OutageInput {
  int64_t org = 0;
  std::string entry_id;
  std::string cause_code;  // power | internet | centre_down | preliminary_closing | other
  std::string cause_th;
  std::string started_at;  // "2026-12-02T08:30" local Thai time, or a date
  std::string ended_at;    // empty = still going on
  bool paper = false;
};

struct ReviewInput {
  int64_t org = 0;
  int64_t held = 0;
  std::string entry_id;
  std::string resolution;  // re_entered | dismissed
  std::string reason;
  int64_t replaced_by = 0;  // re_entered: the document entered in its place
};

class ContinuityService {
 public:
  ContinuityService(ledger::Ledger& ledger, org::OrgDirectory& orgs, const DocumentKinds& kinds,
                    const Clock& clock, Random& random);
  ~ContinuityService();
  static std::vector<store::Migration> Migrations();
  ledger::Projection* projection();
  const DocumentKinds& kinds() const { return kinds_; }

  // An outage recorded afterwards by a clerk (the office node itself was down: power cut, flood).
  // With paper documents, the organisation then accepts only back-entered paper documents until
  // PaperDone (letters ข้อ 6: manual work first, in order, before the day's work).
  Result<Outage> Declare(const OutageInput& input, const accounting::Actor& actor);
  Result<Outage> RecordCause(int64_t org, int64_t outage, const std::string& entry_id,
                             const std::string& cause_th, const accounting::Actor& actor);
  Result<Outage> PaperDone(int64_t org, int64_t outage, const std::string& entry_id,
                           const accounting::Actor& actor);
  // A reviewer's decision on a held document: entered again (naming the replacing document) or
  // dismissed with a reason. The held entry itself stays in the log.
  Result<HeldEntry> Review(const ReviewInput& input, const accounting::Actor& actor);

  Result<std::vector<Outage>> Outages(int64_t org);
  Result<Outage> GetOutage(int64_t org, int64_t id);
  // The control registers: origin "edge", "paper" or "" (both); outage 0 = all.
  Result<std::vector<ContinuityDocument>> Documents(int64_t org, const std::string& origin,
                                                    int64_t outage);
  Result<std::vector<HeldEntry>> Held(int64_t org, bool open_only);
  Result<HeldEntry> GetHeld(int64_t org, int64_t seq);

  // For the gates (src/sync/gate.h).
  // The outage whose paper documents are still being entered, if any (without its counts).
  Result<std::optional<Outage>> OpenPaperOutage(int64_t org);
  // A paper document of `kind` with this book and number has been entered already.
  Result<bool> PaperNumberUsed(int64_t org, const std::string& kind, const std::string& book,
                               const std::string& number);
  // The outage an edge node is recording documents under, if one is open for `node` (without
  // its counts).
  Result<std::optional<Outage>> OpenEdgeOutage(int64_t org, const std::string& node);

  // Drafts of the continuity records an edge node appends itself.
  ledger::EntryDraft OutageBeginDraft(int64_t org, const std::string& node, int64_t started_at_ms,
                                      const std::string& why_th);
  ledger::EntryDraft OutageEndDraft(int64_t org, int64_t outage, int64_t ended_at_ms);
  ledger::EntryDraft CaughtUpDraft(int64_t org, int64_t outage, int64_t at_ms, int64_t documents);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  const DocumentKinds& kinds_;
};

// Thai names of outage causes.
std::string CauseThai(const std::string& cause_code);

}  // namespace klang::sync
