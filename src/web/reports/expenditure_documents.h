// web/reports/expenditure_documents.h — the printable expenditure documents as downloads, under
// /orgs/{org}/reports/expenditure: the ฎีกา cover sheet, the debt-setting and payment vouchers
// (PDF, or their figures as XLSX/CSV), the cheque / withdrawal-slip report and the registers of
// ฎีกา, requests, orders and contracts, and staff advances (CSV/XLSX/PDF). The figures and layout
// data come from reports/expenditure_documents.h.
#pragma once

#include "reports/expenditure_documents.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct ExpenditureDocumentsWeb {
  Pages& pages;
  reports::ExpenditureSources sources;
};

// `web` must outlive the router.
void RegisterExpenditureDocumentRoutes(RouteTable& table, ExpenditureDocumentsWeb& web);

}  // namespace klang::web
