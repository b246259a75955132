// reports/xlsx.cc — the shared Excel helpers (xlsx.h) and งบทดลอง as an Excel workbook.
#include "reports/xlsx.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/thai.h"
#include "reports/render.h"

namespace klang::reports {
namespace {

constexpr lxw_color_t kHeaderFill = 0xD9D9D9;
constexpr lxw_color_t kWarningRed = 0xC00000;
constexpr double kTitleRowHeight = 24;

// What a cell format sets; zero values leave libxlsxwriter's defaults.
struct FormatSpec {
  bool bold = false, italic = false, wrap = false;
  double size = 0;
  uint8_t align = 0, valign = 0;            // LXW_ALIGN_*
  uint8_t border = 0, top = 0, bottom = 0;  // LXW_BORDER_*; border is all four sides
  lxw_color_t fill = 0, color = 0;
  const char* number_format = nullptr;
};

lxw_format* AddFormat(lxw_workbook* workbook, const FormatSpec& spec) {
  lxw_format* format = workbook_add_format(workbook);
  if (spec.bold) format_set_bold(format);
  if (spec.italic) format_set_italic(format);
  if (spec.wrap) format_set_text_wrap(format);
  if (spec.size > 0) format_set_font_size(format, spec.size);
  if (spec.align != 0) format_set_align(format, spec.align);
  if (spec.valign != 0) format_set_align(format, spec.valign);
  if (spec.border != 0) format_set_border(format, spec.border);
  if (spec.top != 0) format_set_top(format, spec.top);
  if (spec.bottom != 0) format_set_bottom(format, spec.bottom);
  if (spec.fill != 0) format_set_bg_color(format, spec.fill);
  if (spec.color != 0) format_set_font_color(format, spec.color);
  if (spec.number_format != nullptr) format_set_num_format(format, spec.number_format);
  return format;
}

// A temporary file that is removed when this goes out of scope, on every path.
class TempFile {
 public:
  static Result<TempFile> Create(std::string_view prefix) {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string directory = (tmpdir != nullptr && *tmpdir != '\0') ? tmpdir : "/tmp";
    std::string path = directory + "/" + std::string(prefix) + "XXXXXX";
    std::vector<char> buffer(path.begin(), path.end());
    buffer.push_back('\0');
    const int fd = mkstemp(buffer.data());
    if (fd < 0) {
      return Status::Unavailable("xlsx.tempfile",
                                 "mkstemp in " + directory + ": " + std::strerror(errno));
    }
    close(fd);
    return TempFile(std::string(buffer.data()), std::move(directory));
  }
  TempFile(TempFile&& other) noexcept
      : path_(std::move(other.path_)), directory_(std::move(other.directory_)) {
    other.path_.clear();
  }
  TempFile& operator=(TempFile&&) = delete;
  ~TempFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }
  const std::string& directory() const { return directory_; }

 private:
  TempFile(std::string path, std::string directory)
      : path_(std::move(path)), directory_(std::move(directory)) {}
  std::string path_;
  std::string directory_;
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Internal("xlsx.read", "cannot reopen " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::Internal("xlsx.read", "read failed: " + path);
  return bytes;
}

// Takes the first UTF-8 character (its whole byte sequence) off the front of `text`.
std::string_view NextCharacter(std::string_view& text) {
  const auto lead = static_cast<unsigned char>(text.front());
  const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  const std::string_view character = text.substr(0, length);
  text.remove_prefix(character.size());
  return character;
}

constexpr int kTbColumnCount = 8;      // code, name, then debit/credit for opening, period, closing
constexpr lxw_row_t kTbHeaderRow = 4;  // two rows: groups, then เดบิต/เครดิต
constexpr lxw_row_t kTbFirstDataRow = kTbHeaderRow + 2;

void WriteTrialBalanceSheet(const TrialBalance& tb, lxw_workbook* workbook, XlsxErrorTrap& trap) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "งบทดลอง");
  if (sheet == nullptr) {
    trap(LXW_ERROR_MEMORY_MALLOC_FAILED);
    return;
  }
  const XlsxFormats f = AddXlsxFormats(workbook);
  const lxw_col_t last_column = kTbColumnCount - 1;

  std::string org_line = tb.org.name;
  if (!tb.org.parent_name.empty()) org_line += " " + tb.org.parent_name;
  const std::string period = "ตั้งแต่วันที่ " + FormatThaiDateLong(tb.from) + " ถึงวันที่ " +
                             FormatThaiDateLong(tb.to) + "   ปีงบประมาณ " +
                             std::to_string(tb.fiscal_year);
  WriteXlsxTitleRows(sheet, last_column,
                     {{org_line, f.title}, {"งบทดลอง", f.title}, {period, f.subtitle}}, f, trap);

  trap(worksheet_merge_range(sheet, kTbHeaderRow, 0, kTbHeaderRow + 1, 0, "รหัสบัญชี", f.header));
  trap(worksheet_merge_range(sheet, kTbHeaderRow, 1, kTbHeaderRow + 1, 1, "ชื่อบัญชี", f.header));
  const char* groups[] = {"ยอดยกมา", "ระหว่างงวด", "ยอดคงเหลือ"};
  for (int group = 0; group < 3; ++group) {
    const lxw_col_t first = static_cast<lxw_col_t>(2 + group * 2);
    trap(worksheet_merge_range(sheet, kTbHeaderRow, first, kTbHeaderRow, first + 1, groups[group],
                               f.header));
    trap(worksheet_write_string(sheet, kTbHeaderRow + 1, first, "เดบิต", f.header));
    trap(worksheet_write_string(sheet, kTbHeaderRow + 1, first + 1, "เครดิต", f.header));
  }

  lxw_row_t row_index = kTbFirstDataRow;
  for (const TrialBalanceRow& row : tb.rows) {
    // Codes stay text: a number cell would drop leading zeros and show long codes as 1.1E+09.
    trap(worksheet_write_string(sheet, row_index, 0, row.account_code.c_str(), f.text));
    trap(worksheet_write_string(sheet, row_index, 1, row.account_name.c_str(), f.text));
    const Money amounts[] = {row.opening_debit, row.opening_credit, row.period_debit,
                             row.period_credit, row.closing_debit,  row.closing_credit};
    for (int column = 0; column < 6; ++column) {
      trap(worksheet_write_number(sheet, row_index, static_cast<lxw_col_t>(2 + column),
                                  ToSpreadsheetNumber(amounts[column]), f.amount));
    }
    ++row_index;
  }

  const lxw_row_t totals_row = row_index;
  trap(worksheet_merge_range(sheet, totals_row, 0, totals_row, 1, "รวม", f.total_label));
  const Money totals[] = {tb.total_opening_debit, tb.total_opening_credit, tb.total_period_debit,
                          tb.total_period_credit, tb.total_closing_debit,  tb.total_closing_credit};
  for (int column = 0; column < 6; ++column) {
    const lxw_col_t col = static_cast<lxw_col_t>(2 + column);
    const double total = ToSpreadsheetNumber(totals[column]);
    if (tb.rows.empty()) {
      trap(worksheet_write_number(sheet, totals_row, col, total, f.total_amount));
      continue;
    }
    // The formula keeps the sheet honest if someone edits a figure; the cached result is the
    // ledger's own total, shown by viewers that do not recalculate.
    const std::string formula = XlsxSumFormula(col, kTbFirstDataRow, totals_row - 1);
    trap(worksheet_write_formula_num(sheet, totals_row, col, formula.c_str(), f.total_amount,
                                     total));
  }
  if (!tb.generated_at_th.empty()) {
    trap(worksheet_write_string(sheet, totals_row + 2, 0, tb.generated_at_th.c_str(), f.note));
  }

  trap(worksheet_set_column(sheet, 0, 0, 14, nullptr));
  trap(worksheet_set_column(sheet, 1, 1, 45, nullptr));
  trap(worksheet_set_column(sheet, 2, last_column, 16, nullptr));
  worksheet_freeze_panes(sheet, kTbFirstDataRow, 2);
  SetXlsxA4Printing(sheet, /*landscape=*/true);
  trap(worksheet_repeat_rows(sheet, kTbHeaderRow, kTbHeaderRow + 1));
}

}  // namespace

XlsxFormats AddXlsxFormats(lxw_workbook* workbook) {
  constexpr const char* kAmount = "#,##0.00";
  constexpr uint8_t kThin = LXW_BORDER_THIN;
  constexpr uint8_t kTop = LXW_ALIGN_VERTICAL_TOP;
  auto add = [workbook](const FormatSpec& spec) { return AddFormat(workbook, spec); };
  return {
      .title = add({.bold = true, .size = 16, .align = LXW_ALIGN_CENTER}),
      .subtitle = add({.size = 12, .align = LXW_ALIGN_CENTER}),
      .header = add({.bold = true,
                     .wrap = true,
                     .align = LXW_ALIGN_CENTER,
                     .valign = LXW_ALIGN_VERTICAL_CENTER,
                     .border = kThin,
                     .fill = kHeaderFill}),
      .text = add({.wrap = true, .valign = kTop, .border = kThin}),
      .amount = add({.valign = kTop, .border = kThin, .number_format = kAmount}),
      .total_label = add({.bold = true, .align = LXW_ALIGN_CENTER, .border = kThin}),
      .total_amount = add(
          {.bold = true, .border = kThin, .bottom = LXW_BORDER_DOUBLE, .number_format = kAmount}),
      .note = add({.italic = true}),
      .label = add({}),
      .label_bold = add({.bold = true}),
      .plain_amount = add({.number_format = kAmount}),
      .plain_total =
          add({.bold = true, .top = kThin, .bottom = LXW_BORDER_DOUBLE, .number_format = kAmount}),
      .warning = add({.bold = true, .color = kWarningRed}),
      .centred = add({.align = LXW_ALIGN_CENTER}),
  };
}

double ToSpreadsheetNumber(Money amount) { return static_cast<double>(amount.satang()) / 100.0; }

std::string XlsxColumnName(lxw_col_t column) {
  std::string name;
  for (unsigned long n = static_cast<unsigned long>(column) + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

std::string XlsxSumFormula(lxw_col_t column, lxw_row_t first_row, lxw_row_t last_row) {
  const std::string letter = XlsxColumnName(column);
  return "=SUM(" + letter + std::to_string(first_row + 1) + ":" + letter +
         std::to_string(last_row + 1) + ")";
}

std::string XlsxSheetName(std::string_view title, std::string_view fallback) {
  std::string name;
  size_t characters = 0;
  // Whole UTF-8 sequences only, so a cut never splits a character.
  for (std::string_view rest = title; !rest.empty();) {
    const std::string_view character = NextCharacter(rest);
    if (character.size() == 1 &&
        std::string_view("[]:*?/\\").find(character[0]) != std::string_view::npos) {
      continue;
    }
    if (characters == LXW_SHEETNAME_MAX) break;
    name.append(character);
    ++characters;
  }
  // Excel also refuses names that begin or end with an apostrophe.
  while (!name.empty() && name.front() == '\'') name.erase(name.begin());
  while (!name.empty() && name.back() == '\'') name.pop_back();
  return name.empty() ? std::string(fallback) : name;
}

double XlsxDisplayWidth(std::string_view text) {
  double width = 0;
  for (std::string_view rest = text; !rest.empty();) {
    const std::string_view character = NextCharacter(rest);
    bool combining = false;
    if (character.size() == 3) {
      const unsigned code = ((static_cast<unsigned char>(character[0]) & 0x0Fu) << 12) |
                            ((static_cast<unsigned char>(character[1]) & 0x3Fu) << 6) |
                            (static_cast<unsigned char>(character[2]) & 0x3Fu);
      combining = code == 0x0E31 || (code >= 0x0E34 && code <= 0x0E3A) ||
                  (code >= 0x0E47 && code <= 0x0E4E);
    }
    if (!combining) width += 1;
  }
  return width;
}

lxw_row_t WriteXlsxTitleRows(lxw_worksheet* sheet, lxw_col_t last_column,
                             const std::vector<std::pair<std::string, lxw_format*>>& lines,
                             const XlsxFormats& formats, XlsxErrorTrap& trap) {
  lxw_row_t row = 0;
  for (const auto& [text, format] : lines) {
    // Excel refuses to merge a single cell.
    trap(last_column == 0
             ? worksheet_write_string(sheet, row, 0, text.c_str(), format)
             : worksheet_merge_range(sheet, row, 0, row, last_column, text.c_str(), format));
    if (format == formats.title) trap(worksheet_set_row(sheet, row, kTitleRowHeight, nullptr));
    ++row;
  }
  return row;
}

void SetXlsxA4Printing(lxw_worksheet* sheet, bool landscape) {
  if (landscape) {
    worksheet_set_landscape(sheet);
  } else {
    worksheet_set_portrait(sheet);
  }
  worksheet_set_paper(sheet, 9);  // A4
  worksheet_fit_to_pages(sheet, 1, 0);
}

Result<std::string> BuildXlsx(std::string_view temp_prefix, const XlsxFill& fill) {
  KLANG_ASSIGN_OR_RETURN(TempFile file, TempFile::Create(temp_prefix));

  std::string tmpdir = file.directory();  // libxlsxwriter's own scratch files go here too
  lxw_workbook_options options = {};
  options.tmpdir = tmpdir.data();
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
  if (workbook == nullptr) return Status::Internal("xlsx.create", "workbook_new_opt failed");

  XlsxErrorTrap trap;
  fill(workbook, trap);
  // workbook_close writes the file and frees the workbook, so it runs even after an error.
  trap(workbook_close(workbook));
  if (trap.first() != LXW_NO_ERROR) {
    return Status::Internal("xlsx.write", lxw_strerror(trap.first()));
  }
  return ReadFile(file.path());
}

Result<std::string> TrialBalanceXlsx(const TrialBalance& trial_balance) {
  if (!trial_balance.from.valid() || !trial_balance.to.valid()) {
    return Status::InvalidInput("report.invalid_date", "วันที่ของรายงานไม่ถูกต้อง",
                                "trial balance period is not set");
  }
  return BuildXlsx("klang-tb-", [&](lxw_workbook* workbook, XlsxErrorTrap& trap) {
    WriteTrialBalanceSheet(trial_balance, workbook, trap);
  });
}

}  // namespace klang::reports
