// Remittances, the day's summary with its receipt voucher, deposits and money arriving in the
// bank.
#include <algorithm>
#include <map>
#include <set>

#include "revenue/internal.h"
#include "revenue/kinds.h"

namespace klang::revenue {

using ledger::Entry;
using nlohmann::json;

namespace {

constexpr int64_t kListedLimit = static_cast<int64_t>(kDocumentsListedMax) + 1;

// "เล่มที่ 001 เลขที่ 1–5, 7" for each book, from (book_no, number) pairs.
std::vector<std::string> NumberRanges(std::vector<std::pair<std::string, int64_t>> numbers) {
  std::sort(numbers.begin(), numbers.end());
  std::vector<std::string> ranges;
  size_t index = 0;
  while (index < numbers.size()) {
    const std::string& book = numbers[index].first;
    std::string text = "เล่มที่ " + book + " เลขที่ ";
    bool first_run = true;
    while (index < numbers.size() && numbers[index].first == book) {
      const int64_t start = numbers[index].second;
      int64_t end = start;
      while (index + 1 < numbers.size() && numbers[index + 1].first == book &&
             numbers[index + 1].second == end + 1) {
        ++index;
        ++end;
      }
      ++index;
      if (!first_run) text += ", ";
      first_run = false;
      text += std::to_string(start);
      if (end != start) text += "–" + std::to_string(end);
    }
    ranges.push_back(std::move(text));
  }
  return ranges;
}

json ItemsJson(const std::map<std::pair<std::string, std::string>, ItemTotal>& items) {
  json out = json::array();
  for (const auto& [key, total] : items) {
    out.push_back({{"item", total.item},
                   {"item_name", total.item_name},
                   {"account", total.account},
                   {"amount", total.amount.satang()}});
  }
  return out;
}

std::vector<ItemTotal> ItemsFromJson(const json& items) {
  std::vector<ItemTotal> out;
  for (const auto& item : items) {
    out.push_back({item.value("item", ""), item.value("item_name", ""), item.value("account", ""),
                   Money::FromSatang(item.value("amount", int64_t{0}))});
  }
  return out;
}

Status AddTo(Money* total, Money amount) {
  KLANG_ASSIGN_OR_RETURN(*total, Money::CheckedAdd(*total, amount));
  return Status::Ok();
}

}  // namespace

// ---- remittance ----

Result<Remittance> RevenueService::Remit(const RemittanceInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.DocumentDate(input.date));
  KLANG_ASSIGN_OR_RETURN(org::Organisation organisation, m.orgs.Get(input.org));
  const int64_t to_org = input.to_org == 0 ? input.org : input.to_org;
  if (to_org != input.org &&
      !(organisation.type == org::OrgType::kUnit && to_org == organisation.parent_id)) {
    return Status::InvalidInput("revenue.remit_to",
                                "นำส่งเงินได้เฉพาะหน่วยงานคลังของตนเอง หรือ อปท. ต้นสังกัดของหน่วยงาน", "",
                                "to_org");
  }
  KLANG_ASSIGN_OR_RETURN(org::Organisation receiver, m.orgs.Get(to_org));
  if (input.receipts.empty()) {
    return Status::InvalidInput("revenue.no_receipts", "กรุณาเลือกใบเสร็จรับเงินที่จะนำส่ง", "",
                                "receipts");
  }
  if (input.receipts.size() > kRemittanceReceiptsMax) {
    return Status::InvalidInput("revenue.too_many_receipts", "ใบเสร็จในใบนำส่งฉบับเดียวมากเกินไป", "",
                                "receipts");
  }
  if (input.received_by.size() > kTextBytesMax) {
    return Status::InvalidInput("revenue.too_long", "ชื่อผู้รับเงินยาวเกินไป", "", "received_by");
  }
  std::set<int64_t> ids(input.receipts.begin(), input.receipts.end());
  std::map<std::pair<std::string, std::string>, ItemTotal> items;
  std::vector<std::pair<std::string, int64_t>> numbers;
  Money cash, cheque, other, total;
  for (int64_t id : ids) {
    auto receipt = GetReceipt(input.org, id);
    if (!receipt.ok()) {
      return Status::InvalidInput("revenue.receipt_not_found",
                                  "ไม่พบใบเสร็จรับเงินลำดับที่ " + std::to_string(id) + " ในหน่วยงานนี้",
                                  "", "receipts");
    }
    const std::string label = "ใบเสร็จเล่มที่ " + receipt->book_no + " เลขที่ " +
                              std::to_string(receipt->number);
    if (receipt->collector != actor.user_id) {
      return Status::InvalidInput("revenue.not_own_receipt",
                                  label + " ออกโดย " + receipt->collector_name +
                                      " ผู้จัดเก็บแต่ละคนนำส่งได้เฉพาะใบเสร็จของตนเอง",
                                  "", "receipts");
    }
    if (receipt->status != kReceiptValid) {
      return Status::InvalidInput("revenue.receipt_cancelled", label + " ถูกยกเลิกแล้ว", "",
                                  "receipts");
    }
    if (receipt->remittance != 0) {
      return Status::InvalidInput("revenue.receipt_remitted",
                                  label + " นำส่งแล้วตาม " + receipt->remittance_number, "",
                                  "receipts");
    }
    if (receipt->date > date) {
      return Status::InvalidInput("revenue.remit_before_receipt",
                                  label + " ลงวันที่หลังวันที่นำส่ง", "", "date");
    }
    numbers.emplace_back(receipt->book_no, receipt->number);
    for (const auto& line : receipt->lines) {
      ItemTotal& sum = items[{line.item, line.account}];
      sum.item = line.item;
      sum.item_name = line.item_name;
      sum.account = line.account;
      KLANG_RETURN_IF_ERROR(AddTo(&sum.amount, line.amount));
    }
    Money* bucket = receipt->means == kMeansCash ? &cash : receipt->means == kMeansCheque ? &cheque : &other;
    KLANG_RETURN_IF_ERROR(AddTo(bucket, receipt->total));
    KLANG_RETURN_IF_ERROR(AddTo(&total, receipt->total));
  }
  ledger::EntryDraft draft = m.Draft(input.org, input.entry_id, kKindRemittance, date, actor);
  draft.number_series = {kRemittanceSeries};
  draft.body = {{"collector", actor.user_id},
                {"collector_name", actor.name},
                {"to_org", to_org},
                {"to_org_name", receiver.name},
                {"received_by", input.received_by},
                {"receipts", json(std::vector<int64_t>(ids.begin(), ids.end()))},
                {"ranges", NumberRanges(numbers)},
                {"items", ItemsJson(items)},
                {"cash", cash.satang()},
                {"cheque", cheque.satang()},
                {"other", other.satang()},
                {"total", total.satang()}};
  KLANG_ASSIGN_OR_RETURN(ledger::Appended appended, m.AppendDocument(std::move(draft)));
  if (appended.duplicate) return GetRemittance(appended.entry.org, appended.entry.seq);
  return m.ToRemittance(appended.entry);  // new: in no summary yet
}

Remittance RevenueService::Impl::ToRemittance(const Entry& entry) {
  Remittance remittance;
  remittance.org = entry.org;
  remittance.id = entry.seq;
  auto number = entry.numbers.find(kRemittanceSeries);
  remittance.number = number == entry.numbers.end() ? 0 : number->second;
  remittance.number_text =
      ledger::DocumentNumberText(entry, RemittanceNumberText(remittance.number, entry.fiscal_year));
  remittance.date = entry.document_date;
  const json& body = entry.body;
  remittance.collector = body.value("collector", int64_t{0});
  remittance.collector_name = body.value("collector_name", "");
  remittance.received_by = body.value("received_by", "");
  remittance.to_org = body.value("to_org", int64_t{0});
  remittance.receipts = body.value("receipts", std::vector<int64_t>());
  remittance.ranges = body.value("ranges", std::vector<std::string>());
  remittance.items = ItemsFromJson(body.value("items", json::array()));
  remittance.cash = Money::FromSatang(body.value("cash", int64_t{0}));
  remittance.cheque = Money::FromSatang(body.value("cheque", int64_t{0}));
  remittance.other = Money::FromSatang(body.value("other", int64_t{0}));
  remittance.total = Money::FromSatang(body.value("total", int64_t{0}));
  return remittance;
}

Result<Remittance> RevenueService::GetRemittance(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Entry entry,
                         m.EntryOfKind(org, id, {kKindRemittance}, "ไม่พบใบนำส่งเงิน"));
  Remittance remittance = m.ToRemittance(entry);
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      m.Query("SELECT org_id, summary_id FROM rev_summary_items WHERE remittance_org = $1 AND "
              "remittance_id = $2",
              {org, id}));
  if (!rows.empty()) {
    remittance.summary_org = rows[0].Int(0);
    remittance.summary = rows[0].Int(1);
    auto summary = m.ledger.Get(remittance.summary_org, remittance.summary);
    if (summary.ok()) {
      remittance.summary_number = ledger::DocumentNumberText(
          *summary, SummaryNumberText(NumberOf(*summary, kSummarySeries), summary->fiscal_year));
    }
  }
  return remittance;
}

Result<std::vector<Remittance>> RevenueService::Remittances(int64_t org, std::optional<Date> date) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT id FROM rev_remittances WHERE org_id = $1 AND ($2 = '' OR day = $2) "
                   "ORDER BY id DESC LIMIT $3",
                   {org, date ? date->ToIso() : std::string(), kListedLimit}));
  std::vector<Remittance> remittances;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Remittance remittance, GetRemittance(org, row.Int(0)));
    remittances.push_back(std::move(remittance));
  }
  return remittances;
}

Result<std::vector<Remittance>> RevenueService::PendingRemittances(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT r.org_id, r.id FROM rev_remittances r WHERE r.to_org = $1 AND NOT "
                   "EXISTS (SELECT 1 FROM rev_summary_items s WHERE s.remittance_org = r.org_id "
                   "AND s.remittance_id = r.id) ORDER BY r.day, r.org_id, r.id",
                   {org}));
  std::vector<Remittance> remittances;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Remittance remittance, GetRemittance(row.Int(0), row.Int(1)));
    remittances.push_back(std::move(remittance));
  }
  return remittances;
}

// ---- summary of remittance slips and the receipt voucher ----

Result<Summary> RevenueService::Summarise(const SummaryInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.DocumentDate(input.date));
  if (input.remittances.empty()) {
    return Status::InvalidInput("revenue.no_remittances", "กรุณาเลือกใบนำส่งเงินที่จะสรุป", "",
                                "remittances");
  }
  if (input.remittances.size() > kSummaryRemittancesMax) {
    return Status::InvalidInput("revenue.too_many_remittances", "ใบนำส่งเงินมากเกินไป", "",
                                "remittances");
  }
  if (input.description.size() > kTextBytesMax) {
    return Status::InvalidInput("revenue.too_long", "คำอธิบายยาวเกินไป", "", "description");
  }
  std::set<std::pair<int64_t, int64_t>> keys(input.remittances.begin(), input.remittances.end());
  std::map<std::pair<std::string, std::string>, ItemTotal> items;
  json slips = json::array();
  Money cash_side, other_side, total;
  for (const auto& [org, id] : keys) {
    auto remittance = GetRemittance(org, id);
    if (!remittance.ok() || remittance->to_org != input.org) {
      return Status::InvalidInput("revenue.remittance_not_found",
                                  "ไม่พบใบนำส่งเงินที่นำส่งถึงหน่วยงานนี้", "", "remittances");
    }
    if (remittance->summary != 0) {
      return Status::InvalidInput("revenue.remittance_summarised",
                                  remittance->number_text + " สรุปไปแล้วใน " +
                                      remittance->summary_number,
                                  "", "remittances");
    }
    if (remittance->date > date) {
      return Status::InvalidInput("revenue.summary_before_remittance",
                                  remittance->number_text + " ลงวันที่หลังวันที่สรุป", "", "date");
    }
    for (const auto& item : remittance->items) {
      ItemTotal& sum = items[{item.item, item.account}];
      sum.item = item.item;
      sum.item_name = item.item_name;
      sum.account = item.account;
      KLANG_RETURN_IF_ERROR(AddTo(&sum.amount, item.amount));
    }
    KLANG_RETURN_IF_ERROR(AddTo(&cash_side, remittance->cash));
    KLANG_RETURN_IF_ERROR(AddTo(&cash_side, remittance->cheque));
    KLANG_RETURN_IF_ERROR(AddTo(&other_side, remittance->other));
    KLANG_RETURN_IF_ERROR(AddTo(&total, remittance->total));
    auto sender = m.orgs.Get(org);
    slips.push_back({{"org", org},
                     {"id", id},
                     {"number_text", remittance->number_text},
                     {"collector_name", remittance->collector_name},
                     {"org_name", sender.ok() ? sender->name : ""},
                     {"cash", remittance->cash.satang()},
                     {"cheque", remittance->cheque.satang()},
                     {"other", remittance->other.satang()},
                     {"total", remittance->total.satang()}});
  }
  ledger::EntryDraft draft = m.Draft(input.org, input.entry_id, kKindSummary, date, actor);
  draft.number_series = {kSummarySeries, kReceiptVoucherSeries};
  // Cash and cheques come in hand; transfers and QR payments are already in the bank.
  if (cash_side.is_positive()) draft.lines.push_back({kCashAccount, cash_side, Money()});
  int64_t bank_account = 0;
  if (other_side.is_positive()) {
    auto accounts = BankAccounts(input.org);
    if (!accounts.ok() || accounts->empty()) {
      return Status::InvalidInput("revenue.no_bank_account",
                                  "มีเงินรับโดยการโอน/QR แต่ยังไม่มีบัญชีเงินฝากธนาคารในทะเบียน", "",
                                  "remittances");
    }
    const BankAccount* chosen = &accounts->front();
    for (const auto& account : *accounts) {
      if (account.id == input.bank_account) chosen = &account;
    }
    bank_account = chosen->id;
    draft.lines.push_back({chosen->gl_account, other_side, Money()});
  }
  std::map<std::string, Money> by_account;
  for (const auto& [key, item] : items) {
    KLANG_RETURN_IF_ERROR(AddTo(&by_account[item.account], item.amount));
  }
  for (const auto& [account, amount] : by_account) {
    draft.lines.push_back({account, Money(), amount});
  }
  draft.body = {{"remittances", slips},
                {"items", ItemsJson(items)},
                {"total", total.satang()},
                {"description", input.description.empty()
                                    ? "รับเงินตามใบนำส่งเงินประจำวัน"
                                    : input.description}};
  if (bank_account != 0) draft.body["bank_account"] = bank_account;
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.Append(std::move(draft)));
  return GetSummary(entry.org, entry.seq);
}

Result<Summary> RevenueService::GetSummary(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Entry entry,
                         m.EntryOfKind(org, id, {kKindSummary}, "ไม่พบใบสำคัญสรุปใบนำส่งเงิน"));
  Summary summary;
  summary.org = org;
  summary.id = entry.seq;
  summary.summary_number = ledger::DocumentNumberText(
      entry, SummaryNumberText(NumberOf(entry, kSummarySeries), entry.fiscal_year));
  summary.voucher_number = ledger::DocumentNumberText(
      entry, ReceiptVoucherNumberText(NumberOf(entry, kReceiptVoucherSeries), entry.fiscal_year));
  summary.date = entry.document_date;
  summary.fiscal_year = entry.fiscal_year;
  for (const auto& slip : entry.body.value("remittances", json::array())) {
    Remittance remittance;
    remittance.org = slip.value("org", int64_t{0});
    remittance.id = slip.value("id", int64_t{0});
    remittance.number_text = slip.value("number_text", "");
    // The slip's number as it stands now (official once an edge node's catch-up numbered it).
    if (auto slip_entry = m.ledger.Get(remittance.org, remittance.id);
        slip_entry.ok() && slip_entry->kind == kKindRemittance) {
      remittance.number_text = ledger::DocumentNumberText(
          *slip_entry, RemittanceNumberText(NumberOf(*slip_entry, kRemittanceSeries),
                                            slip_entry->fiscal_year));
    }
    remittance.collector_name = slip.value("collector_name", "");
    remittance.cash = Money::FromSatang(slip.value("cash", int64_t{0}));
    remittance.cheque = Money::FromSatang(slip.value("cheque", int64_t{0}));
    remittance.other = Money::FromSatang(slip.value("other", int64_t{0}));
    remittance.total = Money::FromSatang(slip.value("total", int64_t{0}));
    remittance.received_by = slip.value("org_name", "");  // the sending organisation's name
    summary.remittances.push_back(std::move(remittance));
  }
  summary.items = ItemsFromJson(entry.body.value("items", json::array()));
  summary.lines = m.LineViews(entry);
  summary.total = Money::FromSatang(entry.body.value("total", int64_t{0}));
  summary.description = entry.body.value("description", "");
  summary.author = entry.author;
  summary.hash = entry.hash;
  return summary;
}

Result<std::vector<Summary>> RevenueService::Summaries(int64_t org, std::optional<Date> date) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT id FROM rev_cash_docs WHERE org_id = $1 AND kind = 'rev.summary' AND "
                   "($2 = '' OR day = $2) ORDER BY id DESC LIMIT $3",
                   {org, date ? date->ToIso() : std::string(), kListedLimit}));
  std::vector<Summary> summaries;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Summary summary, GetSummary(org, row.Int(0)));
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

// ---- deposits and money arriving in the bank ----

Result<CashDocument> RevenueService::Deposit(const DepositInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.DocumentDate(input.date));
  auto bank = GetBankAccount(input.org, input.bank_account);
  if (!bank.ok()) {
    return Status::InvalidInput("revenue.bank_account_not_found", "กรุณาเลือกบัญชีเงินฝากธนาคาร", "",
                                "bank_account");
  }
  KLANG_ASSIGN_OR_RETURN(Money amount, m.PositiveAmount(input.amount, "amount"));
  if (input.slip_reference.size() > kTextBytesMax) {
    return Status::InvalidInput("revenue.too_long", "เลขที่ใบนำฝากยาวเกินไป", "", "slip_reference");
  }
  // Cash on hand at the end of the deposit's day: no more can go to the bank than is in hand.
  KLANG_ASSIGN_OR_RETURN(
      std::vector<ledger::AccountTotals> totals,
      m.ledger.Totals(input.org, std::nullopt, date));
  Money on_hand;
  for (const auto& total : totals) {
    if (total.account == kCashAccount) on_hand = total.debit - total.credit;
  }
  if (amount > on_hand) {
    return Status::InvalidInput("revenue.deposit_exceeds_cash",
                                "ยอดนำฝาก " + amount.Format() + " บาท เกินเงินสดคงเหลือ " +
                                    on_hand.Format() + " บาท",
                                "", "amount");
  }
  ledger::EntryDraft draft = m.Draft(input.org, input.entry_id, kKindDeposit, date, actor);
  draft.number_series = {kDepositSeries};
  draft.lines = {{bank->gl_account, amount, Money()}, {kCashAccount, Money(), amount}};
  draft.body = {{"bank_account", bank->id},
                {"bank_account_name", bank->name + " " + bank->bank + " เลขที่ " + bank->account_no},
                {"amount", amount.satang()},
                {"reference", input.slip_reference},
                {"description", "นำเงินสดฝากธนาคาร"}};
  KLANG_ASSIGN_OR_RETURN(ledger::Appended appended, m.AppendDocument(std::move(draft)));
  return m.ToCashDocument(appended.entry);  // a cash document is its entry alone
}

Result<CashDocument> RevenueService::ReceiveInBank(const BankReceiptInput& input,
                                                   const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.DocumentDate(input.date));
  auto bank = GetBankAccount(input.org, input.bank_account);
  if (!bank.ok()) {
    return Status::InvalidInput("revenue.bank_account_not_found", "กรุณาเลือกบัญชีเงินฝากธนาคาร", "",
                                "bank_account");
  }
  auto item = m.catalog.Find(input.item);
  if (!item.ok()) {
    return Status::InvalidInput("revenue.unknown_item", item.status().message_th(), "", "item");
  }
  if (!item->direct_bank) {
    return Status::InvalidInput("revenue.item_not_direct_bank",
                                item->name_th + " ไม่ใช่รายได้ที่รับโอนเข้าบัญชีธนาคารโดยตรง", "", "item");
  }
  KLANG_ASSIGN_OR_RETURN(Money amount, m.PositiveAmount(input.amount, "amount"));
  KLANG_RETURN_IF_ERROR(m.RequiredText(input.description, "description", "คำอธิบายรายการ"));
  if (input.reference.size() > kTextBytesMax) {
    return Status::InvalidInput("revenue.too_long", "เลขอ้างอิงยาวเกินไป", "", "reference");
  }
  ledger::EntryDraft draft = m.Draft(input.org, input.entry_id, kKindBankReceipt, date, actor);
  draft.number_series = {kReceiptVoucherSeries};
  draft.lines = {{bank->gl_account, amount, Money()}, {item->account, Money(), amount}};
  draft.body = {{"bank_account", bank->id},
                {"bank_account_name", bank->name + " " + bank->bank + " เลขที่ " + bank->account_no},
                {"item", item->code},
                {"item_name", item->name_th},
                {"amount", amount.satang()},
                {"description", input.description},
                {"reference", input.reference}};
  KLANG_ASSIGN_OR_RETURN(ledger::Appended appended, m.AppendDocument(std::move(draft)));
  return m.ToCashDocument(appended.entry);  // a cash document is its entry alone
}

CashDocument RevenueService::Impl::ToCashDocument(const Entry& entry) {
  CashDocument document;
  document.org = entry.org;
  document.id = entry.seq;
  document.kind = entry.kind;
  const bool deposit = entry.kind == kKindDeposit;
  document.kind_th = deposit ? "ใบนำฝากเงิน" : "ใบผ่านรายการรับ (รับเงินเข้าบัญชีธนาคาร)";
  document.number_text = ledger::DocumentNumberText(
      entry, deposit ? DepositNumberText(NumberOf(entry, kDepositSeries), entry.fiscal_year)
                     : ReceiptVoucherNumberText(NumberOf(entry, kReceiptVoucherSeries),
                                                entry.fiscal_year));
  document.date = entry.document_date;
  document.bank_account = entry.body.value("bank_account", int64_t{0});
  document.bank_account_name = entry.body.value("bank_account_name", "");
  document.item = entry.body.value("item", "");
  document.item_name = entry.body.value("item_name", "");
  document.description = entry.body.value("description", "");
  document.reference = entry.body.value("reference", "");
  document.amount = Money::FromSatang(entry.body.value("amount", int64_t{0}));
  document.lines = LineViews(entry);
  document.author = entry.author;
  document.hash = entry.hash;
  return document;
}

Result<CashDocument> RevenueService::GetCashDocument(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.EntryOfKind(org, id, {kKindDeposit, kKindBankReceipt},
                                                    "ไม่พบเอกสาร"));
  return m.ToCashDocument(entry);
}

Result<std::vector<CashDocument>> RevenueService::CashDocuments(int64_t org,
                                                                std::optional<Date> date) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT id FROM rev_cash_docs WHERE org_id = $1 AND kind <> 'rev.summary' AND "
                   "($2 = '' OR day = $2) ORDER BY id DESC LIMIT $3",
                   {org, date ? date->ToIso() : std::string(), kListedLimit}));
  std::vector<CashDocument> documents;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(CashDocument document, GetCashDocument(org, row.Int(0)));
    documents.push_back(std::move(document));
  }
  return documents;
}

}  // namespace klang::revenue
