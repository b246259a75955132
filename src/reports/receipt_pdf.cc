// reports/receipt_pdf.cc — a ใบเสร็จรับเงิน (official receipt) as an A4 portrait PDF.
//
// One page per copy (ต้นฉบับ, สำเนา…), each a complete receipt with its copy mark boxed at the
// top right above เล่มที่ and เลขที่, so a single sheet is never ambiguous about which copy it
// is. A cancelled receipt keeps its number and is printed as such: the status boxed
// under the heading and stamped across every page (spoiled receipts are kept, not destroyed —
// domain.md §3.3). Tax receipts may list the taxed properties: they go on an attachment after
// all copies, headed with the book and number so it cannot be mistaken for another receipt's.
#include <algorithm>
#include <string>
#include <vector>

#include "core/thai.h"
#include "reports/document_checks.h"
#include "reports/pdf_canvas.h"
#include "reports/render.h"

namespace klang::reports {
namespace {

constexpr double kReceiptTitleSizePt = 22;
constexpr double kAmountColumnPt = 110;
constexpr double kKindColumnMaxPt = 130;
constexpr double kSignatureGapPt = 30;
constexpr std::string_view kDottedBlank = "..............................";

class ReceiptPrinter {
 public:
  ReceiptPrinter(const ReceiptDoc& receipt, PdfCanvas& canvas)
      : receipt_(receipt),
        flow_(canvas, {.body_size_pt = kFormBodySizePt,
                       .digits = receipt.digits,
                       .footer_note = receipt.integrity_line,
                       .page_marker = false,
                       .stamp = receipt.status_th,
                       .check_url = receipt.check_url,
                       .check_code = receipt.check_code}),
        index_width_(FittedColumnWidth(canvas, {"ลำดับ"}, kFormBodySizePt, kFormCellPaddingXPt)),
        lines_(canvas.left(),
               {index_width_, canvas.content_width() - index_width_ - kAmountColumnPt,
                kAmountColumnPt},
               kFormBodySizePt, kFormCellPaddingXPt, kFormCellPaddingYPt),
        properties_(canvas.left(), PropertyWidths(canvas, receipt, index_width_), kFormBodySizePt,
                    kFormCellPaddingXPt, kFormCellPaddingYPt) {
    lines_.set_header({"ลำดับ", "รายการ", "จำนวนเงิน"});
    properties_.set_header({"ลำดับ", "ประเภท", "รายละเอียด", "ที่ตั้ง"});
  }

  Status Draw() {
    const std::vector<std::string> copies =
        receipt_.copies.empty() ? std::vector<std::string>{""} : receipt_.copies;
    for (size_t copy = 0; copy < copies.size(); ++copy) {
      if (copy > 0) flow_.EndPage();
      Copy(copies[copy]);
    }
    if (!receipt_.properties.empty()) {
      flow_.EndPage();
      Attachment();
    }
    flow_.Finish();
    return Status::Ok();
  }

 private:
  // The kind never wraps; description and location share the rest by what they hold.
  static std::vector<double> PropertyWidths(PdfCanvas& canvas, const ReceiptDoc& receipt,
                                            double index_width) {
    std::vector<std::string> kinds = {"ประเภท"}, descriptions = {"รายละเอียด"}, locations = {"ที่ตั้ง"};
    for (const ReceiptPropertyDoc& property : receipt.properties) {
      kinds.push_back(property.kind_th);
      descriptions.push_back(property.description);
      locations.push_back(property.location);
    }
    auto fitted = [&canvas](const std::vector<std::string>& texts) {
      return FittedColumnWidth(canvas, texts, kFormBodySizePt, kFormCellPaddingXPt);
    };
    const double kind = std::min(fitted(kinds), kKindColumnMaxPt);
    const std::vector<double> shared = ShareWidth(
        canvas.content_width() - index_width - kind, {fitted(descriptions), fitted(locations)},
        {fitted({descriptions.front()}), fitted({locations.front()})});
    return {index_width, kind, shared[0], shared[1]};
  }

  // Book numbers are numerals like the serial number, so both follow the digit style.
  std::string Book() const { return flow_.WithDigits("เล่มที่ " + receipt_.book_no); }
  std::string Number() const { return flow_.WithDigits("เลขที่ " + std::to_string(receipt_.number)); }
  std::string BookAndNumber() const { return Book() + " " + Number(); }

  std::string DateLine() const {
    return "วันที่ " + FormatThaiDateLong(receipt_.date, receipt_.digits);
  }

  void Copy(const std::string& mark) {
    std::string continuation = "ใบเสร็จรับเงิน " + BookAndNumber();
    if (!mark.empty()) continuation += " (" + mark + ")";
    flow_.options().continuation_title = continuation;

    double y = flow_.Heading(flow_.canvas().top(),
                             {{"ใบเสร็จรับเงิน", kReceiptTitleSizePt, true},
                              {receipt_.org.name, kFormOrgSizePt, true},
                              {receipt_.org.parent_name, kFormBodySizePt, false}},
                             {Book(), Number()}, mark);
    y = flow_.RightAligned(y + 2, DateLine()) + 8;
    if (!receipt_.status_th.empty()) y = flow_.AlertBox(y, receipt_.status_th) + 8;
    y = Payer(y) + 8;

    y = flow_.TableHeader(lines_, y);
    for (size_t index = 0; index < receipt_.lines.size(); ++index) {
      const ReceiptLineDoc& line = receipt_.lines[index];
      std::string description = line.description;
      if (!line.item_code.empty()) description += " (" + line.item_code + ")";
      const bool last = index + 1 == receipt_.lines.size();
      y = flow_.TableRow(
          lines_, y,
          {{.text = flow_.WithDigits(std::to_string(index + 1)), .align = Align::kCenter},
           {.text = description, .wrap = true},
           flow_.Amount(line.amount)},
          last ? ClosingHeight() : 0);
    }
    const double total_height = lines_.RowHeight(flow_.canvas(), TotalRow());
    y = flow_.TableRow(lines_, y, TotalRow(), ClosingHeight() - total_height);
    y = flow_.TableRow(lines_, y, WordsRow()) + 8;
    y = flow_.Labelled(y, "ชำระโดย", receipt_.means_th, MeansIndent());
    CollectorSignature(y + kSignatureGapPt);
  }

  double Payer(double y) {
    const double indent = flow_.LabelIndent({"ได้รับเงินจาก", "เลขประจำตัวผู้ชำระ"});
    y = flow_.Labelled(y, "ได้รับเงินจาก", receipt_.payer_name, indent);
    if (!receipt_.payer_id_no.empty()) {
      y = flow_.Labelled(y, "เลขประจำตัวผู้ชำระ", receipt_.payer_id_no, indent);
    }
    if (!receipt_.payer_address.empty()) {
      y = flow_.Labelled(y, "ที่อยู่", receipt_.payer_address, indent);
    }
    return y;
  }

  std::vector<TableCell> TotalRow() const {
    return {{.text = "รวมเงิน", .span = 2, .align = Align::kRight, .bold = true},
            flow_.Amount(receipt_.total, true)};
  }

  std::vector<TableCell> WordsRow() const {
    return {{.text = "(" + BahtText(receipt_.total) + ")",
             .span = 3,
             .align = Align::kCenter,
             .bold = true,
             .wrap = true}};
  }

  SignatureSlot Collector() const {
    return {.role = "ผู้รับเงิน",
            .name = receipt_.collector_name,
            .position = receipt_.collector_position.empty() ? std::string(kDottedBlank)
                                                            : receipt_.collector_position};
  }

  // The totals, the amount in words, the means of payment and the signature stay with the
  // last line: a receipt whose total or signature sits alone on a sheet invites substitution.
  double ClosingHeight() {
    PdfCanvas& canvas = flow_.canvas();
    const double means =
        canvas.TextHeight(canvas.content_width() - MeansIndent(), receipt_.means_th,
                          {.size_pt = kFormBodySizePt, .wrap = true});
    return lines_.RowHeight(canvas, TotalRow()) + lines_.RowHeight(canvas, WordsRow()) + 8 + means +
           flow_.SignaturesHeight({Collector()}, 1, kSignatureGapPt);
  }

  double MeansIndent() { return flow_.LabelIndent({"ชำระโดย"}); }

  // The collector signs at the right half, where the paper forms put ผู้รับเงิน.
  void CollectorSignature(double y) {
    PdfCanvas& canvas = flow_.canvas();
    const double half = canvas.content_width() / 2;
    const SignatureSlot slot = Collector();
    canvas.SignatureBlock(canvas.left() + half, y, half, slot.role, slot.name, kFormBodySizePt,
                          slot.position);
  }

  void Attachment() {
    const std::string title = "รายละเอียดแนบท้ายใบเสร็จรับเงิน";
    flow_.options().continuation_title = title + " " + BookAndNumber();
    double y = flow_.Heading(flow_.canvas().top(),
                             {{title, kReceiptTitleSizePt - 2, true},
                              {receipt_.org.name, kFormOrgSizePt, true},
                              {BookAndNumber() + "  " + DateLine(), kFormBodySizePt, false}},
                             {});
    y += 6;
    if (!receipt_.status_th.empty()) y = flow_.AlertBox(y, receipt_.status_th) + 8;
    y = flow_.Labelled(y, "ผู้ชำระเงิน", receipt_.payer_name, flow_.LabelIndent({"ผู้ชำระเงิน"})) + 8;
    y = flow_.TableHeader(properties_, y);
    for (size_t index = 0; index < receipt_.properties.size(); ++index) {
      const ReceiptPropertyDoc& property = receipt_.properties[index];
      y = flow_.TableRow(
          properties_, y,
          {{.text = flow_.WithDigits(std::to_string(index + 1)), .align = Align::kCenter},
           {.text = property.kind_th, .wrap = true},
           {.text = property.description, .wrap = true},
           {.text = property.location, .wrap = true}});
    }
  }

  const ReceiptDoc& receipt_;
  DocumentFlow flow_;
  double index_width_;
  Table lines_;
  Table properties_;
};

}  // namespace

Result<std::string> ReceiptPdf(const ReceiptDoc& receipt) {
  KLANG_RETURN_IF_ERROR(ExpectDate(receipt.date, "receipt date"));
  KLANG_ASSIGN_OR_RETURN(const Money sum, CheckedSum(receipt.lines, [](const ReceiptLineDoc& line) {
                           return line.amount;
                         }));
  KLANG_RETURN_IF_ERROR(ExpectTotal(
      "receipt.total_mismatch",
      "receipt " + receipt.book_no + "/" + std::to_string(receipt.number) + " total vs lines",
      receipt.total, sum));
  return PdfCanvas::Render(
      FormPageSetup("ใบเสร็จรับเงิน เล่มที่ " + receipt.book_no + " เลขที่ " +
                    std::to_string(receipt.number)),
      [&](PdfCanvas& canvas) { return ReceiptPrinter(receipt, canvas).Draw(); });
}

}  // namespace klang::reports
