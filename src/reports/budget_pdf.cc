// reports/budget_pdf.cc — the budget documents the council and the district read (domain.md §4,
// §3.8): the รายละเอียดประมาณการรายจ่าย (every item of the budget under its แผนงาน, งาน, งบ and
// หมวด, each level with its total, each item with its explanation) and the record of a transfer
// or change of explanation (การโอนงบประมาณ / การแก้ไขเปลี่ยนแปลงคำชี้แจง) with who had to approve
// it and whether it has been reported. A4 portrait forms in the voucher's style.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/thai.h"
#include "reports/document_checks.h"
#include "reports/pdf_canvas.h"
#include "reports/render.h"

namespace klang::reports {
namespace {

constexpr double kLevelIndentPt = 14;  // each classification level sits this much further in
constexpr double kAmountColumnPt = 110;
constexpr double kSignatureGapPt = 30;
constexpr size_t kSignaturesPerRow = 2;

// The classification levels of a detail report, outermost first.
constexpr int kPlan = 0, kWork = 1, kGroup = 2, kCategory = 3, kLevels = 4;

std::string KeyOf(const BudgetDetailDoc::Item& item, int level) {
  std::string key = item.plan_name;
  if (level >= kWork) key += "\x1f" + item.work_name;
  if (level >= kGroup) key += "\x1f" + item.group_name;
  if (level >= kCategory) key += "\x1f" + item.category_name;
  return key;
}

std::string NameOf(const BudgetDetailDoc::Item& item, int level) {
  switch (level) {
    case kPlan: return item.plan_name;
    case kWork: return item.work_name;
    case kGroup: return item.group_name;
    default: return item.category_name;
  }
}

class DetailPrinter {
 public:
  DetailPrinter(const BudgetDetailDoc& detail, PdfCanvas& canvas,
                std::map<std::string, Money> level_totals)
      : detail_(detail),
        flow_(canvas, {.body_size_pt = kFormBodySizePt,
                       .digits = detail.digits,
                       .footer_note = detail.integrity_line,
                       .continuation_title = "รายละเอียดประมาณการรายจ่าย",
                       .stamp = detail.draft ? "ร่าง" : ""}),
        totals_(std::move(level_totals)) {}

  Status Draw() {
    PdfCanvas& canvas = flow_.canvas();
    double y = flow_.Heading(
        canvas.top(),
        {{"รายละเอียดประมาณการรายจ่าย", kFormTitleSizePt, true},
         {detail_.budget_title, kFormBodySizePt, true},
         {detail_.org.name, kFormOrgSizePt, true},
         {detail_.org.parent_name, kFormBodySizePt, false}},
        {});
    if (!detail_.state_th.empty()) y = flow_.RightAligned(y + 2, detail_.state_th);
    y = AmountLine(y + 6, 0, "ประมาณการรายจ่ายรวมทั้งสิ้น", detail_.total, true) + 8;
    const BudgetDetailDoc::Item* previous = nullptr;
    for (const auto& item : detail_.items) {
      for (int level = kPlan; level < kLevels; ++level) {
        if (previous != nullptr && KeyOf(*previous, level) == KeyOf(item, level)) continue;
        const std::string key = KeyOf(item, level);
        const double before = level == kPlan ? 10 : 4;
        y = flow_.Reserve(y + before, 3 * canvas.LineHeight(Body(true)));
        y = AmountLine(y, level, NameOf(item, level), totals_[key], level <= kWork);
      }
      previous = &item;
      const double indent = kLevelIndentPt * kLevels;
      y = flow_.Reserve(y + 2, canvas.LineHeight(Body(true)) * 2);
      y = AmountLine(y, kLevels, item.item, item.amount, false);
      if (!item.explanation.empty()) {
        TextStyle style = Body(false);
        style.wrap = true;
        style.size_pt = kFormBodySizePt - 1;
        const double x = canvas.left() + indent + kLevelIndentPt;
        const double width = canvas.right() - kAmountColumnPt - x;
        const double height = canvas.TextHeight(width, item.explanation, style);
        y = flow_.Reserve(y, height);
        y += canvas.Text(x, y, width, item.explanation, style);
      }
    }
    y = flow_.Reserve(y + 10, 2 * canvas.LineHeight(Body(true)));
    canvas.Line(canvas.left(), y, canvas.right(), y, 0.8);
    y = AmountLine(y + 3, 0, "รวมทั้งสิ้น", detail_.total, true);
    TextStyle words = Body(true);
    words.align = Align::kRight;
    words.wrap = true;
    y += canvas.Text(canvas.left(), y, canvas.content_width(), "(" + BahtText(detail_.total) + ")",
                     words);
    flow_.Finish();
    return Status::Ok();
  }

 private:
  static TextStyle Body(bool bold) {
    TextStyle style;
    style.size_pt = kFormBodySizePt;
    style.bold = bold;
    return style;
  }

  // A name indented by its level with its amount at the right; returns the y below it.
  double AmountLine(double y, int level, const std::string& name, Money amount, bool bold) {
    PdfCanvas& canvas = flow_.canvas();
    TextStyle label = Body(bold);
    label.wrap = true;
    const double x = canvas.left() + kLevelIndentPt * level;
    const double width = canvas.right() - kAmountColumnPt - x - 6;
    const double height = canvas.TextHeight(width, name, label);
    y = flow_.Reserve(y, height);
    canvas.Text(x, y, width, name, label);
    TextStyle figure = Body(bold);
    figure.align = Align::kRight;
    figure.shrink_to_fit = true;
    canvas.Text(canvas.right() - kAmountColumnPt, y, kAmountColumnPt,
                AmountCell(amount, detail_.digits) + " บาท", figure);
    return y + height;
  }

  const BudgetDetailDoc& detail_;
  DocumentFlow flow_;
  std::map<std::string, Money> totals_;
};

class ChangePrinter {
 public:
  ChangePrinter(const BudgetChangeDoc& change, PdfCanvas& canvas)
      : change_(change),
        flow_(canvas, {.body_size_pt = kFormBodySizePt,
                       .digits = change.digits,
                       .footer_note = change.integrity_line,
                       .continuation_title = change.title_th + " " + change.number}),
        legs_(canvas.left(),
              {FittedColumnWidth(canvas, {"ตั้งจ่ายเป็นรายการใหม่"}, kFormBodySizePt,
                                 kFormCellPaddingXPt),
               canvas.content_width() - kAmountColumnPt -
                   FittedColumnWidth(canvas, {"ตั้งจ่ายเป็นรายการใหม่"}, kFormBodySizePt,
                                     kFormCellPaddingXPt),
               kAmountColumnPt},
              kFormBodySizePt, kFormCellPaddingXPt, kFormCellPaddingYPt) {
    legs_.set_header({"ประเภท", "แผนงาน / งาน / หมวด / รายการ", "จำนวนเงิน"});
  }

  Status Draw() {
    double y = flow_.Heading(flow_.canvas().top(),
                             {{change_.title_th, kFormTitleSizePt, true},
                              {change_.org.name, kFormOrgSizePt, true},
                              {change_.org.parent_name, kFormBodySizePt, false}},
                             {change_.number});
    y = flow_.RightAligned(y + 2, "วันที่ " + FormatThaiDateLong(change_.date, change_.digits)) + 8;
    if (change_.transfer) {
      y = flow_.TableHeader(legs_, y);
      Money decreases, increases;
      for (const auto& leg : change_.legs) {
        y = flow_.TableRow(legs_, y,
                           {{.text = leg.direction_th},
                            {.text = leg.label, .wrap = true},
                            flow_.Amount(leg.amount)});
        (leg.increase ? increases : decreases) = (leg.increase ? increases : decreases) + leg.amount;
      }
      y = flow_.TableRow(legs_, y,
                         {{.text = "รวมโอนลด", .span = 2, .align = Align::kRight, .bold = true},
                          flow_.Amount(decreases, true)});
      y = flow_.TableRow(legs_, y,
                         {{.text = "รวมโอนเพิ่ม / ตั้งจ่ายรายการใหม่", .span = 2,
                           .align = Align::kRight, .bold = true},
                          flow_.Amount(increases, true)}) +
          8;
    }
    const double indent =
        flow_.LabelIndent({"คำชี้แจงเดิม", "ผู้มีอำนาจอนุมัติตามระเบียบ", "การรายงาน"});
    if (!change_.transfer) {
      y = flow_.Labelled(y, "รายการ", change_.line_label, indent);
      y = flow_.Labelled(y, "คำชี้แจงเดิม", change_.old_explanation, indent);
      y = flow_.Labelled(y, "คำชี้แจงใหม่", change_.new_explanation, indent) + 4;
    }
    y = flow_.Labelled(y, "เหตุผล", change_.reason, indent);
    y = flow_.Labelled(y, "ผู้มีอำนาจอนุมัติตามระเบียบ", change_.required_th, indent);
    y = flow_.Labelled(y, "อนุมัติโดย",
                       change_.authority_th + " " + change_.approval_ref + " เมื่อ " +
                           FormatThaiDateLong(change_.approved_on, change_.digits),
                       indent);
    y = flow_.Labelled(y, "การรายงาน", change_.report_th, indent) + 10;
    flow_.Signatures(y,
                     {{.role = "ผู้เสนอ"}, {.role = "ผู้อนุมัติ"}},
                     kSignaturesPerRow, kSignatureGapPt);
    flow_.Finish();
    return Status::Ok();
  }

 private:
  const BudgetChangeDoc& change_;
  DocumentFlow flow_;
  Table legs_;
};

}  // namespace

Result<std::string> BudgetDetailPdf(const BudgetDetailDoc& detail) {
  // Each level's total from its items; the grand total must be theirs.
  std::map<std::string, Money> totals;
  Money sum;
  for (const auto& item : detail.items) {
    KLANG_ASSIGN_OR_RETURN(sum, Money::CheckedAdd(sum, item.amount));
    for (int level = kPlan; level < kLevels; ++level) {
      Money& total = totals[KeyOf(item, level)];
      KLANG_ASSIGN_OR_RETURN(total, Money::CheckedAdd(total, item.amount));
    }
  }
  KLANG_RETURN_IF_ERROR(
      ExpectTotal("budget_detail.total_mismatch", "detail total vs items", detail.total, sum));
  return PdfCanvas::Render(
      FormPageSetup("รายละเอียดประมาณการรายจ่าย " + detail.budget_title),
      [&](PdfCanvas& canvas) { return DetailPrinter(detail, canvas, totals).Draw(); });
}

Result<std::string> BudgetChangePdf(const BudgetChangeDoc& change) {
  KLANG_RETURN_IF_ERROR(ExpectDate(change.date, "change date"));
  KLANG_RETURN_IF_ERROR(ExpectDate(change.approved_on, "approval date"));
  if (change.transfer) {
    Money decreases, increases;
    for (const auto& leg : change.legs) {
      Money& side = leg.increase ? increases : decreases;
      KLANG_ASSIGN_OR_RETURN(side, Money::CheckedAdd(side, leg.amount));
    }
    if (decreases != increases) {
      return Status::Internal("budget_change.unbalanced",
                              "transfer " + change.number + ": decreases " + decreases.Format() +
                                  ", increases " + increases.Format());
    }
  }
  return PdfCanvas::Render(FormPageSetup(change.title_th + " " + change.number),
                           [&](PdfCanvas& canvas) { return ChangePrinter(change, canvas).Draw(); });
}

}  // namespace klang::reports
