// closing/projection.h — the close_* tables and the projection that keeps them (projection.cc).
#pragma once

#include <memory>
#include <vector>

#include "closing/periods.h"
#include "ledger/projection.h"
#include "store/db.h"

namespace klang::closing {

std::vector<store::Migration> PeriodMigrations();
std::unique_ptr<ledger::Projection> MakePeriodProjection();
// closing.month_order: the month before `month` must close first.
Status MonthOrder(const Month& month);
// closing.already_closed and closing.not_closed, naming the month: the service refuses early with
// the same words the projection refuses with inside the append.
Status AlreadyClosed(const Month& month);
Status NotClosed(const Month& month);
// closing.year_closed: a month of a closed year is not reopened before the year.
Status YearStillClosed(const Month& month);

}  // namespace klang::closing
