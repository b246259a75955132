// reports/closing_documents.h — the printed face of the year's statements (closing/statements.h)
// as a register: line code, line name, amount (the CSV contract of `klang report balance-sheet|
// operations`: line code, line name, amount), totals in their place, then the signatures' note.
// No HTTP here.
#pragma once

#include "closing/statements.h"
#include "core/clock.h"
#include "org/org.h"
#include "reports/documents.h"

namespace klang::reports {

RegisterDoc StatementRegister(const closing::Statement& statement, const OrgHeading& heading, const Clock& clock);

}  // namespace klang::reports
