#include "web/reports/revenue_documents.h"

#include "reports/render.h"
#include "web/kit/params.h"
#include "web/kit/views.h"
#include "web/reports/downloads.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;

Response Fail(RevenueDocumentsWeb& web, const Request& request, const Status& status) {
  return ErrorResponse(request, web.pages.templates, status);
}

Response ReceiptDownload(RevenueDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto receipt = web.sources.revenue.GetReceipt(org, SeqParam(request));
  if (!receipt.ok()) return Fail(web, request, receipt.status());
  reports::ReceiptDoc doc = reports::ReceiptDocument(web.sources, org, *receipt);
  LinkCheck(web.pages, request, org, SeqParam(request), doc);
  return PdfDownload(request, web.pages.templates, reports::ReceiptPdf(doc),
                     "ใบเสร็จ-" + receipt->book_no + "-" + std::to_string(receipt->number));
}

Response RemittanceDownload(RevenueDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto remittance = web.sources.revenue.GetRemittance(org, SeqParam(request));
  if (!remittance.ok()) return Fail(web, request, remittance.status());
  return PdfDownload(
      request, web.pages.templates,
      reports::RemittancePdf(reports::RemittanceDocument(web.sources, org, *remittance)),
      "ใบนำส่งเงิน-" + std::to_string(remittance->number));
}

Response SummaryDownload(RevenueDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto summary = web.sources.revenue.GetSummary(org, SeqParam(request));
  if (!summary.ok()) return Fail(web, request, summary.status());
  return PdfDownload(
      request, web.pages.templates,
      reports::RemittanceSummaryPdf(reports::SummaryDocument(web.sources, org, *summary)),
      "ใบสรุปใบนำส่งเงิน-" + std::to_string(summary->id));
}

Response SummaryVoucherDownload(RevenueDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto summary = web.sources.revenue.GetSummary(org, SeqParam(request));
  if (!summary.ok()) return Fail(web, request, summary.status());
  reports::Voucher voucher = reports::SummaryVoucher(web.sources, org, *summary);
  LinkCheck(web.pages, request, org, summary->id, voucher);
  return PdfDownload(request, web.pages.templates, reports::VoucherPdf(voucher),
                     "ใบผ่านรายการรับ-" + std::to_string(summary->id));
}

Response CashDocumentDownload(RevenueDocumentsWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto document = web.sources.revenue.GetCashDocument(org, SeqParam(request));
  if (!document.ok()) return Fail(web, request, document.status());
  reports::Voucher voucher = reports::CashDocumentVoucher(web.sources, org, *document);
  LinkCheck(web.pages, request, org, document->id, voucher);
  return PdfDownload(request, web.pages.templates, reports::VoucherPdf(voucher),
                     voucher.title_th + "-" + std::to_string(document->id));
}

Response DailyStatusDownload(RevenueDocumentsWeb& web, Request& request,
                             const std::string& format) {
  const int64_t org = OrgParam(request);
  const Date day = DateParam(request, "date").value_or(web.pages.clock.TodayInThailand());
  auto status = web.sources.revenue.DailyStatusOn(org, day);
  if (!status.ok()) return Fail(web, request, status.status());
  const reports::DailyStatusDoc doc = reports::DailyStatusDocument(web.sources, org, *status);
  const std::string filename = "รายงานสถานะการเงินประจำวัน-" + FileDate(day);
  Response response = format == "pdf"    ? PdfDownload(request, web.pages.templates, reports::DailyStatusPdf(doc), filename)
                      : format == "xlsx" ? XlsxDownload(request, web.pages.templates, reports::DailyStatusXlsx(doc), filename)
                                         : Fail(web, request, Status::NotFound("report.format", "ไม่รองรับรูปแบบแฟ้มนี้"));
  // The report made (oversight decides whether this download counts); failing to note it does not
  // keep the report from its clerk.
  if (response.status == 200 && web.oversight != nullptr) {
    NoteMade(web.oversight->NoteDailyReport(org, request.identity->org_id, request.identity->user_id, day));
  }
  return response;
}

// /orgs/{org}/reports/revenue/{register}/{format}: the daily report, or a register.
Response RegisterDownload(RevenueDocumentsWeb& web, Request& request) {
  const std::string name = request.PathParam("register");
  const std::string format = request.PathParam("format");
  if (name == "daily") return DailyStatusDownload(web, request, format);
  reports::RevenueRegisterQuery query;
  query.from = DateParam(request, "from");
  query.to = DateParam(request, "to");
  query.date = DateParam(request, "date");
  query.account = request.QueryParam("account");
  auto doc = reports::RevenueRegister(web.sources, OrgParam(request), name, query);
  if (!doc.ok()) return Fail(web, request, doc.status());
  return RegisterDownloadAs(request, web.pages.templates, *doc, format);
}

}  // namespace

void RegisterRevenueDocumentRoutes(RouteTable& table, RevenueDocumentsWeb& web) {
  // clang-format off
  table.AddOrgRoutes("/reports/revenue", web, {
      {"GET", "/receipts/{seq}/pdf", "rev.read", ReceiptDownload, Face::kPage},
      {"GET", "/remittances/{seq}/pdf", "rev.read", RemittanceDownload, Face::kPage},
      {"GET", "/summaries/{seq}/pdf", "rev.read", SummaryDownload, Face::kPage},
      {"GET", "/summaries/{seq}/voucher/pdf", "rev.read", SummaryVoucherDownload, Face::kPage},
      {"GET", "/bank/{seq}/pdf", "rev.read", CashDocumentDownload, Face::kPage},
      {"GET", "/{register}/{format}", "rev.read", RegisterDownload, Face::kPage},
  });
  // clang-format on
}

}  // namespace klang::web
