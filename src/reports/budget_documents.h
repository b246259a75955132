// reports/budget_documents.h — the data of the budget's printed documents, read from the budget
// service and laid out as the plain document structs of documents.h: ประมาณการรายรับ and
// ประมาณการรายจ่าย of a budget document, its รายละเอียดประมาณการรายจ่าย, the budget expenditure
// register ทะเบียนรายจ่ายตามงบประมาณ (all lines, or one line's movements) and the record of a
// transfer or change of explanation. No HTTP here: the downloads are
// web/reports/budget_documents.cc.
#pragma once

#include "budget/budget.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "reports/documents.h"

namespace klang::reports {

// Where the budget documents' figures come from. References; they must outlive the user.
struct BudgetSources {
  budget::BudgetService& budget;
  ledger::Ledger& ledger;  // the hash of a change's entry
  org::OrgDirectory& orgs;
  const Clock& clock;
};

// ประมาณการรายรับ: the revenue estimates of one budget document.
RegisterDoc EstimatesRegister(BudgetSources& sources, int64_t org, const budget::Budget& budget);
// ประมาณการรายจ่าย: one row per แผนงาน (under its ด้าน), one column per งบ, and the total.
RegisterDoc ExpenditureSummary(BudgetSources& sources, int64_t org, const budget::Budget& budget);
// รายละเอียดประมาณการรายจ่าย: every item with its explanation.
BudgetDetailDoc BudgetDetail(BudgetSources& sources, int64_t org, const budget::Budget& budget);
// ทะเบียนรายจ่ายตามงบประมาณ of every line of `fiscal_year` as of `as_of` (no later than today).
Result<RegisterDoc> BudgetRegister(BudgetSources& sources, int64_t org, int fiscal_year,
                                   Date as_of);
// The register of one line: its movements with the balance after each.
Result<RegisterDoc> LineRegister(BudgetSources& sources, int64_t org, int64_t line);
// The record of a transfer or a change of explanation.
BudgetChangeDoc ChangeDocument(BudgetSources& sources, int64_t org,
                               const budget::BudgetChange& change);

}  // namespace klang::reports
