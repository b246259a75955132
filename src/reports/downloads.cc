#include "reports/downloads.h"

#include <charconv>

#include "accounting/handlers.h"
#include "reports/render.h"

namespace klang::reports {

std::string IntegrityLine(int64_t seq, const std::string& hash) {
  return "ลำดับที่ " + std::to_string(seq) + " · SHA-256 " + hash.substr(0, 16) + "…";
}

http::Response PdfDownload(const http::Request& request, const http::Templates& templates,
                           Result<std::string> bytes, const std::string& filename) {
  if (!bytes.ok()) return accounting::ErrorResponse(request, templates, bytes.status());
  return http::Response::Download(std::move(bytes).value(), "application/pdf", filename + ".pdf");
}

http::Response RegisterDownloadAs(const http::Request& request, const http::Templates& templates,
                                  const RegisterDoc& doc, const std::string& format) {
  const std::string& filename = doc.title_th;
  if (format == "csv") {
    return http::Response::Download(RegisterCsv(doc), "text/csv; charset=utf-8", filename + ".csv");
  }
  if (format == "xlsx") {
    auto bytes = RegisterXlsx(doc);
    if (!bytes.ok()) return accounting::ErrorResponse(request, templates, bytes.status());
    return http::Response::Download(
        std::move(bytes).value(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename + ".xlsx");
  }
  if (format == "pdf") return PdfDownload(request, templates, RegisterPdf(doc), filename);
  return accounting::ErrorResponse(
      request, templates, Status::NotFound("report.format", "ไม่รองรับรูปแบบแฟ้มนี้"));
}

int64_t FileParam::id() const {
  int64_t value = 0;
  const char* end = name.data() + name.size();
  auto [at, error] = std::from_chars(name.data(), end, value);
  return error == std::errc() && at == end && value > 0 ? value : 0;
}

FileParam ParseFileParam(const std::string& segment) {
  const size_t dot = segment.rfind('.');
  if (dot == std::string::npos) return {segment, ""};
  return {segment.substr(0, dot), segment.substr(dot + 1)};
}

}  // namespace klang::reports
