// reports/documents.h — plain data that the document renderers (render.h) print.
//
// These structs are filled by the modules that own the figures (ledger, accounting) and carry
// only what a reader of the printed page sees: already-resolved names, BE labels and amounts.
// Renderers neither compute nor look anything up, so a printout is a pure function of this data.
#pragma once

#include <cstdint>
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
  // The document's check code and the URL of its public check page, printed as a QR code on
  // every page (witness/document_check.h); empty prints none.
  std::string check_url, check_code;
  std::vector<Signature> signatures;  // typically ผู้จัดทำ, ผู้ตรวจสอบ, ผู้อนุมัติ
  DigitStyle digits = DigitStyle::kArabic;  // as in TrialBalance::digits
};

// ---- Revenue side (domain.md §3.3, §3.6, §9) ---------------------------------------------------

struct ReceiptLineDoc {
  std::string item_code;  // revenue code; printed after the description when non-empty
  std::string description;  // "ภาษีที่ดินและสิ่งปลูกสร้าง ปี 2568"
  Money amount;
};

struct ReceiptPropertyDoc {  // a taxed property listed on the receipt's attachment
  std::string kind_th;  // "ที่ดิน", "สิ่งปลูกสร้าง", "ป้าย"
  std::string description;  // "โฉนดเลขที่ 1234 เนื้อที่ 1-2-50 ไร่"
  std::string location;  // "หมู่ 3 ตำบลบ้านนา"
};

struct ReceiptDoc {  // ใบเสร็จรับเงิน
  OrgHeading org;
  std::string book_no;  // เล่มที่ "001"
  int64_t number = 0;   // เลขที่ within the book
  Date date;
  int fiscal_year = 0;                                 // BE
  std::string payer_name, payer_id_no, payer_address;  // id and address may be empty
  std::vector<ReceiptLineDoc> lines;
  Money total;  // equals the sum of the lines; the renderer refuses anything else
  // "เงินสด", "เช็คธนาคาร… เลขที่ …", "โอนเงิน อ้างอิง …", "QR/e-Payment อ้างอิง …"
  std::string means_th;
  std::string collector_name;      // ผู้รับเงิน
  std::string collector_position;  // "เจ้าพนักงานจัดเก็บรายได้"; empty leaves a dotted blank
  // "" or "ยกเลิก: <reason>": stamped large and red across every page, and boxed under the
  // heading.
  std::string status_th;
  // Non-empty: after all copies, an attachment "รายละเอียดแนบท้ายใบเสร็จรับเงิน" lists them.
  std::vector<ReceiptPropertyDoc> properties;
  // One page per copy, the mark printed top right. Empty prints a single unmarked copy.
  std::vector<std::string> copies = {"ต้นฉบับ", "สำเนา"};
  std::string integrity_line;               // printed small at the foot of every page
  // The document's check code and the URL of its public check page, printed as a QR code on
  // every page (witness/document_check.h); empty prints none.
  std::string check_url, check_code;
  DigitStyle digits = DigitStyle::kArabic;  // as in TrialBalance::digits
};

struct RemittanceDoc {  // ใบนำส่งเงิน: a collector hands the day's takings to finance
  OrgHeading org;
  std::string number;  // slip number
  Date date;
  std::string collector_name;  // ผู้นำส่งเงิน
  std::string received_by;  // ผู้รับเงิน (finance officer); empty leaves a dotted blank
  std::string to_org_name;          // the unit receiving the money: "กองคลัง"
  std::vector<std::string> ranges;  // "เล่มที่ 001 เลขที่ 1–20"
  struct Item {
    std::string item_code, item_name;
    Money amount;
  };
  std::vector<Item> items;
  // total equals the sum of the items and cash + cheque + other; the renderer checks both.
  Money cash, cheque, other, total;
  int64_t receipt_count = 0;
  std::string integrity_line;
  DigitStyle digits = DigitStyle::kArabic;
};

struct RemittanceSummaryDoc {  // ใบสำคัญสรุปใบนำส่งเงิน: the day's slips, by account credited
  OrgHeading org;
  std::string number;
  std::string voucher_number;  // the ใบผ่านรายการรับ that posts it: "ร. 2/2569"; may be empty
  Date date;
  struct Slip {
    std::string number, collector_name, org_name;
    Money cash, cheque, other, total;  // total = cash + cheque + other
  };
  std::vector<Slip> slips;
  struct AccountTotal {
    std::string account_code, account_name;
    Money amount;
  };
  std::vector<AccountTotal> accounts;  // totals by account credited
  Money total;                         // equals the sum of the slips and the sum of the accounts
  // Empty means the usual pair: ผู้จัดทำ and ผู้อำนวยการกองคลัง.
  std::vector<Signature> signatures;
  std::string integrity_line;
  DigitStyle digits = DigitStyle::kArabic;
};

struct DailyStatusDoc {  // รายงานสถานะการเงินประจำวัน (domain.md §3.6)
  OrgHeading org;
  Date date;
  int fiscal_year = 0;  // BE
  // carried_forward = brought_forward + received - deposited - other_out. The other-out line
  // is printed only when non-zero: the paper form has four cash lines.
  Money cash_brought_forward, cash_received, cash_deposited, cash_other_out, cash_carried_forward;
  // carried_forward = brought_forward + deposits - payments.
  Money bank_brought_forward, bank_deposits, bank_payments, bank_carried_forward;
  struct Bank {
    std::string name;  // account name: "เงินฝากออมทรัพย์ เพื่อการเบิกจ่าย"
    std::string bank, branch, account_type_th, account_no;
    Money balance;
  };
  std::vector<Bank> banks;
  // The part of bank_carried_forward no account in `banks` explains; non-zero prints a warning
  // that the detail differs from the general ledger by this amount.
  Money bank_unattributed;
  int64_t uncollected_cheques = 0;  // approved cheques the payee has not collected
  Money uncollected_cheques_amount;
  int64_t receipts_not_remitted = 0;  // either non-zero prints a warning line
  Money receipts_not_remitted_amount;
  // Empty means the usual four: ผู้จัดทำ (เจ้าหน้าที่การเงิน), ผู้อำนวยการกองคลัง, ปลัด and
  // นายก (named after org.type_th: "ปลัด อบต.", "นายก อบต.").
  std::vector<Signature> signatures;
  std::string generated_at_th;
  DigitStyle digits = DigitStyle::kArabic;
};

// Any register (ทะเบียน…) as a table, for CSV, XLSX and PDF export. Cells are already text, so
// one renderer serves every register.
struct RegisterDoc {
  OrgHeading org;
  std::string title_th;  // "ทะเบียนคุมใบเสร็จรับเงิน"
  std::string subtitle_th;  // period or filter: "ประจำวันที่ 1 ตุลาคม 2568"; may be empty
  struct Column {
    std::string title;
    bool amount = false;  // right-aligned and number-formatted
    // A running balance (คงเหลือ): its total is the closing figure as given, never a SUM.
    bool balance = false;
  };
  std::vector<Column> columns;
  // One vector per row, as wide as `columns`. Amount cells are plain "1234.50" (or "" for a
  // blank); text that does not parse as an amount is printed as it is.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> totals;  // optional last row ("รวม", …), as wide as `columns`
  // Rows printed in bold (subtotals, section headings within the rows), by index, ascending.
  std::vector<size_t> strong_rows;
  // PDF and XLSX: signature blocks below the table; none when empty.
  std::vector<Signature> signatures;
  std::string generated_at_th;
  // PDF only, for amounts and page numbers (text cells print as given); CSV and XLSX use
  // Arabic digits.
  DigitStyle digits = DigitStyle::kArabic;
};

// ---- Budget side (domain.md §3.8, §4) ----------------------------------------------------------

struct BudgetDetailDoc {  // รายละเอียดประมาณการรายจ่าย: every item with its explanation
  OrgHeading org;
  std::string budget_title;  // "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570"
  int fiscal_year = 0;       // BE
  std::string state_th;      // "อนุมัติเมื่อ 15 ก.ย. 2569"; a draft prints "ร่าง" stamped
  bool draft = false;
  struct Item {
    std::string plan_name, work_name, group_name, category_name;  // the classification
    std::string item, explanation;
    Money amount;
  };
  std::vector<Item> items;  // in classification order (plan, work, group, category)
  Money total;              // equals the sum of the items; the renderer checks it
  std::string integrity_line;
  DigitStyle digits = DigitStyle::kArabic;
};

struct BudgetChangeDoc {  // การโอนงบประมาณรายจ่าย / การแก้ไขเปลี่ยนแปลงคำชี้แจง ครั้งที่ n
  OrgHeading org;
  std::string title_th;  // "บันทึกการโอนงบประมาณรายจ่าย"
  std::string number;    // "ครั้งที่ 2/2570"
  Date date;
  bool transfer = true;
  struct Leg {
    std::string direction_th;  // "โอนลด", "โอนเพิ่ม", "ตั้งจ่ายเป็นรายการใหม่"
    std::string label;         // the line
    bool increase = false;
    Money amount;
  };
  std::vector<Leg> legs;  // transfers: decreases and increases must balance (checked)
  std::string line_label, old_explanation, new_explanation;  // changes of explanation
  std::string reason;
  std::string required_th;  // who must approve under the regulation, and why
  std::string authority_th, approval_ref;
  Date approved_on;
  std::string report_th;  // "รายงาน… แล้วเมื่อ …" or "ต้องรายงาน… ภายใน …"
  std::string integrity_line;
  DigitStyle digits = DigitStyle::kArabic;
};

// ---- Expenditure side (domain.md §3.5, §9) -----------------------------------------------------

struct ClaimDoc {  // ฎีกาเบิกเงิน: the cover sheet that travels with the evidence
  OrgHeading org;
  std::string title_th;          // "ฎีกาเบิกเงินงบประมาณ", "ฎีกาเบิกเงินรับฝาก", …
  std::string requester_number;  // เลขที่ผู้เบิก "กค. 3/2569"
  std::string treasury_number;   // เลขที่คลังรับ "5/2569"; empty until lodged
  Date date;
  std::string division_name;  // ส่วนราชการผู้เบิก
  std::string kind_th;
  std::string payee_name, payee_tax_id, payee_bank_account;
  std::string description;
  std::string charged_to;  // the budget line, the debt-setting voucher or the deposit account
  Money gross;
  struct Deduction {
    std::string name;
    Money amount;
  };
  std::vector<Deduction> deductions;
  Money net;  // gross − the deductions; the renderer checks it
  std::vector<std::string> attachments;  // หลักฐานประกอบฎีกา
  struct Step {
    std::string step;                    // prepare | lodge | check | certify | approve | pay
    std::string step_th, name, date_th;  // "ตรวจฎีกา", "นางสาว…", "12 ต.ค. 2569"
  };
  std::vector<Step> steps;  // what has been done, in order
  std::string state_th;     // printed under the heading
  std::string integrity_line;
  // The document's check code and the URL of its public check page, printed as a QR code on
  // every page (witness/document_check.h); empty prints none.
  std::string check_url, check_code;
  DigitStyle digits = DigitStyle::kArabic;
};

// ---- Continuity (R11, R12; docs/continuity.md) ---------------------------------------------------

// รายงานการปฏิบัติงานกรณีระบบขัดข้อง: what the letters ask to be reported to the local executive
// after manual or offline work — the outage, what was done during it, how the catch-up ended.
struct OutageReportDoc {
  OrgHeading org;
  std::string title_th;       // "รายงานการปฏิบัติงานในกรณีที่ระบบบัญชีคอมพิวเตอร์ขัดข้อง"
  std::string report_date_th; // "วันที่ 2 ธันวาคม 2569"
  // Label/value pairs: สาเหตุ, เริ่ม, สิ้นสุด, ระยะเวลา, เครื่อง, ส่งเข้าศูนย์ครบ, …
  std::vector<std::pair<std::string, std::string>> facts;
  struct Row {
    std::string kind_th;
    std::string made_as;    // "ชั่วคราว E1-000012" or "เอกสารกระดาษ เล่มที่ 3 เลขที่ 45 ลงวันที่ …"
    std::string official;   // "บท. 12/2570" or "รอเลขที่จากศูนย์" or "รอตรวจสอบ"
    std::string date_th;
    Money amount;
  };
  std::vector<Row> rows;
  Money total;               // of the rows
  std::vector<std::string> notes;  // held documents, paper still open, …
  std::vector<Signature> signatures;
  std::string integrity_line;
  DigitStyle digits = DigitStyle::kArabic;
};

}  // namespace klang::reports
