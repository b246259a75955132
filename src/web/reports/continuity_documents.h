// web/reports/continuity_documents.h — the printed face of continuity as downloads, under
// /orgs/{org}/reports/continuity: the report on an outage for the local executive (PDF), and the
// control register of provisional numbers and the register of paper documents (CSV/XLSX/PDF).
// The figures and layout data come from reports/continuity_documents.h.
#pragma once

#include "reports/continuity_documents.h"
#include "web/kit/page.h"
#include "web/kit/routes.h"

namespace klang::web {

struct ContinuityDocumentsWeb {
  Pages& pages;
  reports::ContinuitySources sources;
};

// `web` must outlive the router.
void RegisterContinuityDocumentRoutes(RouteTable& table, ContinuityDocumentsWeb& web);

}  // namespace klang::web
