// reports/continuity_pdf.cc — the report to the local executive on an outage (letters ข้อ 10 /
// ข้อ 7): what happened, what was done by hand or offline, and how it reached the system.
#include "core/thai.h"
#include "reports/pdf_canvas.h"
#include "reports/render.h"

namespace klang::reports {
namespace {

constexpr double kSignatureGapPt = 14;
constexpr size_t kSignaturesPerRow = 2;
constexpr double kTableSizePt = 13;

}  // namespace

Result<std::string> OutageReportPdf(const OutageReportDoc& report) {
  Money sum;
  for (const auto& row : report.rows) {
    auto added = Money::CheckedAdd(sum, row.amount);
    if (!added.ok()) return added.status();
    sum = *added;
  }
  if (sum != report.total) {
    return Status::InvalidInput("outage_report.total_mismatch", "ยอดรวมไม่ตรงกับรายการ",
                                "total " + report.total.FormatPlain() + " != rows " + sum.FormatPlain());
  }
  return PdfCanvas::Render(FormPageSetup(report.title_th), [&](PdfCanvas& canvas) -> Status {
    DocumentFlow flow(canvas, {.body_size_pt = kFormBodySizePt,
                               .digits = report.digits,
                               .footer_note = report.integrity_line,
                               .continuation_title = report.title_th});
    double y = flow.Heading(canvas.top(),
                            {{report.title_th, kFormTitleSizePt, true},
                             {report.org.name, kFormOrgSizePt, true},
                             {report.org.parent_name, kFormBodySizePt, false}},
                            {});
    y = flow.RightAligned(y + 2, report.report_date_th);
    y += 4;
    y = flow.Paragraph(y, "เรียน ผู้บริหารท้องถิ่น");
    y = flow.Paragraph(y, "ตามแนวทางการปฏิบัติงานในกรณีที่ระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่นขัดข้องไม่สามารถเข้าใช้งานได้ "
                          "ขอรายงานการปฏิบัติงานด้านงบประมาณ การรับเงิน การจ่ายเงิน การจัดซื้อจัดจ้าง และการบันทึกบัญชี "
                          "ในช่วงที่ระบบขัดข้อง ดังนี้");
    y += 4;
    std::vector<std::string_view> labels;
    for (const auto& fact : report.facts) labels.push_back(fact.first);
    const double indent = flow.LabelIndent(labels);
    for (const auto& fact : report.facts) y = flow.Labelled(y, fact.first, fact.second, indent);
    y += 6;
    const double width = canvas.content_width();
    std::vector<Money> amounts;
    for (const auto& row : report.rows) amounts.push_back(row.amount);
    amounts.push_back(report.total);
    const double amount_width =
        AmountColumnWidth(canvas, amounts, report.digits, kTableSizePt, kFormCellPaddingXPt);
    const double index_width = FittedColumnWidth(canvas, {"ที่", std::to_string(report.rows.size())},
                                                 kTableSizePt, kFormCellPaddingXPt);
    const double rest = width - amount_width - index_width;
    Table table(canvas.left(), {index_width, rest * 0.28, rest * 0.34, rest * 0.23, rest * 0.15, amount_width},
                kTableSizePt, kFormCellPaddingXPt, kFormCellPaddingYPt);
    table.set_header({"ที่", "เอกสาร", "เลขที่ที่ออกระหว่างขัดข้อง", "เลขที่ในระบบ", "วันที่บันทึก", "จำนวนเงิน"});
    y = flow.Subheading(y, "เอกสารที่จัดทำระหว่างระบบขัดข้อง " + std::to_string(report.rows.size()) + " ฉบับ",
                        table.HeaderHeight(canvas) + 20);
    y = flow.TableHeader(table, y);
    int index = 0;
    for (const auto& row : report.rows) {
      y = flow.TableRow(table, y,
                        {{flow.WithDigits(std::to_string(++index)), 1, Align::kRight},
                         {row.kind_th, 1, Align::kLeft, false, true},
                         {row.made_as, 1, Align::kLeft, false, true},
                         {row.official, 1, Align::kLeft, false, true},
                         {row.date_th},
                         flow.Amount(row.amount)});
    }
    y = flow.TableRow(table, y, {{"รวม", 5, Align::kRight, true}, flow.Amount(report.total, true)});
    y += 6;
    for (const auto& note : report.notes) y = flow.Paragraph(y, note, kAlertRed);
    y = flow.Paragraph(y + 4, "จึงเรียนมาเพื่อโปรดทราบ");
    std::vector<SignatureSlot> slots;
    for (const auto& signature : report.signatures) slots.push_back({signature.role_th, signature.name, ""});
    y = flow.Signatures(y + 2, slots, kSignaturesPerRow, kSignatureGapPt);
    flow.Finish();
    return Status::Ok();
  });
}

}  // namespace klang::reports
