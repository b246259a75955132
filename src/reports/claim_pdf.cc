// reports/claim_pdf.cc — the ฎีกา cover sheet (domain.md §3.5): the sheet a requesting division
// lodges with finance on top of its evidence, and that each signatory signs in turn. A4 portrait:
// the requester and treasury numbers at the top right; division, payee, what is paid and what it
// is charged to; the gross, each deduction and the net with the net in Thai words; the evidence
// attached; the steps done so far (who and when, from the log); the signature blocks.
#include <string>
#include <vector>

#include "core/thai.h"
#include "reports/document_checks.h"
#include "reports/pdf_canvas.h"
#include "reports/render.h"

namespace klang::reports {
namespace {

constexpr double kAmountColumnPt = 120;
constexpr double kSignatureGapPt = 26;
constexpr size_t kSignaturesPerRow = 2;

class ClaimPrinter {
 public:
  ClaimPrinter(const ClaimDoc& claim, PdfCanvas& canvas)
      : claim_(claim),
        flow_(canvas, {.body_size_pt = kFormBodySizePt,
                       .digits = claim.digits,
                       .footer_note = claim.integrity_line,
                       .continuation_title = claim.title_th + " " + claim.requester_number,
                       .check_url = claim.check_url,
                       .check_code = claim.check_code}),
        amounts_(canvas.left(), {canvas.content_width() - kAmountColumnPt, kAmountColumnPt},
                 kFormBodySizePt, kFormCellPaddingXPt, kFormCellPaddingYPt),
        steps_(canvas.left(),
               {canvas.content_width() * 0.3, canvas.content_width() * 0.45,
                canvas.content_width() * 0.25},
               kFormBodySizePt, kFormCellPaddingXPt, kFormCellPaddingYPt) {
    amounts_.set_header({"รายการ", "จำนวนเงิน"});
    steps_.set_header({"ขั้นตอน", "ผู้ดำเนินการ", "วันที่"});
  }

  Status Draw() {
    std::vector<std::string> numbers = {"เลขที่ผู้เบิก " + claim_.requester_number};
    numbers.push_back("เลขที่คลังรับ " +
                      (claim_.treasury_number.empty() ? std::string("........") : claim_.treasury_number));
    double y = flow_.Heading(flow_.canvas().top(),
                             {{claim_.title_th, kFormTitleSizePt, true},
                              {claim_.org.name, kFormOrgSizePt, true},
                              {claim_.org.parent_name, kFormBodySizePt, false}},
                             numbers);
    y = flow_.RightAligned(y + 2, "วันที่ " + FormatThaiDateLong(claim_.date, claim_.digits));
    if (!claim_.state_th.empty()) y = flow_.RightAligned(y, "สถานะ: " + claim_.state_th);
    y += 6;
    const double indent = flow_.LabelIndent({"ส่วนราชการผู้เบิก", "เลขประจำตัวผู้เสียภาษี"});
    y = flow_.Labelled(y, "ส่วนราชการผู้เบิก", claim_.division_name, indent);
    y = flow_.Labelled(y, "ประเภท", claim_.kind_th, indent);
    y = flow_.Labelled(y, "ผู้รับเงิน", claim_.payee_name, indent);
    if (!claim_.payee_tax_id.empty()) {
      y = flow_.Labelled(y, "เลขประจำตัวผู้เสียภาษี", claim_.payee_tax_id, indent);
    }
    if (!claim_.payee_bank_account.empty()) {
      y = flow_.Labelled(y, "โอนเข้าบัญชี", claim_.payee_bank_account, indent);
    }
    y = flow_.Labelled(y, "รายการ", claim_.description, indent);
    y = flow_.Labelled(y, "เบิกจาก", claim_.charged_to, indent) + 8;

    y = flow_.TableHeader(amounts_, y);
    y = flow_.TableRow(amounts_, y, {{.text = "จำนวนเงินที่ขอเบิก"}, flow_.Amount(claim_.gross, true)});
    for (const auto& deduction : claim_.deductions) {
      y = flow_.TableRow(amounts_, y,
                         {{.text = "หัก " + deduction.name, .wrap = true}, flow_.Amount(deduction.amount)});
    }
    y = flow_.TableRow(amounts_, y,
                       {{.text = "คงจ่ายสุทธิ", .align = Align::kRight, .bold = true},
                        flow_.Amount(claim_.net, true)});
    y = flow_.TableRow(amounts_, y,
                       {{.text = "ตัวอักษร  (" + BahtText(claim_.net) + ")",
                         .span = 2,
                         .align = Align::kCenter,
                         .bold = true,
                         .wrap = true}}) +
        8;

    if (!claim_.attachments.empty()) {
      std::string list;
      for (size_t index = 0; index < claim_.attachments.size(); ++index) {
        list += flow_.WithDigits(std::to_string(index + 1)) + ". " + claim_.attachments[index] + "\n";
      }
      y = flow_.Labelled(y, "หลักฐานประกอบ", list, indent) + 4;
    }
    if (!claim_.steps.empty()) {
      y = flow_.Subheading(y, "การดำเนินการ", steps_.HeaderHeight(flow_.canvas()) * 2);
      y = flow_.TableHeader(steps_, y);
      for (const auto& step : claim_.steps) {
        y = flow_.TableRow(steps_, y,
                           {{.text = step.step_th}, {.text = step.name, .wrap = true},
                            {.text = flow_.WithDigits(step.date_th)}});
      }
      y += 6;
    }
    flow_.Signatures(y,
                     {{.role = "ผู้เบิก", .name = NameOfStep("prepare")},
                      {.role = "ผู้ตรวจฎีกา", .name = NameOfStep("check")},
                      {.role = "ผู้อำนวยการกองคลัง", .name = NameOfStep("certify")},
                      {.role = "ผู้อนุมัติ", .name = NameOfStep("approve")},
                      {.role = "ผู้รับเงิน", .name = ""},
                      {.role = "ผู้จ่ายเงิน", .name = ""}},
                     kSignaturesPerRow, kSignatureGapPt);
    flow_.Finish();
    return Status::Ok();
  }

 private:
  std::string NameOfStep(const std::string& code) const {
    for (const auto& step : claim_.steps) {
      if (step.step == code) return step.name;
    }
    return "";
  }

  const ClaimDoc& claim_;
  DocumentFlow flow_;
  Table amounts_;
  Table steps_;
};

}  // namespace

Result<std::string> ClaimPdf(const ClaimDoc& claim) {
  KLANG_RETURN_IF_ERROR(ExpectDate(claim.date, "claim date"));
  KLANG_ASSIGN_OR_RETURN(
      const Money deductions,
      CheckedSum(claim.deductions, [](const ClaimDoc::Deduction& deduction) { return deduction.amount; }));
  KLANG_ASSIGN_OR_RETURN(const Money net, Money::CheckedSub(claim.gross, deductions));
  KLANG_RETURN_IF_ERROR(ExpectTotal("claim.total_mismatch", "net vs gross - deductions", claim.net, net));
  return PdfCanvas::Render(FormPageSetup(claim.title_th + " " + claim.requester_number),
                           [&](PdfCanvas& canvas) { return ClaimPrinter(claim, canvas).Draw(); });
}

}  // namespace klang::reports
