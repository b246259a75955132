// web/expenditure/expenditure.h — the expenditure screens (Thai) and the JSON API under /api/v1:
// purchase/hire requests and their approval, orders and contracts, inspection, debt-setting
// vouchers, ฎีกา through every step, payments and cheque collection, e-payment batches, staff
// advances. Each handler serves both faces: a form post answers with a redirect (or the form
// again with the Thai error and what was typed), the same call under /api/v1 answers JSON (or
// problem+json). Printable documents are in web/reports (expenditure_documents.h).
#pragma once

#include <nlohmann/json.hpp>

#include "accounting/chart.h"
#include "budget/budget.h"
#include "budget/carryover.h"
#include "expenditure/disbursement.h"
#include "expenditure/expenditure.h"
#include "revenue/revenue.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct ExpenditureWeb {
  Pages& pages;
  expenditure::ExpenditureService& expenditure;
  expenditure::DisbursementService& disbursement;
  budget::BudgetService& budget;       // the lines a document may charge
  budget::CarryOverService& carryovers;  // last year's งบลงทุน carried over, a purchase may charge
  revenue::RevenueService& revenue;    // the organisation's bank accounts
  accounting::ChartOfAccounts& chart;  // account names on voucher lines
};

// JSON views shared by the pages and the API (views.cc).
nlohmann::json RequestJson(const expenditure::Request& request);
nlohmann::json OrderJson(const expenditure::Order& order);
nlohmann::json DebtJson(const expenditure::DebtVoucher& debt);
nlohmann::json ClaimJson(const expenditure::Claim& claim);
nlohmann::json PaymentJson(const expenditure::Payment& payment);
nlohmann::json BatchJson(const expenditure::Batch& batch);
nlohmann::json AdvanceJson(const expenditure::Advance& advance);

// `web` must outlive the router.
void RegisterExpenditureRoutes(RouteTable& table, ExpenditureWeb& web);

}  // namespace klang::web
