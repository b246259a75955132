#include "web/revenue/revenue.h"

#include <functional>
#include <map>

#include "core/thai.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"
#include "web/kit/views.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using revenue::kAssessmentsListedMax;
using revenue::kDocumentsListedMax;
using revenue::kReceiptsListedMax;

constexpr size_t kReceiptsShownMax = 200;   // the receipt register's page
constexpr size_t kTaxpayersShownMax = 200;  // the taxpayer search's page
using revenue::Assessment;
using revenue::AssessmentExtension;
using revenue::AssessmentInput;
using revenue::BankAccount;
using revenue::BankAccountInput;
using revenue::BankReceiptInput;
using revenue::Book;
using revenue::BookInput;
using revenue::CashDocument;
using revenue::DailyStatus;
using revenue::DepositInput;
using revenue::EstimateInput;
using revenue::ItemKind;
using revenue::ItemTotal;
using revenue::Payer;
using revenue::Property;
using revenue::PropertyInput;
using revenue::Receipt;
using revenue::ReceiptInput;
using revenue::Remittance;
using revenue::RemittanceInput;
using revenue::RevenueCatalog;
using revenue::RevenueService;
using revenue::Summary;
using revenue::SummaryInput;
using revenue::Taxpayer;
using revenue::TaxpayerInput;
using revenue::VoucherLineView;

std::string Base(int64_t org) { return "/orgs/" + std::to_string(org) + "/revenue"; }

Date DayParam(RevenueWeb& web, const Request& request) {
  return DateParam(request, "date").value_or(web.pages.clock.TodayInThailand());
}

json Amount(Money amount) { return AmountJson(amount); }

// ---- JSON views ----

json BookJson(const Book& book) {
  return {{"id", book.id},
          {"org", book.org},
          {"fiscal_year", book.fiscal_year},
          {"book_no", book.book_no},
          {"first_no", book.first_no},
          {"last_no", book.last_no},
          {"next_no", book.next_no <= book.last_no ? json(book.next_no) : json(nullptr)},
          {"holder_user", book.holder_user},
          {"holder_name", book.holder_name},
          {"status", book.status},
          {"status_th", book.status_th},
          {"used", book.used},
          {"cancelled", book.cancelled},
          {"total", Amount(book.total)},
          {"issued", book.holder_user != 0},
          {"registered_on_th", FormatThaiDateShort(book.registered_on)}};
}

json BankJson(const BankAccount& account) {
  return {{"id", account.id},
          {"name", account.name},
          {"bank", account.bank},
          {"branch", account.branch},
          {"account_type", account.account_type},
          {"account_type_th", account.account_type_th},
          {"account_no", account.account_no},
          {"gl_account", account.gl_account},
          {"balance", Amount(account.balance)}};
}

json LinesJson(const std::vector<VoucherLineView>& lines) {
  json out = json::array();
  for (const auto& line : lines) {
    out.push_back({{"account", line.account},
                   {"account_name", line.account_name},
                   {"debit", Amount(line.debit)},
                   {"credit", Amount(line.credit)}});
  }
  return out;
}

json ItemsJson(const std::vector<ItemTotal>& items) {
  json out = json::array();
  for (const auto& item : items) {
    out.push_back({{"item", item.item},
                   {"item_name", item.item_name},
                   {"account", item.account},
                   {"amount", Amount(item.amount)}});
  }
  return out;
}

json CashDocumentJson(const CashDocument& document) {
  return {{"id", document.id},
          {"org", document.org},
          {"kind", document.kind},
          {"kind_th", document.kind_th},
          {"number_text", document.number_text},
          {"date", document.date.ToIso()},
          {"date_th", FormatThaiDateLong(document.date)},
          {"bank_account", document.bank_account},
          {"bank_account_name", document.bank_account_name},
          {"item", document.item},
          {"item_name", document.item_name},
          {"description", document.description},
          {"reference", document.reference},
          {"amount", Amount(document.amount)},
          {"amount_words", BahtText(document.amount)},
          {"lines", LinesJson(document.lines)},
          {"hash", document.hash}};
}

json TaxpayerJson(const Taxpayer& taxpayer) {
  return {{"id", taxpayer.id},           {"kind", taxpayer.kind},
          {"kind_th", taxpayer.kind_th}, {"name", taxpayer.name},
          {"id_no", taxpayer.id_no},     {"address", taxpayer.address},
          {"phone", taxpayer.phone},     {"outstanding", Amount(taxpayer.outstanding)}};
}

json PropertyJson(const Property& property) {
  return {{"id", property.id},
          {"kind", property.kind},
          {"kind_th", property.kind_th},
          {"description", property.description},
          {"location", property.location},
          {"land_use", property.land_use},
          {"width_cm", property.width_cm},
          {"height_cm", property.height_cm},
          {"sign_class", property.sign_class},
          {"moving", property.moving},
          {"is_sign", property.kind == revenue::kPropertySignboard},
          {"installed_on", property.installed_on ? property.installed_on->ToIso() : ""}};
}

json AssessmentJson(const Assessment& assessment) {
  return {{"id", assessment.id},
          {"taxpayer", assessment.taxpayer},
          {"taxpayer_name", assessment.taxpayer_name},
          {"tax", assessment.tax},
          {"tax_th", assessment.tax_th},
          {"tax_year", assessment.tax_year},
          {"item", assessment.item},
          {"properties", assessment.properties},
          {"date_th", FormatThaiDateShort(assessment.date)},
          {"due_date", assessment.due_date.ToIso()},
          {"due_date_th", FormatThaiDateShort(assessment.due_date)},
          {"amount", Amount(assessment.amount)},
          {"paid", Amount(assessment.paid)},
          {"outstanding", Amount(assessment.outstanding())},
          {"open", assessment.outstanding().is_positive()},
          {"status_th", assessment.status_th},
          {"basis", assessment.basis}};
}

json ItemOptions(const RevenueCatalog& catalog, bool counter) {
  json options = json::array();
  for (const auto& item : catalog.items()) {
    if (counter ? !item.at_counter : !item.direct_bank) continue;
    options.push_back(
        {{"code", item.code}, {"name", item.name_th}, {"category", item.category_th}});
  }
  return options;
}

// ---- JSON views of documents ----

// Member by member, as VoucherJson: this answer is on the path of every receipt issued.
json ReceiptJson(const Receipt& receipt) {
  json lines = json::array();
  lines.get_ref<json::array_t&>().reserve(receipt.lines.size());
  for (const auto& line : receipt.lines) {
    json& out = lines.emplace_back(json::object());
    out["item"] = line.item;
    out["item_name"] = line.item_name;
    out["description"] = line.description;
    out["amount"] = Amount(line.amount);
    out["assessment"] = line.assessment;
    out["account"] = line.account;
  }
  json properties = json::array();
  for (const auto& property : receipt.properties) properties.push_back(PropertyJson(property));
  json payer = json::object();
  payer["kind"] = receipt.payer.kind;
  payer["name"] = receipt.payer.name;
  payer["id_no"] = receipt.payer.id_no;
  payer["address"] = receipt.payer.address;
  json out = json::object();
  out["id"] = receipt.id;
  out["org"] = receipt.org;
  out["book"] = receipt.book;
  out["book_no"] = receipt.book_no;
  out["number"] = receipt.number;
  out["fiscal_year"] = receipt.fiscal_year;
  out["date"] = receipt.date.ToIso();
  out["date_th"] = FormatThaiDateLong(receipt.date);
  out["date_short"] = FormatThaiDateShort(receipt.date);
  out["payer"] = std::move(payer);
  out["taxpayer"] = receipt.taxpayer;
  out["lines"] = std::move(lines);
  out["total"] = Amount(receipt.total);
  out["total_words"] = BahtText(receipt.total);
  out["means"] = receipt.means;
  out["means_th"] = receipt.means_th;
  out["means_reference"] = receipt.means_reference;
  out["collector"] = receipt.collector;
  out["collector_name"] = receipt.collector_name;
  out["status"] = receipt.status;
  out["status_th"] = receipt.status_th;
  out["valid"] = receipt.status == revenue::kReceiptValid;
  out["cancel_reason"] = receipt.cancel_reason;
  out["remittance"] = receipt.remittance;
  out["remittance_number"] = receipt.remittance_number;
  out["remitted"] = receipt.remittance != 0;
  out["has_properties"] = !properties.empty();
  out["properties"] = std::move(properties);
  out["hash"] = receipt.hash;
  return out;
}

json RemittanceJson(const Remittance& remittance) {
  return {{"id", remittance.id},
          {"org", remittance.org},
          {"number", remittance.number},
          {"number_text", remittance.number_text},
          {"date", remittance.date.ToIso()},
          {"date_th", FormatThaiDateLong(remittance.date)},
          {"collector", remittance.collector},
          {"collector_name", remittance.collector_name},
          {"received_by", remittance.received_by},
          {"to_org", remittance.to_org},
          {"receipts", remittance.receipts},
          {"receipt_count", remittance.receipts.size()},
          {"ranges", remittance.ranges},
          {"items", ItemsJson(remittance.items)},
          {"cash", Amount(remittance.cash)},
          {"cheque", Amount(remittance.cheque)},
          {"other", Amount(remittance.other)},
          {"total", Amount(remittance.total)},
          {"total_words", BahtText(remittance.total)},
          {"summary_org", remittance.summary_org},
          {"summary", remittance.summary},
          {"summary_number", remittance.summary_number},
          {"summarised", remittance.summary != 0}};
}

json SummaryJson(const Summary& summary) {
  json slips = json::array();
  for (const auto& remittance : summary.remittances) {
    slips.push_back({{"org", remittance.org},
                     {"id", remittance.id},
                     {"number_text", remittance.number_text},
                     {"collector_name", remittance.collector_name},
                     {"org_name", remittance.received_by},
                     {"cash", Amount(remittance.cash)},
                     {"cheque", Amount(remittance.cheque)},
                     {"other", Amount(remittance.other)},
                     {"total", Amount(remittance.total)}});
  }
  return {{"id", summary.id},
          {"org", summary.org},
          {"summary_number", summary.summary_number},
          {"voucher_number", summary.voucher_number},
          {"date", summary.date.ToIso()},
          {"date_th", FormatThaiDateLong(summary.date)},
          {"remittances", slips},
          {"items", ItemsJson(summary.items)},
          {"lines", LinesJson(summary.lines)},
          {"total", Amount(summary.total)},
          {"total_words", BahtText(summary.total)},
          {"description", summary.description},
          {"hash", summary.hash}};
}

json DailyStatusJson(const DailyStatus& status) {
  json banks = json::array();
  for (const auto& bank : status.banks) {
    banks.push_back({{"id", bank.id},
                     {"name", bank.name},
                     {"bank", bank.bank},
                     {"branch", bank.branch},
                     {"account_type_th", bank.account_type_th},
                     {"account_no", bank.account_no},
                     {"brought_forward", Amount(bank.brought_forward)},
                     {"deposits", Amount(bank.deposits)},
                     {"payments", Amount(bank.payments)},
                     {"carried_forward", Amount(bank.carried_forward)}});
  }
  return {{"date", status.date.ToIso()},
          {"date_th", FormatThaiDateLong(status.date)},
          {"cash_brought_forward", Amount(status.cash_brought_forward)},
          {"cash_received", Amount(status.cash_received)},
          {"cash_deposited", Amount(status.cash_deposited)},
          {"cash_other_out", Amount(status.cash_other_out)},
          {"has_cash_other_out", !status.cash_other_out.is_zero()},
          {"cash_carried_forward", Amount(status.cash_carried_forward)},
          {"bank_brought_forward", Amount(status.bank_brought_forward)},
          {"bank_deposits", Amount(status.bank_deposits)},
          {"bank_payments", Amount(status.bank_payments)},
          {"bank_carried_forward", Amount(status.bank_carried_forward)},
          {"banks", banks},
          {"bank_unattributed", Amount(status.bank_unattributed)},
          {"has_bank_unattributed", !status.bank_unattributed.is_zero()},
          {"uncollected_cheques", status.uncollected_cheques},
          {"uncollected_cheques_amount", Amount(status.uncollected_cheques_amount)},
          {"receipts_not_remitted", status.receipts_not_remitted},
          {"receipts_not_remitted_amount", Amount(status.receipts_not_remitted_amount)},
          {"has_receipts_not_remitted", status.receipts_not_remitted > 0}};
}

// ---- responses ----

Response Refused(RevenueWeb& web, Request& request, const Status& status,
                 const std::function<Response(json extra)>& page) {
  return web::Refused(web.pages.templates, request, status, page);
}

Response Failed(RevenueWeb& web, Request& request, const Status& status) {
  return web::Failed(web.pages.templates, request, status);
}

json Page(RevenueWeb& web, const Request& request, const std::string& title) {
  const int64_t org = OrgParam(request);
  json data = PageBase(request, web.pages.orgs, org, title);
  data["base"] = Base(org);
  data["today"] = web.pages.clock.TodayInThailand().ToIso();
  data["today_th"] = FormatThaiDateLong(web.pages.clock.TodayInThailand());
  return data;
}

// ---- home ----

Response Home(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, "งานรายได้และการเงินประจำวัน");
  const Date today = web.pages.clock.TodayInThailand();
  auto status = web.revenue.DailyStatusOn(org, today);
  if (!status.ok()) return Failed(web, request, status.status());
  data["status"] = DailyStatusJson(*status);
  json mine = json::array();
  if (auto books = web.revenue.Books(org, FiscalYearOf(today)); books.ok()) {
    for (const auto& book : *books) {
      if (book.holder_user == request.identity->user_id) mine.push_back(BookJson(book));
    }
  }
  data["my_books"] = mine;
  data["has_my_books"] = !mine.empty();
  auto pending = web.revenue.PendingRemittances(org);
  data["pending_remittances"] = pending.ok() ? pending->size() : 0;
  return RenderPage(web.pages.templates, "revenue_home", data);
}

// ---- receipt books ----

Response BooksPage(RevenueWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto books = web.revenue.Books(org, std::nullopt);
  if (!books.ok()) return Failed(web, request, books.status());
  json rows = json::array();
  for (const auto& book : *books) rows.push_back(BookJson(book));
  if (IsApi(request)) return Response::Json({{"books", rows}});
  json data = Page(web, request, "ทะเบียนคุมใบเสร็จรับเงิน");
  data["books"] = rows;
  json users = json::array();
  if (auto found = web.auth.UsersOf(org); found.ok()) {
    for (const auto& user : *found) {
      users.push_back({{"id", user.id}, {"name", user.display_name}, {"role", user.role}});
    }
  }
  data["users"] = users;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "revenue_books", data);
}
Response Books(RevenueWeb& web, Request& request) { return BooksPage(web, request, {}); }

Response RegisterBook(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  BookInput input{OrgParam(request),      fields.Text("entry_id"), fields.Text("book_no"),
                  fields.Int("first_no"), fields.Int("last_no"),   fields.Text("date")};
  auto book = web.revenue.RegisterBook(input, ActorOf(request));
  if (!book.ok()) {
    return Refused(web, request, book.status(),
                   [&](json extra) { return BooksPage(web, request, extra); });
  }
  return Done(request, BookJson(*book), Base(input.org) + "/books/" + std::to_string(book->id));
}

Response BookPage(RevenueWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto book = web.revenue.GetBook(org, SeqParam(request));
  if (!book.ok()) return Failed(web, request, book.status());
  auto events = web.revenue.BookEvents(org, book->id);
  if (!events.ok()) return Failed(web, request, events.status());
  json history = json::array();
  for (const auto& event : *events) {
    history.push_back({{"seq", event.seq},
                       {"date_th", FormatThaiDateShort(event.date)},
                       {"what", event.what_th}});
  }
  RevenueService::ReceiptQuery query;
  query.book = book->id;
  query.limit = kReceiptsListedMax + 1;
  auto receipts = web.revenue.Receipts(org, query);
  if (!receipts.ok()) return Failed(web, request, receipts.status());
  const json cut = TruncationJson(CutAt(*receipts, kReceiptsListedMax), kReceiptsListedMax);
  json rows = json::array();
  for (const auto& receipt : *receipts) rows.push_back(ReceiptJson(receipt));
  json out = BookJson(*book);
  out["events"] = history;
  out["receipts"] = rows;
  Merge(out, cut);
  if (IsApi(request)) return Response::Json(out);
  json data = Page(web, request, "ใบเสร็จรับเงินเล่มที่ " + book->book_no);
  data["book"] = out;
  json users = json::array();
  if (auto found = web.auth.UsersOf(org); found.ok()) {
    for (const auto& user : *found) users.push_back({{"id", user.id}, {"name", user.display_name}});
  }
  data["users"] = users;
  data["mine"] = book->holder_user == request.identity->user_id;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "revenue_book", data);
}
Response BookView(RevenueWeb& web, Request& request) { return BookPage(web, request, {}); }

Response IssueBook(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  accounting::Actor collector{fields.Int("collector"), ""};
  if (auto users = web.auth.UsersOf(org); users.ok()) {
    for (const auto& user : *users) {
      if (user.id == collector.user_id) collector.name = user.display_name;
    }
  }
  auto book = web.revenue.IssueBook(org, SeqParam(request), collector, fields.Text("date"),
                                    fields.Text("entry_id"), ActorOf(request));
  if (!book.ok()) {
    return Refused(web, request, book.status(),
                   [&](json extra) { return BookPage(web, request, extra); });
  }
  return Done(request, BookJson(*book), Base(org) + "/books/" + std::to_string(book->id));
}

Response ReturnBook(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto book = web.revenue.ReturnBook(org, SeqParam(request), fields.Text("date"),
                                     fields.Text("entry_id"), ActorOf(request));
  if (!book.ok()) {
    return Refused(web, request, book.status(),
                   [&](json extra) { return BookPage(web, request, extra); });
  }
  return Done(request, BookJson(*book), Base(org) + "/books/" + std::to_string(book->id));
}

Response SpoilNumber(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto receipt =
      web.revenue.SpoilNumber(org, SeqParam(request), fields.Int("number"), fields.Text("reason"),
                              fields.Text("entry_id"), ActorOf(request));
  if (!receipt.ok()) {
    return Refused(web, request, receipt.status(),
                   [&](json extra) { return BookPage(web, request, extra); });
  }
  return Done(request, ReceiptJson(*receipt),
              Base(org) + "/books/" + std::to_string(receipt->book));
}

// ---- receipts ----

Response ReceiptFormPage(RevenueWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, "ออกใบเสร็จรับเงิน");
  json books = json::array();
  const Date today = web.pages.clock.TodayInThailand();
  if (auto all = web.revenue.Books(org, FiscalYearOf(today)); all.ok()) {
    for (const auto& book : *all) {
      if (book.holder_user == request.identity->user_id && book.next_no <= book.last_no) {
        books.push_back(BookJson(book));
      }
    }
  }
  // A refused form comes back with what the clerk chose and typed, so only the mistake needs
  // correcting; a new one offers the next number of the first book held.
  const Fields fields(request);
  const int64_t chosen_book = fields.Int("book");
  int64_t next_number = 0;
  for (auto& book : books) {
    book["selected"] = book["id"].get<int64_t>() == chosen_book;
    if (next_number == 0 || book["selected"].get<bool>())
      next_number = book["next_no"].get<int64_t>();
  }
  data["books"] = books;
  data["no_books"] = books.empty();
  const std::string typed_number = fields.Text("number");
  data["number"] =
      typed_number.empty() ? (next_number == 0 ? "" : std::to_string(next_number)) : typed_number;
  const std::string means = fields.Text("means");
  json means_options = json::array();
  for (const auto& [code, name] : {std::pair<const char*, const char*>{"cash", "เงินสด"},
                                   {"cheque", "เช็ค"},
                                   {"transfer", "โอนเงินเข้าบัญชี"},
                                   {"qr", "QR/e-Payment"}}) {
    means_options.push_back({{"code", code}, {"name", name}, {"selected", means == code}});
  }
  data["means_options"] = means_options;
  const json items = ItemOptions(web.revenue.catalog(), /*counter=*/true);
  auto rows = fields.TypedRows("lines", {"item", "description", "amount", "assessment"});
  rows.resize(std::max<size_t>(rows.size(), 4));
  json lines = json::array();
  for (auto& row : rows) {
    json options = items;
    for (auto& option : options) option["selected"] = option["code"] == row["item"];
    lines.push_back({{"items", options},
                     {"description", row["description"]},
                     {"amount", row["amount"]},
                     {"assessment", row["assessment"]}});
  }
  data["lines"] = lines;
  data["entry_id"] = NewUuid(web.pages.random);
  // A taxpayer chosen from the register pre-fills the payer and lists what is owed.
  const int64_t taxpayer_id = ToInt(request.QueryParam("taxpayer", fields.Text("taxpayer")));
  if (taxpayer_id != 0) {
    if (auto taxpayer = web.revenue.GetTaxpayer(org, taxpayer_id); taxpayer.ok()) {
      data["taxpayer"] = TaxpayerJson(*taxpayer);
      json owed = json::array();
      if (auto assessments = web.revenue.Assessments(org, taxpayer_id, true); assessments.ok()) {
        for (const auto& assessment : *assessments) {
          json row = AssessmentJson(assessment);
          if (auto due = web.revenue.DueOn(org, assessment.id, today); due.ok()) {
            row["surcharge"] = Amount(due->surcharge);
            row["months_late"] = due->months_late;
            row["has_surcharge"] = due->surcharge.is_positive();
          }
          owed.push_back(row);
        }
      }
      data["assessments"] = owed;
    }
  }
  const std::string payer_kind = fields.Text("payer_kind");
  data["payer_juristic"] = payer_kind.empty()
                               ? data.contains("taxpayer") && data["taxpayer"]["kind"] == revenue::kJuristic
                               : payer_kind == revenue::kJuristic;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "revenue_receipt_form", data);
}
Response ReceiptForm(RevenueWeb& web, Request& request) {
  return ReceiptFormPage(web, request, {});
}

Response IssueReceipt(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  ReceiptInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.book = fields.Int("book");
  input.number = fields.Int("number");
  input.date = fields.Text("date");
  input.payer = Payer{fields.Text("payer_kind"), fields.Text("payer_name"),
                      fields.Text("payer_id_no"), fields.Text("payer_address")};
  if (IsApi(request) && input.payer.kind.empty()) input.payer.kind = revenue::kPerson;
  input.taxpayer = fields.Int("taxpayer");
  input.means = fields.Text("means");
  input.means_reference = fields.Text("means_reference");
  auto refused = [&](const Status& status) {
    return Refused(web, request, status,
                   [&](json extra) { return ReceiptFormPage(web, request, extra); });
  };
  auto rows = fields.Rows("lines", {"item", "description", "amount", "assessment"});
  if (!rows.ok()) return refused(rows.status());
  for (auto& row : *rows) {
    input.lines.push_back(
        {row["item"], row["description"], row["amount"], ToInt(row["assessment"])});
  }
  auto receipt = web.revenue.IssueReceipt(input, ActorOf(request));
  if (!receipt.ok()) return refused(receipt.status());
  return Done(request, ReceiptJson(*receipt),
              Base(input.org) + "/receipts/" + std::to_string(receipt->id) + "?saved=1");
}

Response ReceiptPage(RevenueWeb& web, Request& request, json extra) {
  auto receipt = web.revenue.GetReceipt(OrgParam(request), SeqParam(request));
  if (!receipt.ok()) return Failed(web, request, receipt.status());
  if (IsApi(request)) return Response::Json(ReceiptJson(*receipt));
  json data =
      Page(web, request,
           "ใบเสร็จรับเงิน เล่มที่ " + receipt->book_no + " เลขที่ " + std::to_string(receipt->number));
  data["receipt"] = ReceiptJson(*receipt);
  data["saved"] = request.QueryParam("saved") == "1";
  data["can_cancel"] = receipt->status == revenue::kReceiptValid && receipt->remittance == 0;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "revenue_receipt", data);
}
Response ReceiptView(RevenueWeb& web, Request& request) { return ReceiptPage(web, request, {}); }

Response CancelReceipt(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto receipt = web.revenue.CancelReceipt(org, SeqParam(request), fields.Text("reason"),
                                           fields.Text("entry_id"), ActorOf(request));
  if (!receipt.ok()) {
    return Refused(web, request, receipt.status(),
                   [&](json extra) { return ReceiptPage(web, request, extra); });
  }
  return Done(request, ReceiptJson(*receipt),
              Base(org) + "/receipts/" + std::to_string(receipt->id));
}

Response Receipts(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  RevenueService::ReceiptQuery query;
  query.from = DateParam(request, "from");
  query.to = DateParam(request, "to");
  query.text = request.QueryParam("q");
  query.not_remitted_only = request.QueryParam("pending") == "1";
  query.collector = ToInt(request.QueryParam("collector"));
  query.limit = kReceiptsShownMax + 1;
  auto receipts = web.revenue.Receipts(org, query);
  if (!receipts.ok()) return Failed(web, request, receipts.status());
  const json cut = TruncationJson(CutAt(*receipts, kReceiptsShownMax), kReceiptsShownMax);
  json rows = json::array();
  Money total;
  for (const auto& receipt : *receipts) {
    rows.push_back(ReceiptJson(receipt));
    if (receipt.status == revenue::kReceiptValid) total = total + receipt.total;
  }
  if (IsApi(request)) return Response::Json({{"receipts", rows}, {"truncated", cut["truncated"]}});
  json data = Page(web, request, "ทะเบียนใบเสร็จรับเงิน");
  data["receipts"] = rows;
  Merge(data, cut);
  data["total"] = Amount(total);
  data["query"] = {{"from", request.QueryParam("from")},
                   {"to", request.QueryParam("to")},
                   {"q", query.text},
                   {"pending", query.not_remitted_only}};
  return RenderPage(web.pages.templates, "revenue_receipts", data);
}

// ---- remittances ----

Response RemittancesPage(RevenueWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto remittances = web.revenue.Remittances(org, DateParam(request, "date"));
  if (!remittances.ok()) return Failed(web, request, remittances.status());
  const json cut = TruncationJson(CutAt(*remittances, kDocumentsListedMax), kDocumentsListedMax);
  json rows = json::array();
  for (const auto& remittance : *remittances) rows.push_back(RemittanceJson(remittance));
  if (IsApi(request)) {
    return Response::Json({{"remittances", rows}, {"truncated", cut["truncated"]}});
  }
  json data = Page(web, request, "ใบนำส่งเงิน");
  data["remittances"] = rows;
  Merge(data, cut);
  // The collector's receipts not yet remitted, which the slip's form offers.
  RevenueService::ReceiptQuery query;
  query.collector = request.identity->user_id;
  query.not_remitted_only = true;
  query.limit = kReceiptsListedMax + 1;
  json mine = json::array();
  Money total;
  if (auto receipts = web.revenue.Receipts(org, query); receipts.ok()) {
    data["my_receipts_cut"] =
        TruncationJson(CutAt(*receipts, kReceiptsListedMax), kReceiptsListedMax);
    for (const auto& receipt : *receipts) {
      mine.push_back(ReceiptJson(receipt));
      total = total + receipt.total;
    }
  }
  data["my_receipts"] = mine;
  data["my_total"] = Amount(total);
  data["has_my_receipts"] = !mine.empty();
  if (auto organisation = web.pages.orgs.Get(org); organisation.ok()) {
    if (organisation->type == org::OrgType::kUnit) {
      if (auto parent = web.pages.orgs.Get(organisation->parent_id); parent.ok()) {
        data["parent"] = {{"id", parent->id}, {"name", parent->name}};
      }
    }
  }
  Merge(data, extra);
  return RenderPage(web.pages.templates, "revenue_remittances", data);
}
Response Remittances(RevenueWeb& web, Request& request) {
  return RemittancesPage(web, request, {});
}

Response Remit(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  RemittanceInput input{OrgParam(request),    fields.Text("entry_id"),
                        fields.Text("date"),  fields.Ints("receipts"),
                        fields.Int("to_org"), fields.Text("received_by")};
  auto remittance = web.revenue.Remit(input, ActorOf(request));
  if (!remittance.ok()) {
    return Refused(web, request, remittance.status(),
                   [&](json extra) { return RemittancesPage(web, request, extra); });
  }
  return Done(request, RemittanceJson(*remittance),
              Base(input.org) + "/remittances/" + std::to_string(remittance->id) + "?saved=1");
}

Response RemittanceView(RevenueWeb& web, Request& request) {
  auto remittance = web.revenue.GetRemittance(OrgParam(request), SeqParam(request));
  if (!remittance.ok()) return Failed(web, request, remittance.status());
  if (IsApi(request)) return Response::Json(RemittanceJson(*remittance));
  json data = Page(web, request, "ใบนำส่งเงิน " + remittance->number_text);
  data["remittance"] = RemittanceJson(*remittance);
  data["saved"] = request.QueryParam("saved") == "1";
  return RenderPage(web.pages.templates, "revenue_remittance", data);
}

// ---- summary and receipt voucher ----

Response SummariesPage(RevenueWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto summaries = web.revenue.Summaries(org, DateParam(request, "date"));
  if (!summaries.ok()) return Failed(web, request, summaries.status());
  const json cut = TruncationJson(CutAt(*summaries, kDocumentsListedMax), kDocumentsListedMax);
  json rows = json::array();
  for (const auto& summary : *summaries) rows.push_back(SummaryJson(summary));
  if (IsApi(request)) return Response::Json({{"summaries", rows}, {"truncated", cut["truncated"]}});
  json data = Page(web, request, "ใบสำคัญสรุปใบนำส่งเงิน / ใบผ่านรายการรับ");
  data["summaries"] = rows;
  Merge(data, cut);
  auto pending = web.revenue.PendingRemittances(org);
  if (!pending.ok()) return Failed(web, request, pending.status());
  json waiting = json::array();
  Money total;
  for (const auto& remittance : *pending) {
    json row = RemittanceJson(remittance);
    if (auto sender = web.pages.orgs.Get(remittance.org); sender.ok())
      row["org_name"] = sender->name;
    row["from_unit"] = remittance.org != org;
    waiting.push_back(row);
    total = total + remittance.total;
  }
  data["pending"] = waiting;
  data["pending_total"] = Amount(total);
  data["has_pending"] = !waiting.empty();
  json banks = json::array();
  if (auto accounts = web.revenue.BankAccounts(org); accounts.ok()) {
    for (const auto& account : *accounts) banks.push_back(BankJson(account));
  }
  data["banks"] = banks;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "revenue_summaries", data);
}
Response Summaries(RevenueWeb& web, Request& request) { return SummariesPage(web, request, {}); }

Response Summarise(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  SummaryInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.date = fields.Text("date");
  input.description = fields.Text("description");
  input.bank_account = fields.Int("bank_account");
  // Form: "org:id" values; API: [{"org":…, "id":…}].
  auto refused = [&](const Status& status) {
    return Refused(web, request, status,
                   [&](json extra) { return SummariesPage(web, request, extra); });
  };
  if (IsApi(request)) {
    auto rows = fields.Rows("remittances", {"org", "id"});
    if (!rows.ok()) return refused(rows.status());
    for (auto& row : *rows) input.remittances.emplace_back(ToInt(row["org"]), ToInt(row["id"]));
  } else {
    for (const auto& value : fields.Texts("remittance")) {
      const size_t colon = value.find(':');
      if (colon == std::string::npos) continue;
      input.remittances.emplace_back(ToInt(value.substr(0, colon)), ToInt(value.substr(colon + 1)));
    }
  }
  auto summary = web.revenue.Summarise(input, ActorOf(request));
  if (!summary.ok()) return refused(summary.status());
  return Done(request, SummaryJson(*summary),
              Base(input.org) + "/summaries/" + std::to_string(summary->id) + "?saved=1");
}

Response SummaryView(RevenueWeb& web, Request& request) {
  auto summary = web.revenue.GetSummary(OrgParam(request), SeqParam(request));
  if (!summary.ok()) return Failed(web, request, summary.status());
  if (IsApi(request)) return Response::Json(SummaryJson(*summary));
  json data = Page(web, request, "ใบสำคัญสรุปใบนำส่งเงิน " + summary->summary_number);
  data["summary"] = SummaryJson(*summary);
  data["saved"] = request.QueryParam("saved") == "1";
  return RenderPage(web.pages.templates, "revenue_summary", data);
}

// ---- bank accounts, deposits, money in the bank ----

Response BankPage(RevenueWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto accounts = web.revenue.BankAccounts(org);
  if (!accounts.ok()) return Failed(web, request, accounts.status());
  json banks = json::array();
  for (const auto& account : *accounts) banks.push_back(BankJson(account));
  auto documents = web.revenue.CashDocuments(org, std::nullopt);
  if (!documents.ok()) return Failed(web, request, documents.status());
  const json cut = TruncationJson(CutAt(*documents, kDocumentsListedMax), kDocumentsListedMax);
  json docs = json::array();
  for (const auto& document : *documents) docs.push_back(CashDocumentJson(document));
  if (IsApi(request)) {
    return Response::Json(
        {{"bank_accounts", banks}, {"documents", docs}, {"truncated", cut["truncated"]}});
  }
  json data = Page(web, request, "บัญชีเงินฝากธนาคารและการนำฝาก");
  Merge(data, cut);
  data["banks"] = banks;
  data["has_banks"] = !banks.empty();
  data["documents"] = docs;
  data["items"] = ItemOptions(web.revenue.catalog(), /*counter=*/false);
  auto status = web.revenue.DailyStatusOn(org, web.pages.clock.TodayInThailand());
  if (status.ok()) data["cash_on_hand"] = Amount(status->cash_carried_forward);
  Merge(data, extra);
  return RenderPage(web.pages.templates, "revenue_bank", data);
}
Response Bank(RevenueWeb& web, Request& request) { return BankPage(web, request, {}); }

Response OpenBankAccount(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  BankAccountInput input{OrgParam(request),         fields.Text("entry_id"),
                         fields.Text("name"),       fields.Text("bank"),
                         fields.Text("branch"),     fields.Text("account_type"),
                         fields.Text("account_no"), fields.Text("opened_on")};
  auto account = web.revenue.OpenBankAccount(input, ActorOf(request));
  if (!account.ok()) {
    return Refused(web, request, account.status(),
                   [&](json extra) { return BankPage(web, request, extra); });
  }
  return Done(request, BankJson(*account), Base(input.org) + "/bank");
}

Response Deposit(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  DepositInput input{OrgParam(request),          fields.Text("entry_id"), fields.Text("date"),
                     fields.Int("bank_account"), fields.Text("amount"),   fields.Text("reference")};
  auto document = web.revenue.Deposit(input, ActorOf(request));
  if (!document.ok()) {
    return Refused(web, request, document.status(),
                   [&](json extra) { return BankPage(web, request, extra); });
  }
  return Done(request, CashDocumentJson(*document),
              Base(input.org) + "/bank/documents/" + std::to_string(document->id) + "?saved=1");
}

Response ReceiveInBank(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  BankReceiptInput input{OrgParam(request),          fields.Text("entry_id"), fields.Text("date"),
                         fields.Int("bank_account"), fields.Text("item"),     fields.Text("amount"),
                         fields.Text("description"), fields.Text("reference")};
  auto document = web.revenue.ReceiveInBank(input, ActorOf(request));
  if (!document.ok()) {
    return Refused(web, request, document.status(),
                   [&](json extra) { return BankPage(web, request, extra); });
  }
  return Done(request, CashDocumentJson(*document),
              Base(input.org) + "/bank/documents/" + std::to_string(document->id) + "?saved=1");
}

Response CashDocumentView(RevenueWeb& web, Request& request) {
  auto document = web.revenue.GetCashDocument(OrgParam(request), SeqParam(request));
  if (!document.ok()) return Failed(web, request, document.status());
  if (IsApi(request)) return Response::Json(CashDocumentJson(*document));
  json data = Page(web, request, document->kind_th + " " + document->number_text);
  data["document"] = CashDocumentJson(*document);
  data["saved"] = request.QueryParam("saved") == "1";
  return RenderPage(web.pages.templates, "revenue_cash_document", data);
}

// ---- taxpayers ----

Response TaxpayersPage(RevenueWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto taxpayers = web.revenue.Taxpayers(org, request.QueryParam("q"), kTaxpayersShownMax + 1);
  if (!taxpayers.ok()) return Failed(web, request, taxpayers.status());
  const json cut = TruncationJson(CutAt(*taxpayers, kTaxpayersShownMax), kTaxpayersShownMax);
  json rows = json::array();
  for (const auto& taxpayer : *taxpayers) rows.push_back(TaxpayerJson(taxpayer));
  if (IsApi(request)) return Response::Json({{"taxpayers", rows}, {"truncated", cut["truncated"]}});
  json data = Page(web, request, "ฐานข้อมูลผู้ชำระภาษี");
  data["taxpayers"] = rows;
  Merge(data, cut);
  data["q"] = request.QueryParam("q");
  Merge(data, extra);
  return RenderPage(web.pages.templates, "revenue_taxpayers", data);
}
Response Taxpayers(RevenueWeb& web, Request& request) { return TaxpayersPage(web, request, {}); }

Response AddTaxpayer(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  TaxpayerInput input{OrgParam(request),   fields.Text("entry_id"), fields.Text("kind"),
                      fields.Text("name"), fields.Text("id_no"),    fields.Text("address"),
                      fields.Text("phone")};
  auto taxpayer = web.revenue.AddTaxpayer(input, ActorOf(request));
  if (!taxpayer.ok()) {
    return Refused(web, request, taxpayer.status(),
                   [&](json extra) { return TaxpayersPage(web, request, extra); });
  }
  return Done(request, TaxpayerJson(*taxpayer),
              Base(input.org) + "/taxpayers/" + std::to_string(taxpayer->id));
}

Response TaxpayerPage(RevenueWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto taxpayer = web.revenue.GetTaxpayer(org, SeqParam(request));
  if (!taxpayer.ok()) return Failed(web, request, taxpayer.status());
  auto properties = web.revenue.Properties(org, taxpayer->id);
  auto assessments = web.revenue.Assessments(org, taxpayer->id, false);
  if (!properties.ok()) return Failed(web, request, properties.status());
  if (!assessments.ok()) return Failed(web, request, assessments.status());
  json out = TaxpayerJson(*taxpayer);
  Merge(out, TruncationJson(CutAt(*assessments, kAssessmentsListedMax), kAssessmentsListedMax));
  out["properties"] = json::array();
  for (const auto& property : *properties) out["properties"].push_back(PropertyJson(property));
  out["assessments"] = json::array();
  for (const auto& assessment : *assessments)
    out["assessments"].push_back(AssessmentJson(assessment));
  if (IsApi(request)) return Response::Json(out);
  json data = Page(web, request, taxpayer->name);
  data["taxpayer"] = out;
  const Date today = web.pages.clock.TodayInThailand();
  data["tax_year"] = today.year_be();
  data["default_due"] = Date::FromCivil(today.year(), 4, 30).value().ToIso();
  Merge(data, extra);
  return RenderPage(web.pages.templates, "revenue_taxpayer", data);
}
Response TaxpayerView(RevenueWeb& web, Request& request) { return TaxpayerPage(web, request, {}); }

Response AddProperty(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  PropertyInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.taxpayer = SeqParam(request);
  input.kind = fields.Text("kind");
  input.description = fields.Text("description");
  input.location = fields.Text("location");
  input.land_use = fields.Text("land_use");
  input.width_cm = static_cast<int>(fields.Int("width_cm"));
  input.height_cm = static_cast<int>(fields.Int("height_cm"));
  input.sign_class = static_cast<int>(fields.Int("sign_class"));
  input.moving = fields.Flag("moving");
  input.installed_on = fields.Text("installed_on");
  auto property = web.revenue.AddProperty(input, ActorOf(request));
  if (!property.ok()) {
    return Refused(web, request, property.status(),
                   [&](json extra) { return TaxpayerPage(web, request, extra); });
  }
  return Done(request, PropertyJson(*property),
              Base(input.org) + "/taxpayers/" + std::to_string(input.taxpayer));
}

Response Assess(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  AssessmentInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.taxpayer = SeqParam(request);
  input.tax = fields.Text("tax");
  input.tax_year = static_cast<int>(fields.Int("tax_year"));
  input.properties = fields.Ints("properties");
  input.date = fields.Text("date");
  input.due_date = fields.Text("due_date");
  input.amount = fields.Text("amount");
  input.basis = fields.Text("basis");
  input.late_filing = fields.Flag("late_filing");
  auto assessment = web.revenue.Assess(input, ActorOf(request));
  if (!assessment.ok()) {
    return Refused(web, request, assessment.status(),
                   [&](json extra) { return TaxpayerPage(web, request, extra); });
  }
  return Done(request, AssessmentJson(*assessment),
              Base(input.org) + "/taxpayers/" + std::to_string(input.taxpayer));
}

Response ExtendAssessment(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  AssessmentExtension input{org, fields.Text("entry_id"), SeqParam(request),
                            fields.Text("due_date"), fields.Text("reason")};
  auto assessment = web.revenue.ExtendAssessment(input, ActorOf(request));
  if (!assessment.ok()) return Failed(web, request, assessment.status());
  return Done(request, AssessmentJson(*assessment),
              Base(org) + "/taxpayers/" + std::to_string(assessment->taxpayer));
}

Response Receivables(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto assessments = web.revenue.Assessments(org, 0, true);
  if (!assessments.ok()) return Failed(web, request, assessments.status());
  auto total = web.revenue.OutstandingTotal(org);
  if (!total.ok()) return Failed(web, request, total.status());
  const json cut = TruncationJson(CutAt(*assessments, kAssessmentsListedMax), kAssessmentsListedMax);
  json rows = json::array();
  for (const auto& assessment : *assessments) rows.push_back(AssessmentJson(assessment));
  if (IsApi(request)) {
    return Response::Json(
        {{"receivables", rows}, {"total", total->FormatPlain()}, {"truncated", cut["truncated"]}});
  }
  json data = Page(web, request, "ทะเบียนลูกหนี้ภาษี");
  data["assessments"] = rows;
  Merge(data, cut);
  data["total"] = Amount(*total);
  return RenderPage(web.pages.templates, "revenue_receivables", data);
}

// ---- registers and the daily report ----

Response RegisterPage(RevenueWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  const Date day = DayParam(web, request);
  auto reg = web.revenue.RevenueRegisterOn(org, day);
  if (!reg.ok()) return Failed(web, request, reg.status());
  json rows = json::array();
  for (const auto& row : reg->rows) {
    rows.push_back({{"item", row.item},
                    {"item_name", row.item_name},
                    {"category", row.category_th},
                    {"estimate", Amount(row.estimate)},
                    {"before", Amount(row.before)},
                    {"on_day", Amount(row.on_day)},
                    {"to_date", Amount(row.to_date)},
                    {"difference", Amount(row.difference)}});
  }
  json out = {{"date", day.ToIso()},
              {"fiscal_year", reg->fiscal_year},
              {"rows", rows},
              {"estimate", Amount(reg->estimate)},
              {"before", Amount(reg->before)},
              {"on_day", Amount(reg->on_day)},
              {"to_date", Amount(reg->to_date)}};
  if (IsApi(request)) return Response::Json(out);
  json data = Page(web, request, "ทะเบียนรายรับ");
  data["register"] = out;
  data["date"] = day.ToIso();
  data["date_th"] = FormatThaiDateLong(day);
  data["items"] = json::array();
  for (const auto& item : web.revenue.catalog().items()) {
    if (item.kind == ItemKind::kRevenue)
      data["items"].push_back({{"code", item.code}, {"name", item.name_th}});
  }
  Merge(data, extra);
  return RenderPage(web.pages.templates, "revenue_register", data);
}
Response Register(RevenueWeb& web, Request& request) { return RegisterPage(web, request, {}); }

Response SetEstimate(RevenueWeb& web, Request& request) {
  const Fields fields(request);
  EstimateInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.fiscal_year = static_cast<int>(fields.Int("fiscal_year"));
  auto refused = [&](const Status& status) {
    return Refused(web, request, status,
                   [&](json extra) { return RegisterPage(web, request, extra); });
  };
  auto rows = fields.Rows("lines", {"item", "amount", "justification"});
  if (!rows.ok()) return refused(rows.status());
  for (auto& row : *rows) input.lines.push_back({row["item"], row["amount"], row["justification"]});
  Status status = web.revenue.SetEstimate(input, ActorOf(request));
  if (!status.ok()) return refused(status);
  return Done(request, {{"fiscal_year", input.fiscal_year}}, Base(input.org) + "/register");
}

Response DepositRegisterView(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const Date to = DateParam(request, "to").value_or(web.pages.clock.TodayInThailand());
  const Date from = DateParam(request, "from").value_or(FiscalYearStart(FiscalYearOf(to)));
  std::string account = request.QueryParam("account");
  const auto& types = web.revenue.catalog().deposit_types();
  if (account.empty() && !types.empty()) account = types.front().account;
  auto reg = web.revenue.DepositRegisterOf(org, account, from, to);
  if (!reg.ok()) return Failed(web, request, reg.status());
  json rows = json::array();
  for (const auto& row : reg->rows) {
    rows.push_back({{"seq", row.seq},
                    {"date_th", FormatThaiDateShort(row.date)},
                    {"document", row.document},
                    {"description", row.description},
                    {"received", Amount(row.received)},
                    {"paid", Amount(row.paid)},
                    {"balance", Amount(row.balance)}});
  }
  json out = {{"account", reg->account},
              {"name", reg->name_th},
              {"from", from.ToIso()},
              {"to", to.ToIso()},
              {"opening", Amount(reg->opening)},
              {"received", Amount(reg->received)},
              {"paid", Amount(reg->paid)},
              {"closing", Amount(reg->closing)},
              {"rows", rows}};
  Merge(out, TruncationJson(reg->truncated, revenue::kDepositRegisterRowsMax));
  if (IsApi(request)) return Response::Json(out);
  json data = Page(web, request, "ทะเบียนเงินรับฝาก " + reg->name_th);
  data["register"] = out;
  json options = json::array();
  for (const auto& type : types) {
    options.push_back(
        {{"account", type.account}, {"name", type.name_th}, {"selected", type.account == account}});
  }
  data["types"] = options;
  return RenderPage(web.pages.templates, "revenue_deposits", data);
}

Response Daily(RevenueWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const Date day = DayParam(web, request);
  auto status = web.revenue.DailyStatusOn(org, day);
  if (!status.ok()) return Failed(web, request, status.status());
  if (IsApi(request)) return Response::Json(DailyStatusJson(*status));
  json data = Page(web, request, "รายงานสถานะการเงินประจำวัน");
  data["status"] = DailyStatusJson(*status);
  data["date"] = day.ToIso();
  return RenderPage(web.pages.templates, "revenue_daily", data);
}

}  // namespace

void RegisterRevenueRoutes(RouteTable& table, RevenueWeb& web) {
  // clang-format off
  table.AddOrgRoutes("/revenue", web, {
      {"GET", "", "rev.read", Home, Face::kPage},
      {"GET", "/books", "rev.read", Books},
      {"POST", "/books", "rev.books", RegisterBook},
      {"GET", "/books/{seq}", "rev.read", BookView},
      {"POST", "/books/{seq}/issue", "rev.books", IssueBook},
      {"POST", "/books/{seq}/return", "rev.books", ReturnBook},
      {"POST", "/books/{seq}/spoil", "rev.receipt", SpoilNumber},
      {"GET", "/receipts", "rev.read", Receipts},
      {"GET", "/receipts/new", "rev.receipt", ReceiptForm, Face::kPage},
      {"POST", "/receipts", "rev.receipt", IssueReceipt},
      {"GET", "/receipts/{seq}", "rev.read", ReceiptView},
      {"POST", "/receipts/{seq}/cancel", "rev.receipt.cancel", CancelReceipt},
      {"GET", "/remittances", "rev.read", Remittances},
      {"POST", "/remittances", "rev.receipt", Remit},
      {"GET", "/remittances/{seq}", "rev.read", RemittanceView},
      {"GET", "/summaries", "rev.read", Summaries},
      {"POST", "/summaries", "rev.cash", Summarise},
      {"GET", "/summaries/{seq}", "rev.read", SummaryView},
      {"GET", "/bank", "rev.read", Bank},
      {"POST", "/bank/accounts", "rev.setup", OpenBankAccount},
      {"POST", "/bank/deposits", "rev.cash", Deposit},
      {"POST", "/bank/receipts", "rev.cash", ReceiveInBank},
      {"GET", "/bank/documents/{seq}", "rev.read", CashDocumentView},
      {"GET", "/taxpayers", "rev.read", Taxpayers},
      {"POST", "/taxpayers", "rev.taxpayer", AddTaxpayer},
      {"GET", "/taxpayers/{seq}", "rev.read", TaxpayerView},
      {"POST", "/taxpayers/{seq}/properties", "rev.taxpayer", AddProperty},
      {"POST", "/taxpayers/{seq}/assessments", "rev.taxpayer", Assess},
      {"POST", "/assessments/{seq}/extend", "rev.taxpayer", ExtendAssessment},
      {"GET", "/receivables", "rev.read", Receivables},
      {"GET", "/register", "rev.read", Register},
      {"POST", "/estimates", "rev.setup", SetEstimate},
      {"GET", "/deposits", "rev.read", DepositRegisterView},
      {"GET", "/daily", "rev.read", Daily},
  });
  // clang-format on
}

}  // namespace klang::web
