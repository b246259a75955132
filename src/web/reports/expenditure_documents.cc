#include "web/reports/expenditure_documents.h"

#include "reports/render.h"
#include "web/kit/params.h"
#include "web/reports/downloads.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;

Response Fail(ExpenditureDocumentsWeb& web, const Request& request, const Status& status) {
  return ErrorResponse(request, web.pages.templates, status);
}

// A voucher (the document entry `seq`) as the PDF form with its check mark, or its lines as XLSX/CSV.
Response VoucherDownload(ExpenditureDocumentsWeb& web, const Request& request, int64_t org, int64_t seq,
                         reports::Voucher voucher, const std::string& format, const std::string& filename) {
  if (format == "pdf") {
    LinkCheck(web.pages, request, org, seq, voucher);
    return PdfDownload(request, web.pages.templates, reports::VoucherPdf(voucher), filename);
  }
  return RegisterDownloadAs(request, web.pages.templates,
                            reports::VoucherTable(web.sources, org, voucher), format);
}

// /orgs/{org}/reports/expenditure/claims/{id}.{pdf,xlsx,csv} — the ฎีกา cover sheet, or its figures.
Response ClaimDownload(ExpenditureDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const FileParam file = ParseFileParam(request.PathParam("file"));
  auto claim = web.sources.disbursement.Get(org, file.id());
  if (!claim.ok()) return Fail(web, request, claim.status());
  auto doc = reports::ClaimDocument(web.sources, org, *claim);
  if (!doc.ok()) return Fail(web, request, doc.status());
  if (file.format == "pdf") {
    LinkCheck(web.pages, request, org, file.id(), *doc);
    return PdfDownload(request, web.pages.templates, reports::ClaimPdf(*doc),
                       "ฎีกา-" + std::to_string(claim->requester_number) + "-" +
                           std::to_string(claim->fiscal_year));
  }
  return RegisterDownloadAs(request, web.pages.templates, reports::ClaimFigures(web.sources, *doc),
                            file.format);
}

// /orgs/{org}/reports/expenditure/debts/{id}.{pdf,xlsx,csv} — ใบผ่านรายการตั้งหนี้.
Response DebtDownload(ExpenditureDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const FileParam file = ParseFileParam(request.PathParam("file"));
  auto debt = web.sources.expenditure.GetDebt(org, file.id());
  if (!debt.ok()) return Fail(web, request, debt.status());
  return VoucherDownload(web, request, org, file.id(), reports::DebtSettingVoucher(web.sources, org, *debt),
                         file.format, "ใบผ่านรายการตั้งหนี้-" + std::to_string(debt->number));
}

// /orgs/{org}/reports/expenditure/payments/{id}.{pdf,xlsx,csv} — ใบผ่านรายการจ่าย.
Response PaymentDownload(ExpenditureDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const FileParam file = ParseFileParam(request.PathParam("file"));
  auto payment = web.sources.disbursement.GetPayment(org, file.id());
  if (!payment.ok()) return Fail(web, request, payment.status());
  return VoucherDownload(web, request, org, file.id(), reports::PaymentVoucher(web.sources, org, *payment),
                         file.format, "ใบผ่านรายการจ่าย-" + std::to_string(payment->number));
}

// /orgs/{org}/reports/expenditure/{name}.{csv,xlsx,pdf}?fy=
Response RegisterDownload(ExpenditureDocumentsWeb& web, Request& request) {
  const FileParam file = ParseFileParam(request.PathParam("file"));
  auto doc = reports::ExpenditureRegister(web.sources, OrgParam(request), file.name,
                                          FiscalYearParam(request, web.pages.clock));
  if (!doc.ok()) return Fail(web, request, doc.status());
  return RegisterDownloadAs(request, web.pages.templates, *doc, file.format);
}

}  // namespace

void RegisterExpenditureDocumentRoutes(RouteTable& table, ExpenditureDocumentsWeb& web) {
  // clang-format off
  table.AddOrgRoutes("/reports/expenditure", web, {
      {"GET", "/{file}", "exp.read", RegisterDownload, Face::kPage},
      {"GET", "/claims/{file}", "exp.read", ClaimDownload, Face::kPage},
      {"GET", "/debts/{file}", "exp.read", DebtDownload, Face::kPage},
      {"GET", "/payments/{file}", "exp.read", PaymentDownload, Face::kPage},
  });
  // clang-format on
}

}  // namespace klang::web
