// reports/cash_documents_pdf.cc — the documents that move the day's takings from the collectors
// to the books (domain.md §3.3): the ใบนำส่งเงิน (remittance slip) a collector hands to finance
// with the money, and the ใบสำคัญสรุปใบนำส่งเงิน (summary of remittance slips) finance posts
// from. Both A4 portrait, in the voucher's style: heading with number and date at the right,
// ruled tables with their totals, the total in Thai words, signatures, and the integrity line
// with "หน้า n/N" on every page.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/thai.h"
#include "reports/document_checks.h"
#include "reports/pdf_canvas.h"
#include "reports/render.h"

namespace klang::reports {
namespace {

constexpr double kCodeColumnMaxPt = 110;
constexpr double kSlipNumberColumnMaxPt = 110;
// Names must stay readable: amounts that would leave them less shrink to fit their cells.
constexpr double kNameColumnMinPt = 130;
constexpr double kSignatureGapPt = 30;
constexpr size_t kSignaturesPerRow = 2;

DocumentFlow::Options FlowOptions(DigitStyle digits, const std::string& integrity_line,
                                  std::string continuation_title) {
  return {.body_size_pt = kFormBodySizePt,
          .digits = digits,
          .footer_note = integrity_line,
          .continuation_title = std::move(continuation_title)};
}

// Title, organisation and parent centred; the number at the top right and the date under
// the heading at the right, as on the paper forms.
double DocumentHeading(DocumentFlow& flow, const std::string& title, const OrgHeading& org,
                       const std::string& number, Date date, DigitStyle digits) {
  const double y = flow.Heading(flow.canvas().top(),
                                {{title, kFormTitleSizePt, true},
                                 {org.name, kFormOrgSizePt, true},
                                 {org.parent_name, kFormBodySizePt, false}},
                                {"เลขที่ " + number});
  return flow.RightAligned(y + 2, "วันที่ " + FormatThaiDateLong(date, digits)) + 10;
}

// Widths of an optional index column ("ที่") and a code column fitted to their content; the
// text column after them and `amount_columns` amount columns get the rest.
struct ColumnPlan {
  double index, code, text, amount;  // index 0: no index column
};
ColumnPlan PlanColumns(PdfCanvas& canvas, std::optional<size_t> rows,
                       const std::vector<std::string>& codes, const std::vector<Money>& amounts,
                       int amount_columns, DigitStyle digits, double code_max_pt) {
  ColumnPlan plan;
  plan.index = rows ? FittedColumnWidth(canvas, {"ที่", Digits(std::to_string(*rows), digits)},
                                        kFormBodySizePt, kFormCellPaddingXPt)
                    : 0;
  plan.code =
      std::min(code_max_pt, FittedColumnWidth(canvas, codes, kFormBodySizePt, kFormCellPaddingXPt));
  plan.amount = std::min(
      AmountColumnWidth(canvas, amounts, digits, kFormBodySizePt, kFormCellPaddingXPt),
      (canvas.content_width() - plan.index - plan.code - kNameColumnMinPt) / amount_columns);
  plan.text = canvas.content_width() - plan.index - plan.code - amount_columns * plan.amount;
  return plan;
}

Table PlannedTable(PdfCanvas& canvas, const ColumnPlan& plan, int amount_columns) {
  std::vector<double> widths = {plan.code, plan.text};
  if (plan.index > 0) widths.insert(widths.begin(), plan.index);
  widths.insert(widths.end(), static_cast<size_t>(amount_columns), plan.amount);
  return Table(canvas.left(), std::move(widths), kFormBodySizePt, kFormCellPaddingXPt,
               kFormCellPaddingYPt);
}

TableCell IndexCell(const DocumentFlow& flow, size_t index) {
  return {.text = flow.WithDigits(std::to_string(index + 1)), .align = Align::kCenter};
}

std::vector<TableCell> WordsRow(Money total, int span) {
  return {{.text = "ตัวอักษร  (" + BahtText(total) + ")",
           .span = span,
           .align = Align::kCenter,
           .bold = true,
           .wrap = true}};
}

class RemittancePrinter {
 public:
  RemittancePrinter(const RemittanceDoc& slip, PdfCanvas& canvas)
      : slip_(slip),
        flow_(canvas,
              FlowOptions(slip.digits, slip.integrity_line, "ใบนำส่งเงิน เลขที่ " + slip.number)),
        items_(PlannedTable(canvas, ItemColumns(canvas, slip), 1)),
        means_(canvas.left(), std::vector<double>(4, canvas.content_width() / 4), kFormBodySizePt,
               kFormCellPaddingXPt, kFormCellPaddingYPt) {
    items_.set_header({"ที่", "รหัส", "ประเภทรายได้", "จำนวนเงิน"});
    means_.set_header({"เงินสด", "เช็ค", "อื่น ๆ (โอน/QR)", "รวม"});
  }

  Status Draw() {
    double y =
        DocumentHeading(flow_, "ใบนำส่งเงิน", slip_.org, slip_.number, slip_.date, slip_.digits);
    const double indent = flow_.LabelIndent({"ผู้นำส่งเงิน", "ใบเสร็จรับเงิน"});
    y = flow_.Labelled(y, "ผู้นำส่งเงิน", slip_.collector_name, indent);
    if (!slip_.to_org_name.empty()) y = flow_.Labelled(y, "นำส่ง", slip_.to_org_name, indent);
    std::string ranges;
    for (const std::string& range : slip_.ranges) ranges += range + "\n";
    ranges += flow_.WithDigits("รวม " + std::to_string(slip_.receipt_count) + " ฉบับ");
    y = flow_.Labelled(y, "ใบเสร็จรับเงิน", ranges, indent) + 10;

    y = flow_.TableHeader(items_, y);
    for (size_t index = 0; index < slip_.items.size(); ++index) {
      const RemittanceDoc::Item& item = slip_.items[index];
      y = flow_.TableRow(items_, y,
                         {IndexCell(flow_, index),
                          {.text = item.item_code},
                          {.text = item.item_name, .wrap = true},
                          flow_.Amount(item.amount)},
                         index + 1 == slip_.items.size() ? TotalsHeight() : 0);
    }
    const std::vector<TableCell> total = {
        {.text = "รวมเงิน", .span = 3, .align = Align::kCenter, .bold = true},
        flow_.Amount(slip_.total, true)};
    y = flow_.TableRow(items_, y, total, TotalsHeight() - RowHeight(items_, total));
    y = flow_.TableRow(items_, y, WordsRow(slip_.total, 4)) + 10;

    // The split and the signatures share a page: a signed slip must show what was handed over.
    const double signatures = SignaturesHeight();
    y = flow_.Subheading(
        y, "แยกตามลักษณะการรับเงิน",
        means_.HeaderHeight(flow_.canvas()) + RowHeight(means_, MeansRow()) + signatures);
    y = flow_.TableHeader(means_, y);
    y = flow_.TableRow(means_, y, MeansRow(), signatures);
    flow_.Signatures(y, Signatories(), kSignaturesPerRow, kSignatureGapPt);
    flow_.Finish();
    return Status::Ok();
  }

 private:
  static ColumnPlan ItemColumns(PdfCanvas& canvas, const RemittanceDoc& slip) {
    std::vector<std::string> codes = {"รหัส"};
    for (const RemittanceDoc::Item& item : slip.items) codes.push_back(item.item_code);
    return PlanColumns(canvas, slip.items.size(), codes, {slip.total}, 1, slip.digits,
                       kCodeColumnMaxPt);
  }

  double RowHeight(const Table& table, const std::vector<TableCell>& cells) {
    return table.RowHeight(flow_.canvas(), cells);
  }

  std::vector<TableCell> MeansRow() const {
    return {flow_.Amount(slip_.cash), flow_.Amount(slip_.cheque), flow_.Amount(slip_.other),
            flow_.Amount(slip_.total, true)};
  }

  // The total and its words stay with the last item.
  double TotalsHeight() {
    return RowHeight(items_, {{.text = "รวมเงิน", .span = 4}}) +
           RowHeight(items_, WordsRow(slip_.total, 4));
  }

  std::vector<SignatureSlot> Signatories() const {
    return {{.role = "ผู้นำส่งเงิน", .name = slip_.collector_name},
            {.role = "ผู้รับเงิน", .name = slip_.received_by}};
  }

  double SignaturesHeight() {
    return flow_.SignaturesHeight(Signatories(), kSignaturesPerRow, kSignatureGapPt);
  }

  const RemittanceDoc& slip_;
  DocumentFlow flow_;
  Table items_;
  Table means_;
};

class RemittanceSummaryPrinter {
 public:
  RemittanceSummaryPrinter(const RemittanceSummaryDoc& summary, PdfCanvas& canvas)
      : summary_(summary),
        flow_(canvas, FlowOptions(summary.digits, summary.integrity_line,
                                  "ใบสำคัญสรุปใบนำส่งเงิน เลขที่ " + summary.number)),
        slips_(PlannedTable(canvas, SlipColumns(canvas, summary), 4)),
        accounts_(PlannedTable(canvas, AccountColumns(canvas, summary), 1)) {
    // Slip numbers identify the slips, so the names get the width an index column would take.
    slips_.set_header({"เลขที่", "ผู้นำส่ง / หน่วยงาน", "เงินสด", "เช็ค", "อื่น ๆ", "รวม"});
    accounts_.set_header({"ที่", "รหัสบัญชี", "ชื่อบัญชี", "จำนวนเงิน"});
  }

  Status Draw() {
    double y = DocumentHeading(flow_, "ใบสำคัญสรุปใบนำส่งเงิน", summary_.org, summary_.number,
                               summary_.date, summary_.digits);
    if (!summary_.voucher_number.empty()) {
      y = flow_.Labelled(y, "อ้างอิง", "ผ่านรายการรับ " + summary_.voucher_number,
                         flow_.LabelIndent({"อ้างอิง"})) +
          6;
    }

    y = flow_.Subheading(y, "รายการใบนำส่งเงิน", HeaderAndRow(slips_));
    y = flow_.TableHeader(slips_, y);
    Money cash, cheque, other;
    for (size_t index = 0; index < summary_.slips.size(); ++index) {
      const RemittanceSummaryDoc::Slip& slip = summary_.slips[index];
      std::string who = slip.collector_name;
      // A line each, so a narrow column breaks between them rather than inside a name.
      if (!slip.org_name.empty()) who += "\n" + slip.org_name;
      const std::vector<TableCell> cells = {{.text = slip.number, .wrap = true},
                                            {.text = who, .wrap = true},
                                            flow_.Amount(slip.cash),
                                            flow_.Amount(slip.cheque),
                                            flow_.Amount(slip.other),
                                            flow_.Amount(slip.total)};
      const bool last = index + 1 == summary_.slips.size();
      y = flow_.TableRow(slips_, y, cells, last ? RowHeight(slips_, {{.span = 6}}) : 0);
      // Validated before drawing, so these sums cannot overflow.
      cash += slip.cash;
      cheque += slip.cheque;
      other += slip.other;
    }
    y = flow_.TableRow(slips_, y,
                       {{.text = "รวม", .span = 2, .align = Align::kCenter, .bold = true},
                        flow_.Amount(cash, true),
                        flow_.Amount(cheque, true),
                        flow_.Amount(other, true),
                        flow_.Amount(summary_.total, true)}) +
        10;

    y = flow_.Subheading(y, "สรุปตามบัญชีที่รับ", HeaderAndRow(accounts_));
    y = flow_.TableHeader(accounts_, y);
    for (size_t index = 0; index < summary_.accounts.size(); ++index) {
      const RemittanceSummaryDoc::AccountTotal& account = summary_.accounts[index];
      const bool last = index + 1 == summary_.accounts.size();
      y = flow_.TableRow(accounts_, y,
                         {IndexCell(flow_, index),
                          {.text = account.account_code},
                          {.text = account.account_name, .wrap = true},
                          flow_.Amount(account.amount)},
                         last ? TotalsHeight() : 0);
    }
    const std::vector<TableCell> total = {
        {.text = "รวมเงิน", .span = 3, .align = Align::kCenter, .bold = true},
        flow_.Amount(summary_.total, true)};
    y = flow_.TableRow(accounts_, y, total, TotalsHeight() - RowHeight(accounts_, total));
    y = flow_.TableRow(accounts_, y, WordsRow(summary_.total, 4), SignaturesHeight());
    flow_.Signatures(y, SignatureSlots(), kSignaturesPerRow, kSignatureGapPt);
    flow_.Finish();
    return Status::Ok();
  }

 private:
  static ColumnPlan SlipColumns(PdfCanvas& canvas, const RemittanceSummaryDoc& summary) {
    std::vector<std::string> numbers = {"เลขที่"};
    std::vector<Money> amounts = {summary.total};
    for (const RemittanceSummaryDoc::Slip& slip : summary.slips) {
      numbers.push_back(slip.number);
      amounts.push_back(slip.total);
    }
    return PlanColumns(canvas, std::nullopt, numbers, amounts, 4, summary.digits,
                       kSlipNumberColumnMaxPt);
  }

  static ColumnPlan AccountColumns(PdfCanvas& canvas, const RemittanceSummaryDoc& summary) {
    std::vector<std::string> codes = {"รหัสบัญชี"};
    for (const RemittanceSummaryDoc::AccountTotal& account : summary.accounts) {
      codes.push_back(account.account_code);
    }
    return PlanColumns(canvas, summary.accounts.size(), codes, {summary.total}, 1, summary.digits,
                       kCodeColumnMaxPt);
  }

  double RowHeight(const Table& table, const std::vector<TableCell>& cells) {
    return table.RowHeight(flow_.canvas(), cells);
  }

  double HeaderAndRow(const Table& table) {
    return table.HeaderHeight(flow_.canvas()) + RowHeight(table, {});
  }

  // The last account, the total, its words and the signatures share a page.
  double TotalsHeight() {
    return RowHeight(accounts_, {{.span = 4}}) + RowHeight(accounts_, WordsRow(summary_.total, 4)) +
           SignaturesHeight();
  }

  double SignaturesHeight() {
    return flow_.SignaturesHeight(SignatureSlots(), kSignaturesPerRow, kSignatureGapPt);
  }

  std::vector<SignatureSlot> SignatureSlots() const {
    if (summary_.signatures.empty()) return {{.role = "ผู้จัดทำ"}, {.role = "ผู้อำนวยการกองคลัง"}};
    std::vector<SignatureSlot> slots;
    for (const Signature& signature : summary_.signatures) {
      slots.push_back({.role = signature.role_th, .name = signature.name});
    }
    return slots;
  }

  const RemittanceSummaryDoc& summary_;
  DocumentFlow flow_;
  Table slips_;
  Table accounts_;
};

Status CheckRemittance(const RemittanceDoc& slip) {
  KLANG_RETURN_IF_ERROR(ExpectDate(slip.date, "remittance date"));
  const std::string code = "remittance.total_mismatch";
  KLANG_ASSIGN_OR_RETURN(
      const Money items,
      CheckedSum(slip.items, [](const RemittanceDoc::Item& item) { return item.amount; }));
  KLANG_RETURN_IF_ERROR(
      ExpectTotal(code, "slip " + slip.number + " total vs items", slip.total, items));
  KLANG_ASSIGN_OR_RETURN(const Money means, CheckedSum({slip.cash, slip.cheque, slip.other}));
  return ExpectTotal(code, "slip " + slip.number + " total vs cash + cheque + other", slip.total,
                     means);
}

Status CheckRemittanceSummary(const RemittanceSummaryDoc& summary) {
  KLANG_RETURN_IF_ERROR(ExpectDate(summary.date, "remittance summary date"));
  const std::string code = "remittance_summary.total_mismatch";
  for (const RemittanceSummaryDoc::Slip& slip : summary.slips) {
    KLANG_ASSIGN_OR_RETURN(const Money means, CheckedSum({slip.cash, slip.cheque, slip.other}));
    KLANG_RETURN_IF_ERROR(
        ExpectTotal(code, "slip " + slip.number + " total vs its split", slip.total, means));
  }
  // The column totals the printer adds up must not overflow either.
  for (auto part : {&RemittanceSummaryDoc::Slip::cash, &RemittanceSummaryDoc::Slip::cheque,
                    &RemittanceSummaryDoc::Slip::other}) {
    KLANG_RETURN_IF_ERROR(CheckedSum(summary.slips, [part](const RemittanceSummaryDoc::Slip& slip) {
                            return slip.*part;
                          }).status());
  }
  KLANG_ASSIGN_OR_RETURN(
      const Money slips,
      CheckedSum(summary.slips, [](const RemittanceSummaryDoc::Slip& slip) { return slip.total; }));
  KLANG_RETURN_IF_ERROR(ExpectTotal(code, "summary total vs slips", summary.total, slips));
  KLANG_ASSIGN_OR_RETURN(
      const Money accounts,
      CheckedSum(summary.accounts,
                 [](const RemittanceSummaryDoc::AccountTotal& account) { return account.amount; }));
  return ExpectTotal(code, "summary total vs accounts", summary.total, accounts);
}

}  // namespace

Result<std::string> RemittancePdf(const RemittanceDoc& remittance) {
  KLANG_RETURN_IF_ERROR(CheckRemittance(remittance));
  return PdfCanvas::Render(FormPageSetup("ใบนำส่งเงิน " + remittance.number), [&](PdfCanvas& canvas) {
    return RemittancePrinter(remittance, canvas).Draw();
  });
}

Result<std::string> RemittanceSummaryPdf(const RemittanceSummaryDoc& summary) {
  KLANG_RETURN_IF_ERROR(CheckRemittanceSummary(summary));
  return PdfCanvas::Render(
      FormPageSetup("ใบสำคัญสรุปใบนำส่งเงิน " + summary.number),
      [&](PdfCanvas& canvas) { return RemittanceSummaryPrinter(summary, canvas).Draw(); });
}

}  // namespace klang::reports
