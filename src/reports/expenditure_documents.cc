#include "reports/expenditure_documents.h"

#include "core/thai.h"
#include "reports/trial_balance.h"

namespace klang::reports {
namespace {

std::string StepThai(const std::string& step) {
  if (step == "prepare") return "จัดทำฎีกา";
  if (step == "lodge") return "คลังรับฎีกา";
  if (step == "check") return "ตรวจฎีกา";
  if (step == "certify") return "รับรองความถูกต้อง";
  if (step == "approve") return "อนุมัติ";
  if (step == "pay") return "จ่ายเงิน";
  return step;
}

std::string AccountName(ExpenditureSources& sources, const std::string& code) {
  auto account = sources.chart.Find(code);
  return account.ok() ? account->name_th : "";
}

// A ใบผ่านรายการ of the expenditure side, printed by the general voucher renderer.
Voucher ExpenditureVoucher(ExpenditureSources& sources, int64_t org, const std::string& title,
                           const std::string& number, Date date, const std::string& description,
                           const std::vector<ledger::Line>& lines, int64_t seq,
                           const std::string& hash) {
  Voucher voucher = DocumentVoucher(HeadingFor(sources.orgs, org), title, number, date,
                                    description, seq, hash);
  for (const auto& line : lines) {
    voucher.lines.push_back(
        {line.account, AccountName(sources, line.account), line.debit, line.credit});
    voucher.total = voucher.total + line.debit;
  }
  return voucher;
}

}  // namespace

// A voucher's lines as a table, for its XLSX/CSV face (the PDF is the form that is signed).
RegisterDoc VoucherTable(ExpenditureSources& sources, int64_t org, const Voucher& voucher) {
  RegisterDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.title_th = voucher.title_th + " " + voucher.number;
  doc.subtitle_th = "วันที่ " + FormatThaiDateLong(voucher.document_date) + " " + voucher.description;
  doc.generated_at_th = PrintedAtThai(sources.clock);
  doc.columns = {{"รหัสบัญชี"}, {"ชื่อบัญชี"}, {"เดบิต", true}, {"เครดิต", true}};
  Money debits, credits;
  for (const auto& line : voucher.lines) {
    doc.rows.push_back(
        {line.account_code, line.account_name, PlainOrBlank(line.debit), PlainOrBlank(line.credit)});
    debits = debits + line.debit;
    credits = credits + line.credit;
  }
  doc.totals = {"รวม", "", debits.FormatPlain(), credits.FormatPlain()};
  return doc;
}

Result<ClaimDoc> ClaimDocument(ExpenditureSources& sources, int64_t org,
                               const expenditure::Claim& claim) {
  ClaimDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.title_th = "ฎีกาเบิกเงิน";
  doc.requester_number = claim.requester_text;
  doc.treasury_number = claim.treasury_text;
  doc.date = claim.date;
  doc.division_name = claim.division.name_th;
  doc.kind_th = claim.kind_th;
  doc.payee_name = claim.payee_name;
  doc.payee_tax_id = claim.payee_tax_id;
  if (!claim.payee_account_no.empty()) {
    doc.payee_bank_account = claim.payee_bank + " เลขที่บัญชี " + claim.payee_account_no;
  }
  doc.description = claim.description;
  if (claim.debt != 0) {
    KLANG_ASSIGN_OR_RETURN(auto debt, sources.expenditure.GetDebt(org, claim.debt));
    doc.charged_to = "ใบผ่านรายการตั้งหนี้ " + debt.number_text + " (" + debt.line_label + ")";
  } else if (!claim.line_label.empty()) {
    doc.charged_to = claim.line_label;
  } else if (!claim.deposit_account.empty()) {
    doc.charged_to =
        "เงินรับฝาก " + claim.deposit_account + " " + AccountName(sources, claim.deposit_account);
  }
  doc.gross = claim.gross;
  for (const auto& deduction : claim.deductions)
    doc.deductions.push_back({deduction.name_th, deduction.amount});
  doc.net = claim.net;
  doc.attachments = claim.attachments;
  for (const auto& step : claim.steps) {
    doc.steps.push_back(
        {step.step, StepThai(step.step), step.name, FormatThaiDateShort(step.date)});
  }
  doc.state_th = claim.state_th;
  doc.integrity_line = "SHA-256 " + claim.hash.substr(0, 16) + "…";
  return doc;
}

RegisterDoc ClaimFigures(ExpenditureSources& sources, const ClaimDoc& doc) {
  RegisterDoc table;
  table.org = doc.org;
  table.title_th = "ฎีกา " + doc.requester_number;
  table.subtitle_th = doc.payee_name + " " + doc.description + " (" + doc.charged_to + ")";
  table.generated_at_th = PrintedAtThai(sources.clock);
  table.columns = {{"รายการ"}, {"จำนวนเงิน", true}};
  table.rows.push_back({"จำนวนเงินที่ขอเบิก", doc.gross.FormatPlain()});
  for (const auto& deduction : doc.deductions) {
    table.rows.push_back({"หัก " + deduction.name, (Money() - deduction.amount).FormatPlain()});
  }
  table.totals = {"คงจ่ายสุทธิ", doc.net.FormatPlain()};
  return table;
}

Voucher DebtSettingVoucher(ExpenditureSources& sources, int64_t org,
                           const expenditure::DebtVoucher& debt) {
  const std::string description = debt.description + " — " + debt.vendor_name + " งวดที่ " +
                                  std::to_string(debt.instalment) + " (" + debt.line_label + ")";
  return ExpenditureVoucher(sources, org, "ใบผ่านรายการตั้งหนี้", debt.number_text, debt.date,
                            description, debt.lines, debt.id, debt.hash);
}

Voucher PaymentVoucher(ExpenditureSources& sources, int64_t org,
                       const expenditure::Payment& payment) {
  std::string description =
      payment.description + " — " + payment.payee_name + " โดย" + payment.means_th;
  if (!payment.cheque_no.empty()) description += " เลขที่ " + payment.cheque_no;
  if (!payment.reference.empty()) description += " อ้างอิง " + payment.reference;
  description += " จาก" + payment.bank_account_name;
  return ExpenditureVoucher(sources, org, "ใบผ่านรายการจ่าย", payment.number_text, payment.date,
                            description, payment.lines, payment.id, payment.hash);
}

namespace {

Result<RegisterDoc> ChequesRegister(ExpenditureSources& sources, int64_t org, int fiscal_year,
                                    RegisterDoc doc) {
  KLANG_ASSIGN_OR_RETURN(auto payments, sources.disbursement.Payments(org, fiscal_year));
  doc.title_th = "รายงานการจัดทำเช็ค/ใบถอนเงิน";
  doc.columns = {{"วันที่"},       {"ใบผ่านรายการจ่าย"}, {"ฎีกา"},
                 {"ผู้รับเงิน"},    {"ประเภท"},         {"เลขที่เช็ค/ใบถอน"},
                 {"บัญชีเงินฝาก"}, {"จำนวนเงิน", true}, {"ผู้รับเช็คมารับเมื่อ"}};
  Money total;
  for (const auto& payment : payments) {
    if (payment.means == expenditure::kMeansTransfer) continue;
    doc.rows.push_back({FormatThaiDateShort(payment.date), payment.number_text, payment.claim_text,
                        payment.payee_name, payment.means_th, payment.cheque_no,
                        payment.bank_account_name, payment.net.FormatPlain(),
                        payment.means != expenditure::kMeansCheque ? "-"
                        : payment.collected_on ? FormatThaiDateShort(*payment.collected_on)
                                               : "ยังไม่มารับ"});
    total = total + payment.net;
  }
  doc.totals = {"รวม", "", "", "", "", "", "", total.FormatPlain(), ""};
  return doc;
}

Result<RegisterDoc> ClaimsRegister(ExpenditureSources& sources, int64_t org, int fiscal_year,
                                   RegisterDoc doc) {
  KLANG_ASSIGN_OR_RETURN(auto claims, sources.disbursement.Register(org, fiscal_year));
  doc.title_th = "ทะเบียนเลขที่ผู้เบิก/เลขที่คลังรับ (ฎีกา)";
  doc.columns = {{"เลขที่ผู้เบิก"}, {"วันที่"},       {"ส่วนราชการ"}, {"ประเภท"},
                 {"ผู้รับเงิน"},   {"รายการ"},    {"เลขที่คลังรับ"}, {"ขอเบิก", true},
                 {"หัก", true}, {"สุทธิ", true}, {"สถานะ"}};
  Money gross, deductions, net;
  for (const auto& claim : claims) {
    doc.rows.push_back({claim.requester_text, FormatThaiDateShort(claim.date),
                        claim.division.name_th, claim.kind_th, claim.payee_name, claim.description,
                        claim.treasury_text, claim.gross.FormatPlain(),
                        PlainOrBlank(claim.deductions_total), claim.net.FormatPlain(), claim.state_th});
    gross = gross + claim.gross;
    deductions = deductions + claim.deductions_total;
    net = net + claim.net;
  }
  doc.totals = {"รวม",
                "",
                "",
                "",
                "",
                "",
                "",
                gross.FormatPlain(),
                deductions.FormatPlain(),
                net.FormatPlain(),
                ""};
  return doc;
}

Result<RegisterDoc> RequestsRegister(ExpenditureSources& sources, int64_t org, int fiscal_year,
                                     RegisterDoc doc) {
  KLANG_ASSIGN_OR_RETURN(auto requests, sources.expenditure.Requests(org, fiscal_year));
  doc.title_th = "ทะเบียนรายงานขอซื้อขอจ้าง";
  doc.columns = {{"เลขที่"},           {"วันที่"},         {"ส่วนราชการ"}, {"เรื่อง"}, {"วิธี"},
                 {"รายการงบประมาณ"}, {"วงเงิน", true}, {"สถานะ"}};
  Money total;
  for (const auto& one : requests) {
    doc.rows.push_back({one.number_text, FormatThaiDateShort(one.date), one.division, one.subject,
                        one.method_th, one.line_label, one.amount.FormatPlain(), one.state_th});
    total = total + one.amount;
  }
  doc.totals = {"รวม", "", "", "", "", "", total.FormatPlain(), ""};
  return doc;
}

Result<RegisterDoc> OrdersRegister(ExpenditureSources& sources, int64_t org, int fiscal_year,
                                   RegisterDoc doc) {
  KLANG_ASSIGN_OR_RETURN(auto orders, sources.expenditure.Orders(org, fiscal_year));
  doc.title_th = "ทะเบียนคุมสัญญาและใบสั่งซื้อ/สั่งจ้าง";
  doc.columns = {{"เลขที่"}, {"วันที่"}, {"เลขที่สัญญา"},    {"เลขที่โครงการ e-GP"}, {"ผู้ขาย/ผู้รับจ้าง"},
                 {"เรื่อง"}, {"งวด"}, {"วงเงิน", true}, {"ตั้งหนี้แล้ว", true},    {"คงเหลือ", true}};
  Money amount, debt_set;
  for (const auto& order : orders) {
    doc.rows.push_back({order.number_text, FormatThaiDateShort(order.date), order.contract_no,
                        order.egp_project_no, order.vendor_name, order.subject,
                        std::to_string(order.instalments.size()), order.amount.FormatPlain(),
                        PlainOrBlank(order.debt_set), (order.amount - order.debt_set).FormatPlain()});
    amount = amount + order.amount;
    debt_set = debt_set + order.debt_set;
  }
  doc.totals = {"รวม",
                "",
                "",
                "",
                "",
                "",
                "",
                amount.FormatPlain(),
                debt_set.FormatPlain(),
                (amount - debt_set).FormatPlain()};
  return doc;
}

Result<RegisterDoc> AdvancesRegister(ExpenditureSources& sources, int64_t org, int fiscal_year,
                                     RegisterDoc doc) {
  KLANG_ASSIGN_OR_RETURN(auto advances, sources.disbursement.Advances(org, fiscal_year));
  doc.title_th = "ทะเบียนคุมสัญญาการยืมเงิน";
  doc.columns = {{"เลขที่"},
                 {"วันที่"},
                 {"ผู้ยืม"},
                 {"วัตถุประสงค์"},
                 {"จำนวนเงิน", true},
                 {"กำหนดส่งใช้"},
                 {"ส่งใช้ใบสำคัญ", true},
                 {"ส่งใช้เงินสด", true},
                 {"สถานะ"}};
  Money amount, evidence, refund;
  for (const auto& advance : advances) {
    doc.rows.push_back({advance.number_text, FormatThaiDateShort(advance.date),
                        advance.borrower + " " + advance.position, advance.purpose,
                        advance.amount.FormatPlain(), FormatThaiDateShort(advance.due_on),
                        PlainOrBlank(advance.evidence), PlainOrBlank(advance.refund),
                        advance.state_th + (advance.overdue ? " (เกินกำหนดส่งใช้)" : "")});
    amount = amount + advance.amount;
    evidence = evidence + advance.evidence;
    refund = refund + advance.refund;
  }
  doc.totals = {
      "รวม", "", "", "", amount.FormatPlain(), "", evidence.FormatPlain(), refund.FormatPlain(),
      ""};
  return doc;
}

}  // namespace

Result<RegisterDoc> ExpenditureRegister(ExpenditureSources& sources, int64_t org,
                                        const std::string& name, int fiscal_year) {
  RegisterDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.subtitle_th = "ปีงบประมาณ " + std::to_string(fiscal_year);
  doc.generated_at_th = PrintedAtThai(sources.clock);
  if (name == "cheques") return ChequesRegister(sources, org, fiscal_year, std::move(doc));
  if (name == "claims") return ClaimsRegister(sources, org, fiscal_year, std::move(doc));
  if (name == "requests") return RequestsRegister(sources, org, fiscal_year, std::move(doc));
  if (name == "orders") return OrdersRegister(sources, org, fiscal_year, std::move(doc));
  if (name == "advances") return AdvancesRegister(sources, org, fiscal_year, std::move(doc));
  return Status::NotFound("report.unknown_document", "ไม่พบเอกสารที่ระบุ");
}

}  // namespace klang::reports
