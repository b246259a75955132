#include "web/reports/budget_documents.h"

#include "reports/render.h"
#include "reports/trial_balance.h"
#include "web/kit/params.h"
#include "web/reports/downloads.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;

Response Fail(BudgetDocumentsWeb& web, const Request& request, const Status& status) {
  return ErrorResponse(request, web.pages.templates, status);
}

Status UnknownDocument() { return Status::NotFound("report.unknown_document", "ไม่พบเอกสารที่ระบุ"); }

// /orgs/{org}/reports/budget/{seq}/{file}: estimates.{pdf,xlsx,csv}, expenditure.{pdf,xlsx,csv},
// detail.pdf.
Response BudgetDocument(BudgetDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto budget = web.sources.budget.Get(org, SeqParam(request));
  if (!budget.ok()) return Fail(web, request, budget.status());
  const FileParam file = ParseFileParam(request.PathParam("file"));
  if (file.name == "estimates") {
    return RegisterDownloadAs(request, web.pages.templates,
                              reports::EstimatesRegister(web.sources, org, *budget), file.format);
  }
  if (file.name == "expenditure") {
    return RegisterDownloadAs(request, web.pages.templates,
                              reports::ExpenditureSummary(web.sources, org, *budget), file.format);
  }
  if (file.name == "detail" && file.format == "pdf") {
    reports::BudgetDetailDoc doc = reports::BudgetDetail(web.sources, org, *budget);
    // The hash is that of the entry holding the current content (a revision, perhaps).
    doc.integrity_line = "SHA-256 " + budget->hash.substr(0, 16) + "…";
    return PdfDownload(request, web.pages.templates, reports::BudgetDetailPdf(doc),
                       "รายละเอียดประมาณการรายจ่าย-" + std::to_string(budget->fiscal_year));
  }
  return Fail(web, request, UnknownDocument());
}

// ทะเบียนรายจ่ายตามงบประมาณ: every line in force,
// /orgs/{org}/reports/budget/register.{fmt}?fy=&date=.
Response RegisterSummary(BudgetDocumentsWeb& web, Request& request) {
  const FileParam file = ParseFileParam(request.PathParam("file"));
  if (file.name != "register") return Fail(web, request, UnknownDocument());
  const int fiscal_year = FiscalYearParam(request, web.pages.clock);
  const Date as_of = DateParam(request, "date").value_or(FiscalYearEnd(fiscal_year));
  auto doc = reports::BudgetRegister(web.sources, OrgParam(request), fiscal_year, as_of);
  if (!doc.ok()) return Fail(web, request, doc.status());
  return RegisterDownloadAs(request, web.pages.templates, *doc, file.format);
}

// One line's register: /orgs/{org}/reports/budget/lines/{id}.{fmt}.
Response LineRegister(BudgetDocumentsWeb& web, Request& request) {
  const FileParam file = ParseFileParam(request.PathParam("file"));
  auto doc = reports::LineRegister(web.sources, OrgParam(request), file.id());
  if (!doc.ok()) return Fail(web, request, doc.status());
  return RegisterDownloadAs(request, web.pages.templates, *doc, file.format);
}

// A transfer or change of explanation: /orgs/{org}/reports/budget/changes/{id}.pdf.
Response ChangeDocument(BudgetDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const FileParam file = ParseFileParam(request.PathParam("file"));
  if (file.format != "pdf") return Fail(web, request, UnknownDocument());
  auto change = web.sources.budget.GetChange(org, file.id());
  if (!change.ok()) return Fail(web, request, change.status());
  const reports::BudgetChangeDoc doc = reports::ChangeDocument(web.sources, org, *change);
  return PdfDownload(request, web.pages.templates, reports::BudgetChangePdf(doc),
                     doc.title_th + "-" + std::to_string(change->number));
}

}  // namespace

void RegisterBudgetDocumentRoutes(RouteTable& table, BudgetDocumentsWeb& web) {
  // clang-format off
  table.AddOrgRoutes("/reports/budget", web, {
      {"GET", "/{file}", "bud.read", RegisterSummary, Face::kPage},
      {"GET", "/lines/{file}", "bud.read", LineRegister, Face::kPage},
      {"GET", "/changes/{file}", "bud.read", ChangeDocument, Face::kPage},
      {"GET", "/{seq}/{file}", "bud.read", BudgetDocument, Face::kPage},
  });
  // clang-format on
}

}  // namespace klang::web
