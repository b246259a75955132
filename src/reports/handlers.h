// reports/handlers.h — trial balance (page, PDF, XLSX, CSV, JSON), the printable voucher, and
// the integrity status page (verify of one organisation's chain and projections).
#pragma once

#include "accounting/handlers.h"

namespace klang::reports {

void RegisterReportRoutes(http::Router& router, accounting::WebContext& context);

}  // namespace klang::reports
