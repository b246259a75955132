#include "budget/handlers.h"

namespace klang::budget {

void RegisterBudgetRoutes(http::Router& router, BudgetWeb& web) {
  (void)router;
  (void)web;
}

}  // namespace klang::budget
