// sync/gate.h — the rules every append passes before the ledger queues it (ledger::AppendGate),
// on the centre and (with the edge's routing added, edge.h) on an edge node:
//  - paper back-entry (R12): a document entered from paper carries its paper book, number and
//    date; the date may not be in the future; the same paper document is not entered twice;
//  - the order rule (letters ข้อ 6): while an outage's paper documents are being entered, the
//    organisation takes only back-entered documents, not the day's new work;
//  - homes (centre): an organisation whose books are written at an edge node takes appends only
//    from that node (see nodes.h).
// The web layer says which paper document a request enters (ScopedPaperOrigin) and the sync
// handlers say on whose behalf they append (ScopedActingNode); both are per thread, for the
// duration of one request, because handlers append on the request's own thread.
#pragma once

#include <optional>
#include <string>

#include "ledger/ledger.h"
#include "sync/continuity.h"
#include "sync/nodes.h"

namespace klang::sync {

inline constexpr int64_t kPaperDaysMax = 2 * 366;  // back-entry reaches at most two years back

struct PaperOrigin {
  std::string book, number, date;  // date ISO
};

// The screens keep "the paper document being entered" in a cookie until one document has been
// entered from it (cli wraps every state-changing request in a ScopedPaperOrigin from it).
inline constexpr const char* kPaperCookie = "klang_paper";
std::string EncodePaperCookie(const PaperOrigin& origin);  // hex: cookie-safe
std::optional<PaperOrigin> DecodePaperCookie(const std::string& value);

class ScopedPaperOrigin {
 public:
  explicit ScopedPaperOrigin(PaperOrigin origin);
  ~ScopedPaperOrigin();
  // True once a document has been given this paper origin.
  bool used() const;
  ScopedPaperOrigin(const ScopedPaperOrigin&) = delete;
  ScopedPaperOrigin& operator=(const ScopedPaperOrigin&) = delete;

 private:
  std::optional<PaperOrigin> previous_;
};
// The paper document the current request enters, if any.
const PaperOrigin* CurrentPaperOrigin();

class ScopedActingNode {
 public:
  explicit ScopedActingNode(std::string node);
  ~ScopedActingNode();
  ScopedActingNode(const ScopedActingNode&) = delete;
  ScopedActingNode& operator=(const ScopedActingNode&) = delete;

 private:
  std::string previous_;
};
const std::string& CurrentActingNode();  // "" when not appending for a node

// Paper origin and order rule; fills draft.origin for a paper document.
class PaperRules {
 public:
  PaperRules(ContinuityService& continuity, const Clock& clock)
      : continuity_(continuity), clock_(clock) {}
  Status Apply(ledger::EntryDraft& draft);

 private:
  ContinuityService& continuity_;
  const Clock& clock_;
};

class CentreGate final : public ledger::AppendGate {
 public:
  CentreGate(ContinuityService& continuity, NodeRegistry& nodes, const Clock& clock)
      : paper_(continuity, clock), nodes_(nodes) {}
  Result<std::optional<ledger::Appended>> Route(ledger::EntryDraft& draft) override;
  // Unless a paper document is being entered or the list holds continuity acts (both change
  // what PaperRules checks for the drafts after them).
  bool RoutesAsOneList(const std::vector<ledger::EntryDraft>& drafts) const override;

 private:
  PaperRules paper_;
  NodeRegistry& nodes_;
};

}  // namespace klang::sync
