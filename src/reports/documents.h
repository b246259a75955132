// reports/documents.h — plain data that the document renderers (render.h) print.
//
// These structs are filled by the modules that own the figures (ledger, accounting) and carry
// only what a reader of the printed page sees: already-resolved names, BE labels and amounts.
// Renderers neither compute nor look anything up, so a printout is a pure function of this data.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/thai.h"

namespace klang::reports {

struct OrgHeading {
  std::string name;         // "องค์การบริหารส่วนตำบลบ้านนา"
  std::string type_th;      // "อบต."
  std::string parent_name;  // "อำเภอเมือง จังหวัดขอนแก่น"; may be empty
};

// A signature line: "ลงชื่อ ...................... ผู้จัดทำ" with "(name)" below. An empty name
// prints "(......................)" so it can be filled in by hand.
struct Signature {
  std::string role_th;  // "ผู้จัดทำ", "ผู้ตรวจสอบ", "ผู้อนุมัติ", "ผู้อำนวยการกองคลัง"
  std::string name;
};

struct TrialBalanceRow {  // one account of the งบทดลอง
  std::string account_code, account_name;
  Money opening_debit, opening_credit, period_debit, period_credit, closing_debit, closing_credit;
};

struct TrialBalance {  // งบทดลอง
  OrgHeading org;
  Date from, to;
  int fiscal_year = 0;                // BE
  std::vector<TrialBalanceRow> rows;  // sorted by code
  Money total_opening_debit, total_opening_credit, total_period_debit, total_period_credit,
      total_closing_debit, total_closing_credit;
  std::string generated_at_th;  // "พิมพ์เมื่อ 5 ตุลาคม 2568 14:03 น."
  // Printed at the end of the PDF. Empty means the usual pair: ผู้จัดทำ and ผู้อำนวยการกองคลัง.
  std::vector<Signature> signatures;
  // Digits for numbers the PDF renderer formats itself (amounts, dates, years, page numbers).
  // Caller-supplied text (names, generated_at_th) is printed as given. CSV and XLSX are machine
  // formats and always use Arabic digits.
  DigitStyle digits = DigitStyle::kArabic;
};

struct VoucherLine {
  std::string account_code, account_name;
  Money debit, credit;
};

struct Voucher {  // ใบผ่านรายการ (receipt, payment, debt-setting or general journal voucher)
  OrgHeading org;
  std::string title_th;  // "ใบผ่านรายการบัญชีทั่วไป"
  std::string number;    // "บท. 12/2569"
  Date document_date;
  int fiscal_year = 0;      // BE
  std::string description;  // คำอธิบายรายการ
  std::vector<VoucherLine> lines;
  Money total;  // equals sum of debits = sum of credits; the renderer refuses anything else
  // "" or "ยกเลิกโดยรายการกลับ บท. 13/2569" etc. — printed prominently if non-empty.
  std::string status_th;
  std::string reference_th;    // "กลับรายการของ บท. 11/2569"; may be empty
  std::string integrity_line;  // "ลำดับที่ 57 · SHA-256 3f9a…", printed small at the foot
  std::vector<Signature> signatures;  // typically ผู้จัดทำ, ผู้ตรวจสอบ, ผู้อนุมัติ
  DigitStyle digits = DigitStyle::kArabic;  // as in TrialBalance::digits
};

}  // namespace klang::reports
