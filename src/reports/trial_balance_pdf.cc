// reports/trial_balance_pdf.cc — งบทดลอง as an A4 landscape PDF.
//
// Page 1 carries the full heading; later pages a one-line heading marked (ต่อ). Every page
// repeats the two-row table header and has a footer with the print time and "หน้า n/N". The
// totals row and the signature block never split from the page they need: each moves to a new
// page when it does not fit.
#include <algorithm>
#include <string>
#include <vector>

#include "core/thai.h"
#include "reports/pdf_canvas.h"
#include "reports/render.h"

namespace klang::reports {
namespace {

constexpr double kBodySizePt = 13;
constexpr double kTitleSizePt = 18;
constexpr double kSubtitleSizePt = 16;
constexpr double kFooterSizePt = 12;
constexpr double kCellPaddingXPt = 5;
constexpr double kCellPaddingYPt = 2;
constexpr double kCodeColumnMaxPt = 120;
constexpr double kNameColumnMinPt = 210;
constexpr double kSignatureGapPt = 14;
constexpr size_t kSignaturesPerRow = 3;
// Bounds for the amount columns' width: the width these figures need in bold.
constexpr std::string_view kNarrowestAmount = "999,999.99";
constexpr std::string_view kWidestAmount = "99,999,999.99";

class TrialBalancePrinter {
 public:
  TrialBalancePrinter(const TrialBalance& tb, PdfCanvas& canvas)
      : tb_(tb), canvas_(canvas), table_(MakeTable(canvas, tb)) {}

  Status Draw() {
    const std::vector<TableCell> totals = {
        {.text = "รวม", .span = 2, .align = Align::kCenter, .bold = true},
        Amount(tb_.total_opening_debit, true),
        Amount(tb_.total_opening_credit, true),
        Amount(tb_.total_period_debit, true),
        Amount(tb_.total_period_credit, true),
        Amount(tb_.total_closing_debit, true),
        Amount(tb_.total_closing_credit, true),
    };
    // The last account, the totals and the signatures share a page: signatures alone on a last
    // page could be attached to any report, so they move to a new page together.
    const double totals_height = table_.RowHeight(canvas_, totals);
    const double closing_height = totals_height + kSignatureGapPt + SignaturesHeight();

    double y = TableHeader(FullHeading());
    for (size_t index = 0; index < tb_.rows.size(); ++index) {
      const TrialBalanceRow& row = tb_.rows[index];
      const std::vector<TableCell> cells = {
          {.text = row.account_code}, {.text = row.account_name, .wrap = true},
          Amount(row.opening_debit),  Amount(row.opening_credit),
          Amount(row.period_debit),   Amount(row.period_credit),
          Amount(row.closing_debit),  Amount(row.closing_credit),
      };
      y = DrawTableRow(y, cells, index + 1 == tb_.rows.size() ? closing_height : 0);
    }
    if (y + closing_height > FooterTop()) y = TableHeader(BreakPage());  // no rows at all
    table_.DrawRow(canvas_, y, totals_height, totals);
    y += totals_height;
    // Accountants' double rule under the totals.
    canvas_.Line(table_.column_x(2), y + 2, table_.column_x(8), y + 2, 0.5);
    Signatures(y + kSignatureGapPt);
    Footer();
    return Status::Ok();
  }

 private:
  // Code and amount columns are as wide as the longest figure in this report needs (within
  // bounds); the account name gets the rest, so small reports wrap fewer names. Figures beyond
  // the bound shrink to fit rather than lose digits.
  static Table MakeTable(PdfCanvas& canvas, const TrialBalance& tb) {
    const TextStyle regular{.size_pt = kBodySizePt};
    const TextStyle bold{.size_pt = kBodySizePt, .bold = true};
    // Digits share one advance width, so the longest text is the widest.
    std::string longest_amount, longest_code;
    auto consider = [](const std::string& text, std::string& longest) {
      if (text.size() > longest.size()) longest = text;
    };
    for (const TrialBalanceRow& row : tb.rows) {
      consider(row.account_code, longest_code);
      for (Money amount : {row.opening_debit, row.opening_credit, row.period_debit,
                           row.period_credit, row.closing_debit, row.closing_credit}) {
        consider(AmountCell(amount, tb.digits), longest_amount);
      }
    }
    for (Money amount : {tb.total_opening_debit, tb.total_opening_credit, tb.total_period_debit,
                         tb.total_period_credit, tb.total_closing_debit, tb.total_closing_credit}) {
      consider(AmountCell(amount, tb.digits), longest_amount);  // totals are the longest anyway
    }
    const double amount_text =
        std::clamp(canvas.TextWidth(longest_amount, bold),
                   canvas.TextWidth(Digits(std::string(kNarrowestAmount), tb.digits), bold),
                   canvas.TextWidth(Digits(std::string(kWidestAmount), tb.digits), bold));
    const double code_width = std::min(
        kCodeColumnMaxPt,
        std::max(canvas.TextWidth(longest_code, regular), canvas.TextWidth("รหัสบัญชี", bold)) +
            2 * kCellPaddingXPt + 2);
    // Account names must stay readable on one line where possible: they get at least
    // kNameColumnMinPt, and amounts that would need more shrink to fit their cells instead.
    const double amount_width =
        std::min(amount_text + 2 * kCellPaddingXPt + 2,
                 (canvas.content_width() - code_width - kNameColumnMinPt) / 6);
    const double name_width = canvas.content_width() - code_width - 6 * amount_width;
    return Table(canvas.left(),
                 {code_width, name_width, amount_width, amount_width, amount_width, amount_width,
                  amount_width, amount_width},
                 kBodySizePt, kCellPaddingXPt, kCellPaddingYPt);
  }

  TableCell Amount(Money amount, bool bold = false) const {
    return {.text = AmountCell(amount, tb_.digits), .align = Align::kRight, .bold = bold};
  }

  std::string Period() const {
    return "ตั้งแต่วันที่ " + FormatThaiDateLong(tb_.from, tb_.digits) + " ถึงวันที่ " +
           FormatThaiDateLong(tb_.to, tb_.digits);
  }

  double Centred(double y, std::string_view text, double size_pt, bool bold) {
    return y +
           canvas_.Text(canvas_.left(), y, canvas_.content_width(), text,
                        {.size_pt = size_pt, .bold = bold, .align = Align::kCenter, .wrap = true});
  }

  double FullHeading() {
    double y = canvas_.top();
    // The organisation and where it is on one line, the period and its fiscal year on another: ten
    // accounts, their totals and the signatures fit one page.
    y = Centred(y, tb_.org.parent_name.empty() ? tb_.org.name : tb_.org.name + "  " + tb_.org.parent_name,
                kSubtitleSizePt, true);
    y = Centred(y, "งบทดลอง", kTitleSizePt, true);
    y = Centred(y, Period() + "   " + Digits("ปีงบประมาณ " + std::to_string(tb_.fiscal_year), tb_.digits),
                kSubtitleSizePt, false);
    return y + 6;
  }

  double ContinuationHeading() {
    const double y = Centred(canvas_.top(), tb_.org.name + "   งบทดลอง   " + Period() + "   (ต่อ)",
                             kBodySizePt, true);
    return y + 4;
  }

  double TableHeader(double y) {
    const double row = canvas_.LineHeight({.size_pt = kBodySizePt}) + 2 * kCellPaddingYPt;
    table_.DrawBox(canvas_, table_.column_x(0), y, table_.span_width(0, 1), 2 * row, "รหัสบัญชี", true,
                   &kHeaderFill);
    table_.DrawBox(canvas_, table_.column_x(1), y, table_.span_width(1, 1), 2 * row, "ชื่อบัญชี", true,
                   &kHeaderFill);
    const char* groups[] = {"ยอดยกมา", "ระหว่างงวด", "ยอดคงเหลือ"};
    for (int group = 0; group < 3; ++group) {
      const int first = 2 + 2 * group;
      table_.DrawBox(canvas_, table_.column_x(first), y, table_.span_width(first, 2), row,
                     groups[group], true, &kHeaderFill);
      table_.DrawBox(canvas_, table_.column_x(first), y + row, table_.span_width(first, 1), row,
                     "เดบิต", true, &kHeaderFill);
      table_.DrawBox(canvas_, table_.column_x(first + 1), y + row, table_.span_width(first + 1, 1),
                     row, "เครดิต", true, &kHeaderFill);
    }
    return y + 2 * row;
  }

  double FooterTop() {
    return canvas_.bottom() - canvas_.LineHeight({.size_pt = kFooterSizePt}) - 4;
  }

  void Footer() {
    const double y = FooterTop() + 4;
    const double half = canvas_.content_width() / 2;
    const TextStyle style{.size_pt = kFooterSizePt, .color = kGrey};
    canvas_.Text(canvas_.left(), y, half, tb_.generated_at_th, style);
    const int pages = std::max(canvas_.page_count(), canvas_.page_number());
    TextStyle right = style;
    right.align = Align::kRight;
    canvas_.Text(
        canvas_.left() + half, y, half,
        Digits("หน้า " + std::to_string(canvas_.page_number()) + "/" + std::to_string(pages),
               tb_.digits),
        right);
  }

  // Ends the page and starts the next with its heading; returns where content may start.
  double BreakPage() {
    Footer();
    canvas_.NewPage();
    return ContinuationHeading();
  }

  // Draws a row, first starting a new page if the row (plus `keep_with_height` of what must
  // follow it on the same page) does not fit.
  double DrawTableRow(double y, const std::vector<TableCell>& cells, double keep_with_height) {
    const double height = table_.RowHeight(canvas_, cells);
    if (y + height + keep_with_height > FooterTop()) y = TableHeader(BreakPage());
    table_.DrawRow(canvas_, y, height, cells);
    return y + height;
  }

  std::vector<Signature> SignatureList() const {
    if (!tb_.signatures.empty()) return tb_.signatures;
    return {{"ผู้จัดทำ", ""}, {"ผู้อำนวยการกองคลัง", ""}};
  }

  // The tallest block of the row of signatures from `first` (a long name wraps in its slot).
  double SignatureRowHeight(const std::vector<Signature>& signatures, size_t first) {
    const size_t in_row = std::min(kSignaturesPerRow, signatures.size() - first);
    const double slot = canvas_.content_width() / static_cast<double>(in_row);
    double height = 0;
    for (size_t i = first; i < first + in_row; ++i) {
      height = std::max(height, canvas_.SignatureBlockHeight(slot, signatures[i].role_th, signatures[i].name, kBodySizePt));
    }
    return height;
  }

  double SignaturesHeight() {
    const std::vector<Signature> signatures = SignatureList();
    double height = 0;
    for (size_t first = 0; first < signatures.size(); first += kSignaturesPerRow) {
      height += (first == 0 ? 0 : kSignatureGapPt) + SignatureRowHeight(signatures, first);
    }
    return height;
  }

  void Signatures(double y) {
    const std::vector<Signature> signatures = SignatureList();
    if (y + SignaturesHeight() > FooterTop()) y = BreakPage() + kSignatureGapPt;
    for (size_t first = 0; first < signatures.size(); first += kSignaturesPerRow) {
      const size_t in_row = std::min(kSignaturesPerRow, signatures.size() - first);
      const double slot = canvas_.content_width() / static_cast<double>(in_row);
      for (size_t i = 0; i < in_row; ++i) {
        const Signature& signature = signatures[first + i];
        canvas_.SignatureBlock(canvas_.left() + slot * static_cast<double>(i), y, slot,
                               signature.role_th, signature.name, kBodySizePt);
      }
      y += SignatureRowHeight(signatures, first) + kSignatureGapPt;
    }
  }

  const TrialBalance& tb_;
  PdfCanvas& canvas_;
  Table table_;
};

}  // namespace

Result<std::string> TrialBalancePdf(const TrialBalance& trial_balance) {
  if (!trial_balance.from.valid() || !trial_balance.to.valid()) {
    return Status::InvalidInput("report.invalid_date", "วันที่ของรายงานไม่ถูกต้อง",
                                "trial balance period is not set");
  }
  PageSetup setup;
  setup.orientation = PageOrientation::kLandscape;
  setup.margin_left_pt = 30;
  setup.margin_right_pt = 24;
  setup.margin_top_pt = 20;
  setup.margin_bottom_pt = 18;
  setup.title = "งบทดลอง " + trial_balance.org.name;
  return PdfCanvas::Render(
      setup, [&](PdfCanvas& canvas) { return TrialBalancePrinter(trial_balance, canvas).Draw(); });
}

}  // namespace klang::reports
