// core/csv_writer.h — the CSV conventions every export shares (registers, bank files):
// UTF-8 with a byte-order mark (so Excel detects UTF-8), CRLF line ends, RFC 4180 quoting, and
// text cells guarded against formula injection.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "core/money.h"

namespace klang {

// Builds one CSV document cell by cell. Not thread-safe; one writer per document.
class CsvWriter {
 public:
  CsvWriter();  // the document starts with the byte-order mark

  // A text cell, quoted when it holds a comma, quote or line break. Text a spreadsheet would
  // run as a formula (leading = + - @ TAB CR) gets a leading apostrophe.
  void Text(std::string_view text);
  // An amount as a plain number ("-12.00"), never guarded: it must stay a number.
  void Amount(Money amount);
  // An amount the caller already formatted: a plain decimal ("1234.50", "-12", "") is written
  // as a number; anything else is not ours to trust and is written as a guarded text cell.
  void AmountText(std::string_view text);
  // Ends the current row (CRLF).
  void EndRow();

  std::string Take() && { return std::move(out_); }

 private:
  void StartCell();

  std::string out_;
  bool row_started_ = false;
};

}  // namespace klang
