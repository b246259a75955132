// web/accounting/vouchers.h — the general journal (ใบผ่านรายการบัญชีทั่วไป) on the screens and under
// /api/v1: the voucher list, the entry form with live totals (htmx), a voucher and its reversal;
// the chart of accounts as JSON. Pages and JSON are two faces of the same service calls.
#pragma once

#include <nlohmann/json.hpp>

#include "accounting/chart.h"
#include "accounting/voucher.h"
#include "budget/budget.h"
#include "revenue/revenue.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct AccountingWeb {
  Pages& pages;
  accounting::VoucherService& vouchers;
  accounting::ChartOfAccounts& chart;
  budget::BudgetService& budget;  // the budget lines a voucher line may name
  revenue::RevenueService& revenue;  // the bank accounts a voucher may name
};

// A voucher as the pages and the API show it (also the organisation home's recent list).
nlohmann::json VoucherJson(const accounting::VoucherView& view);

// `web` must outlive the router.
void RegisterAccountingRoutes(RouteTable& table, AccountingWeb& web);

}  // namespace klang::web
