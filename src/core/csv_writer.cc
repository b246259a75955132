// core/csv_writer.cc — see csv_writer.h.
#include "core/csv_writer.h"

#include <string>
#include <string_view>
#include <utility>

namespace klang {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kLineEnd = "\r\n";

// Spreadsheets treat a cell starting with one of these as a formula (or, for TAB and CR, strip
// the character and then do), so an account name like "=HYPERLINK(...)" typed into the chart of
// accounts could run when an auditor opens the export. OWASP "CSV injection".
bool LooksLikeFormula(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

// "1234.50", "-12", "0.5": what Money::FormatPlain writes (and a little more), nothing that a
// spreadsheet could read as anything but a number.
bool IsPlainDecimal(std::string_view text) {
  if (text.starts_with('-')) text.remove_prefix(1);
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  auto all_digits = [](std::string_view digits) {
    return digits.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return !whole.empty() && all_digits(whole) && all_digits(fraction) &&
         (point == std::string_view::npos || !fraction.empty());
}

// RFC 4180: fields holding a comma, quote or line break are quoted, with quotes doubled.
void AppendQuoted(std::string_view text, std::string* out) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

CsvWriter::CsvWriter() : out_(kByteOrderMark) {}

void CsvWriter::StartCell() {
  if (row_started_) out_.push_back(',');
  row_started_ = true;
}

void CsvWriter::Text(std::string_view text) {
  StartCell();
  if (LooksLikeFormula(text)) {
    AppendQuoted("'" + std::string(text), &out_);
  } else {
    AppendQuoted(text, &out_);
  }
}

void CsvWriter::Amount(Money amount) {
  StartCell();
  out_.append(amount.FormatPlain());
}

void CsvWriter::AmountText(std::string_view text) {
  if (text.empty() || IsPlainDecimal(text)) {
    StartCell();
    out_.append(text);
  } else {
    Text(text);
  }
}

void CsvWriter::EndRow() {
  out_.append(kLineEnd);
  row_started_ = false;
}

}  // namespace klang
