// Bank accounts, receipt books and receipts; the service's shared plumbing.
#include <algorithm>
#include <set>

#include "core/thai.h"
#include "revenue/internal.h"
#include "revenue/kinds.h"

namespace klang::revenue {

using ledger::Entry;
using nlohmann::json;

namespace {

std::string FormatNumber(const char* prefix, int64_t number, int fiscal_year) {
  return std::string(prefix) + " " + std::to_string(number) + "/" + std::to_string(fiscal_year);
}

WatchedAccounts Watched(const RevenueCatalog& catalog) {
  WatchedAccounts accounts;
  for (const auto& type : catalog.deposit_types()) accounts.deposits.insert(type.account);
  for (const auto& item : catalog.items()) {
    if (item.kind != ItemKind::kRevenue) continue;
    accounts.revenue.insert(item.account);
    accounts.item_accounts[item.code] = item.account;
  }
  accounts.cash = kCashAccount;
  return accounts;
}

bool IsDigits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string RemittanceNumberText(int64_t number, int fiscal_year) {
  return FormatNumber("นส.", number, fiscal_year);
}
std::string SummaryNumberText(int64_t number, int fiscal_year) {
  return FormatNumber("สน.", number, fiscal_year);
}
std::string ReceiptVoucherNumberText(int64_t number, int fiscal_year) {
  return FormatNumber("ร.", number, fiscal_year);
}
std::string DepositNumberText(int64_t number, int fiscal_year) {
  return FormatNumber("นฝ.", number, fiscal_year);
}

std::string MeansThai(const std::string& means) {
  if (means == kMeansCash) return "เงินสด";
  if (means == kMeansCheque) return "เช็ค";
  if (means == kMeansTransfer) return "โอนเงินเข้าบัญชี";
  if (means == kMeansQr) return "QR/e-Payment";
  return means;
}

std::string AccountTypeThai(const std::string& type) {
  if (type == kAccountSavings) return "ออมทรัพย์";
  if (type == kAccountCurrent) return "กระแสรายวัน";
  if (type == kAccountFixed) return "ประจำ";
  return type;
}

std::string BankGlAccount(const std::string& type) {
  if (type == kAccountSavings) return "1102010";
  if (type == kAccountCurrent) return "1102020";
  if (type == kAccountFixed) return "1102030";
  return "";
}

std::string TaxThai(const std::string& tax) {
  if (tax == kTaxLandBuilding) return "ภาษีที่ดินและสิ่งปลูกสร้าง";
  if (tax == kTaxSignboard) return "ภาษีป้าย";
  return tax;
}

std::string ActorName(const json& body, const char* key) {
  auto found = body.find(key);
  return found != body.end() && found->is_string() ? found->get<std::string>() : "";
}

// ---- plumbing ----

RevenueService::RevenueService(ledger::Ledger& ledger, org::OrgDirectory& orgs,
                               accounting::ChartOfAccounts& chart, const RevenueCatalog& catalog,
                               const SignboardRateTable& signboard_rates, const Clock& clock,
                               Random& random)
    : impl_(new Impl{ledger, orgs, chart, catalog, signboard_rates, clock, random,
                     MakeRevenueProjection(Watched(catalog)),
                     accounting::DocumentKit("revenue", ledger, orgs, clock, random)}),
      catalog_(catalog) {}

RevenueService::~RevenueService() = default;

std::vector<store::Migration> RevenueService::Migrations() { return RevenueMigrations(); }

ledger::Projection* RevenueService::projection() { return impl_->projection.get(); }

// The common document plumbing lives in accounting::DocumentKit (same codes "revenue.*").
Status RevenueService::Impl::CheckBooksOrg(int64_t org) { return kit.CheckBooksOrg(org); }

Result<Date> RevenueService::Impl::DocumentDate(const std::string& text,
                                                const std::string& field) {
  return kit.DocumentDate(text, field);
}

Result<Money> RevenueService::Impl::PositiveAmount(const std::string& text,
                                                   const std::string& field) {
  return kit.PositiveAmount(text, field);
}

Status RevenueService::Impl::RequiredText(const std::string& text, const std::string& field,
                                          const std::string& label_th) {
  return kit.RequiredText(text, field, label_th);
}

ledger::EntryDraft RevenueService::Impl::Draft(int64_t org, const std::string& entry_id,
                                               const std::string& kind, Date date,
                                               const Actor& actor) {
  return kit.Draft(org, entry_id, kind, date, actor);
}

Result<Entry> RevenueService::Impl::Append(ledger::EntryDraft draft) { return kit.Append(std::move(draft)); }

Result<ledger::Appended> RevenueService::Impl::AppendDocument(ledger::EntryDraft draft) {
  return kit.AppendDocument(std::move(draft));
}

Result<Entry> RevenueService::Impl::EntryOfKind(int64_t org, int64_t id,
                                               std::initializer_list<const char*> kinds,
                                               const std::string& not_found_th) {
  return kit.EntryOfKind(org, id, kinds, not_found_th);
}

Result<store::Rows> RevenueService::Impl::Query(std::string_view sql, const store::Params& params) {
  return kit.Query(sql, params);
}

std::string RevenueService::Impl::AccountName(const std::string& code) {
  auto account = chart.Find(code);
  return account.ok() ? account->name_th : "(ไม่พบในผังบัญชี)";
}

std::vector<VoucherLineView> RevenueService::Impl::LineViews(const Entry& entry) {
  std::vector<VoucherLineView> lines;
  for (const auto& line : entry.lines) {
    lines.push_back({line.account, AccountName(line.account), line.debit, line.credit});
  }
  return lines;
}

// ---- bank accounts ----

Result<BankAccount> RevenueService::OpenBankAccount(const BankAccountInput& input,
                                                    const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  KLANG_RETURN_IF_ERROR(m.RequiredText(input.name, "name", "ชื่อบัญชี"));
  KLANG_RETURN_IF_ERROR(m.RequiredText(input.bank, "bank", "ชื่อธนาคาร"));
  KLANG_RETURN_IF_ERROR(m.RequiredText(input.branch, "branch", "สาขา"));
  const std::string gl_account = BankGlAccount(input.account_type);
  if (gl_account.empty()) {
    return Status::InvalidInput("revenue.account_type",
                                "ประเภทบัญชีต้องเป็น ออมทรัพย์ กระแสรายวัน หรือประจำ", "",
                                "account_type");
  }
  std::string digits;
  for (char c : input.account_no) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.size() < 6 || digits.size() > 20) {
    return Status::InvalidInput("revenue.account_no", "เลขที่บัญชีไม่ถูกต้อง (ตัวเลข 6–20 หลัก)", "",
                                "account_no");
  }
  KLANG_ASSIGN_OR_RETURN(Date opened, m.DocumentDate(input.opened_on, "opened_on"));
  ledger::EntryDraft draft = m.Draft(input.org, input.entry_id, kKindBankAccount, opened, actor);
  draft.body = {{"name", input.name},       {"bank", input.bank},
                {"branch", input.branch},   {"account_type", input.account_type},
                {"account_no", input.account_no}, {"gl_account", gl_account}};
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.Append(std::move(draft)));
  return GetBankAccount(entry.org, entry.seq);
}

Result<std::vector<BankAccount>> RevenueService::BankAccounts(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT a.id, a.name, a.bank, a.branch, a.account_type, a.account_no, "
                   "a.gl_account, COALESCE((SELECT CAST(SUM(d.debit - d.credit) AS {INT}) FROM "
                   "rev_bank_daily d WHERE d.org_id = a.org_id AND d.bank_account = a.id), 0) "
                   "FROM rev_bank_accounts a WHERE a.org_id = $1 ORDER BY a.id",
                   {org}));
  std::vector<BankAccount> accounts;
  for (const auto& row : rows) {
    accounts.push_back(BankAccount{org, row.Int(0), row.Text(1), row.Text(2), row.Text(3),
                                   row.Text(4), AccountTypeThai(row.Text(4)), row.Text(5),
                                   row.Text(6), Money::FromSatang(row.Int(7))});
  }
  return accounts;
}

Result<BankAccount> RevenueService::GetBankAccount(int64_t org, int64_t id) {
  KLANG_ASSIGN_OR_RETURN(std::vector<BankAccount> accounts, BankAccounts(org));
  for (auto& account : accounts) {
    if (account.id == id) return std::move(account);
  }
  return Status::NotFound("revenue.bank_account_not_found", "ไม่พบบัญชีเงินฝากธนาคาร");
}

// ---- receipt books ----

Result<Book> RevenueService::RegisterBook(const BookInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  if (input.book_no.empty() || input.book_no.size() > 20) {
    return Status::InvalidInput("revenue.book_no", "กรุณาระบุเล่มที่", "", "book_no");
  }
  if (input.first_no < 1 || input.last_no < input.first_no ||
      input.last_no - input.first_no + 1 > kBookReceiptsMax) {
    return Status::InvalidInput("revenue.book_range",
                                "เลขที่ใบเสร็จในเล่มไม่ถูกต้อง (เลขที่แรกต้องไม่เกินเลขที่สุดท้าย และไม่เกิน " +
                                    std::to_string(kBookReceiptsMax) + " ฉบับต่อเล่ม)",
                                "", "first_no");
  }
  KLANG_ASSIGN_OR_RETURN(Date date, m.DocumentDate(input.date));
  KLANG_ASSIGN_OR_RETURN(
      store::Rows existing,
      m.Query("SELECT id FROM rev_books WHERE org_id = $1 AND fiscal_year = $2 AND book_no = $3",
              {input.org, int64_t{FiscalYearOf(date)}, input.book_no}));
  ledger::EntryDraft draft = m.Draft(input.org, input.entry_id, kKindBook, date, actor);
  draft.body = {{"book_no", input.book_no},
                {"first_no", input.first_no},
                {"last_no", input.last_no},
                {"by_name", actor.name}};
  auto entry = m.Append(std::move(draft));
  if (!entry.ok()) return entry.status();
  return GetBook(entry->org, entry->seq);
}

Result<Book> RevenueService::IssueBook(int64_t org, int64_t book, const Actor& collector,
                                       const std::string& date_text, const std::string& entry_id,
                                       const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(org));
  KLANG_ASSIGN_OR_RETURN(Book current, GetBook(org, book));
  if (collector.user_id == 0 || collector.name.empty()) {
    return Status::InvalidInput("revenue.collector", "กรุณาเลือกผู้รับเล่มใบเสร็จ", "", "collector");
  }
  KLANG_ASSIGN_OR_RETURN(Date date, m.DocumentDate(date_text));
  if (FiscalYearOf(date) != current.fiscal_year) {
    return Status::InvalidInput("revenue.book_year", "เล่มใบเสร็จนี้เป็นของปีงบประมาณ " +
                                                         std::to_string(current.fiscal_year),
                                "", "date");
  }
  ledger::EntryDraft draft = m.Draft(org, entry_id, kKindBookIssue, date, actor);
  draft.body = {{"book", book},
                {"book_no", current.book_no},
                {"holder_user", collector.user_id},
                {"holder_name", collector.name},
                {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(m.Append(std::move(draft)).status());
  return GetBook(org, book);
}

Result<Book> RevenueService::ReturnBook(int64_t org, int64_t book, const std::string& date_text,
                                        const std::string& entry_id, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(org));
  KLANG_ASSIGN_OR_RETURN(Book current, GetBook(org, book));
  KLANG_ASSIGN_OR_RETURN(Date date, m.DocumentDate(date_text));
  ledger::EntryDraft draft = m.Draft(org, entry_id, kKindBookReturn, date, actor);
  if (draft.fiscal_year != current.fiscal_year) draft.fiscal_year = FiscalYearOf(date);
  draft.body = {{"book", book}, {"book_no", current.book_no}, {"by_name", actor.name},
                {"from_name", current.holder_name}};
  KLANG_RETURN_IF_ERROR(m.Append(std::move(draft)).status());
  return GetBook(org, book);
}

namespace {

constexpr const char* kBookSelect =
    "SELECT b.id, b.fiscal_year, b.book_no, b.first_no, b.last_no, b.next_no, b.holder_user, "
    "b.holder_name, b.registered_on, "
    "(SELECT COUNT(*) FROM rev_receipts r WHERE r.org_id = b.org_id AND r.book_id = b.id AND "
    "r.status = 'valid'), "
    "(SELECT COUNT(*) FROM rev_receipts r WHERE r.org_id = b.org_id AND r.book_id = b.id AND "
    "r.status <> 'valid'), "
    "COALESCE((SELECT CAST(SUM(r.total) AS {INT}) FROM rev_receipts r WHERE r.org_id = b.org_id "
    "AND r.book_id = b.id AND r.status = 'valid'), 0), "
    "(SELECT COUNT(*) FROM rev_book_events e WHERE e.org_id = b.org_id AND e.book_id = b.id AND "
    "e.event = 'return') "
    "FROM rev_books b WHERE b.org_id = $1 ";

Book BookFromRow(int64_t org, const store::Row& row) {
  Book book;
  book.org = org;
  book.id = row.Int(0);
  book.fiscal_year = static_cast<int>(row.Int(1));
  book.book_no = row.Text(2);
  book.first_no = row.Int(3);
  book.last_no = row.Int(4);
  book.next_no = row.Int(5);
  book.holder_user = row.Int(6);
  book.holder_name = row.Text(7);
  book.registered_on = Date::ParseIso(row.Text(8)).value();
  book.used = row.Int(9);
  book.cancelled = row.Int(10);
  book.total = Money::FromSatang(row.Int(11));
  const bool returned_before = row.Int(12) > 0;
  if (book.next_no > book.last_no) {
    book.status = kBookUsedUp;
    book.status_th = book.holder_user ? "ใช้หมดเล่ม (รอส่งคืน)" : "ใช้หมดเล่ม ส่งคืนแล้ว";
  } else if (book.holder_user) {
    book.status = kBookIssued;
    book.status_th = "จ่ายให้ " + book.holder_name;
  } else if (returned_before) {
    book.status = kBookReturned;
    book.status_th = "ส่งคืนแล้ว (ยังมีใบเสร็จเหลือ)";
  } else {
    book.status = kBookNew;
    book.status_th = "ยังไม่ได้จ่าย";
  }
  return book;
}

}  // namespace

Result<std::vector<Book>> RevenueService::Books(int64_t org, std::optional<int> fiscal_year) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query(std::string(kBookSelect) +
                       "AND ($2 = 0 OR b.fiscal_year = $2) ORDER BY b.fiscal_year DESC, b.book_no",
                   {org, int64_t{fiscal_year.value_or(0)}}));
  std::vector<Book> books;
  for (const auto& row : rows) books.push_back(BookFromRow(org, row));
  return books;
}

Result<Book> RevenueService::GetBook(int64_t org, int64_t book) {
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         impl_->Query(std::string(kBookSelect) + "AND b.id = $2", {org, book}));
  if (rows.empty()) {
    return Status::NotFound("revenue.book_not_found", "ไม่พบเล่มใบเสร็จรับเงิน");
  }
  return BookFromRow(org, rows[0]);
}

Result<std::vector<BookEvent>> RevenueService::BookEvents(int64_t org, int64_t book) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT seq, day, event, user_name FROM rev_book_events WHERE org_id = $1 AND "
                   "book_id = $2 ORDER BY seq",
                   {org, book}));
  std::vector<BookEvent> events;
  for (const auto& row : rows) {
    BookEvent event;
    event.seq = row.Int(0);
    event.date = Date::ParseIso(row.Text(1)).value();
    const std::string& kind = row.Text(2);
    event.what_th = kind == "register" ? "รับเล่มเข้าทะเบียนคุม"
                    : kind == "issue"  ? "จ่ายเล่มให้ " + row.Text(3)
                                       : "รับเล่มคืน";
    event.by = row.Text(3);
    events.push_back(std::move(event));
  }
  return events;
}

// ---- receipts ----

Result<Receipt> RevenueService::IssueReceipt(const ReceiptInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  // The book's year, number and holder: not its register line (counts and total of its receipts).
  KLANG_ASSIGN_OR_RETURN(store::Rows found,
                         m.Query("SELECT fiscal_year, book_no, holder_user FROM rev_books WHERE org_id = $1 AND "
                                 "id = $2",
                                 {input.org, input.book}));
  if (found.empty()) {
    return Status::InvalidInput("revenue.book_not_found",
                                "ไม่พบเล่มใบเสร็จรับเงินที่ระบุในหน่วยงานนี้", "", "book");
  }
  const int book_year = static_cast<int>(found[0].Int(0));
  const std::string& book_no = found[0].Text(1);
  const int64_t book_holder = found[0].Int(2);
  KLANG_ASSIGN_OR_RETURN(Date date, m.DocumentDate(input.date));
  if (FiscalYearOf(date) != book_year) {
    return Status::InvalidInput("revenue.book_year",
                                "ใบเสร็จเล่มนี้ใช้สำหรับปีงบประมาณ " + std::to_string(book_year),
                                "", "date");
  }
  KLANG_RETURN_IF_ERROR(CheckPayment(input));
  if (input.taxpayer != 0) KLANG_RETURN_IF_ERROR(GetTaxpayer(input.org, input.taxpayer).status());
  Money total;
  KLANG_ASSIGN_OR_RETURN(json lines, ReceiptLines(input, &total));
  // Friendly checks first; the projection enforces the same inside the append.
  if (book_holder != actor.user_id) {
    return Status::InvalidInput("revenue.book_not_held",
                                "ใบเสร็จรับเงินเล่มที่ " + book_no +
                                    " ไม่ได้จ่ายให้ท่าน จึงออกใบเสร็จจากเล่มนี้ไม่ได้",
                                "", "book");
  }
  ledger::EntryDraft draft = m.Draft(input.org, input.entry_id, kKindReceipt, date, actor);
  draft.body = {{"book", input.book},
                {"book_no", book_no},
                {"number", input.number},
                {"collector", actor.user_id},
                {"collector_name", actor.name},
                {"payer",
                 {{"kind", input.payer.kind},
                  {"name", input.payer.name},
                  {"id_no", input.payer.id_no},
                  {"address", input.payer.address}}},
                {"taxpayer", input.taxpayer},
                {"lines", lines},
                {"total", total.satang()},
                {"means", input.means},
                {"means_reference", input.means_reference}};
  KLANG_ASSIGN_OR_RETURN(ledger::Appended appended, m.AppendDocument(std::move(draft)));
  if (appended.duplicate) return GetReceipt(appended.entry.org, appended.entry.seq);
  Receipt receipt = m.ToReceipt(appended.entry);
  m.AddCoveredProperties(&receipt);
  return receipt;
}

Result<Money> RevenueService::CheckReceiptContent(const ReceiptInput& input) {
  KLANG_RETURN_IF_ERROR(CheckPayment(input));
  Money total;
  KLANG_RETURN_IF_ERROR(ReceiptLines(input, &total).status());
  return total;
}

Status RevenueService::CheckPayment(const ReceiptInput& input) {
  Impl& m = *impl_;
  if (input.payer.kind != kPerson && input.payer.kind != kJuristic) {
    return Status::InvalidInput("revenue.payer_kind", "กรุณาเลือกประเภทผู้ชำระ (บุคคลธรรมดา/นิติบุคคล)",
                                "", "payer.kind");
  }
  KLANG_RETURN_IF_ERROR(m.RequiredText(input.payer.name, "payer.name", "ชื่อผู้ชำระเงิน"));
  if (!input.payer.id_no.empty() && (input.payer.id_no.size() != 13 || !IsDigits(input.payer.id_no))) {
    return Status::InvalidInput("revenue.payer_id", "เลขประจำตัวผู้เสียภาษีต้องเป็นตัวเลข 13 หลัก", "",
                                "payer.id_no");
  }
  if (input.payer.address.size() > kTextBytesMax) {
    return Status::InvalidInput("revenue.too_long", "ที่อยู่ยาวเกินไป", "", "payer.address");
  }
  static const std::set<std::string> kMeans = {kMeansCash, kMeansCheque, kMeansTransfer, kMeansQr};
  if (!kMeans.count(input.means)) {
    return Status::InvalidInput("revenue.means", "กรุณาเลือกวิธีชำระเงิน", "", "means");
  }
  if (input.means != kMeansCash && input.means_reference.empty()) {
    return Status::InvalidInput("revenue.means_reference",
                                input.means == kMeansCheque ? "กรุณาระบุธนาคารและเลขที่เช็ค"
                                                            : "กรุณาระบุเลขอ้างอิงการโอน/ชำระเงิน",
                                "", "means_reference");
  }
  return Status::Ok();
}

Result<json> RevenueService::ReceiptLines(const ReceiptInput& input, Money* total) {
  json lines = json::array();
  std::set<int64_t> assessments;  // each paid once on one receipt
  for (size_t index = 0; index < input.lines.size(); ++index) {
    const ReceiptLineInput& line = input.lines[index];
    if (line.item.empty() && line.amount.empty() && line.description.empty()) continue;
    KLANG_ASSIGN_OR_RETURN(json checked, CheckReceiptLine(input, index, &assessments));
    KLANG_ASSIGN_OR_RETURN(*total,
                           Money::CheckedAdd(*total, Money::FromSatang(checked["amount"].get<int64_t>())));
    lines.push_back(std::move(checked));
    if (lines.size() > kReceiptLinesMax) {
      return Status::InvalidInput("revenue.too_many_lines", "รายการในใบเสร็จมากเกินไป", "", "lines");
    }
  }
  if (lines.empty()) {
    return Status::InvalidInput("revenue.no_lines", "กรุณาระบุรายการรับเงินอย่างน้อย 1 รายการ", "",
                                "lines");
  }
  return lines;
}

// One line: a counter item, a positive amount; paying an assessment, it must be of that tax,
// of the receipt's taxpayer, not more than is owed, and only once on the receipt — then it
// clears the receivable rather than counting revenue again.
Result<json> RevenueService::CheckReceiptLine(const ReceiptInput& input, size_t index,
                                         std::set<int64_t>* assessments) {
  Impl& m = *impl_;
  const ReceiptLineInput& line = input.lines[index];
  const std::string field = "lines[" + std::to_string(index) + "]";
  const std::string where = "บรรทัดที่ " + std::to_string(index + 1) + ": ";
  auto item = m.catalog.Find(line.item);
  if (!item.ok()) {
    return Status::InvalidInput("revenue.unknown_item", where + item.status().message_th(), "",
                                field + ".item");
  }
  if (!item->at_counter) {
    return Status::InvalidInput("revenue.item_not_at_counter",
                                where + item->name_th + " ไม่รับชำระด้วยใบเสร็จรับเงิน (รับผ่านธนาคาร)",
                                "", field + ".item");
  }
  auto amount = m.PositiveAmount(line.amount, field + ".amount");
  if (!amount.ok()) {
    return Status::InvalidInput(amount.status().stable_code(),
                                where + amount.status().message_th(), "", field + ".amount");
  }
  std::string account = item->account;
  if (line.assessment != 0) {
    auto assessment = GetAssessment(input.org, line.assessment);
    if (!assessment.ok()) {
      return Status::InvalidInput("revenue.assessment_not_found",
                                  where + "ไม่พบรายการประเมินภาษีที่ระบุ", "", field + ".assessment");
    }
    if (assessment->item != item->code) {
      return Status::InvalidInput("revenue.assessment_item",
                                  where + "ประเภทรายได้ไม่ตรงกับภาษีที่ประเมิน (" +
                                      assessment->tax_th + ")",
                                  "", field + ".item");
    }
    if (input.taxpayer != 0 && assessment->taxpayer != input.taxpayer) {
      return Status::InvalidInput("revenue.assessment_taxpayer",
                                  where + "การประเมินนี้เป็นของผู้เสียภาษีรายอื่น", "",
                                  field + ".assessment");
    }
    if (*amount > assessment->outstanding()) {
      return Status::InvalidInput("revenue.overpaid",
                                  where + "ยอดชำระ " + amount->Format() + " บาท เกินยอดค้างชำระ " +
                                      assessment->outstanding().Format() + " บาท",
                                  "", field + ".amount");
    }
    if (!assessments->insert(line.assessment).second) {
      return Status::InvalidInput("revenue.assessment_repeated",
                                  where + "ชำระการประเมินเดียวกันซ้ำในใบเสร็จเดียว", "",
                                  field + ".assessment");
    }
    account = item->receivable_account;
  }
  if (line.description.size() > kTextBytesMax) {
    return Status::InvalidInput("revenue.too_long", where + "คำอธิบายยาวเกินไป", "",
                                field + ".description");
  }
  return json{{"item", item->code},
              {"item_name", item->name_th},
              {"description", line.description},
              {"amount", amount->satang()},
              {"assessment", line.assessment},
              {"account", account}};
}

Result<Receipt> RevenueService::SpoilNumber(int64_t org, int64_t book_id, int64_t number,
                                            const std::string& reason,
                                            const std::string& entry_id, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(org));
  KLANG_ASSIGN_OR_RETURN(Book book, GetBook(org, book_id));
  KLANG_RETURN_IF_ERROR(m.RequiredText(reason, "reason", "เหตุผลที่ยกเลิก"));
  const Date today = m.clock.TodayInThailand();
  ledger::EntryDraft draft = m.Draft(org, entry_id, kKindReceiptSpoil, today, actor);
  if (draft.fiscal_year != book.fiscal_year) {
    return Status::InvalidInput("revenue.book_year", "เล่มใบเสร็จนี้เป็นของปีงบประมาณอื่น", "", "book");
  }
  draft.body = {{"book", book_id},        {"book_no", book.book_no}, {"number", number},
                {"collector", actor.user_id}, {"collector_name", actor.name},
                {"reason", reason},       {"total", 0},              {"means", ""}};
  KLANG_ASSIGN_OR_RETURN(ledger::Appended appended, m.AppendDocument(std::move(draft)));
  if (appended.duplicate) return GetReceipt(appended.entry.org, appended.entry.seq);
  return m.ToReceipt(appended.entry);
}

Result<Receipt> RevenueService::CancelReceipt(int64_t org, int64_t receipt_id,
                                              const std::string& reason,
                                              const std::string& entry_id, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(org));
  KLANG_ASSIGN_OR_RETURN(Receipt receipt, GetReceipt(org, receipt_id));
  KLANG_RETURN_IF_ERROR(m.RequiredText(reason, "reason", "เหตุผลที่ยกเลิก"));
  if (receipt.status != kReceiptValid) {
    return Status::Conflict("revenue.receipt_cancelled", "ใบเสร็จรับเงินนี้ถูกยกเลิกไปแล้ว");
  }
  if (receipt.remittance != 0) {
    return Status::Conflict("revenue.receipt_remitted",
                            "ใบเสร็จรับเงินนี้นำส่งเงินแล้ว ยกเลิกไม่ได้ ให้แก้ไขโดยการคืนเงินหรือใบผ่านรายการปรับปรุง");
  }
  // A cancellation is dated today but belongs to the receipt's fiscal year; one made after the
  // year has closed would need a correcting voucher instead.
  const Date today = m.clock.TodayInThailand();
  if (FiscalYearOf(today) != receipt.fiscal_year) {
    return Status::InvalidInput("revenue.cancel_year",
                                "ใบเสร็จนี้อยู่ในปีงบประมาณที่ผ่านมาแล้ว ยกเลิกไม่ได้", "", "receipt");
  }
  ledger::EntryDraft draft = m.Draft(org, entry_id, kKindReceiptCancel, today, actor);
  draft.body = {{"receipt", receipt_id},
                {"book_no", receipt.book_no},
                {"number", receipt.number},
                {"reason", reason},
                {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(m.Append(std::move(draft)).status());
  return GetReceipt(org, receipt_id);
}

Receipt RevenueService::Impl::ToReceipt(const Entry& entry) {
  Receipt receipt;
  receipt.org = entry.org;
  receipt.id = entry.seq;
  receipt.book = entry.body.value("book", int64_t{0});
  receipt.book_no = entry.body.value("book_no", std::string());
  receipt.number = entry.body.value("number", int64_t{0});
  receipt.fiscal_year = entry.fiscal_year;
  receipt.date = entry.document_date;
  if (entry.body.contains("payer")) {
    const json& payer = entry.body["payer"];
    receipt.payer = Payer{payer.value("kind", ""), payer.value("name", ""),
                          payer.value("id_no", ""), payer.value("address", "")};
  }
  receipt.taxpayer = entry.body.value("taxpayer", int64_t{0});
  for (const auto& line : entry.body.value("lines", json::array())) {
    receipt.lines.push_back(ReceiptLine{line.value("item", ""), line.value("item_name", ""),
                                        line.value("description", ""),
                                        Money::FromSatang(line.value("amount", int64_t{0})),
                                        line.value("assessment", int64_t{0}),
                                        line.value("account", "")});
  }
  receipt.total = Money::FromSatang(entry.body.value("total", int64_t{0}));
  receipt.means = entry.body.value("means", "");
  receipt.means_th = MeansThai(receipt.means);
  receipt.means_reference = entry.body.value("means_reference", "");
  receipt.collector = entry.body.value("collector", int64_t{0});
  receipt.collector_name = entry.body.value("collector_name", "");
  receipt.hash = entry.hash;
  if (entry.kind == kKindReceiptSpoil) {
    receipt.status = kReceiptSpoiled;
    receipt.status_th = "ยกเลิก (เสีย): " + entry.body.value("reason", "");
    receipt.cancel_reason = entry.body.value("reason", "");
  } else {
    receipt.status = kReceiptValid;
    receipt.status_th = "ใช้ได้";
  }
  return receipt;
}

// A tax receipt prints the properties its assessments covered.
void RevenueService::Impl::AddCoveredProperties(Receipt* receipt) {
  std::set<int64_t> seen;
  for (const auto& line : receipt->lines) {
    if (line.assessment == 0) continue;
    auto assessment = ledger.Get(receipt->org, line.assessment);
    if (!assessment.ok()) continue;
    for (const auto& property : assessment->body.value("properties", json::array())) {
      const int64_t id = property.value("id", int64_t{0});
      if (!seen.insert(id).second) continue;
      Property view;
      view.org = receipt->org;
      view.id = id;
      view.kind = property.value("kind", "");
      view.kind_th = property.value("kind_th", "");
      view.description = property.value("description", "");
      view.location = property.value("location", "");
      receipt->properties.push_back(std::move(view));
    }
  }
}

Result<Receipt> RevenueService::GetReceipt(int64_t org, int64_t receipt_id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.EntryOfKind(org, receipt_id,
                                                    {kKindReceipt, kKindReceiptSpoil},
                                                    "ไม่พบใบเสร็จรับเงิน"));
  Receipt receipt = m.ToReceipt(entry);
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      m.Query("SELECT status, cancel_seq, remittance_id FROM rev_receipts WHERE org_id = $1 AND "
              "id = $2",
              {org, receipt_id}));
  if (!rows.empty()) {
    if (rows[0].Text(0) == kReceiptCancelled && !rows[0].IsNull(1)) {
      receipt.status = kReceiptCancelled;
      receipt.cancel_seq = rows[0].Int(1);
      auto cancel = m.ledger.Get(org, receipt.cancel_seq);
      if (cancel.ok()) receipt.cancel_reason = cancel->body.value("reason", "");
      receipt.status_th = "ยกเลิก: " + receipt.cancel_reason;
    }
    if (!rows[0].IsNull(2)) {
      receipt.remittance = rows[0].Int(2);
      auto remittance = m.ledger.Get(org, receipt.remittance);
      if (remittance.ok()) {
        receipt.remittance_number = RemittanceNumberText(
            NumberOf(*remittance, kRemittanceSeries), remittance->fiscal_year);
      }
    }
  }
  m.AddCoveredProperties(&receipt);
  return receipt;
}

Result<std::vector<Receipt>> RevenueService::Receipts(int64_t org, const ReceiptQuery& query) {
  Impl& m = *impl_;
  std::string sql =
      "SELECT id FROM rev_receipts WHERE org_id = $1 AND day >= $2 AND day <= $3 AND "
      "($4 = 0 OR collector = $4) AND ($5 = '' OR payer_name LIKE $5 OR payer_id LIKE $5) AND "
      "($8 = 0 OR book_id = $8)";
  if (query.not_remitted_only) sql += " AND status = 'valid' AND remittance_id IS NULL";
  sql += " ORDER BY day DESC, id DESC LIMIT $6 OFFSET $7";
  std::string like;
  if (!query.text.empty()) {
    for (char c : query.text) {
      if (c != '%' && c != '_') like += c;
    }
    like = "%" + like + "%";
  }
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      m.Query(sql, {org, query.from ? query.from->ToIso() : std::string("0000-00-00"),
                    query.to ? query.to->ToIso() : std::string("9999-99-99"), query.collector,
                    like, static_cast<int64_t>(std::min<size_t>(query.limit, kReceiptsListedMax + 1)),
                    static_cast<int64_t>(query.offset), query.book}));
  std::vector<Receipt> receipts;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Receipt receipt, GetReceipt(org, row.Int(0)));
    receipts.push_back(std::move(receipt));
  }
  return receipts;
}

}  // namespace klang::revenue
