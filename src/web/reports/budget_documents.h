// web/reports/budget_documents.h — the printable budget documents as downloads, under
// /orgs/{org}/reports/budget: ประมาณการรายรับ and ประมาณการรายจ่าย of a budget document
// (PDF/XLSX/CSV), its รายละเอียดประมาณการรายจ่าย (PDF), the budget expenditure register for all
// lines and for one line (PDF/XLSX/CSV), and the record of a transfer or change of explanation
// (PDF). The figures and layout data come from reports/budget_documents.h.
#pragma once

#include "reports/budget_documents.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct BudgetDocumentsWeb {
  Pages& pages;
  reports::BudgetSources sources;
};

// `web` must outlive the router.
void RegisterBudgetDocumentRoutes(RouteTable& table, BudgetDocumentsWeb& web);

}  // namespace klang::web
