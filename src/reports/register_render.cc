// reports/register_render.cc — any register (ทะเบียน…) as CSV, XLSX or PDF.
//
// A register arrives as a ready-made table of text (RegisterDoc), so one renderer serves the
// receipt-book register, the receipts register, the remittance register and any later one.
// Amount columns are the exception to "text as given": their cells are parsed back into Money
// so the workbook gets real numbers and the PDF the usual "1,234.50" in the chosen digits.
#include <algorithm>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/thai.h"
#include "reports/csv.h"
#include "reports/pdf_canvas.h"
#include "reports/render.h"
#include "reports/xlsx.h"

namespace klang::reports {
namespace {

// More columns than this do not fit a portrait A4 page legibly.
constexpr size_t kPortraitColumnsMax = 6;

bool Landscape(const RegisterDoc& doc) { return doc.columns.size() > kPortraitColumnsMax; }

bool Strong(const RegisterDoc& doc, size_t row) {
  return std::binary_search(doc.strong_rows.begin(), doc.strong_rows.end(), row);
}

// "ลงชื่อ ........................ ผู้จัดทำ" and "(name)", as the XLSX prints a signature.
constexpr char kSignatureDots[] = "........................................";

// Every row (and the totals, if any) must be exactly as wide as the header: a short row would
// shift its cells under the wrong titles.
Status CheckShape(const RegisterDoc& doc) {
  if (doc.columns.empty()) {
    return Status::Internal("register.shape", doc.title_th + ": no columns");
  }
  const size_t width = doc.columns.size();
  for (size_t index = 0; index < doc.rows.size(); ++index) {
    if (doc.rows[index].size() != width) {
      return Status::Internal("register.shape",
                              doc.title_th + ": row " + std::to_string(index + 1) + " has " +
                                  std::to_string(doc.rows[index].size()) + " cells for " +
                                  std::to_string(width) + " columns");
    }
  }
  if (!doc.totals.empty() && doc.totals.size() != width) {
    return Status::Internal("register.shape",
                            doc.title_th + ": totals row has " + std::to_string(doc.totals.size()) +
                                " cells for " + std::to_string(width) + " columns");
  }
  return Status::Ok();
}

// The amount an amount cell holds; nothing for a blank or for text that is not an amount.
std::optional<Money> ParseAmount(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  Result<Money> amount = Money::Parse(cell);
  if (!amount.ok()) return std::nullopt;
  return *amount;
}

std::string OrgLine(const OrgHeading& org) {
  return org.parent_name.empty() ? org.name : org.name + " " + org.parent_name;
}

// ---- XLSX --------------------------------------------------------------------------------------

constexpr double kXlsxAmountWidth = 16;
constexpr double kXlsxTextWidthMin = 6;
constexpr double kXlsxTextWidthMax = 50;

class RegisterSheet {
 public:
  RegisterSheet(const RegisterDoc& doc, lxw_workbook* workbook, XlsxErrorTrap& trap)
      : doc_(doc), trap_(trap), f_(AddXlsxFormats(workbook)) {
    const std::string name = XlsxSheetName(doc.title_th, "ทะเบียน");
    sheet_ = workbook_add_worksheet(workbook, name.c_str());
    if (sheet_ == nullptr) trap(LXW_ERROR_MEMORY_MALLOC_FAILED);
  }

  void Write() {
    if (sheet_ == nullptr) return;
    const lxw_col_t last_column = static_cast<lxw_col_t>(doc_.columns.size() - 1);
    std::vector<std::pair<std::string, lxw_format*>> titles = {{OrgLine(doc_.org), f_.title},
                                                               {doc_.title_th, f_.title}};
    if (!doc_.subtitle_th.empty()) titles.emplace_back(doc_.subtitle_th, f_.subtitle);
    const lxw_row_t header_row = WriteXlsxTitleRows(sheet_, last_column, titles, f_, trap_) + 1;

    for (lxw_col_t column = 0; column <= last_column; ++column) {
      trap_(worksheet_write_string(sheet_, header_row, column, doc_.columns[column].title.c_str(),
                                   f_.header));
    }
    lxw_row_t row = header_row + 1;
    for (size_t index = 0; index < doc_.rows.size(); ++index, ++row) {
      const bool strong = Strong(doc_, index);
      for (lxw_col_t column = 0; column <= last_column; ++column) {
        WriteCell(row, column, doc_.rows[index][column], strong ? f_.total_label : f_.text,
                  strong ? f_.total_amount : f_.amount);
      }
    }
    if (!doc_.totals.empty()) WriteTotals(row, header_row + 1);
    lxw_row_t below = row + 2;
    for (const Signature& signature : doc_.signatures) {
      const std::string line = std::string("ลงชื่อ ") + kSignatureDots + " " + signature.role_th;
      const std::string name = "(" + (signature.name.empty() ? std::string(kSignatureDots) : signature.name) + ")";
      trap_(worksheet_write_string(sheet_, below, 1, line.c_str(), f_.text));
      trap_(worksheet_write_string(sheet_, below + 1, 1, name.c_str(), f_.text));
      below += 3;
    }
    if (!doc_.generated_at_th.empty()) {
      trap_(worksheet_write_string(sheet_, below, 0, doc_.generated_at_th.c_str(), f_.note));
    }

    for (lxw_col_t column = 0; column <= last_column; ++column) {
      trap_(worksheet_set_column(sheet_, column, column, ColumnWidth(column), nullptr));
    }
    worksheet_freeze_panes(sheet_, header_row + 1, 0);
    SetXlsxA4Printing(sheet_, Landscape(doc_));
    trap_(worksheet_repeat_rows(sheet_, header_row, header_row));
  }

 private:
  // Amount cells that parse become numbers; blanks stay blank (with the border); anything else
  // in an amount column is written as the text it is.
  void WriteCell(lxw_row_t row, lxw_col_t column, const std::string& cell, lxw_format* text,
                 lxw_format* amount) {
    if (!doc_.columns[column].amount) {
      trap_(worksheet_write_string(sheet_, row, column, cell.c_str(), text));
    } else if (const std::optional<Money> value = ParseAmount(cell)) {
      trap_(worksheet_write_number(sheet_, row, column, ToSpreadsheetNumber(*value), amount));
    } else if (cell.empty()) {
      trap_(worksheet_write_blank(sheet_, row, column, amount));
    } else {
      trap_(worksheet_write_string(sheet_, row, column, cell.c_str(), text));
    }
  }

  // Totals of amount columns are SUM formulas (cached with the caller's total), so an edited
  // figure shows its effect; other cells are written like any row.
  void WriteTotals(lxw_row_t row, lxw_row_t first_data_row) {
    for (lxw_col_t column = 0; column < doc_.columns.size(); ++column) {
      const std::string& cell = doc_.totals[column];
      const RegisterDoc::Column& spec = doc_.columns[column];
      const std::optional<Money> value =
          spec.amount && !spec.balance ? ParseAmount(cell) : std::nullopt;
      if (value && !doc_.rows.empty()) {
        const std::string formula = XlsxSumFormula(column, first_data_row, row - 1);
        trap_(worksheet_write_formula_num(sheet_, row, column, formula.c_str(), f_.total_amount,
                                          ToSpreadsheetNumber(*value)));
      } else {
        WriteCell(row, column, cell, f_.total_label, f_.total_amount);
      }
    }
  }

  double ColumnWidth(lxw_col_t column) const {
    if (doc_.columns[column].amount) return kXlsxAmountWidth;
    double widest = XlsxDisplayWidth(doc_.columns[column].title);
    for (const std::vector<std::string>& cells : doc_.rows) {
      widest = std::max(widest, XlsxDisplayWidth(cells[column]));
    }
    if (!doc_.totals.empty()) widest = std::max(widest, XlsxDisplayWidth(doc_.totals[column]));
    return std::clamp(widest + 2, kXlsxTextWidthMin, kXlsxTextWidthMax);
  }

  const RegisterDoc& doc_;
  XlsxErrorTrap& trap_;
  XlsxFormats f_;
  lxw_worksheet* sheet_ = nullptr;
};

// ---- PDF ---------------------------------------------------------------------------------------

constexpr double kBodySizePt = 14;
constexpr double kTitleSizePt = 18;
constexpr double kSubtitleSizePt = 16;
constexpr double kCellPaddingXPt = 4;
constexpr double kCellPaddingYPt = 3;
// A text column may be squeezed down to its title's width, but not below this nor need more.
constexpr double kTextColumnMinPt = 28;
constexpr double kTitleWidthCapPt = 70;
// Measuring every cell of a long register would cost more than it tells: the first rows show
// what the column holds.
constexpr size_t kMeasuredRowsMax = 400;
constexpr size_t kSignaturesPerRow = 2;
constexpr double kSignatureGapPt = 28;

class RegisterPrinter {
 public:
  RegisterPrinter(const RegisterDoc& doc, PdfCanvas& canvas)
      : doc_(doc),
        flow_(canvas, {.body_size_pt = kBodySizePt,
                       .digits = doc.digits,
                       .footer_note = doc.generated_at_th,
                       .footer_note_size_pt = kBodySizePt - 2,
                       .continuation_title = ContinuationTitle(doc)}),
        table_(canvas.left(), ColumnWidths(canvas, doc), kBodySizePt, kCellPaddingXPt,
               kCellPaddingYPt) {
    std::vector<std::string> titles;
    for (const RegisterDoc::Column& column : doc.columns) titles.push_back(column.title);
    table_.set_header(titles);
  }

  Status Draw() {
    double y = flow_.Heading(flow_.canvas().top(),
                             {{doc_.org.name, kTitleSizePt, true},
                              {doc_.org.parent_name, kSubtitleSizePt, false},
                              {doc_.title_th, kTitleSizePt, true},
                              {doc_.subtitle_th, kSubtitleSizePt, false}},
                             {}) +
               6;
    y = flow_.TableHeader(table_, y);
    const std::vector<TableCell> totals = Cells(doc_.totals, true);
    const double totals_height = doc_.totals.empty() ? 0 : table_.RowHeight(flow_.canvas(), totals);
    for (size_t index = 0; index < doc_.rows.size(); ++index) {
      const bool last = index + 1 == doc_.rows.size();
      y = flow_.TableRow(table_, y, Cells(doc_.rows[index], Strong(doc_, index)), last ? totals_height : 0);
    }
    if (doc_.rows.empty()) {
      y = flow_.TableRow(table_, y,
                         {{.text = "ไม่มีรายการ",
                           .span = static_cast<int>(doc_.columns.size()),
                           .align = Align::kCenter}},
                         totals_height);
    }
    if (!doc_.totals.empty()) y = flow_.TableRow(table_, y, totals, 0, &kHeaderFill);
    if (!doc_.signatures.empty()) {
      std::vector<SignatureSlot> slots;
      for (const Signature& signature : doc_.signatures) slots.push_back({signature.role_th, signature.name, ""});
      flow_.Signatures(y, slots, kSignaturesPerRow, kSignatureGapPt);
    }
    flow_.Finish();
    return Status::Ok();
  }

 private:
  static std::string ContinuationTitle(const RegisterDoc& doc) {
    std::string title = doc.org.name + "   " + doc.title_th;
    if (!doc.subtitle_th.empty()) title += "   " + doc.subtitle_th;
    return title;
  }

  // Amount columns get the width their largest figure needs; text columns share the rest by
  // what their content needs (ShareWidth), so short columns (dates, numbers) stay on one line
  // and only long text wraps.
  static std::vector<double> ColumnWidths(PdfCanvas& canvas, const RegisterDoc& doc) {
    const TextStyle regular{.size_pt = kBodySizePt};
    const TextStyle bold{.size_pt = kBodySizePt, .bold = true};
    const size_t measured = std::min(doc.rows.size(), kMeasuredRowsMax);
    std::vector<double> widths(doc.columns.size());
    std::vector<double> natural, minimum;
    double amounts_width = 0;
    for (size_t column = 0; column < doc.columns.size(); ++column) {
      std::vector<std::string> cells;
      for (size_t row = 0; row < measured; ++row) cells.push_back(doc.rows[row][column]);
      if (!doc.totals.empty()) cells.push_back(doc.totals[column]);
      if (doc.columns[column].amount) {
        std::vector<Money> amounts;
        for (const std::string& cell : cells) {
          if (const std::optional<Money> amount = ParseAmount(cell)) amounts.push_back(*amount);
        }
        widths[column] =
            AmountColumnWidth(canvas, amounts, doc.digits, kBodySizePt, kCellPaddingXPt);
        amounts_width += widths[column];
        continue;
      }
      const double title = canvas.TextWidth(doc.columns[column].title, bold);
      double widest = title;
      for (const std::string& cell : cells)
        widest = std::max(widest, canvas.TextWidth(cell, regular));
      natural.push_back(widest + 2 * kCellPaddingXPt + 1);
      minimum.push_back(std::max(kTextColumnMinPt, std::min(title, kTitleWidthCapPt)) +
                        2 * kCellPaddingXPt + 1);
    }
    const double minimum_text = std::accumulate(minimum.begin(), minimum.end(), 0.0);
    const std::vector<double> text_widths = ShareWidth(
        std::max(canvas.content_width() - amounts_width, minimum_text), natural, minimum);
    for (size_t column = 0, text = 0; column < doc.columns.size(); ++column) {
      if (!doc.columns[column].amount) widths[column] = text_widths[text++];
    }
    // Too many columns even at their minimum: everything shrinks alike to the page width.
    const double total = std::accumulate(widths.begin(), widths.end(), 0.0);
    if (total > canvas.content_width()) {
      for (double& width : widths) width *= canvas.content_width() / total;
    }
    return widths;
  }

  std::vector<TableCell> Cells(const std::vector<std::string>& texts, bool bold) const {
    std::vector<TableCell> cells;
    for (size_t column = 0; column < texts.size(); ++column) {
      if (!doc_.columns[column].amount) {
        cells.push_back({.text = texts[column], .bold = bold, .wrap = true});
      } else if (const std::optional<Money> amount = ParseAmount(texts[column])) {
        cells.push_back(flow_.Amount(*amount, bold));
      } else {
        cells.push_back({.text = texts[column], .align = Align::kRight, .bold = bold});
      }
    }
    return cells;
  }

  const RegisterDoc& doc_;
  DocumentFlow flow_;
  Table table_;
};

}  // namespace

std::string RegisterCsv(const RegisterDoc& register_doc) {
  CsvWriter csv;
  for (const RegisterDoc::Column& column : register_doc.columns) csv.Text(column.title);
  csv.EndRow();
  auto write_row = [&](const std::vector<std::string>& cells) {
    for (size_t column = 0; column < cells.size(); ++column) {
      const bool amount =
          column < register_doc.columns.size() && register_doc.columns[column].amount;
      if (amount) {
        csv.AmountText(cells[column]);
      } else {
        csv.Text(cells[column]);
      }
    }
    csv.EndRow();
  };
  for (const std::vector<std::string>& row : register_doc.rows) write_row(row);
  if (!register_doc.totals.empty()) write_row(register_doc.totals);
  return std::move(csv).Take();
}

Result<std::string> RegisterXlsx(const RegisterDoc& register_doc) {
  KLANG_RETURN_IF_ERROR(CheckShape(register_doc));
  return BuildXlsx("klang-register-", [&](lxw_workbook* workbook, XlsxErrorTrap& trap) {
    RegisterSheet(register_doc, workbook, trap).Write();
  });
}

Result<std::string> RegisterXlsxBook(const std::vector<RegisterDoc>& register_docs) {
  if (register_docs.empty()) return Status::InvalidInput("register.shape", "ไม่มีรายการ", "a book of no registers");
  std::set<std::string> names;
  for (const RegisterDoc& register_doc : register_docs) {
    KLANG_RETURN_IF_ERROR(CheckShape(register_doc));
    if (!names.insert(XlsxSheetName(register_doc.title_th, "ทะเบียน")).second) {
      return Status::InvalidInput("register.shape", "ชื่อแผ่นงานซ้ำกัน", "two registers' titles give one sheet name");
    }
  }
  return BuildXlsx("klang-register-", [&](lxw_workbook* workbook, XlsxErrorTrap& trap) {
    for (const RegisterDoc& register_doc : register_docs) RegisterSheet(register_doc, workbook, trap).Write();
  });
}

namespace {

std::string Escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// One table row: text cells as given, amount cells formatted (or as given when not an amount).
std::string HtmlRow(const RegisterDoc& doc, const std::vector<std::string>& cells, const char* cell_tag, bool strong) {
  std::string row = strong ? "<tr class=\"strong\">" : "<tr>";
  for (size_t column = 0; column < cells.size(); ++column) {
    const bool amount = doc.columns[column].amount;
    const std::optional<Money> value = amount ? ParseAmount(cells[column]) : std::nullopt;
    row += std::string("<") + cell_tag + (amount ? " class=\"num\">" : ">") +
           Escaped(value ? value->Format() : cells[column]) + "</" + cell_tag + ">";
  }
  return row + "</tr>\n";
}

constexpr char kHtmlStyle[] =
    "body{font-family:'TH Sarabun New','Sarabun',sans-serif;font-size:16pt;margin:1.5cm}"
    "h1,h2,p.sub{text-align:center;margin:.2em 0}h1{font-size:20pt}h2{font-size:18pt}"
    "table{border-collapse:collapse;width:100%;margin-top:1em}th,td{border:1px solid #444;padding:2px 6px}"
    "th{background:#eee}td.num,th.num{text-align:right;white-space:nowrap}tr.strong td,tfoot td{font-weight:bold}"
    ".signatures{display:flex;flex-wrap:wrap;justify-content:space-around;margin-top:2.5em}"
    ".signature{text-align:center;width:45%;margin-bottom:2em}.printed{color:#555;font-size:12pt}";

}  // namespace

Result<std::string> RegisterHtml(const RegisterDoc& register_doc) {
  KLANG_RETURN_IF_ERROR(CheckShape(register_doc));
  const RegisterDoc& doc = register_doc;
  std::string html = "<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\"><title>" +
                     Escaped(doc.title_th + " " + doc.org.name) + "</title><style>" + kHtmlStyle +
                     "</style></head><body>\n<h1>" + Escaped(doc.org.name) + "</h1>\n";
  if (!doc.org.parent_name.empty()) html += "<p class=\"sub\">" + Escaped(doc.org.parent_name) + "</p>\n";
  html += "<h2>" + Escaped(doc.title_th) + "</h2>\n";
  if (!doc.subtitle_th.empty()) html += "<p class=\"sub\">" + Escaped(doc.subtitle_th) + "</p>\n";
  std::vector<std::string> titles;
  for (const RegisterDoc::Column& column : doc.columns) titles.push_back(column.title);
  html += "<table><thead>" + HtmlRow(doc, titles, "th", false) + "</thead><tbody>\n";
  for (size_t index = 0; index < doc.rows.size(); ++index) html += HtmlRow(doc, doc.rows[index], "td", Strong(doc, index));
  html += "</tbody>";
  if (!doc.totals.empty()) html += "<tfoot>" + HtmlRow(doc, doc.totals, "td", true) + "</tfoot>";
  html += "</table>\n";
  if (!doc.signatures.empty()) {
    html += "<div class=\"signatures\">";
    for (const Signature& signature : doc.signatures) {
      html += "<div class=\"signature\">ลงชื่อ " + std::string(kSignatureDots) + " " + Escaped(signature.role_th) +
              "<br>(" + (signature.name.empty() ? std::string(kSignatureDots) : Escaped(signature.name)) + ")</div>";
    }
    html += "</div>\n";
  }
  if (!doc.generated_at_th.empty()) html += "<p class=\"printed\">" + Escaped(doc.generated_at_th) + "</p>\n";
  return html + "</body></html>\n";
}

Result<std::string> RegisterPdf(const RegisterDoc& register_doc) {
  KLANG_RETURN_IF_ERROR(CheckShape(register_doc));
  return PdfCanvas::Render(
      ReportPageSetup(
          Landscape(register_doc) ? PageOrientation::kLandscape : PageOrientation::kPortrait,
          register_doc.title_th + " " + register_doc.org.name),
      [&](PdfCanvas& canvas) { return RegisterPrinter(register_doc, canvas).Draw(); });
}

Result<std::string> RegisterPdfBook(const std::vector<RegisterDoc>& register_docs) {
  if (register_docs.empty()) return Status::InvalidInput("register.shape", "ไม่มีรายการ", "a book of no registers");
  for (const RegisterDoc& register_doc : register_docs) KLANG_RETURN_IF_ERROR(CheckShape(register_doc));
  const RegisterDoc& first = register_docs.front();
  return PdfCanvas::Render(
      ReportPageSetup(Landscape(first) ? PageOrientation::kLandscape : PageOrientation::kPortrait,
                      first.title_th + " " + first.org.name),
      [&](PdfCanvas& canvas) -> Status {
        for (size_t index = 0; index < register_docs.size(); ++index) {
          if (index > 0) canvas.NewPage();
          KLANG_RETURN_IF_ERROR(RegisterPrinter(register_docs[index], canvas).Draw());
        }
        return Status::Ok();
      });
}

}  // namespace klang::reports
