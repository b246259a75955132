// reports/document_checks.h — the arithmetic the renderers check before printing (internal to
// the reports module). A printed document is signed as evidence, so it must never show a total
// that its own lines do not make; the figures come from storage, so sums are overflow-checked.
#pragma once

#include <initializer_list>
#include <string>

#include "core/date.h"
#include "core/money.h"
#include "core/status.h"

namespace klang::reports {

// The sum of `amount_of(item)` over `items`; money.overflow if it leaves the int64 range.
template <typename Items, typename AmountOf>
Result<Money> CheckedSum(const Items& items, AmountOf amount_of) {
  Money sum;
  for (const auto& item : items) {
    KLANG_ASSIGN_OR_RETURN(sum, Money::CheckedAdd(sum, amount_of(item)));
  }
  return sum;
}

inline Result<Money> CheckedSum(std::initializer_list<Money> amounts) {
  return CheckedSum(amounts, [](Money amount) { return amount; });
}

// Status::Internal(code) saying which figure differs, when `printed` is not `computed`.
inline Status ExpectTotal(const std::string& code, const std::string& what, Money printed,
                          Money computed) {
  if (printed == computed) return Status::Ok();
  return Status::Internal(
      code, what + ": printed " + printed.Format() + ", computed " + computed.Format());
}

// report.invalid_date unless `date` is set; `what` names it in the English detail.
inline Status ExpectDate(Date date, const std::string& what) {
  if (date.valid()) return Status::Ok();
  return Status::InvalidInput("report.invalid_date", "วันที่ของเอกสารไม่ถูกต้อง", what + " is not set");
}

}  // namespace klang::reports
