#include "reports/revenue_handlers.h"

#include "reports/downloads.h"
#include "reports/render.h"
#include "reports/trial_balance.h"

namespace klang::reports {
namespace {

using accounting::OrgParam;
using accounting::SeqParam;
using http::Request;
using http::Response;
using revenue::RevenueWeb;

using Handler = Response (*)(RevenueWeb&, Request&);

Response Fail(RevenueWeb& web, const Request& request, const Status& status) {
  return accounting::ErrorResponse(request, web.base.templates, status);
}

Response Pdf(RevenueWeb& web, const Request& request, Result<std::string> bytes,
             const std::string& filename) {
  return PdfDownload(request, web.base.templates, std::move(bytes), filename);
}

std::optional<Date> DateQuery(const Request& request, const char* name) {
  auto date = Date::ParseIso(request.QueryParam(name));
  if (!date.ok()) return std::nullopt;
  return *date;
}

std::string Plain(Money amount) { return amount.is_zero() ? "" : amount.FormatPlain(); }

Response ReceiptDownload(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto receipt = web.revenue.GetReceipt(org, SeqParam(request));
  if (!receipt.ok()) return Fail(web, request, receipt.status());
  ReceiptDoc doc;
  doc.org = HeadingFor(web.base.orgs, org);
  doc.book_no = receipt->book_no;
  doc.number = receipt->number;
  doc.date = receipt->date;
  doc.fiscal_year = receipt->fiscal_year;
  doc.payer_name = receipt->payer.name;
  doc.payer_id_no = receipt->payer.id_no;
  doc.payer_address = receipt->payer.address;
  for (const auto& line : receipt->lines) {
    doc.lines.push_back({line.item, line.item_name + (line.description.empty() ? "" : " " + line.description),
                         line.amount});
  }
  doc.total = receipt->total;
  doc.means_th = receipt->means_th +
                 (receipt->means_reference.empty() ? "" : " " + receipt->means_reference);
  doc.collector_name = receipt->collector_name;
  doc.collector_position = "เจ้าพนักงานจัดเก็บรายได้";
  if (receipt->status != "valid") doc.status_th = receipt->status_th;
  for (const auto& property : receipt->properties) {
    doc.properties.push_back({property.kind_th, property.description, property.location});
  }
  doc.integrity_line = IntegrityLine(receipt->id, receipt->hash);
  return Pdf(web, request, ReceiptPdf(doc),
             "ใบเสร็จ-" + receipt->book_no + "-" + std::to_string(receipt->number));
}

Response RemittanceDownload(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto remittance = web.revenue.GetRemittance(org, SeqParam(request));
  if (!remittance.ok()) return Fail(web, request, remittance.status());
  RemittanceDoc doc;
  doc.org = HeadingFor(web.base.orgs, org);
  doc.number = remittance->number_text;
  doc.date = remittance->date;
  doc.collector_name = remittance->collector_name;
  doc.received_by = remittance->received_by;
  auto receiver = web.base.orgs.Get(remittance->to_org);
  doc.to_org_name = receiver.ok() && receiver->id != org ? receiver->name : "กองคลัง";
  doc.ranges = remittance->ranges;
  for (const auto& item : remittance->items) doc.items.push_back({item.item, item.item_name, item.amount});
  doc.cash = remittance->cash;
  doc.cheque = remittance->cheque;
  doc.other = remittance->other;
  doc.total = remittance->total;
  doc.receipt_count = static_cast<int64_t>(remittance->receipts.size());
  auto entry = web.base.ledger.Get(org, remittance->id);
  if (entry.ok()) doc.integrity_line = IntegrityLine(entry->seq, entry->hash);
  return Pdf(web, request, RemittancePdf(doc), "ใบนำส่งเงิน-" + std::to_string(remittance->number));
}

Response SummaryDownload(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto summary = web.revenue.GetSummary(org, SeqParam(request));
  if (!summary.ok()) return Fail(web, request, summary.status());
  RemittanceSummaryDoc doc;
  doc.org = HeadingFor(web.base.orgs, org);
  doc.number = summary->summary_number;
  doc.voucher_number = summary->voucher_number;
  doc.date = summary->date;
  for (const auto& slip : summary->remittances) {
    doc.slips.push_back({slip.number_text, slip.collector_name, slip.received_by, slip.cash,
                         slip.cheque, slip.other, slip.total});
  }
  std::map<std::string, Money> by_account;
  for (const auto& line : summary->lines) {
    if (line.credit.is_positive()) by_account[line.account] = by_account[line.account] + line.credit;
  }
  for (const auto& line : summary->lines) {
    auto found = by_account.find(line.account);
    if (found == by_account.end()) continue;
    doc.accounts.push_back({line.account, line.account_name, found->second});
    by_account.erase(found);
  }
  doc.total = summary->total;
  doc.integrity_line = IntegrityLine(summary->id, summary->hash);
  return Pdf(web, request, RemittanceSummaryPdf(doc), "ใบสรุปใบนำส่งเงิน-" + std::to_string(summary->id));
}

// A ใบผ่านรายการ of the revenue side, printed by the general voucher renderer.
Voucher RevenueVoucher(RevenueWeb& web, int64_t org, const std::string& title,
                       const std::string& number, Date date, const std::string& description,
                       const std::vector<revenue::VoucherLineView>& lines, Money total,
                       int64_t seq, const std::string& hash) {
  Voucher voucher;
  voucher.org = HeadingFor(web.base.orgs, org);
  voucher.title_th = title;
  voucher.number = number;
  voucher.document_date = date;
  voucher.fiscal_year = FiscalYearOf(date);
  voucher.description = description;
  for (const auto& line : lines) {
    voucher.lines.push_back({line.account, line.account_name, line.debit, line.credit});
  }
  voucher.total = total;
  voucher.integrity_line = IntegrityLine(seq, hash);
  voucher.signatures = {{"ผู้จัดทำ", ""}, {"ผู้ตรวจสอบ", ""}, {"ผู้อนุมัติ", ""}};
  return voucher;
}

Response SummaryVoucherDownload(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto summary = web.revenue.GetSummary(org, SeqParam(request));
  if (!summary.ok()) return Fail(web, request, summary.status());
  Money total;
  for (const auto& line : summary->lines) total = total + line.debit;
  return Pdf(web, request,
             VoucherPdf(RevenueVoucher(web, org, "ใบผ่านรายการรับ", summary->voucher_number,
                                       summary->date,
                                       summary->description + " (ตาม " + summary->summary_number + ")",
                                       summary->lines, total, summary->id, summary->hash)),
             "ใบผ่านรายการรับ-" + std::to_string(summary->id));
}

Response CashDocumentDownload(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto document = web.revenue.GetCashDocument(org, SeqParam(request));
  if (!document.ok()) return Fail(web, request, document.status());
  const std::string title = document->kind == "rev.deposit" ? "ใบนำฝากเงิน" : "ใบผ่านรายการรับ";
  return Pdf(web, request,
             VoucherPdf(RevenueVoucher(web, org, title, document->number_text, document->date,
                                       document->description + " " + document->bank_account_name +
                                           (document->reference.empty() ? "" : " อ้างอิง " + document->reference),
                                       document->lines, document->amount, document->id,
                                       document->hash)),
             title + "-" + std::to_string(document->id));
}

DailyStatusDoc DailyDocument(RevenueWeb& web, int64_t org, const revenue::DailyStatus& status) {
  DailyStatusDoc doc;
  doc.org = HeadingFor(web.base.orgs, org);
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
  doc.generated_at_th = PrintedAtThai(web.base.clock);
  return doc;
}

// Builds the register named in the path as a table.
Result<RegisterDoc> BuildRegister(RevenueWeb& web, const Request& request, int64_t org,
                                  const std::string& name) {
  RegisterDoc doc;
  doc.org = HeadingFor(web.base.orgs, org);
  doc.generated_at_th = PrintedAtThai(web.base.clock);
  const Date today = web.base.clock.TodayInThailand();
  if (name == "books") {
    doc.title_th = "ทะเบียนคุมใบเสร็จรับเงิน";
    doc.columns = {{"ปีงบประมาณ"}, {"เล่มที่"}, {"เลขที่"}, {"เลขที่ถัดไป"}, {"ผู้ถือ/สถานะ"},
                   {"ใช้แล้ว"}, {"ยกเลิก"}, {"จำนวนเงิน", true}};
    KLANG_ASSIGN_OR_RETURN(auto books, web.revenue.Books(org, std::nullopt));
    Money total;
    for (const auto& book : books) {
      doc.rows.push_back({std::to_string(book.fiscal_year), book.book_no,
                          std::to_string(book.first_no) + "–" + std::to_string(book.last_no),
                          book.next_no <= book.last_no ? std::to_string(book.next_no) : "-",
                          book.status_th, std::to_string(book.used), std::to_string(book.cancelled),
                          Plain(book.total)});
      total = total + book.total;
    }
    doc.totals = {"รวม", "", "", "", "", "", "", total.FormatPlain()};
  } else if (name == "receipts") {
    revenue::RevenueService::ReceiptQuery query;
    query.from = DateQuery(request, "from");
    query.to = DateQuery(request, "to");
    query.limit = 2'000;
    doc.title_th = "ทะเบียนใบเสร็จรับเงิน";
    doc.columns = {{"เล่มที่"}, {"เลขที่"}, {"วันที่"}, {"ผู้ชำระเงิน"}, {"ผู้รับเงิน"},
                   {"ชำระโดย"}, {"สถานะ"}, {"นำส่งตาม"}, {"จำนวนเงิน", true}};
    KLANG_ASSIGN_OR_RETURN(auto receipts, web.revenue.Receipts(org, query));
    Money total;
    for (const auto& receipt : receipts) {
      doc.rows.push_back({receipt.book_no, std::to_string(receipt.number),
                          FormatThaiDateShort(receipt.date), receipt.payer.name,
                          receipt.collector_name, receipt.means_th, receipt.status_th,
                          receipt.remittance_number, Plain(receipt.total)});
      if (receipt.status == "valid") total = total + receipt.total;
    }
    doc.totals = {"รวมใบเสร็จที่ใช้ได้", "", "", "", "", "", "", "", total.FormatPlain()};
  } else if (name == "register") {
    const Date day = DateQuery(request, "date").value_or(today);
    KLANG_ASSIGN_OR_RETURN(auto reg, web.revenue.RevenueRegisterOn(org, day));
    doc.title_th = "ทะเบียนรายรับ";
    doc.subtitle_th = "ปีงบประมาณ " + std::to_string(reg.fiscal_year) + " ณ วันที่ " +
                      FormatThaiDateLong(day);
    doc.columns = {{"รหัส"}, {"ประเภทรายได้"}, {"ประมาณการ", true}, {"รับก่อนวันนี้", true},
                   {"รับวันนี้", true}, {"รวมรับถึงวันนี้", true}, {"สูง(ต่ำ)กว่าประมาณการ", true}};
    for (const auto& row : reg.rows) {
      doc.rows.push_back({row.item, row.item_name, Plain(row.estimate), Plain(row.before),
                          Plain(row.on_day), Plain(row.to_date), Plain(row.difference)});
    }
    doc.totals = {"รวม", "", reg.estimate.FormatPlain(), reg.before.FormatPlain(),
                  reg.on_day.FormatPlain(), reg.to_date.FormatPlain(),
                  (reg.to_date - reg.estimate).FormatPlain()};
  } else if (name == "deposits") {
    const Date to = DateQuery(request, "to").value_or(today);
    const Date from = DateQuery(request, "from").value_or(FiscalYearStart(FiscalYearOf(to)));
    std::string account = request.QueryParam("account");
    if (account.empty() && !web.revenue.catalog().deposit_types().empty()) {
      account = web.revenue.catalog().deposit_types().front().account;
    }
    KLANG_ASSIGN_OR_RETURN(auto reg, web.revenue.DepositRegisterOf(org, account, from, to));
    doc.title_th = "ทะเบียนเงินรับฝาก " + reg.name_th;
    doc.subtitle_th = "ตั้งแต่ " + FormatThaiDateLong(from) + " ถึง " + FormatThaiDateLong(to);
    doc.columns = {{"วันที่"}, {"เอกสาร"}, {"รายการ"}, {"รับ", true}, {"จ่าย", true}, {"คงเหลือ", true, true}};
    doc.rows.push_back({"", "", "ยอดยกมา", "", "", reg.opening.FormatPlain()});
    for (const auto& row : reg.rows) {
      doc.rows.push_back({FormatThaiDateShort(row.date), row.document, row.description,
                          Plain(row.received), Plain(row.paid), row.balance.FormatPlain()});
    }
    doc.totals = {"รวม", "", "", reg.received.FormatPlain(), reg.paid.FormatPlain(),
                  reg.closing.FormatPlain()};
  } else if (name == "receivables") {
    KLANG_ASSIGN_OR_RETURN(auto assessments, web.revenue.Assessments(org, 0, true));
    doc.title_th = "ทะเบียนลูกหนี้ภาษี";
    doc.columns = {{"เลขที่"}, {"ผู้เสียภาษี"}, {"ภาษี"}, {"ปีภาษี"}, {"ครบกำหนด"},
                   {"ประเมิน", true}, {"ชำระแล้ว", true}, {"ค้างชำระ", true}};
    Money total;
    for (const auto& assessment : assessments) {
      doc.rows.push_back({std::to_string(assessment.id), assessment.taxpayer_name,
                          assessment.tax_th, std::to_string(assessment.tax_year),
                          FormatThaiDateShort(assessment.due_date), Plain(assessment.amount),
                          Plain(assessment.paid), assessment.outstanding().FormatPlain()});
      total = total + assessment.outstanding();
    }
    doc.totals = {"รวมค้างชำระ", "", "", "", "", "", "", total.FormatPlain()};
  } else {
    return Status::NotFound("report.unknown_register", "ไม่พบทะเบียนที่ระบุ");
  }
  return doc;
}

Response RegisterDownload(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const std::string name = request.PathParam("register");
  const std::string format = request.PathParam("format");
  if (name == "daily") {
    const Date day = DateQuery(request, "date").value_or(web.base.clock.TodayInThailand());
    auto status = web.revenue.DailyStatusOn(org, day);
    if (!status.ok()) return Fail(web, request, status.status());
    const DailyStatusDoc doc = DailyDocument(web, org, *status);
    const std::string filename = "รายงานสถานะการเงินประจำวัน-" + day.ToIso();
    if (format == "pdf") return Pdf(web, request, DailyStatusPdf(doc), filename);
    if (format == "xlsx") {
      auto bytes = DailyStatusXlsx(doc);
      if (!bytes.ok()) return Fail(web, request, bytes.status());
      return Response::Download(std::move(bytes).value(),
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                filename + ".xlsx");
    }
    return Fail(web, request, Status::NotFound("report.format", "ไม่รองรับรูปแบบแฟ้มนี้"));
  }
  auto doc = BuildRegister(web, request, org, name);
  if (!doc.ok()) return Fail(web, request, doc.status());
  return RegisterDownloadAs(request, web.base.templates, *doc, format);
}

http::Handler Bind(RevenueWeb& web, Handler handler) {
  return [&web, handler](Request& request) { return handler(web, request); };
}

}  // namespace

void RegisterRevenueDocumentRoutes(http::Router& router, RevenueWeb& web) {
  const std::string base = "/orgs/{org}/reports/revenue";
  const http::Access read{false, "rev.read", "org"};
  router.Add("GET", base + "/receipts/{seq}/pdf", read, Bind(web, ReceiptDownload), "reports");
  router.Add("GET", base + "/remittances/{seq}/pdf", read, Bind(web, RemittanceDownload), "reports");
  router.Add("GET", base + "/summaries/{seq}/pdf", read, Bind(web, SummaryDownload), "reports");
  router.Add("GET", base + "/summaries/{seq}/voucher/pdf", read, Bind(web, SummaryVoucherDownload),
             "reports");
  router.Add("GET", base + "/bank/{seq}/pdf", read, Bind(web, CashDocumentDownload), "reports");
  router.Add("GET", base + "/{register}/{format}", read, Bind(web, RegisterDownload), "reports");
}

}  // namespace klang::reports
