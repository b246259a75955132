// reports/handlers.h — trial balance (page, PDF, XLSX, CSV, JSON), the printable voucher, and
// the integrity status page (verify of one organisation's chain and projections).
#pragma once

#include "accounting/handlers.h"
#include "reports/documents.h"

namespace klang::reports {

// The trial balance as page data (amounts formatted, zero shown blank) for the template
// "trial_balance" and the JSON API.
nlohmann::json TrialBalanceJson(const TrialBalance& report);

void RegisterReportRoutes(http::Router& router, accounting::WebContext& context);

}  // namespace klang::reports
