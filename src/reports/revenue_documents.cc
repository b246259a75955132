#include "reports/revenue_documents.h"

#include <map>

#include "core/thai.h"
#include "reports/trial_balance.h"

namespace klang::reports {
namespace {

// Said under a register's title when its list stops at a limit.
std::string CutNote(size_t shown_max) {
  return "(แสดงเพียง " + std::to_string(shown_max) +
         " รายการ ยังมีรายการที่ไม่ได้แสดง ระบุช่วงวันที่ให้แคบลง)";
}

// A ใบผ่านรายการ of the revenue side, printed by the general voucher renderer.
Voucher RevenueVoucher(RevenueSources& sources, int64_t org, const std::string& title,
                       const std::string& number, Date date, const std::string& description,
                       const std::vector<revenue::VoucherLineView>& lines, Money total, int64_t seq,
                       const std::string& hash) {
  Voucher voucher = DocumentVoucher(HeadingFor(sources.orgs, org), title, number, date,
                                    description, seq, hash);
  for (const auto& line : lines) {
    voucher.lines.push_back({line.account, line.account_name, line.debit, line.credit});
  }
  voucher.total = total;
  return voucher;
}

Result<RegisterDoc> BooksRegister(RevenueSources& sources, int64_t org, RegisterDoc doc) {
  doc.title_th = "ทะเบียนคุมใบเสร็จรับเงิน";
  doc.columns = {{"ปีงบประมาณ"}, {"เล่มที่"},  {"เลขที่"},  {"เลขที่ถัดไป"},
                 {"ผู้ถือ/สถานะ"}, {"ใช้แล้ว"}, {"ยกเลิก"}, {"จำนวนเงิน", true}};
  KLANG_ASSIGN_OR_RETURN(auto books, sources.revenue.Books(org, std::nullopt));
  Money total;
  for (const auto& book : books) {
    doc.rows.push_back({std::to_string(book.fiscal_year), book.book_no,
                        std::to_string(book.first_no) + "–" + std::to_string(book.last_no),
                        book.next_no <= book.last_no ? std::to_string(book.next_no) : "-",
                        book.status_th, std::to_string(book.used), std::to_string(book.cancelled),
                        PlainOrBlank(book.total)});
    total = total + book.total;
  }
  doc.totals = {"รวม", "", "", "", "", "", "", total.FormatPlain()};
  return doc;
}

Result<RegisterDoc> ReceiptsRegister(RevenueSources& sources, int64_t org,
                                     const RevenueRegisterQuery& query, RegisterDoc doc) {
  revenue::RevenueService::ReceiptQuery receipts_query;
  receipts_query.from = query.from;
  receipts_query.to = query.to;
  receipts_query.limit = revenue::kReceiptsListedMax + 1;
  doc.title_th = "ทะเบียนใบเสร็จรับเงิน";
  doc.columns = {{"เล่มที่"},    {"เลขที่"},  {"วันที่"},     {"ผู้ชำระเงิน"},      {"ผู้รับเงิน"},
                 {"ชำระโดย"}, {"สถานะ"}, {"นำส่งตาม"}, {"จำนวนเงิน", true}};
  KLANG_ASSIGN_OR_RETURN(auto receipts, sources.revenue.Receipts(org, receipts_query));
  if (receipts.size() > revenue::kReceiptsListedMax) {
    receipts.resize(revenue::kReceiptsListedMax);
    doc.subtitle_th = CutNote(revenue::kReceiptsListedMax);
  }
  Money total;
  for (const auto& receipt : receipts) {
    doc.rows.push_back({receipt.book_no, std::to_string(receipt.number),
                        FormatThaiDateShort(receipt.date), receipt.payer.name,
                        receipt.collector_name, receipt.means_th, receipt.status_th,
                        receipt.remittance_number, PlainOrBlank(receipt.total)});
    if (receipt.status == revenue::kReceiptValid) total = total + receipt.total;
  }
  doc.totals = {"รวมใบเสร็จที่ใช้ได้", "", "", "", "", "", "", "", total.FormatPlain()};
  return doc;
}

Result<RegisterDoc> DayRegister(RevenueSources& sources, int64_t org, Date day, RegisterDoc doc) {
  KLANG_ASSIGN_OR_RETURN(auto reg, sources.revenue.RevenueRegisterOn(org, day));
  doc.title_th = "ทะเบียนรายรับ";
  doc.subtitle_th =
      "ปีงบประมาณ " + std::to_string(reg.fiscal_year) + " ณ วันที่ " + FormatThaiDateLong(day);
  doc.columns = {
      {"รหัส"},         {"ประเภทรายได้"},      {"ประมาณการ", true},         {"รับก่อนวันนี้", true},
      {"รับวันนี้", true}, {"รวมรับถึงวันนี้", true}, {"สูง(ต่ำ)กว่าประมาณการ", true}};
  for (const auto& row : reg.rows) {
    doc.rows.push_back({row.item, row.item_name, PlainOrBlank(row.estimate), PlainOrBlank(row.before),
                        PlainOrBlank(row.on_day), PlainOrBlank(row.to_date), PlainOrBlank(row.difference)});
  }
  doc.totals = {"รวม",
                "",
                reg.estimate.FormatPlain(),
                reg.before.FormatPlain(),
                reg.on_day.FormatPlain(),
                reg.to_date.FormatPlain(),
                (reg.to_date - reg.estimate).FormatPlain()};
  return doc;
}

Result<RegisterDoc> DepositsRegister(RevenueSources& sources, int64_t org, Date from, Date to,
                                     std::string account, RegisterDoc doc) {
  const auto& types = sources.revenue.catalog().deposit_types();
  if (account.empty() && !types.empty()) account = types.front().account;
  KLANG_ASSIGN_OR_RETURN(auto reg, sources.revenue.DepositRegisterOf(org, account, from, to));
  doc.title_th = "ทะเบียนเงินรับฝาก " + reg.name_th;
  doc.subtitle_th = "ตั้งแต่ " + FormatThaiDateLong(from) + " ถึง " + FormatThaiDateLong(to);
  doc.columns = {{"วันที่"},      {"เอกสาร"},    {"รายการ"},
                 {"รับ", true}, {"จ่าย", true}, {"คงเหลือ", true, true}};
  doc.rows.push_back({"", "", "ยอดยกมา", "", "", reg.opening.FormatPlain()});
  for (const auto& row : reg.rows) {
    doc.rows.push_back({FormatThaiDateShort(row.date), row.document, row.description,
                        PlainOrBlank(row.received), PlainOrBlank(row.paid), row.balance.FormatPlain()});
  }
  doc.totals = {
      "รวม", "", "", reg.received.FormatPlain(), reg.paid.FormatPlain(), reg.closing.FormatPlain()};
  if (reg.truncated) doc.subtitle_th += " " + CutNote(revenue::kDepositRegisterRowsMax);
  return doc;
}

Result<RegisterDoc> ReceivablesRegister(RevenueSources& sources, int64_t org, RegisterDoc doc) {
  KLANG_ASSIGN_OR_RETURN(auto assessments, sources.revenue.Assessments(org, 0, true));
  KLANG_ASSIGN_OR_RETURN(Money outstanding, sources.revenue.OutstandingTotal(org));
  if (assessments.size() > revenue::kAssessmentsListedMax) {
    assessments.resize(revenue::kAssessmentsListedMax);
    doc.subtitle_th = CutNote(revenue::kAssessmentsListedMax);
  }
  doc.title_th = "ทะเบียนลูกหนี้ภาษี";
  doc.columns = {{"เลขที่"},     {"ผู้เสียภาษี"},      {"ภาษี"},           {"ปีภาษี"},
                 {"ครบกำหนด"}, {"ประเมิน", true}, {"ชำระแล้ว", true}, {"ค้างชำระ", true}};
  for (const auto& assessment : assessments) {
    doc.rows.push_back({std::to_string(assessment.id), assessment.taxpayer_name, assessment.tax_th,
                        std::to_string(assessment.tax_year),
                        FormatThaiDateShort(assessment.due_date), PlainOrBlank(assessment.amount),
                        PlainOrBlank(assessment.paid), assessment.outstanding().FormatPlain()});
  }
  // The whole of what is owed, even where the list stops at its limit.
  doc.totals = {"รวมค้างชำระ", "", "", "", "", "", "", outstanding.FormatPlain()};
  return doc;
}

}  // namespace

ReceiptDoc ReceiptDocument(RevenueSources& sources, int64_t org, const revenue::Receipt& receipt) {
  ReceiptDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.book_no = receipt.book_no;
  doc.number = receipt.number;
  doc.date = receipt.date;
  doc.fiscal_year = receipt.fiscal_year;
  doc.payer_name = receipt.payer.name;
  doc.payer_id_no = receipt.payer.id_no;
  doc.payer_address = receipt.payer.address;
  for (const auto& line : receipt.lines) {
    doc.lines.push_back({line.item,
                         line.item_name + (line.description.empty() ? "" : " " + line.description),
                         line.amount});
  }
  doc.total = receipt.total;
  doc.means_th =
      receipt.means_th + (receipt.means_reference.empty() ? "" : " " + receipt.means_reference);
  doc.collector_name = receipt.collector_name;
  doc.collector_position = "เจ้าพนักงานจัดเก็บรายได้";
  if (receipt.status != revenue::kReceiptValid) doc.status_th = receipt.status_th;
  for (const auto& property : receipt.properties) {
    doc.properties.push_back({property.kind_th, property.description, property.location});
  }
  doc.integrity_line = IntegrityLine(receipt.id, receipt.hash);
  return doc;
}

RemittanceDoc RemittanceDocument(RevenueSources& sources, int64_t org,
                                 const revenue::Remittance& remittance) {
  RemittanceDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.number = remittance.number_text;
  doc.date = remittance.date;
  doc.collector_name = remittance.collector_name;
  doc.received_by = remittance.received_by;
  auto receiver = sources.orgs.Get(remittance.to_org);
  doc.to_org_name = receiver.ok() && receiver->id != org ? receiver->name : "กองคลัง";
  doc.ranges = remittance.ranges;
  for (const auto& item : remittance.items) {
    doc.items.push_back({item.item, item.item_name, item.amount});
  }
  doc.cash = remittance.cash;
  doc.cheque = remittance.cheque;
  doc.other = remittance.other;
  doc.total = remittance.total;
  doc.receipt_count = static_cast<int64_t>(remittance.receipts.size());
  auto entry = sources.ledger.Get(org, remittance.id);
  if (entry.ok()) doc.integrity_line = IntegrityLine(entry->seq, entry->hash);
  return doc;
}

RemittanceSummaryDoc SummaryDocument(RevenueSources& sources, int64_t org,
                                     const revenue::Summary& summary) {
  RemittanceSummaryDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.number = summary.summary_number;
  doc.voucher_number = summary.voucher_number;
  doc.date = summary.date;
  for (const auto& slip : summary.remittances) {
    doc.slips.push_back({slip.number_text, slip.collector_name, slip.received_by, slip.cash,
                         slip.cheque, slip.other, slip.total});
  }
  std::map<std::string, Money> by_account;
  for (const auto& line : summary.lines) {
    if (line.credit.is_positive())
      by_account[line.account] = by_account[line.account] + line.credit;
  }
  for (const auto& line : summary.lines) {
    auto found = by_account.find(line.account);
    if (found == by_account.end()) continue;
    doc.accounts.push_back({line.account, line.account_name, found->second});
    by_account.erase(found);
  }
  doc.total = summary.total;
  doc.integrity_line = IntegrityLine(summary.id, summary.hash);
  return doc;
}

Voucher SummaryVoucher(RevenueSources& sources, int64_t org, const revenue::Summary& summary) {
  Money total;
  for (const auto& line : summary.lines) total = total + line.debit;
  return RevenueVoucher(sources, org, "ใบผ่านรายการรับ", summary.voucher_number, summary.date,
                        summary.description + " (ตาม " + summary.summary_number + ")",
                        summary.lines, total, summary.id, summary.hash);
}

Voucher CashDocumentVoucher(RevenueSources& sources, int64_t org,
                            const revenue::CashDocument& document) {
  const std::string title = document.kind == revenue::kKindDeposit ? "ใบนำฝากเงิน" : "ใบผ่านรายการรับ";
  return RevenueVoucher(sources, org, title, document.number_text, document.date,
                        document.description + " " + document.bank_account_name +
                            (document.reference.empty() ? "" : " อ้างอิง " + document.reference),
                        document.lines, document.amount, document.id, document.hash);
}

DailyStatusDoc DailyStatusDocument(RevenueSources& sources, int64_t org,
                                   const revenue::DailyStatus& status) {
  DailyStatusDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.date = status.date;
  doc.fiscal_year = FiscalYearOf(status.date);
  doc.cash_brought_forward = status.cash_brought_forward;
  doc.cash_received = status.cash_received;
  doc.cash_deposited = status.cash_deposited;
  doc.cash_other_out = status.cash_other_out;
  doc.cash_carried_forward = status.cash_carried_forward;
  doc.bank_brought_forward = status.bank_brought_forward;
  doc.bank_deposits = status.bank_deposits;
  doc.bank_payments = status.bank_payments;
  doc.bank_carried_forward = status.bank_carried_forward;
  for (const auto& bank : status.banks) {
    doc.banks.push_back({bank.name, bank.bank, bank.branch, bank.account_type_th, bank.account_no,
                         bank.carried_forward});
  }
  doc.bank_unattributed = status.bank_unattributed;
  doc.uncollected_cheques = status.uncollected_cheques;
  doc.uncollected_cheques_amount = status.uncollected_cheques_amount;
  doc.receipts_not_remitted = status.receipts_not_remitted;
  doc.receipts_not_remitted_amount = status.receipts_not_remitted_amount;
  doc.generated_at_th = PrintedAtThai(sources.clock);
  return doc;
}

Result<RegisterDoc> RevenueRegister(RevenueSources& sources, int64_t org, const std::string& name,
                                    const RevenueRegisterQuery& query) {
  RegisterDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.generated_at_th = PrintedAtThai(sources.clock);
  const Date today = sources.clock.TodayInThailand();
  if (name == "books") return BooksRegister(sources, org, std::move(doc));
  if (name == "receipts") return ReceiptsRegister(sources, org, query, std::move(doc));
  if (name == "register")
    return DayRegister(sources, org, query.date.value_or(today), std::move(doc));
  if (name == "deposits") {
    const Date to = query.to.value_or(today);
    const Date from = query.from.value_or(FiscalYearStart(FiscalYearOf(to)));
    return DepositsRegister(sources, org, from, to, query.account, std::move(doc));
  }
  if (name == "receivables") return ReceivablesRegister(sources, org, std::move(doc));
  return Status::NotFound("report.unknown_register", "ไม่พบทะเบียนที่ระบุ");
}

}  // namespace klang::reports
