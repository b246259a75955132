#include "web/reports/downloads.h"

#include <cstdio>

#include "reports/render.h"
#include "web/kit/page.h"

namespace klang::web {

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

http::Response PdfDownload(const http::Request& request, const http::Templates& templates,
                           Result<std::string> bytes, const std::string& filename) {
  if (!bytes.ok()) return ErrorResponse(request, templates, bytes.status());
  return http::Response::Download(std::move(bytes).value(), "application/pdf", filename + ".pdf");
}

http::Response XlsxDownload(const http::Request& request, const http::Templates& templates,
                            Result<std::string> bytes, const std::string& filename) {
  if (!bytes.ok()) return ErrorResponse(request, templates, bytes.status());
  return http::Response::Download(std::move(bytes).value(), kXlsxType, filename + ".xlsx");
}

http::Response RegisterDownloadAs(const http::Request& request, const http::Templates& templates,
                                  const reports::RegisterDoc& doc, const std::string& format) {
  const std::string& filename = doc.title_th;
  if (format == "csv") {
    return http::Response::Download(reports::RegisterCsv(doc), "text/csv; charset=utf-8",
                                    filename + ".csv");
  }
  if (format == "xlsx")
    return XlsxDownload(request, templates, reports::RegisterXlsx(doc), filename);
  if (format == "pdf") return PdfDownload(request, templates, reports::RegisterPdf(doc), filename);
  return ErrorResponse(request, templates, Status::NotFound("report.format", "ไม่รองรับรูปแบบแฟ้มนี้"));
}

void NoteMade(const Status& noted) {
  if (!noted.ok()) std::fprintf(stderr, "oversight: a report made was not recorded: %s\n", noted.ToString().c_str());
}

}  // namespace klang::web
