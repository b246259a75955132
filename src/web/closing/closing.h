// web/closing/closing.h — periods on the screens and under /api/v1: the months of a fiscal year,
// open or closed, with who closed them and when; closing a month (refused with the differences
// listed when a check finds any); reopening a closed one with a reason and an approval reference;
// and the history of both; the year-end close of the fiscal year (its plan beforehand, the close
// refused with the differences listed, reopening with a reason and an approval reference).
#pragma once

#include "budget/carryover.h"
#include "closing/periods.h"
#include "closing/statements.h"
#include "closing/year_end.h"
#include "expenditure/expenditure.h"
#include "oversight/oversight.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct ClosingWeb {
  Pages& pages;
  closing::PeriodService& periods;
  closing::YearEndService& years;
  closing::StatementService& statements;
  budget::BudgetService& budget;
  budget::CarryOverService& carryovers;
  expenditure::ExpenditureService& expenditure;
  oversight::OversightService* oversight = nullptr;  // told when statements are made
};

// `web` must outlive the router.
void RegisterClosingRoutes(RouteTable& table, ClosingWeb& web);
// The carry-overs (carryovers.cc), under /closing/carryovers.
void RegisterCarryOverRoutes(RouteTable& table, ClosingWeb& web);

}  // namespace klang::web
