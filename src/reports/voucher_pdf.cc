// reports/voucher_pdf.cc — a ใบผ่านรายการ (voucher) as an A4 portrait PDF.
//
// Layout follows the paper forms: organisation and title centred, number and date at the
// right, the status (e.g. cancelled by a reversing entry) boxed in red where nobody can miss
// it, the description, the lines table with its totals, the total in Thai words, then the
// signature blocks. The integrity line (log sequence and hash) is printed small on every page
// so any single sheet can be checked against the log.
#include <algorithm>
#include <string>
#include <vector>

#include "core/thai.h"
#include "reports/pdf_canvas.h"
#include "reports/render.h"

namespace klang::reports {
namespace {

constexpr double kBodySizePt = 15;
constexpr double kOrgSizePt = 18;
constexpr double kTitleSizePt = 20;
constexpr double kSmallSizePt = 10;
constexpr double kCellPaddingXPt = 5;
constexpr double kCellPaddingYPt = 3;
constexpr double kCodeColumnPt = 92;
constexpr double kAmountColumnPt = 100;
constexpr std::string_view kWidestLabel = "คำอธิบายรายการ";
constexpr double kSignatureGapPt = 28;
// Two per row reads like the paper forms (ผู้จัดทำ, ผู้ตรวจสอบ / ผู้อนุมัติ centred below).
constexpr size_t kSignaturesPerRow = 2;

class VoucherPrinter {
 public:
  VoucherPrinter(const Voucher& voucher, PdfCanvas& canvas)
      : voucher_(voucher),
        canvas_(canvas),
        table_(canvas.left(),
               {kCodeColumnPt, canvas.content_width() - kCodeColumnPt - 2 * kAmountColumnPt,
                kAmountColumnPt, kAmountColumnPt},
               kBodySizePt, kCellPaddingXPt, kCellPaddingYPt) {}

  Status Draw() {
    double y = TableHeader(Heading());
    for (size_t index = 0; index < voucher_.lines.size(); ++index) {
      const VoucherLine& line = voucher_.lines[index];
      const bool last = index + 1 == voucher_.lines.size();
      y = DrawTableRow(y,
                       {{.text = line.account_code},
                        {.text = line.account_name, .wrap = true},
                        Amount(line.debit),
                        Amount(line.credit)},
                       last ? ClosingHeight() : 0);
    }
    y = TotalsAndWords(y);
    Signatures(y);
    Footer();
    return Status::Ok();
  }

 private:
  TableCell Amount(Money amount, bool bold = false) const {
    return {.text = AmountCell(amount, voucher_.digits), .align = Align::kRight, .bold = bold};
  }

  double Centred(double y, std::string_view text, double size_pt, bool bold) {
    return y +
           canvas_.Text(canvas_.left(), y, canvas_.content_width(), text,
                        {.size_pt = size_pt, .bold = bold, .align = Align::kCenter, .wrap = true});
  }

  double Heading() {
    double y = canvas_.top();
    y = Centred(y, voucher_.org.name, kOrgSizePt, true);
    if (!voucher_.org.parent_name.empty()) {
      y = Centred(y, voucher_.org.parent_name, kBodySizePt, false);
    }
    y = Centred(y + 2, voucher_.title_th, kTitleSizePt, true) + 6;

    // เลขที่/วันที่/ปีงบประมาณ as a left-aligned block against the right margin, as on the
    // paper forms.
    const TextStyle body{.size_pt = kBodySizePt};
    const std::string block[] = {
        "เลขที่ " + voucher_.number,
        "วันที่ " + FormatThaiDateLong(voucher_.document_date, voucher_.digits),
        Digits("ปีงบประมาณ " + std::to_string(voucher_.fiscal_year), voucher_.digits),
    };
    double block_width = 0;
    for (const std::string& line : block) {
      block_width = std::max(block_width, canvas_.TextWidth(line, body) + 1);
    }
    block_width = std::min(block_width, canvas_.content_width() / 2);
    for (const std::string& line : block) {
      y += canvas_.Text(canvas_.right() - block_width, y, block_width, line, body);
    }
    y += 8;

    if (!voucher_.status_th.empty()) {
      const TextStyle alert{.size_pt = kOrgSizePt,
                            .bold = true,
                            .align = Align::kCenter,
                            .wrap = true,
                            .color = kAlertRed};
      const double inner = canvas_.content_width() - 16;
      const double height = canvas_.TextHeight(inner, voucher_.status_th, alert) + 10;
      canvas_.StrokeRect(canvas_.left(), y, canvas_.content_width(), height, 1.5, kAlertRed);
      canvas_.Text(canvas_.left() + 8, y + 5, inner, voucher_.status_th, alert);
      y += height + 8;
    }
    if (!voucher_.reference_th.empty()) {
      y = LabelledText(y, "อ้างอิง", voucher_.reference_th);
    }
    y = LabelledText(y, "คำอธิบายรายการ", voucher_.description);
    return y + 8;
  }

  // A bold label at the left and wrapped text beside it, indented past the widest label.
  double LabelledText(double y, std::string_view label, std::string_view text) {
    const TextStyle label_style{.size_pt = kBodySizePt, .bold = true};
    const double indent = canvas_.TextWidth(kWidestLabel, label_style) + 12;
    const double label_height = canvas_.Text(canvas_.left(), y, indent, label, label_style);
    const double text_height =
        canvas_.Text(canvas_.left() + indent, y, canvas_.content_width() - indent, text,
                     {.size_pt = kBodySizePt, .wrap = true});
    return y + std::max(label_height, text_height) + 2;
  }

  double TableHeader(double y) {
    const std::vector<TableCell> cells = {
        {.text = "รหัสบัญชี", .align = Align::kCenter, .bold = true},
        {.text = "ชื่อบัญชี", .align = Align::kCenter, .bold = true},
        {.text = "เดบิต", .align = Align::kCenter, .bold = true},
        {.text = "เครดิต", .align = Align::kCenter, .bold = true},
    };
    const double height = table_.RowHeight(canvas_, cells);
    table_.DrawRow(canvas_, y, height, cells, &kHeaderFill);
    return y + height;
  }

  double FooterTop() {
    const double check = voucher_.check_url.empty() ? 0 : kCheckMarkHeightPt + 4;
    return canvas_.bottom() - canvas_.LineHeight({.size_pt = kBodySizePt}) - 4 - check;
  }

  void Footer() {
    double y = FooterTop() + 4;
    if (!voucher_.check_url.empty()) {
      canvas_.CheckMark(canvas_.left(), y, canvas_.content_width(), voucher_.check_url, voucher_.check_code);
      y += kCheckMarkHeightPt + 4;
    }
    const double page_marker_width = 90;
    const double integrity_width = canvas_.content_width() - page_marker_width;
    const TextStyle small{.size_pt = kSmallSizePt, .color = kGrey};
    // Bottom-aligned with the page marker, which is set larger.
    const double small_offset =
        canvas_.LineHeight({.size_pt = kBodySizePt - 2}) - canvas_.LineHeight(small);
    canvas_.Text(canvas_.left(), y + small_offset, integrity_width, voucher_.integrity_line, small);
    const int pages = std::max(canvas_.page_count(), canvas_.page_number());
    canvas_.Text(
        canvas_.right() - page_marker_width, y, page_marker_width,
        Digits("หน้า " + std::to_string(canvas_.page_number()) + "/" + std::to_string(pages),
               voucher_.digits),
        {.size_pt = kBodySizePt - 2, .align = Align::kRight, .color = kGrey});
  }

  double BreakPage() {
    Footer();
    canvas_.NewPage();
    const double y =
        Centred(canvas_.top(), voucher_.title_th + "  เลขที่ " + voucher_.number + "  (ต่อ)",
                kBodySizePt, true);
    return y + 6;
  }

  // Draws a row, first starting a new page if the row (plus `keep_with_height` of what must
  // follow it on the same page) does not fit.
  double DrawTableRow(double y, const std::vector<TableCell>& cells, double keep_with_height) {
    const double height = table_.RowHeight(canvas_, cells);
    if (y + height + keep_with_height > FooterTop()) y = TableHeader(BreakPage());
    table_.DrawRow(canvas_, y, height, cells);
    return y + height;
  }

  std::vector<TableCell> TotalsRow() const {
    return {
        {.text = "รวม", .span = 2, .align = Align::kCenter, .bold = true},
        Amount(voucher_.total, true),
        Amount(voucher_.total, true),
    };
  }

  std::vector<TableCell> WordsRow() const {
    return {{.text = "ตัวอักษร  (" + BahtText(voucher_.total) + ")",
             .span = 4,
             .align = Align::kCenter,
             .bold = true,
             .wrap = true}};
  }

  // The last line, the totals, the amount in words and the signatures share a page: a total
  // without its words, or signatures on a page of their own, invite a substituted sheet.
  double ClosingHeight() {
    return table_.RowHeight(canvas_, TotalsRow()) + table_.RowHeight(canvas_, WordsRow()) +
           SignaturesHeight();
  }

  double TotalsAndWords(double y) {
    if (y + ClosingHeight() > FooterTop()) y = TableHeader(BreakPage());  // no lines at all
    const double totals_height = table_.RowHeight(canvas_, TotalsRow());
    const double words_height = table_.RowHeight(canvas_, WordsRow());
    table_.DrawRow(canvas_, y, totals_height, TotalsRow());
    table_.DrawRow(canvas_, y + totals_height, words_height, WordsRow());
    return y + totals_height + words_height;
  }

  // The tallest block of the row of signatures from `first` (a long name wraps in its slot).
  double SignatureRowHeight(size_t first) {
    const size_t in_row = std::min(kSignaturesPerRow, voucher_.signatures.size() - first);
    const double slot = canvas_.content_width() / static_cast<double>(in_row);
    double height = 0;
    for (size_t i = first; i < first + in_row; ++i) {
      const Signature& signature = voucher_.signatures[i];
      height = std::max(height, canvas_.SignatureBlockHeight(slot, signature.role_th, signature.name, kBodySizePt));
    }
    return height;
  }

  // Including the gap above the first row; 0 when there is nothing to sign.
  double SignaturesHeight() {
    double height = 0;
    for (size_t first = 0; first < voucher_.signatures.size(); first += kSignaturesPerRow) {
      height += kSignatureGapPt + SignatureRowHeight(first);
    }
    return height;
  }

  void Signatures(double y) {
    if (y + SignaturesHeight() > FooterTop()) y = BreakPage();
    for (size_t first = 0; first < voucher_.signatures.size(); first += kSignaturesPerRow) {
      y += kSignatureGapPt;
      const size_t in_row = std::min(kSignaturesPerRow, voucher_.signatures.size() - first);
      const double slot = canvas_.content_width() / static_cast<double>(in_row);
      for (size_t i = 0; i < in_row; ++i) {
        const Signature& signature = voucher_.signatures[first + i];
        canvas_.SignatureBlock(canvas_.left() + slot * static_cast<double>(i), y, slot,
                               signature.role_th, signature.name, kBodySizePt);
      }
      y += SignatureRowHeight(first);
    }
  }

  const Voucher& voucher_;
  PdfCanvas& canvas_;
  Table table_;
};

// Sum of one side of the voucher, or an error on overflow (figures come from storage).
Result<Money> SumSide(const std::vector<VoucherLine>& lines, bool debit) {
  Money sum;
  for (const VoucherLine& line : lines) {
    KLANG_ASSIGN_OR_RETURN(sum, Money::CheckedAdd(sum, debit ? line.debit : line.credit));
  }
  return sum;
}

}  // namespace

Result<std::string> VoucherPdf(const Voucher& voucher) {
  if (!voucher.document_date.valid()) {
    return Status::InvalidInput("report.invalid_date", "วันที่ของเอกสารไม่ถูกต้อง",
                                "voucher date is not set");
  }
  // A printed voucher is signed as evidence: it must never show a total its lines do not make.
  KLANG_ASSIGN_OR_RETURN(const Money debits, SumSide(voucher.lines, true));
  KLANG_ASSIGN_OR_RETURN(const Money credits, SumSide(voucher.lines, false));
  if (debits != voucher.total || credits != voucher.total) {
    return Status::Internal("voucher.unbalanced",
                            "voucher " + voucher.number + ": total " + voucher.total.Format() +
                                ", debits " + debits.Format() + ", credits " + credits.Format());
  }
  PageSetup setup;
  setup.orientation = PageOrientation::kPortrait;
  setup.margin_left_pt = 50;
  setup.margin_right_pt = 40;
  setup.margin_top_pt = 40;
  setup.margin_bottom_pt = 30;
  setup.title = voucher.title_th + " " + voucher.number;
  return PdfCanvas::Render(
      setup, [&](PdfCanvas& canvas) { return VoucherPrinter(voucher, canvas).Draw(); });
}

}  // namespace klang::reports
