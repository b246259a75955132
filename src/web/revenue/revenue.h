// web/revenue/revenue.h — the revenue screens (Thai) and the JSON API under /api/v1: receipt
// books, receipts, remittances, the summary and receipt voucher, bank accounts and deposits,
// taxpayers and assessments, the registers and the daily financial status report. Each handler
// serves both faces: a form post answers with a redirect (or the form again with the Thai error),
// the same call under /api/v1 answers JSON (or problem+json). Printable documents and register
// downloads are in web/reports (revenue_documents.h).
#pragma once

#include "auth/auth.h"
#include "revenue/revenue.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct RevenueWeb {
  Pages& pages;
  revenue::RevenueService& revenue;
  auth::AuthService& auth;  // the organisation's users, to whom a receipt book is issued
};

// `web` must outlive the router.
void RegisterRevenueRoutes(RouteTable& table, RevenueWeb& web);

}  // namespace klang::web
