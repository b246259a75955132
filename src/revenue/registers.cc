// Revenue estimates, the revenue register, the deposit registers and the daily financial status
// — all read from projections (per-day sums), never by scanning the log.
#include <map>
#include <set>

#include "revenue/internal.h"
#include "revenue/kinds.h"

namespace klang::revenue {

using nlohmann::json;

Status RevenueService::SetEstimate(const EstimateInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  const Date today = m.clock.TodayInThailand();
  if (input.fiscal_year < FiscalYearOf(today) - 1 || input.fiscal_year > FiscalYearOf(today) + 1) {
    return Status::InvalidInput("revenue.estimate_year",
                                "ประมาณการรายรับได้เฉพาะปีงบประมาณปัจจุบัน ปีก่อน หรือปีถัดไป", "",
                                "fiscal_year");
  }
  json lines = json::array();
  std::set<std::string> seen;
  for (size_t index = 0; index < input.lines.size(); ++index) {
    const auto& line = input.lines[index];
    if (line.item.empty() && line.amount.empty()) continue;
    const std::string field = "lines[" + std::to_string(index) + "]";
    auto item = m.catalog.Find(line.item);
    if (!item.ok()) {
      return Status::InvalidInput("revenue.unknown_item", item.status().message_th(), "",
                                  field + ".item");
    }
    if (!seen.insert(item->code).second) {
      return Status::InvalidInput("revenue.estimate_repeated",
                                  item->name_th + " ระบุซ้ำในประมาณการ", "", field + ".item");
    }
    auto amount = Money::Parse(line.amount);
    if (!amount.ok() || amount->is_negative()) {
      return Status::InvalidInput("revenue.estimate_amount",
                                  "ประมาณการของ " + item->name_th + " ไม่ถูกต้อง", "",
                                  field + ".amount");
    }
    if (line.justification.size() > 2'000) {
      return Status::InvalidInput("revenue.too_long", "คำชี้แจงยาวเกินไป", "",
                                  field + ".justification");
    }
    lines.push_back({{"item", item->code},
                     {"item_name", item->name_th},
                     {"amount", amount->satang()},
                     {"justification", line.justification}});
  }
  // The entry is dated today but concerns `fiscal_year`; it is filed in today's fiscal year.
  ledger::EntryDraft draft = m.Draft(input.org, input.entry_id, kKindEstimate, today, actor);
  draft.body = {{"fiscal_year", input.fiscal_year}, {"lines", lines}};
  return m.Append(std::move(draft)).status();
}

Result<RevenueRegister> RevenueService::RevenueRegisterOn(int64_t org, Date date) {
  Impl& m = *impl_;
  RevenueRegister reg;
  reg.org = org;
  reg.date = date;
  reg.fiscal_year = FiscalYearOf(date);
  const std::string start = FiscalYearStart(reg.fiscal_year).ToIso();
  KLANG_ASSIGN_OR_RETURN(
      store::Rows estimates,
      m.Query("SELECT item, amount FROM rev_estimates WHERE org_id = $1 AND fiscal_year = $2",
              {org, int64_t{reg.fiscal_year}}));
  KLANG_ASSIGN_OR_RETURN(
      store::Rows actuals,
      m.Query("SELECT item, CAST(SUM(CASE WHEN day < $3 THEN amount ELSE 0 END) AS {INT}), "
              "CAST(SUM(CASE WHEN day = $3 THEN amount ELSE 0 END) AS {INT}) FROM "
              "rev_revenue_daily WHERE org_id = $1 AND day >= $2 AND day <= $3 GROUP BY item",
              {org, start, date.ToIso()}));
  std::map<std::string, RevenueRegisterRow> rows;
  std::optional<std::map<std::string, Money>> budgeted;
  if (estimates_) {
    KLANG_ASSIGN_OR_RETURN(budgeted, estimates_(org, reg.fiscal_year));
  }
  if (budgeted) {
    for (const auto& [item, amount] : *budgeted) rows[item].estimate = amount;
  } else {
    for (const auto& row : estimates) rows[row.Text(0)].estimate = Money::FromSatang(row.Int(1));
  }
  for (const auto& row : actuals) {
    rows[row.Text(0)].before = Money::FromSatang(row.Int(1));
    rows[row.Text(0)].on_day = Money::FromSatang(row.Int(2));
  }
  // Every revenue item of the classification appears, in its order, even with nothing yet.
  for (const auto& item : m.catalog.items()) {
    if (item.kind != ItemKind::kRevenue) continue;
    RevenueRegisterRow row = rows[item.code];
    row.item = item.code;
    row.item_name = item.name_th;
    row.category_th = item.category_th;
    row.to_date = row.before + row.on_day;
    row.difference = row.to_date - row.estimate;
    reg.estimate = reg.estimate + row.estimate;
    reg.before = reg.before + row.before;
    reg.on_day = reg.on_day + row.on_day;
    reg.to_date = reg.to_date + row.to_date;
    reg.rows.push_back(std::move(row));
  }
  return reg;
}

Result<DepositRegister> RevenueService::DepositRegisterOf(int64_t org, const std::string& account,
                                                          Date from, Date to) {
  Impl& m = *impl_;
  DepositRegister reg;
  reg.org = org;
  reg.account = account;
  reg.from = from;
  reg.to = to;
  for (const auto& type : m.catalog.deposit_types()) {
    if (type.account == account) reg.name_th = type.name_th;
  }
  if (reg.name_th.empty()) {
    return Status::NotFound("revenue.deposit_type", "ไม่พบประเภทเงินรับฝาก");
  }
  KLANG_ASSIGN_OR_RETURN(
      store::Rows opening,
      m.Query("SELECT COALESCE(CAST(SUM(credit - debit) AS {INT}), 0) FROM rev_deposit_lines "
              "WHERE org_id = $1 AND account = $2 AND day < $3",
              {org, account, from.ToIso()}));
  reg.opening = Money::FromSatang(opening[0].Int(0));
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      m.Query("SELECT seq, day, CAST(SUM(debit) AS {INT}), CAST(SUM(credit) AS {INT}) FROM "
              "rev_deposit_lines WHERE org_id = $1 AND account = $2 AND day >= $3 AND day <= $4 "
              "GROUP BY seq, day ORDER BY day, seq LIMIT $5",
              {org, account, from.ToIso(), to.ToIso(),
               static_cast<int64_t>(kDepositRegisterRowsMax) + 1}));
  KLANG_ASSIGN_OR_RETURN(
      store::Rows totals,
      m.Query("SELECT COALESCE(CAST(SUM(debit) AS {INT}), 0), "
              "COALESCE(CAST(SUM(credit) AS {INT}), 0) FROM rev_deposit_lines "
              "WHERE org_id = $1 AND account = $2 AND day >= $3 AND day <= $4",
              {org, account, from.ToIso(), to.ToIso()}));
  reg.paid = Money::FromSatang(totals[0].Int(0));
  reg.received = Money::FromSatang(totals[0].Int(1));
  reg.closing = reg.opening + reg.received - reg.paid;
  reg.truncated = rows.size() > kDepositRegisterRowsMax;
  Money balance = reg.opening;
  for (size_t index = 0; index < rows.size() && index < kDepositRegisterRowsMax; ++index) {
    const store::Row& row = rows[index];
    DepositRegisterRow line;
    line.seq = row.Int(0);
    line.date = Date::ParseIso(row.Text(1)).value();
    line.paid = Money::FromSatang(row.Int(2));
    line.received = Money::FromSatang(row.Int(3));
    balance = balance + line.received - line.paid;
    line.balance = balance;
    auto entry = m.ledger.Get(org, line.seq);
    if (entry.ok()) {
      line.description = entry->body.value("description", "");
      if (entry->kind == kKindSummary) {
        line.document = ledger::DocumentNumberText(
            *entry, SummaryNumberText(NumberOf(*entry, kSummarySeries), entry->fiscal_year) +
                        " / " +
                        ReceiptVoucherNumberText(NumberOf(*entry, kReceiptVoucherSeries),
                                                 entry->fiscal_year));
      } else if (entry->kind == kKindBankReceipt) {
        line.document = ledger::DocumentNumberText(
            *entry, ReceiptVoucherNumberText(NumberOf(*entry, kReceiptVoucherSeries), entry->fiscal_year));
      } else {
        line.document = entry->kind + " ลำดับที่ " + std::to_string(entry->seq);
        for (const auto& [series, number] : entry->numbers) {
          line.document = series + " " + std::to_string(number) + "/" +
                          std::to_string(entry->fiscal_year);
        }
      }
    }
    reg.rows.push_back(std::move(line));
  }
  // The rows' running balance ends at the closing figure unless the register was cut.
  KLANG_ASSERT(reg.truncated || balance == reg.closing);
  return reg;
}

Result<DailyStatus> RevenueService::DailyStatusOn(int64_t org, Date date) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(org));
  DailyStatus status;
  status.org = org;
  status.date = date;
  const std::string day = date.ToIso();
  KLANG_ASSIGN_OR_RETURN(std::vector<BankAccount> accounts, BankAccounts(org));

  // Cash and bank GL accounts: brought forward (before the day) and the day's movements, from
  // the per-day balance rows.
  KLANG_ASSIGN_OR_RETURN(
      store::Rows gl,
      m.Query("SELECT account, "
              "CAST(SUM(CASE WHEN day < $2 THEN debit - credit ELSE 0 END) AS {INT}), "
              "CAST(SUM(CASE WHEN day = $2 THEN debit ELSE 0 END) AS {INT}), "
              "CAST(SUM(CASE WHEN day = $2 THEN credit ELSE 0 END) AS {INT}) "
              "FROM ledger_balances WHERE org_id = $1 AND day <= $2 AND account IN ($3, $4, $5, $6) "
              "GROUP BY account",
              {org, day, std::string(kCashAccount), BankGlAccount("savings"),
               BankGlAccount("current"), BankGlAccount("fixed")}));
  for (const auto& row : gl) {
    const Money before = Money::FromSatang(row.Int(1));
    const Money debit = Money::FromSatang(row.Int(2));
    const Money credit = Money::FromSatang(row.Int(3));
    if (row.Text(0) == kCashAccount) {
      status.cash_brought_forward = before;
      status.cash_received = debit;
      status.cash_other_out = credit;  // the deposits are split out below
    } else {
      status.bank_brought_forward = status.bank_brought_forward + before;
      status.bank_deposits = status.bank_deposits + debit;
      status.bank_payments = status.bank_payments + credit;
    }
  }
  KLANG_ASSIGN_OR_RETURN(
      store::Rows deposited,
      m.Query("SELECT COALESCE(CAST(SUM(amount) AS {INT}), 0) FROM rev_cash_docs WHERE org_id = "
              "$1 AND kind = 'rev.deposit' AND day = $2",
              {org, day}));
  status.cash_deposited = Money::FromSatang(deposited[0].Int(0));
  status.cash_other_out = status.cash_other_out - status.cash_deposited;
  status.cash_carried_forward = status.cash_brought_forward + status.cash_received -
                                status.cash_deposited - status.cash_other_out;
  status.bank_carried_forward =
      status.bank_brought_forward + status.bank_deposits - status.bank_payments;

  KLANG_ASSIGN_OR_RETURN(
      store::Rows banks,
      m.Query("SELECT bank_account, "
              "CAST(SUM(CASE WHEN day < $2 THEN debit - credit ELSE 0 END) AS {INT}), "
              "CAST(SUM(CASE WHEN day = $2 THEN debit ELSE 0 END) AS {INT}), "
              "CAST(SUM(CASE WHEN day = $2 THEN credit ELSE 0 END) AS {INT}) "
              "FROM rev_bank_daily WHERE org_id = $1 AND day <= $2 GROUP BY bank_account",
              {org, day}));
  std::map<int64_t, const store::Row*> by_account;
  for (const auto& row : banks) by_account[row.Int(0)] = &row;
  Money detail_total;
  for (const auto& account : accounts) {
    BankBalanceRow row{account.id, account.name, account.bank, account.branch,
                       account.account_type_th, account.account_no};
    auto found = by_account.find(account.id);
    if (found != by_account.end()) {
      row.brought_forward = Money::FromSatang(found->second->Int(1));
      row.deposits = Money::FromSatang(found->second->Int(2));
      row.payments = Money::FromSatang(found->second->Int(3));
    }
    row.carried_forward = row.brought_forward + row.deposits - row.payments;
    detail_total = detail_total + row.carried_forward;
    status.banks.push_back(std::move(row));
  }
  status.bank_unattributed = status.bank_carried_forward - detail_total;

  KLANG_ASSIGN_OR_RETURN(
      store::Rows pending,
      m.Query("SELECT COUNT(*), COALESCE(CAST(SUM(total) AS {INT}), 0) FROM rev_receipts WHERE "
              "org_id = $1 AND day <= $2 AND status = 'valid' AND remittance_id IS NULL",
              {org, day}));
  status.receipts_not_remitted = pending[0].Int(0);
  status.receipts_not_remitted_amount = Money::FromSatang(pending[0].Int(1));
  if (uncollected_cheques_) {
    KLANG_ASSIGN_OR_RETURN(auto cheques, uncollected_cheques_(org, date));
    status.uncollected_cheques = cheques.first;
    status.uncollected_cheques_amount = cheques.second;
  }
  return status;
}

void RevenueService::SetEstimatesSource(EstimatesSource source) { estimates_ = std::move(source); }

void RevenueService::SetUncollectedChequesSource(UncollectedChequesSource source) {
  uncollected_cheques_ = std::move(source);
}

}  // namespace klang::revenue
