// exchange/workbook.h — reading what people bring: an Excel workbook (.xlsx, Office Open XML)
// or a CSV file as Thai Excel saves it, into sheets of text cells.
//
// XLSX: the zip container is read with libzip and each XML part with pugixml — the workbook's
// list of sheets, its relationships, the shared strings and each worksheet. Cells keep their
// text as stored: numbers as Excel wrote them ("1234.5", dates as serial day numbers), strings
// as typed. CSV (RFC 4180, read with libcsv): UTF-8 with or without a byte-order mark, or
// Windows-874 / TIS-620 (what Thai Excel writes for "CSV (Comma delimited)"), converted with
// iconv. Everything returned is UTF-8.
//
// Refused with a Thai message and a stable code: a file over kFileBytesMax, a zip that is not a
// workbook, parts that unpack beyond kUnpackedBytesMax (a zip bomb), more than kRowsMax rows,
// kColumnsMax columns, kCellsMax cells or kTextBytesMax of text (a small file naming one long
// shared string in every cell), text that is neither UTF-8 nor Windows-874, and text with
// what no one types (invalid UTF-8, surrogates, control characters): everything read may reach
// a ledger entry, whose canonical JSON must be valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace klang::exchange {

inline constexpr size_t kFileBytesMax = 10u << 20;       // bytes; New e-LAAS takes Excel files to 10 MB
inline constexpr size_t kUnpackedBytesMax = 128u << 20;  // bytes of every XML part unpacked, together
inline constexpr size_t kRowsMax = 250'000;              // rows of one sheet
inline constexpr size_t kColumnsMax = 200;               // columns of one row
inline constexpr size_t kCellsMax = 4'000'000;           // cells of the whole workbook (blank ones between too)
inline constexpr size_t kCellBytesMax = 32'767;          // Excel's own limit on a cell's text
inline constexpr size_t kTextBytesMax = 96u << 20;       // bytes of every cell's text, together

struct SheetRow {
  int number = 0;                  // as the user sees it: Excel's row number, or the CSV line
  std::vector<std::string> cells;  // column A first; "" for an empty cell
};

struct Sheet {
  std::string name;              // the tab's name; a CSV file's name for a CSV
  std::vector<SheetRow> rows;    // rows with at least one non-empty cell, in order
};

struct Workbook {
  std::string format;  // "xlsx" | "csv"
  std::string encoding;  // CSV: "utf-8" | "windows-874"; "" for XLSX
  std::vector<Sheet> sheets;
  // The sheet named `name` (spaces ignored), or nullptr.
  const Sheet* Find(std::string_view name) const;
};

// Reads `bytes` as a workbook: a zip is read as XLSX, anything else as CSV.
Result<Workbook> ReadWorkbook(std::string_view bytes, const std::string& file_name);

// The column letter of a zero-based index ("A", "Z", "AA").
std::string ColumnLetter(size_t index);

}  // namespace klang::exchange
