// closing/kinds.h — the entry kinds of closing the books, and which kinds a closed month refuses.
#pragma once

#include <string_view>

namespace klang::closing {

// A month closed (body: month, debit and credit of its movements, through_seq, checks) and a
// closed month reopened (body: month, reason, approval_ref, reopened: every month it reopened).
inline constexpr char kKindMonthClose[] = "close.month";
inline constexpr char kKindMonthReopen[] = "close.month.reopen";

// Whether an entry of `kind` belongs to the month of its posting date, so that a closed month
// refuses it. The acts of closing themselves, the continuity records (an outage's start, a held
// document's marker, appended after the fact) and the taxpayer register (a person or a property
// is not a posting) are not bound; every document that posts, commits or counts is.
bool BoundByPeriods(std::string_view kind);

}  // namespace klang::closing
