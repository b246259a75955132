// closing/checks.h — the checks a month passes before it closes (periods.h MonthCheck), built
// over the other modules' registers.
#pragma once

#include "closing/periods.h"
#include "sync/continuity.h"

namespace klang::closing {

// Continuity: no outage of the organisation that began by the month's end may still be open
// (not ended, or paper documents not all entered), none of its documents may still await the
// centre's official number, and no document of the month or before may still be held for review.
// The month's books are not whole until they are. Both must outlive the check.
MonthCheck ContinuityMonthCheck(sync::ContinuityService& continuity, const sync::DocumentKinds& kinds);

}  // namespace klang::closing
