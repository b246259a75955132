// reports/closing_documents.h — the printed face of the statements (closing/statements.h) as a
// register: line code, line name, then the statement's amount columns (the CSV contract of `klang
// report balance-sheet|operations|receipts-payments`: line code, line name, amount or amounts),
// totals and headings in their place and in bold, then the signatures (ผู้จัดทำ, ผู้อำนวยการกองคลัง,
// ปลัด: provisional, the official forms were not read).
// No HTTP here.
#pragma once

#include "closing/statements.h"
#include "core/clock.h"
#include "org/org.h"
#include "reports/documents.h"

namespace klang::reports {

RegisterDoc StatementRegister(const closing::Statement& statement, const OrgHeading& heading, const Clock& clock);

}  // namespace klang::reports
