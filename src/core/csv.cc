#include "core/csv.h"

namespace klang {
namespace {

std::vector<std::string> SplitFields(std::string_view line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.emplace_back(line.substr(start));
      return fields;
    }
    fields.emplace_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

}  // namespace

Result<std::vector<CsvRow>> ReadDataCsv(std::string_view text, std::string_view header,
                                        const std::string& what, const std::string& what_th) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const size_t columns = SplitFields(header).size();
  std::vector<CsvRow> rows;
  int line_number = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (!header_seen) {
      if (line != header) {
        return Status::InvalidInput(what + ".header", "หัวตาราง" + what_th + "ไม่ถูกต้อง",
                                    "expected header " + std::string(header));
      }
      header_seen = true;
      continue;
    }
    CsvRow row{line_number, SplitFields(line)};
    if (row.fields.size() != columns) {
      return Status::InvalidInput(
          what + ".row", what_th + " บรรทัดที่ " + std::to_string(line_number) + " ไม่ถูกต้อง",
          "line " + std::to_string(line_number) + ": expected " + std::to_string(columns) +
              " fields: " + std::string(header));
    }
    rows.push_back(std::move(row));
  }
  if (!header_seen) {
    return Status::InvalidInput(what + ".header", "ไม่พบหัวตาราง" + what_th, "empty file");
  }
  return rows;
}

}  // namespace klang
