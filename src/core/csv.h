// core/csv.h — reading the project's own data files (data/*.csv): a header line, then rows of
// plain comma-separated fields (no quoting; fields hold no commas). A UTF-8 byte-order mark,
// CRLF line ends and blank lines are tolerated. Exports to users are written elsewhere
// (reports/), with full RFC 4180 quoting.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace klang {

struct CsvRow {
  int line = 0;  // 1-based line number in the file, for error messages
  std::vector<std::string> fields;
};

// Checks the header is exactly `header` and every row has as many fields. Errors (code
// "<what>.header" / "<what>.row") name the file kind `what_th` and the line, in Thai.
Result<std::vector<CsvRow>> ReadDataCsv(std::string_view text, std::string_view header,
                                        const std::string& what, const std::string& what_th);

}  // namespace klang
