// reports/daily_status_render.cc — รายงานสถานะการเงินประจำวัน (daily financial status report) as
// PDF and as an Excel workbook, in the layout of domain.md §3.6: cash section, bank section, the
// note on approved cheques not yet collected, the per-account detail of bank balances with its
// total, warnings, and the four signatures from the finance officer up to the chief executive.
//
// Both formats print the same words from the same functions below, so a clerk comparing the
// PDF with the workbook finds the same lines in the same order.
#include <string>
#include <vector>

#include "core/thai.h"
#include "reports/document_checks.h"
#include "reports/pdf_canvas.h"
#include "reports/render.h"
#include "reports/xlsx.h"

namespace klang::reports {
namespace {

constexpr std::string_view kTitle = "รายงานสถานะการเงินประจำวัน";

// One line of a section: the opening balance, a movement added or subtracted, or the closing
// balance that the lines above make.
struct StatementLine {
  enum class Kind { kOpening, kPlus, kMinus, kClosing };
  Kind kind;
  std::string label;
  Money amount;
};

struct Section {
  std::string title;
  std::vector<StatementLine> lines;
};

std::vector<Section> Sections(const DailyStatusDoc& doc) {
  using Kind = StatementLine::Kind;
  Section cash{"เงินสด",
               {{Kind::kOpening, "ยอดเงินสดคงเหลือยกมา", doc.cash_brought_forward},
                {Kind::kPlus, "บวก  เงินสดรับ", doc.cash_received},
                {Kind::kMinus, "หัก  เงินนำฝากธนาคาร", doc.cash_deposited}}};
  // The paper form has four cash lines; cash leaving other than to the bank is unusual, and
  // a line for it appears only on the days it happens.
  if (!doc.cash_other_out.is_zero()) {
    cash.lines.push_back({Kind::kMinus, "หัก  เงินสดจ่ายอื่น", doc.cash_other_out});
  }
  cash.lines.push_back({Kind::kClosing, "ยอดเงินสดคงเหลือยกไป", doc.cash_carried_forward});
  Section bank{"เงินฝากธนาคาร",
               {{Kind::kOpening, "ยอดเงินฝากธนาคารคงเหลือยกมา", doc.bank_brought_forward},
                {Kind::kPlus, "บวก  เงินนำฝากธนาคาร", doc.bank_deposits},
                {Kind::kMinus, "หัก  รายจ่าย", doc.bank_payments},
                {Kind::kClosing, "ยอดเงินฝากธนาคารคงเหลือยกไป", doc.bank_carried_forward}}};
  return {cash, bank};
}

// Amounts inside sentences: always two decimals (a "-" would read as a minus sign there).
std::string Prose(Money amount, DigitStyle digits) { return Digits(amount.Format(), digits); }

std::string CountAndAmount(int64_t count, Money amount, DigitStyle digits) {
  return "จำนวน " + Digits(std::to_string(count), digits) + " ฉบับ เป็นเงิน " + Prose(amount, digits) +
         " บาท";
}

std::string DateLine(const DailyStatusDoc& doc, DigitStyle digits) {
  return "ประจำวันที่ " + FormatThaiDateLong(doc.date, digits) + "   " +
         Digits("ปีงบประมาณ " + std::to_string(doc.fiscal_year), digits);
}

std::string ChequesNote(const DailyStatusDoc& doc, DigitStyle digits) {
  return "หมายเหตุ  เช็คที่อนุมัติแล้ว ผู้มีสิทธิยังไม่มารับ " +
         CountAndAmount(doc.uncollected_cheques, doc.uncollected_cheques_amount, digits);
}

std::vector<std::string> Warnings(const DailyStatusDoc& doc, DigitStyle digits) {
  std::vector<std::string> warnings;
  if (!doc.bank_unattributed.is_zero()) {
    warnings.push_back(
        "คำเตือน: ยอดรวมรายละเอียดเงินฝากธนาคารต่างจากยอดเงินฝากธนาคารคงเหลือยกไปตามบัญชีแยกประเภท "
        "เป็นเงิน " +
        Prose(doc.bank_unattributed, digits) + " บาท");
  }
  if (doc.receipts_not_remitted != 0 || !doc.receipts_not_remitted_amount.is_zero()) {
    warnings.push_back(
        "คำเตือน: มีใบเสร็จรับเงินที่ยังไม่ได้นำส่ง " +
        CountAndAmount(doc.receipts_not_remitted, doc.receipts_not_remitted_amount, digits));
  }
  return warnings;
}

std::string BankAndBranch(const DailyStatusDoc::Bank& bank) {
  if (bank.branch.empty()) return bank.bank;
  return bank.bank + " สาขา" + bank.branch;
}

// The PDF's bank column: bank and branch, with the account's name (not part of the paper
// layout, but what a reader knows the account by) in parentheses on the next line.
std::string BankBranchAndName(const DailyStatusDoc::Bank& bank) {
  if (bank.name.empty()) return BankAndBranch(bank);
  return BankAndBranch(bank) + "\n(" + bank.name + ")";
}

// The chain of domain.md §3.6 and §7, titled after the kind of organisation ("ปลัด อบต.").
std::vector<SignatureSlot> Signatories(const DailyStatusDoc& doc) {
  if (doc.signatures.empty()) {
    const std::string& type = doc.org.type_th;
    return {{.role = "ผู้จัดทำ", .position = "เจ้าหน้าที่การเงิน"},
            {.role = "ผู้อำนวยการกองคลัง"},
            {.role = type.empty() ? "ปลัด" : "ปลัด " + type},
            {.role = type.empty() ? "ผู้บริหารท้องถิ่น" : "นายก " + type}};
  }
  std::vector<SignatureSlot> slots;
  for (const Signature& signature : doc.signatures) {
    slots.push_back({.role = signature.role_th, .name = signature.name});
  }
  return slots;
}

Status ExpectBalanced(std::string_view what, Money printed, Result<Money> computed) {
  if (!computed.ok()) return computed.status();
  return ExpectTotal("daily_status.unbalanced", std::string(what), printed, *computed);
}

Result<Money> CashCarriedForward(const DailyStatusDoc& doc) {
  KLANG_ASSIGN_OR_RETURN(Money cash,
                         Money::CheckedAdd(doc.cash_brought_forward, doc.cash_received));
  KLANG_ASSIGN_OR_RETURN(cash, Money::CheckedSub(cash, doc.cash_deposited));
  return Money::CheckedSub(cash, doc.cash_other_out);
}

Result<Money> BankCarriedForward(const DailyStatusDoc& doc) {
  KLANG_ASSIGN_OR_RETURN(Money bank,
                         Money::CheckedAdd(doc.bank_brought_forward, doc.bank_deposits));
  return Money::CheckedSub(bank, doc.bank_payments);
}

Status CheckDailyStatus(const DailyStatusDoc& doc) {
  KLANG_RETURN_IF_ERROR(ExpectDate(doc.date, "daily status date"));
  KLANG_RETURN_IF_ERROR(
      ExpectBalanced("cash carried forward", doc.cash_carried_forward, CashCarriedForward(doc)));
  KLANG_RETURN_IF_ERROR(
      ExpectBalanced("bank carried forward", doc.bank_carried_forward, BankCarriedForward(doc)));
  KLANG_ASSIGN_OR_RETURN(
      const Money detail,
      CheckedSum(doc.banks, [](const DailyStatusDoc::Bank& bank) { return bank.balance; }));
  // The detail explains the ledger's bank balance except for what the caller says it cannot
  // attribute; that gap is printed as a warning rather than hidden.
  return ExpectBalanced("bank detail + unattributed", doc.bank_carried_forward,
                        Money::CheckedAdd(detail, doc.bank_unattributed));
}

Money DetailTotal(const DailyStatusDoc& doc) {
  return doc.bank_carried_forward - doc.bank_unattributed;  // checked by CheckDailyStatus
}

// ---- PDF ---------------------------------------------------------------------------------------

// A day's report should fit one page with a few bank accounts, so it is set a little smaller
// and tighter than the vouchers.
constexpr double kBodySizePt = 13;
constexpr double kOrgSizePt = 17;
constexpr double kTitleSizePt = 19;
constexpr double kCellPaddingXPt = 5;
constexpr double kCellPaddingYPt = 1.5;
constexpr double kSignatureGapPt = 16;
constexpr double kWarningGapPt = 3;
constexpr size_t kSignaturesPerRow = 2;
constexpr int kDetailAmount = 4;  // ที่, ธนาคาร / สาขา, ประเภท, เลขที่บัญชี, จำนวนเงิน

class DailyStatusPrinter {
 public:
  DailyStatusPrinter(const DailyStatusDoc& doc, PdfCanvas& canvas)
      : doc_(doc),
        flow_(canvas,
              {.body_size_pt = kBodySizePt,
               .digits = doc.digits,
               .footer_note = doc.generated_at_th,
               .footer_note_size_pt = kBodySizePt - 2,
               .continuation_title = std::string(kTitle) + "  " + DateLine(doc, doc.digits)}),
        detail_(canvas.left(), DetailWidths(canvas, doc), kBodySizePt, kCellPaddingXPt,
                kCellPaddingYPt),
        statement_(canvas.left(),
                   {canvas.content_width() - detail_.span_width(kDetailAmount, 1),
                    detail_.span_width(kDetailAmount, 1)},
                   kBodySizePt, kCellPaddingXPt, kCellPaddingYPt) {
    detail_.set_header({"ที่", "ธนาคาร / สาขา", "ประเภท", "เลขที่บัญชี", "จำนวนเงิน"});
  }

  Status Draw() {
    double y = flow_.Heading(flow_.canvas().top(),
                             {{doc_.org.name, kOrgSizePt, true},
                              {doc_.org.parent_name, kBodySizePt, false},
                              {std::string(kTitle), kTitleSizePt, true},
                              {DateLine(doc_, doc_.digits), kBodySizePt + 2, false}},
                             {}) +
               8;
    for (const Section& section : Sections(doc_)) {
      // The section's title row also names the unit of the figures below it.
      y = flow_.TableRow(statement_, y,
                         {{.text = section.title, .bold = true},
                          {.text = "บาท", .align = Align::kCenter, .bold = true}},
                         RowHeight(statement_, {}), &kHeaderFill);
      for (const StatementLine& line : section.lines) {
        const bool closing = line.kind == StatementLine::Kind::kClosing;
        y = flow_.TableRow(statement_, y,
                           {{.text = line.label, .bold = closing, .wrap = true},
                            flow_.Amount(line.amount, closing)});
      }
    }
    y = flow_.Paragraph(y + 4, ChequesNote(doc_, doc_.digits)) + 8;

    y = flow_.Subheading(y, "รายละเอียดยอดเงินฝากธนาคาร",
                         detail_.HeaderHeight(flow_.canvas()) + RowHeight(detail_, {}));
    y = flow_.TableHeader(detail_, y);
    const std::vector<TableCell> total = {{.text = "รวมยอดเงินฝากธนาคาร",
                                           .span = kDetailAmount,
                                           .align = Align::kCenter,
                                           .bold = true},
                                          flow_.Amount(DetailTotal(doc_), true)};
    // The last account, the total, the warnings and the signatures share a page: signatures
    // alone on a sheet could be attached to any day's figures.
    const double closing =
        RowHeight(detail_, total) + WarningsHeight() +
        flow_.SignaturesHeight(Signatories(doc_), kSignaturesPerRow, kSignatureGapPt);
    for (size_t index = 0; index < doc_.banks.size(); ++index) {
      const DailyStatusDoc::Bank& bank = doc_.banks[index];
      const bool last = index + 1 == doc_.banks.size();
      y = flow_.TableRow(
          detail_, y,
          {{.text = flow_.WithDigits(std::to_string(index + 1)), .align = Align::kCenter},
           {.text = BankBranchAndName(bank), .wrap = true},
           {.text = bank.account_type_th, .wrap = true},
           {.text = bank.account_no, .wrap = true},
           flow_.Amount(bank.balance)},
          last ? closing : 0);
    }
    y = flow_.TableRow(detail_, y, total, closing - RowHeight(detail_, total));
    for (const std::string& warning : Warnings(doc_, doc_.digits)) {
      y = flow_.Paragraph(y + kWarningGapPt, warning, kAlertRed, true);
    }

    flow_.Signatures(y, Signatories(doc_), kSignaturesPerRow, kSignatureGapPt);
    flow_.Finish();
    return Status::Ok();
  }

 private:
  // The index, type, account number and amount fitted to what they hold (never wrapped, as
  // far as the page allows); the bank column gets the rest.
  static std::vector<double> DetailWidths(PdfCanvas& canvas, const DailyStatusDoc& doc) {
    std::vector<Money> amounts = {DetailTotal(doc)};
    for (const Section& section : Sections(doc)) {
      for (const StatementLine& line : section.lines) amounts.push_back(line.amount);
    }
    std::vector<std::string> types = {"ประเภท"}, numbers = {"เลขที่บัญชี"};
    for (const DailyStatusDoc::Bank& bank : doc.banks) {
      amounts.push_back(bank.balance);
      types.push_back(bank.account_type_th);
      numbers.push_back(bank.account_no);
    }
    auto fitted = [&canvas](const std::vector<std::string>& texts) {
      return FittedColumnWidth(canvas, texts, kBodySizePt, kCellPaddingXPt);
    };
    const double index = fitted({"ที่", Digits(std::to_string(doc.banks.size()), doc.digits)});
    const double amount =
        AmountColumnWidth(canvas, amounts, doc.digits, kBodySizePt, kCellPaddingXPt);
    const double bank_minimum = fitted({"ธนาคาร / สาขา"});
    const std::vector<double> shared =
        ShareWidth(canvas.content_width() - index - amount,
                   {canvas.content_width(), fitted(types), fitted(numbers)},
                   {bank_minimum, fitted(types), fitted(numbers)});
    return {index, shared[0], shared[1], shared[2], amount};
  }

  double WarningsHeight() {
    double height = 0;
    for (const std::string& warning : Warnings(doc_, doc_.digits)) {
      height += kWarningGapPt +
                flow_.canvas().TextHeight(flow_.canvas().content_width(), warning,
                                          {.size_pt = kBodySizePt, .bold = true, .wrap = true});
    }
    return height;
  }

  double RowHeight(const Table& table, const std::vector<TableCell>& cells) {
    return table.RowHeight(flow_.canvas(), cells);
  }

  const DailyStatusDoc& doc_;
  DocumentFlow flow_;
  Table detail_;
  Table statement_;
};

// ---- XLSX --------------------------------------------------------------------------------------

// Columns: ที่, ธนาคาร / สาขา, ประเภทบัญชี, เลขที่บัญชี, ชื่อบัญชี, จำนวนเงิน. The statement
// lines put their label across the first five and the amount in the last.
constexpr lxw_col_t kAmountColumn = 5;
constexpr lxw_col_t kLastTextColumn = kAmountColumn - 1;

class DailyStatusSheet {
 public:
  DailyStatusSheet(const DailyStatusDoc& doc, lxw_workbook* workbook, XlsxErrorTrap& trap)
      : doc_(doc), trap_(trap), f_(AddXlsxFormats(workbook)) {
    sheet_ = workbook_add_worksheet(workbook, "สถานะการเงินประจำวัน");
    if (sheet_ == nullptr) trap(LXW_ERROR_MEMORY_MALLOC_FAILED);
  }

  void Write() {
    if (sheet_ == nullptr) return;
    std::string org_line = doc_.org.name;
    if (!doc_.org.parent_name.empty()) org_line += " " + doc_.org.parent_name;
    row_ = WriteXlsxTitleRows(sheet_, kAmountColumn,
                              {{org_line, f_.title},
                               {std::string(kTitle), f_.title},
                               {DateLine(doc_, DigitStyle::kArabic), f_.subtitle}},
                              f_, trap_) +
           1;
    for (const Section& section : Sections(doc_)) WriteSection(section);
    Across(ChequesNote(doc_, DigitStyle::kArabic), f_.label);
    ++row_;
    WriteDetail();
    for (const std::string& warning : Warnings(doc_, DigitStyle::kArabic)) {
      Across(warning, f_.warning);
    }
    WriteSignatures();
    if (!doc_.generated_at_th.empty()) Across(doc_.generated_at_th, f_.note);

    trap_(worksheet_set_column(sheet_, 0, 0, 6, nullptr));
    trap_(worksheet_set_column(sheet_, 1, 1, 26, nullptr));
    trap_(worksheet_set_column(sheet_, 2, 3, 16, nullptr));
    trap_(worksheet_set_column(sheet_, 4, 4, 32, nullptr));
    trap_(worksheet_set_column(sheet_, kAmountColumn, kAmountColumn, 18, nullptr));
    SetXlsxA4Printing(sheet_, /*landscape=*/false);
  }

 private:
  // Text merged across every column, on a row of its own.
  void Across(const std::string& text, lxw_format* format) {
    trap_(worksheet_merge_range(sheet_, row_, 0, row_, kAmountColumn, text.c_str(), format));
    ++row_;
  }

  void WriteSection(const Section& section) {
    trap_(worksheet_write_string(sheet_, row_++, 0, section.title.c_str(), f_.label_bold));
    // The closing line is a formula over the lines above it, so an edited figure shows its
    // effect; the cached value is our own (checked) figure.
    std::string formula = "=";
    for (const StatementLine& line : section.lines) {
      const std::string cell = XlsxColumnName(kAmountColumn) + std::to_string(row_ + 1);
      const bool closing = line.kind == StatementLine::Kind::kClosing;
      trap_(worksheet_merge_range(sheet_, row_, 1, row_, kLastTextColumn, line.label.c_str(),
                                  closing ? f_.label_bold : f_.label));
      const double value = ToSpreadsheetNumber(line.amount);
      if (closing) {
        trap_(worksheet_write_formula_num(sheet_, row_, kAmountColumn, formula.c_str(),
                                          f_.plain_total, value));
      } else {
        trap_(worksheet_write_number(sheet_, row_, kAmountColumn, value, f_.plain_amount));
        formula += (line.kind == StatementLine::Kind::kMinus ? "-" : (formula == "=" ? "" : "+"));
        formula += cell;
      }
      ++row_;
    }
    ++row_;
  }

  void WriteDetail() {
    trap_(worksheet_write_string(sheet_, row_++, 0, "รายละเอียดยอดเงินฝากธนาคาร", f_.label_bold));
    const char* titles[] = {"ที่",       "ธนาคาร / สาขา", "ประเภทบัญชี",
                            "เลขที่บัญชี", "ชื่อบัญชี",         "จำนวนเงิน (บาท)"};
    for (lxw_col_t column = 0; column <= kAmountColumn; ++column) {
      trap_(worksheet_write_string(sheet_, row_, column, titles[column], f_.header));
    }
    ++row_;
    const lxw_row_t first = row_;
    for (size_t index = 0; index < doc_.banks.size(); ++index) {
      const DailyStatusDoc::Bank& bank = doc_.banks[index];
      trap_(worksheet_write_number(sheet_, row_, 0, static_cast<double>(index + 1), f_.text));
      // Account numbers stay text: leading zeros and dashes are part of them.
      const std::string texts[] = {BankAndBranch(bank), bank.account_type_th, bank.account_no,
                                   bank.name};
      for (lxw_col_t column = 1; column <= kLastTextColumn; ++column) {
        trap_(worksheet_write_string(sheet_, row_, column, texts[column - 1].c_str(), f_.text));
      }
      trap_(worksheet_write_number(sheet_, row_, kAmountColumn, ToSpreadsheetNumber(bank.balance),
                                   f_.amount));
      ++row_;
    }
    trap_(worksheet_merge_range(sheet_, row_, 0, row_, kLastTextColumn, "รวมยอดเงินฝากธนาคาร",
                                f_.total_label));
    const double total = ToSpreadsheetNumber(DetailTotal(doc_));
    if (doc_.banks.empty()) {
      trap_(worksheet_write_number(sheet_, row_, kAmountColumn, total, f_.total_amount));
    } else {
      const std::string formula = XlsxSumFormula(kAmountColumn, first, row_ - 1);
      trap_(worksheet_write_formula_num(sheet_, row_, kAmountColumn, formula.c_str(),
                                        f_.total_amount, total));
    }
    row_ += 2;
  }

  void WriteSignatures() {
    ++row_;
    for (const SignatureSlot& slot : Signatories(doc_)) {
      Across("ลงชื่อ ........................................ " + slot.role, f_.centred);
      Across(
          "(" + (slot.name.empty() ? "........................................" : slot.name) + ")",
          f_.centred);
      if (!slot.position.empty()) Across("ตำแหน่ง " + slot.position, f_.centred);
      ++row_;
    }
  }

  const DailyStatusDoc& doc_;
  XlsxErrorTrap& trap_;
  XlsxFormats f_;
  lxw_worksheet* sheet_ = nullptr;
  lxw_row_t row_ = 0;
};

}  // namespace

Result<std::string> DailyStatusPdf(const DailyStatusDoc& status) {
  KLANG_RETURN_IF_ERROR(CheckDailyStatus(status));
  // A form's side margins (it is filed with the day's papers) but a report's top and bottom
  // ones, so that a day with a few bank accounts fits one page.
  PageSetup setup = FormPageSetup(std::string(kTitle) + " " + status.org.name);
  setup.margin_top_pt = 30;
  setup.margin_bottom_pt = 24;
  return PdfCanvas::Render(
      setup, [&](PdfCanvas& canvas) { return DailyStatusPrinter(status, canvas).Draw(); });
}

Result<std::string> DailyStatusXlsx(const DailyStatusDoc& status) {
  KLANG_RETURN_IF_ERROR(CheckDailyStatus(status));
  return BuildXlsx("klang-daily-", [&](lxw_workbook* workbook, XlsxErrorTrap& trap) {
    DailyStatusSheet(status, workbook, trap).Write();
  });
}

}  // namespace klang::reports
