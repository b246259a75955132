// revenue/handlers.h — the revenue screens (Thai) and the JSON API under /api/v1. Each handler
// serves both faces: a form post answers with a redirect (or the form again with the Thai
// error), the same call under /api/v1 answers JSON (or problem+json). Printable documents and
// register downloads are served by reports/ (reports/revenue_handlers.h).
#pragma once

#include "accounting/handlers.h"
#include "auth/auth.h"
#include "revenue/revenue.h"

namespace klang::revenue {

struct RevenueWeb {
  RevenueService& revenue;
  auth::AuthService& auth;
  accounting::WebContext& base;  // templates, orgs, clock, ledger
};

// JSON views shared by the pages, the API and the report downloads.
nlohmann::json ReceiptJson(const Receipt& receipt);
nlohmann::json RemittanceJson(const Remittance& remittance);
nlohmann::json SummaryJson(const Summary& summary);
nlohmann::json DailyStatusJson(const DailyStatus& status);

void RegisterRevenueRoutes(http::Router& router, RevenueWeb& web);

}  // namespace klang::revenue
