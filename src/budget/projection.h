// budget/projection.h — the bud_* tables and the projection that keeps them (projection.cc).
#pragma once

#include <memory>
#include <vector>

#include "budget/catalog.h"
#include "ledger/projection.h"
#include "store/db.h"

namespace klang::budget {

std::vector<store::Migration> BudgetMigrations();
// `catalog` names lines in refusals; it must outlive the projection.
std::unique_ptr<ledger::Projection> MakeBudgetProjection(const BudgetCatalog& catalog);

// Council approval is needed (budget regulation ข้อ 27) when a transfer creates a new item in
// งบลงทุน, or changes the nature, quantity or quality of what a งบลงทุน line it increases funds.
bool TransferNeedsCouncil(bool changes_nature, bool any_new_investment_line,
                          bool any_increased_investment_line);
// ข้อ 29: a change of explanation of a งบลงทุน item that changes its nature, quantity, quality
// or site.
bool ExplanationNeedsCouncil(bool investment, bool changes_nature, bool changes_site);

}  // namespace klang::budget
