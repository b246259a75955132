// reports/xlsx.cc — งบทดลอง as an Excel workbook, written with libxlsxwriter.
//
// libxlsxwriter only writes to a named file, so the workbook goes to a private temporary file
// (mkstemp) that is read back and removed before returning.
#include <unistd.h>
#include <xlsxwriter.h>

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
constexpr int kColumnCount = 8;      // code, name, then debit/credit for opening, period, closing
constexpr lxw_row_t kHeaderRow = 4;  // two rows: groups, then เดบิต/เครดิต
constexpr lxw_row_t kFirstDataRow = kHeaderRow + 2;

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

// Keeps the first libxlsxwriter error, so the many write calls read straight through and the
// failure is reported once at the end.
class ErrorTrap {
 public:
  void operator()(lxw_error error) {
    if (error != LXW_NO_ERROR && first_ == LXW_NO_ERROR) first_ = error;
  }
  lxw_error first() const { return first_; }

 private:
  lxw_error first_ = LXW_NO_ERROR;
};

struct Formats {
  lxw_format* title;
  lxw_format* subtitle;
  lxw_format* header;
  lxw_format* text;
  lxw_format* amount;
  lxw_format* total_label;
  lxw_format* total_amount;
  lxw_format* note;
};

Formats AddFormats(lxw_workbook* workbook) {
  Formats f;
  f.title = workbook_add_format(workbook);
  format_set_bold(f.title);
  format_set_font_size(f.title, 16);
  format_set_align(f.title, LXW_ALIGN_CENTER);

  f.subtitle = workbook_add_format(workbook);
  format_set_font_size(f.subtitle, 12);
  format_set_align(f.subtitle, LXW_ALIGN_CENTER);

  f.header = workbook_add_format(workbook);
  format_set_bold(f.header);
  format_set_align(f.header, LXW_ALIGN_CENTER);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_border(f.header, LXW_BORDER_THIN);
  format_set_bg_color(f.header, kHeaderFill);
  format_set_text_wrap(f.header);

  f.text = workbook_add_format(workbook);
  format_set_border(f.text, LXW_BORDER_THIN);
  format_set_align(f.text, LXW_ALIGN_VERTICAL_TOP);
  format_set_text_wrap(f.text);

  f.amount = workbook_add_format(workbook);
  format_set_border(f.amount, LXW_BORDER_THIN);
  format_set_align(f.amount, LXW_ALIGN_VERTICAL_TOP);
  format_set_num_format(f.amount, "#,##0.00");

  f.total_label = workbook_add_format(workbook);
  format_set_bold(f.total_label);
  format_set_border(f.total_label, LXW_BORDER_THIN);
  format_set_align(f.total_label, LXW_ALIGN_CENTER);

  f.total_amount = workbook_add_format(workbook);
  format_set_bold(f.total_amount);
  format_set_border(f.total_amount, LXW_BORDER_THIN);
  format_set_bottom(f.total_amount, LXW_BORDER_DOUBLE);
  format_set_num_format(f.total_amount, "#,##0.00");

  f.note = workbook_add_format(workbook);
  format_set_italic(f.note);
  return f;
}

// Money leaves integer satang only here, at the presentation edge: Excel stores doubles, and
// every amount up to 2^53 satang (90 trillion baht) converts exactly to the nearest double.
double ToSpreadsheetNumber(Money amount) { return static_cast<double>(amount.satang()) / 100.0; }

std::string ColumnLetter(int column) { return std::string(1, static_cast<char>('A' + column)); }

void WriteSheet(const TrialBalance& tb, lxw_workbook* workbook, ErrorTrap& trap) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "งบทดลอง");
  if (sheet == nullptr) {
    trap(LXW_ERROR_MEMORY_MALLOC_FAILED);
    return;
  }
  const Formats f = AddFormats(workbook);
  const lxw_col_t last_column = kColumnCount - 1;

  std::string org_line = tb.org.name;
  if (!tb.org.parent_name.empty()) org_line += " " + tb.org.parent_name;
  trap(worksheet_merge_range(sheet, 0, 0, 0, last_column, org_line.c_str(), f.title));
  trap(worksheet_merge_range(sheet, 1, 0, 1, last_column, "งบทดลอง", f.title));
  const std::string period = "ตั้งแต่วันที่ " + FormatThaiDateLong(tb.from) + " ถึงวันที่ " +
                             FormatThaiDateLong(tb.to) + "   ปีงบประมาณ " +
                             std::to_string(tb.fiscal_year);
  trap(worksheet_merge_range(sheet, 2, 0, 2, last_column, period.c_str(), f.subtitle));

  trap(worksheet_merge_range(sheet, kHeaderRow, 0, kHeaderRow + 1, 0, "รหัสบัญชี", f.header));
  trap(worksheet_merge_range(sheet, kHeaderRow, 1, kHeaderRow + 1, 1, "ชื่อบัญชี", f.header));
  const char* groups[] = {"ยอดยกมา", "ระหว่างงวด", "ยอดคงเหลือ"};
  for (int group = 0; group < 3; ++group) {
    const lxw_col_t first = static_cast<lxw_col_t>(2 + group * 2);
    trap(worksheet_merge_range(sheet, kHeaderRow, first, kHeaderRow, first + 1, groups[group],
                               f.header));
    trap(worksheet_write_string(sheet, kHeaderRow + 1, first, "เดบิต", f.header));
    trap(worksheet_write_string(sheet, kHeaderRow + 1, first + 1, "เครดิต", f.header));
  }

  lxw_row_t row_index = kFirstDataRow;
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
    const std::string letter = ColumnLetter(col);
    const std::string formula = "=SUM(" + letter + std::to_string(kFirstDataRow + 1) + ":" +
                                letter + std::to_string(totals_row) + ")";
    trap(worksheet_write_formula_num(sheet, totals_row, col, formula.c_str(), f.total_amount,
                                     total));
  }
  if (!tb.generated_at_th.empty()) {
    trap(worksheet_write_string(sheet, totals_row + 2, 0, tb.generated_at_th.c_str(), f.note));
  }

  trap(worksheet_set_column(sheet, 0, 0, 14, nullptr));
  trap(worksheet_set_column(sheet, 1, 1, 45, nullptr));
  trap(worksheet_set_column(sheet, 2, last_column, 16, nullptr));
  trap(worksheet_set_row(sheet, 0, 24, nullptr));
  trap(worksheet_set_row(sheet, 1, 24, nullptr));
  worksheet_freeze_panes(sheet, kFirstDataRow, 2);

  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, 9);  // A4
  worksheet_fit_to_pages(sheet, 1, 0);
  trap(worksheet_repeat_rows(sheet, kHeaderRow, kHeaderRow + 1));
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Internal("xlsx.read", "cannot reopen " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::Internal("xlsx.read", "read failed: " + path);
  return bytes;
}

}  // namespace

Result<std::string> TrialBalanceXlsx(const TrialBalance& trial_balance) {
  if (!trial_balance.from.valid() || !trial_balance.to.valid()) {
    return Status::InvalidInput("report.invalid_date", "วันที่ของรายงานไม่ถูกต้อง",
                                "trial balance period is not set");
  }
  KLANG_ASSIGN_OR_RETURN(TempFile file, TempFile::Create("klang-tb-"));

  std::string tmpdir = file.directory();  // libxlsxwriter's own scratch files go here too
  lxw_workbook_options options = {};
  options.tmpdir = tmpdir.data();
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
  if (workbook == nullptr) return Status::Internal("xlsx.create", "workbook_new_opt failed");

  ErrorTrap trap;
  WriteSheet(trial_balance, workbook, trap);
  // workbook_close writes the file and frees the workbook, so it runs even after an error.
  trap(workbook_close(workbook));
  if (trap.first() != LXW_NO_ERROR) {
    return Status::Internal("xlsx.write", lxw_strerror(trap.first()));
  }
  return ReadFile(file.path());
}

}  // namespace klang::reports
