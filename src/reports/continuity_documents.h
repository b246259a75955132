// reports/continuity_documents.h — the printed face of continuity, read from the sync module's
// continuity service: the report on an outage for the local executive, and the control register
// of provisional numbers and the register of paper documents. No HTTP here: the downloads are
// web/reports/continuity_documents.cc.
#pragma once

#include "core/clock.h"
#include "org/org.h"
#include "reports/documents.h"
#include "sync/continuity.h"

namespace klang::reports {

// Where the continuity documents' figures come from. References; they must outlive the user.
struct ContinuitySources {
  sync::ContinuityService& continuity;
  org::OrgDirectory& orgs;
  const Clock& clock;
};

// The report to the executive on `outage`: its facts, the documents made during it, notes on
// what still awaits a number or a review.
Result<OutageReportDoc> OutageReport(ContinuitySources& sources, int64_t org,
                                     const sync::Outage& outage);
// The register of paper documents (`paper`), or the control register of provisional numbers.
Result<RegisterDoc> ContinuityRegister(ContinuitySources& sources, int64_t org, bool paper);

}  // namespace klang::reports
