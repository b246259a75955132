// web/reports/ledger_reports.h — the general ledger's reports: the trial balance (page, and as
// PDF, XLSX, CSV and JSON), the printable general voucher, and the integrity status of one
// organisation (verify of its chain and projections).
#pragma once

#include <nlohmann/json.hpp>

#include "accounting/chart.h"
#include "accounting/voucher.h"
#include "closing/reconcile.h"
#include "closing/year_end.h"
#include "ledger/ledger.h"
#include "reports/documents.h"
#include "oversight/oversight.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"
#include "witness/checkpoints.h"

namespace klang::web {

struct LedgerReportsWeb {
  Pages& pages;
  ledger::Ledger& ledger;
  accounting::ChartOfAccounts& chart;
  accounting::VoucherService& vouchers;
  const closing::Reconciler& reconciler;  // registers against the general ledger
  closing::YearEndService& years;          // whether the year before was closed (ยอดยกมา)
  witness::CheckpointService* checkpoints = nullptr;  // the signed checkpoints, when set up
  oversight::OversightService* oversight = nullptr;   // told of each verification's outcome
};

// The trial balance as page data (amounts formatted, zero shown blank) for the template
// "trial_balance" and the JSON API.
nlohmann::json TrialBalanceJson(const reports::TrialBalance& report);

// The trial balance as a page of its own, made outside any request (klang report --format html):
// no user, no navigation, no forms.
Result<std::string> StandaloneTrialBalanceHtml(const http::Templates& templates,
                                               org::OrgDirectory& orgs, int64_t org,
                                               const reports::TrialBalance& report);

// `web` must outlive the router.
void RegisterLedgerReportRoutes(RouteTable& table, LedgerReportsWeb& web);

}  // namespace klang::web
