// reports/render.h — turns the document data of documents.h into files people download:
// CSV and XLSX for spreadsheets, PDF for printing and signing.
//
// Renderers are pure: the same data gives the same layout (the PDF and XLSX containers also
// embed a creation time). They validate only what would otherwise break the output (impossible
// dates, an unbalanced voucher) and report it as a Status; they never abort on bad data.
// Thread-safe: no shared state (Pango/Cairo/fontconfig are used per call).
#pragma once

#include <string>

#include "core/status.h"
#include "reports/documents.h"

namespace klang::reports {

// งบทดลอง as CSV: UTF-8 with a byte-order mark (so Excel detects UTF-8), CRLF line ends,
// RFC 4180 quoting. One header row, one row per account, and a last row of totals ("รวม").
// Column order is a contract for importers: รหัสบัญชี, ชื่อบัญชี, ยอดยกไป เดบิต, ยอดยกไป
// เครดิต (closing), then ยอดยกมา เดบิต/เครดิต (opening), then ระหว่างงวด เดบิต/เครดิต (period).
// Amounts are plain "1234.50". Text cells that a spreadsheet would run as a formula (leading
// = + - @ TAB CR) get a leading apostrophe.
std::string TrialBalanceCsv(const TrialBalance& trial_balance);

// งบทดลอง as an Excel workbook: title rows, bold header, amounts as numbers ("#,##0.00"),
// totals as SUM formulas, frozen header, A4 landscape print setup.
Result<std::string> TrialBalanceXlsx(const TrialBalance& trial_balance);

// งบทดลอง as PDF: A4 landscape, Laksaman, repeated table header, "หน้า n/N", totals and a
// signature block. Errors: report.invalid_date (from/to unset), pdf.* (Cairo failures).
Result<std::string> TrialBalancePdf(const TrialBalance& trial_balance);

// A ใบผ่านรายการ as PDF: A4 portrait, lines table, total in figures and in Thai words, status
// and reference, signature blocks and the integrity line. Errors: report.invalid_date,
// voucher.unbalanced (total differs from the sum of debits or of credits), pdf.*.
Result<std::string> VoucherPdf(const Voucher& voucher);

// ---- Revenue side ------------------------------------------------------------------------------

// A ใบเสร็จรับเงิน as PDF: A4 portrait, one page per entry of `copies` with its mark boxed top
// right above เล่มที่/เลขที่; title, organisation, date in BE, payer, the lines (ลำดับ, รายการ,
// จำนวนเงิน), the total in figures and in Thai words, the means of payment and the collector's
// signature with name and position. A cancelled receipt has its status boxed under the heading
// and stamped in red across every page. Properties, if any, follow all copies on an attachment
// headed with the book and number. The integrity line is printed small on every page.
// Errors: report.invalid_date, receipt.total_mismatch (total differs from the sum of the lines),
// pdf.*.
Result<std::string> ReceiptPdf(const ReceiptDoc& receipt);

// A ใบนำส่งเงิน as PDF: A4 portrait; the receipt ranges and count, the items with their total
// and the total in words, the split into cash, cheque and other means, and the signatures of
// the collector (ผู้นำส่งเงิน) and the receiving officer (ผู้รับเงิน). Errors:
// report.invalid_date, remittance.total_mismatch (total differs from the sum of the items or
// from cash + cheque + other), pdf.*.
Result<std::string> RemittancePdf(const RemittanceDoc& remittance);

// A ใบสำคัญสรุปใบนำส่งเงิน as PDF: A4 portrait; the slips with their cash/cheque/other split,
// the totals by account credited, the total in words, the receipt voucher that posts it and
// the signatures. Errors: report.invalid_date, remittance_summary.total_mismatch (a slip whose
// split does not make its total, or a total differing from the sum of the slips or of the
// accounts), pdf.*.
Result<std::string> RemittanceSummaryPdf(const RemittanceSummaryDoc& summary);

// รายงานสถานะการเงินประจำวัน as PDF (A4 portrait) in the layout of domain.md §3.6: cash and
// bank sections, the uncollected-cheques note, the per-account detail with its total, warnings
// (detail differing from the ledger, receipts not yet remitted) and four signatures. Errors:
// report.invalid_date, daily_status.unbalanced (a carried-forward figure that its section does
// not make, or a detail total other than bank carried forward - bank_unattributed), pdf.*.
Result<std::string> DailyStatusPdf(const DailyStatusDoc& status);
// The same report as an Excel workbook: the carried-forward figures and the detail total are
// formulas (cached with our figures), amounts "#,##0.00", A4 portrait print set-up.
// Errors: as DailyStatusPdf, with xlsx.* in place of pdf.*.
Result<std::string> DailyStatusXlsx(const DailyStatusDoc& status);

// A register as CSV, with the conventions of TrialBalanceCsv (BOM, CRLF, RFC 4180, formula
// guard): a header row of column titles, the rows, then the totals row if any. Amount cells
// that are plain decimals are written as they are; anything else is a guarded text cell. Rows
// are written as given, even if their width differs from the columns'.
std::string RegisterCsv(const RegisterDoc& register_doc);

// A register as an Excel workbook: heading rows, a bold header (frozen, repeated on printed
// pages), amount columns as numbers ("#,##0.00"), totals as SUM formulas cached with the
// given totals; landscape when more than 6 columns. Errors: register.shape (no columns, or a
// row or the totals not as wide as the columns), xlsx.*.
Result<std::string> RegisterXlsx(const RegisterDoc& register_doc);

// Several registers in one workbook, one sheet each (named from its title, which must differ in
// their first 31 characters). Errors: as RegisterXlsx; register.shape when there are none.
Result<std::string> RegisterXlsxBook(const std::vector<RegisterDoc>& register_docs);

// A register as PDF: A4, landscape when more than 6 columns; heading, table with its header
// repeated on every page, totals row, print time and "หน้า n/N" in the footer. Column widths
// follow their content. Errors: register.shape, pdf.*.
Result<std::string> RegisterPdf(const RegisterDoc& register_doc);
// Several registers in one PDF, each beginning on a new page (a report printed one page per งาน
// for each head to sign). Errors: as RegisterPdf; register.shape when there are none.
Result<std::string> RegisterPdfBook(const std::vector<RegisterDoc>& register_docs);

// A register as one self-contained HTML page (UTF-8, Thai, print styles inline): heading, table
// (amounts right-aligned as "1,234.50", strong rows in bold), totals, signature blocks and the
// print time. Every text is escaped. Errors: register.shape.
Result<std::string> RegisterHtml(const RegisterDoc& register_doc);

// ---- Budget and expenditure side ---------------------------------------------------------------

// รายละเอียดประมาณการรายจ่าย as PDF: A4 portrait; for each แผนงาน, งาน, งบ and หมวด a heading
// with its total, then each item with its amount and its explanation (คำชี้แจง) wrapped below;
// the grand total and the total in words. A draft is stamped "ร่าง". Errors:
// report.invalid_date is not possible here; budget_detail.total_mismatch, pdf.*.
Result<std::string> BudgetDetailPdf(const BudgetDetailDoc& detail);

// A transfer or change of explanation as PDF: A4 portrait; the legs (โอนลด / โอนเพิ่ม / new
// item) with both totals, or the old and new explanation; the reason, who must approve under
// the regulation and who did, the report to the governor or district chief, and the signatures
// of the proposer and the approver. Errors: report.invalid_date, budget_change.unbalanced
// (decreases differ from increases), pdf.*.
Result<std::string> BudgetChangePdf(const BudgetChangeDoc& change);

// The ฎีกา cover sheet as PDF: A4 portrait; numbers at the top right, division, payee, what
// and what it is charged to, the gross, each deduction and the net with the net in words, the
// evidence attached, the steps done (who, when) and the signature blocks of the requester,
// checker, head of finance, approver and the payee. Errors: report.invalid_date,
// claim.total_mismatch (net differs from gross − deductions), pdf.*.
Result<std::string> ClaimPdf(const ClaimDoc& claim);

// The report to the executive on an outage, as PDF (A4 portrait): heading, the facts, the
// documents made offline or on paper with their provisional/paper and official numbers, their
// total, notes and the signatures (ผู้รายงาน, ผู้อำนวยการกองคลัง, ปลัด, ผู้บริหารท้องถิ่น "ทราบ").
// Errors: outage_report.total_mismatch (total differs from the sum of the rows), pdf.*.
Result<std::string> OutageReportPdf(const OutageReportDoc& report);

}  // namespace klang::reports
