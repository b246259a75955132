// budget/handlers.h — the budget screens (Thai) and the JSON API under /api/v1: budget documents
// (draft, revise, adopt, approve), their lines and estimates, transfers and changes of
// explanation with the report to the governor or district chief, the budget expenditure register
// per line. Each handler serves both faces: a form post answers with a redirect (or the form
// again with the Thai error and what was typed), the same call under /api/v1 answers JSON (or
// problem+json). Printable reports are served by reports/ (reports/budget_handlers.h).
#pragma once

#include "accounting/handlers.h"
#include "budget/budget.h"

namespace klang::budget {

struct BudgetWeb {
  BudgetService& budget;
  accounting::WebContext& base;  // templates, orgs, clock, ledger
};

// JSON views shared by the pages, the API and the report downloads.
nlohmann::json BudgetJson(const Budget& budget);
nlohmann::json LineJson(const BudgetLine& line);
nlohmann::json ChangeJson(const BudgetChange& change);

void RegisterBudgetRoutes(http::Router& router, BudgetWeb& web);

}  // namespace klang::budget
