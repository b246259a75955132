// expenditure/handlers.h — the expenditure screens (Thai) and the JSON API under /api/v1:
// purchase/hire requests and their approval, orders and contracts, inspection, debt-setting
// vouchers, ฎีกา through every step, payments and cheque collection, e-payment batches, staff
// advances. Each handler serves both faces: a form post answers with a redirect (or the form again
// with the Thai error and what was typed), the same call under /api/v1 answers JSON (or
// problem+json). Printable documents are served by reports/ (reports/expenditure_handlers.h).
#pragma once

#include "accounting/handlers.h"
#include "auth/auth.h"
#include "expenditure/disbursement.h"
#include "expenditure/expenditure.h"

namespace klang::expenditure {

struct ExpenditureWeb {
  ExpenditureService& expenditure;
  DisbursementService& disbursement;
  budget::BudgetService& budget;
  revenue::RevenueService& revenue;  // the organisation's bank accounts
  auth::AuthService& auth;
  accounting::WebContext& base;  // templates, orgs, clock, ledger
};

// JSON views shared by the pages, the API and the document downloads.
nlohmann::json RequestJson(const Request& request);
nlohmann::json OrderJson(const Order& order);
nlohmann::json DebtJson(const DebtVoucher& debt);
nlohmann::json ClaimJson(const Claim& claim);
nlohmann::json PaymentJson(const Payment& payment);
nlohmann::json BatchJson(const Batch& batch);
nlohmann::json AdvanceJson(const Advance& advance);

void RegisterExpenditureRoutes(http::Router& router, ExpenditureWeb& web);

}  // namespace klang::expenditure
