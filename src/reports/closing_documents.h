// reports/closing_documents.h — the printed face of the statements (closing/statements.h) as a
// register: line code, line name, then the statement's amount columns (the CSV contract of `klang
// report balance-sheet|operations|receipts-payments`: line code, line name, amount or amounts),
// totals and headings in their place and in bold, then the signatures (ผู้จัดทำ, ผู้อำนวยการกองคลัง,
// ปลัด: provisional, the official forms were not read).
// No HTTP here.
#pragma once

#include "budget/carryover.h"
#include "closing/statements.h"
#include "core/clock.h"
#include "org/org.h"
#include "reports/documents.h"

namespace klang::reports {

RegisterDoc StatementRegister(const closing::Statement& statement, const OrgHeading& heading, const Clock& clock);

// รายงานรายละเอียดการกันเงินรายจ่าย of a fiscal year: one register per งาน (its carry-overs: number,
// item, case, order, approver, amount, expiry; with a total), each ending with the signatures of whoever answers for the งาน (ผู้จัดทำ, หัวหน้าหน่วยงาน
// เจ้าของงาน, ผู้อำนวยการกองคลัง, ปลัด: provisional, the e-LAAS form was not read), in งาน order;
// none when the year carried nothing over.
std::vector<RegisterDoc> CarryOverRegisters(const std::vector<budget::CarryOver>& carryovers, int fiscal_year,
                                            const OrgHeading& heading, const Clock& clock);
// The same carry-overs as one register (งาน as a column, and what has been used, lapsed and is
// left) for CSV, XLSX and the screen.
RegisterDoc CarryOverRegister(const std::vector<budget::CarryOver>& carryovers, int fiscal_year,
                              const OrgHeading& heading, const Clock& clock);

}  // namespace klang::reports
