// reports/downloads.h — how every printable document and register is handed to the browser
// (internal to the reports module's handlers): a PDF, or a register as CSV/XLSX/PDF, as a
// download with a Thai file name; a failure as the Thai error page or problem+json; document
// paths like ".../claims/12.pdf" read as {12, "pdf"}.
#pragma once

#include <string>

#include "http/http.h"
#include "http/templates.h"
#include "reports/documents.h"

namespace klang::reports {

// "ลำดับที่ 57 · SHA-256 3f9a…": printed small on a document so a sheet can be checked against the log.
std::string IntegrityLine(int64_t seq, const std::string& hash);

// The PDF as a download named `filename`.pdf, or the error.
http::Response PdfDownload(const http::Request& request, const http::Templates& templates,
                           Result<std::string> bytes, const std::string& filename);

// The register in `format` ("csv", "xlsx" or "pdf") named after its title; other formats are
// refused with report.format.
http::Response RegisterDownloadAs(const http::Request& request, const http::Templates& templates,
                                  const RegisterDoc& doc, const std::string& format);

// A path segment "<id>.<format>" (e.g. "12.pdf") or "<name>.<format>" ("register.xlsx").
struct FileParam {
  std::string name;  // "12", "register"
  std::string format;  // "pdf"
  int64_t id() const;  // the name as a positive id; 0 when it is not one
};
FileParam ParseFileParam(const std::string& segment);

}  // namespace klang::reports
