#include "web/reports/continuity_documents.h"

#include "reports/render.h"
#include "web/kit/params.h"
#include "web/reports/downloads.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;

Response UnknownDocument(ContinuityDocumentsWeb& web, const Request& request) {
  return Failed(web.pages.templates, request,
                Status::NotFound("report.unknown_document", "ไม่พบเอกสาร", request.path));
}

// /orgs/{org}/reports/continuity/outages/{id}.pdf
Response OutageReport(ContinuityDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const FileParam file = ParseFileParam(request.PathParam("file"));
  if (file.format != "pdf" || file.id() == 0) return UnknownDocument(web, request);
  auto outage = web.sources.continuity.GetOutage(org, file.id());
  if (!outage.ok()) return Failed(web.pages.templates, request, outage.status());
  auto doc = reports::OutageReport(web.sources, org, *outage);
  if (!doc.ok()) return Failed(web.pages.templates, request, doc.status());
  return PdfDownload(request, web.pages.templates, reports::OutageReportPdf(*doc),
                     "รายงานระบบขัดข้อง-" + std::to_string(outage->id));
}

// /orgs/{org}/reports/continuity/{provisional|paper}.{csv,xlsx,pdf}
Response RegisterDownload(ContinuityDocumentsWeb& web, Request& request) {
  const FileParam file = ParseFileParam(request.PathParam("file"));
  if (file.name != "provisional" && file.name != "paper") return UnknownDocument(web, request);
  auto doc = reports::ContinuityRegister(web.sources, OrgParam(request), file.name == "paper");
  if (!doc.ok()) return Failed(web.pages.templates, request, doc.status());
  return RegisterDownloadAs(request, web.pages.templates, *doc, file.format);
}

}  // namespace

void RegisterContinuityDocumentRoutes(RouteTable& table, ContinuityDocumentsWeb& web) {
  // clang-format off
  table.AddOrgRoutes("/reports/continuity", web, {
      {"GET", "/{file}", "cont.read", RegisterDownload, Face::kPage},
      {"GET", "/outages/{file}", "cont.read", OutageReport, Face::kPage},
  });
  // clang-format on
}

}  // namespace klang::web
