// reports/revenue_handlers.h — printable revenue documents (receipt, remittance slip, summary,
// receipt voucher, deposit and bank-receipt vouchers), the daily financial status report as
// PDF/XLSX, and every revenue register as CSV/XLSX/PDF. The figures come from the revenue
// service; this module only lays them out.
#pragma once

#include "revenue/handlers.h"

namespace klang::reports {

void RegisterRevenueDocumentRoutes(http::Router& router, revenue::RevenueWeb& web);

}  // namespace klang::reports
