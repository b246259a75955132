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

}  // namespace klang::reports
