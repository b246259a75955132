// web/budget/budget.h — the budget screens (Thai) and the JSON API under /api/v1: budget documents
// (draft, revise, adopt, approve), their lines and estimates, transfers and changes of explanation
// with the report to the governor or district chief, the budget expenditure register per line.
// Each handler serves both faces: a form post answers with a redirect (or the form again with the
// Thai error and what was typed), the same call under /api/v1 answers JSON (or problem+json).
// Printable reports are in web/reports (budget_documents.h).
#pragma once

#include <nlohmann/json.hpp>

#include "budget/budget.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct BudgetWeb {
  Pages& pages;
  budget::BudgetService& budget;
};

// JSON views shared by the pages and the API (views.cc).
nlohmann::json BudgetJson(const budget::Budget& budget);
nlohmann::json LineJson(const budget::BudgetLine& line);
nlohmann::json ChangeJson(const budget::BudgetChange& change);

// `web` must outlive the router.
void RegisterBudgetRoutes(RouteTable& table, BudgetWeb& web);

}  // namespace klang::web
