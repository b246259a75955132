// web/reports/downloads.h — how every printable document and register is handed to the browser:
// a PDF or a workbook as a download with a Thai file name, a register as CSV/XLSX/PDF; a failure
// as the Thai error page or problem+json. Stateless; thread-safe.
#pragma once

#include <string>

#include "core/status.h"
#include "http/http.h"
#include "http/templates.h"
#include "reports/documents.h"

namespace klang::web {

// The PDF as a download named `filename`.pdf, or the error.
http::Response PdfDownload(const http::Request& request, const http::Templates& templates,
                           Result<std::string> bytes, const std::string& filename);
// The workbook as a download named `filename`.xlsx, or the error.
http::Response XlsxDownload(const http::Request& request, const http::Templates& templates,
                            Result<std::string> bytes, const std::string& filename);

// The register in `format` ("csv", "xlsx" or "pdf") named after its title; other formats are
// refused with report.format.
http::Response RegisterDownloadAs(const http::Request& request, const http::Templates& templates,
                                  const reports::RegisterDoc& doc, const std::string& format);

// After a report was handed over (or a verification shown): `noted` is oversight's record of it. A
// failure there is written to the server's log (stderr), never to the user, who has the report.
void NoteMade(const Status& noted);

}  // namespace klang::web
