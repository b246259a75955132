// web/reports/revenue_documents.h — the printable revenue documents as downloads: the receipt,
// remittance slip, summary and its receipt voucher, deposit and bank-receipt vouchers (PDF), the
// daily financial status report (PDF/XLSX) and every revenue register (CSV/XLSX/PDF), under
// /orgs/{org}/reports/revenue. The figures and layout data come from reports/revenue_documents.h.
#pragma once

#include "reports/revenue_documents.h"
#include "oversight/oversight.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct RevenueDocumentsWeb {
  Pages& pages;
  reports::RevenueSources sources;
  oversight::OversightService* oversight = nullptr;  // told when the daily report is made
};

// `web` must outlive the router.
void RegisterRevenueDocumentRoutes(RouteTable& table, RevenueDocumentsWeb& web);

}  // namespace klang::web
