// reports/xlsx.h — shared pieces of the Excel exports (internal to the reports module), on top
// of libxlsxwriter: the temporary-file round trip, first-error capture, the cell formats every
// workbook uses, SUM formulas and A4 print set-up.
#pragma once

#include <xlsxwriter.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/money.h"
#include "core/status.h"

namespace klang::reports {

// Keeps the first libxlsxwriter error, so the many write calls read straight through and the
// failure is reported once at the end.
class XlsxErrorTrap {
 public:
  void operator()(lxw_error error) {
    if (error != LXW_NO_ERROR && first_ == LXW_NO_ERROR) first_ = error;
  }
  lxw_error first() const { return first_; }

 private:
  lxw_error first_ = LXW_NO_ERROR;
};

// The cell formats of our workbooks; owned by the workbook they were added to.
struct XlsxFormats {
  lxw_format* title;         // bold 16 pt, centred
  lxw_format* subtitle;      // 12 pt, centred
  lxw_format* header;        // bold, centred, grey fill, thin border, wrapped
  lxw_format* text;          // thin border, top-aligned, wrapped
  lxw_format* amount;        // thin border, "#,##0.00"
  lxw_format* total_label;   // bold, centred, thin border
  lxw_format* total_amount;  // bold "#,##0.00", double rule below
  lxw_format* note;          // italic, no border
  lxw_format* label;         // plain text, no border (statements laid out as label + amount)
  lxw_format* label_bold;
  lxw_format* plain_amount;  // "#,##0.00", no border
  lxw_format* plain_total;   // bold "#,##0.00", single rule above and double rule below
  lxw_format* warning;       // bold red text, no border
  lxw_format* centred;       // plain text centred, no border (signature lines)
};
XlsxFormats AddXlsxFormats(lxw_workbook* workbook);

// Money leaves integer satang only here, at the presentation edge: Excel stores doubles, and
// every amount up to 2^53 satang (90 trillion baht) converts exactly to the nearest double.
double ToSpreadsheetNumber(Money amount);

// "A", "Z", "AA" for 0, 25, 26.
std::string XlsxColumnName(lxw_col_t column);
// "=SUM(C7:C9)" over the (0-based, inclusive) rows first_row..last_row of `column`.
std::string XlsxSumFormula(lxw_col_t column, lxw_row_t first_row, lxw_row_t last_row);

// A worksheet name Excel accepts, from a document title: without []:*?/\ and at most 31
// characters. Falls back to `fallback` when nothing is left.
std::string XlsxSheetName(std::string_view title, std::string_view fallback);

// Roughly how many character widths Excel needs for `text` (for column widths): Thai vowel
// and tone marks above or below a consonant take no width of their own.
double XlsxDisplayWidth(std::string_view text);

// Writes heading lines from row 0, each merged across columns 0..last_column; rows in
// formats.title are set taller. Returns the first row after them.
lxw_row_t WriteXlsxTitleRows(lxw_worksheet* sheet, lxw_col_t last_column,
                             const std::vector<std::pair<std::string, lxw_format*>>& lines,
                             const XlsxFormats& formats, XlsxErrorTrap& trap);

// A4 print set-up: orientation and one page wide (as many pages tall as needed).
void SetXlsxA4Printing(lxw_worksheet* sheet, bool landscape);

// Creates a workbook in a private temporary file (libxlsxwriter only writes to a named file),
// lets `fill` add its sheets, closes it and returns its bytes; the file is removed on every
// path. Errors: xlsx.tempfile, xlsx.create, xlsx.write (the first libxlsxwriter error),
// xlsx.read.
using XlsxFill = std::function<void(lxw_workbook* workbook, XlsxErrorTrap& trap)>;
Result<std::string> BuildXlsx(std::string_view temp_prefix, const XlsxFill& fill);

}  // namespace klang::reports
