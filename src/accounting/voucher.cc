#include "accounting/voucher.h"

#include <algorithm>
#include <map>

#include "accounting/document_kit.h"
#include "accounting/kinds.h"
#include "core/thai.h"

namespace klang::accounting {
namespace {

// The bank accounts a voucher names, on its body: "bank_account" for one (as every module's
// documents name theirs), "bank_accounts" for several. Refused: an id that is not positive, a
// repeat, more than kVoucherBankAccountsMax.
Status PutBankAccounts(const std::vector<int64_t>& banks, nlohmann::json& body) {
  if (banks.size() > kVoucherBankAccountsMax) {
    return Status::InvalidInput("gl.bank_account", "ระบุบัญชีเงินฝากธนาคารได้ไม่เกิน " +
                                                       std::to_string(kVoucherBankAccountsMax) + " บัญชี", "", "bank_accounts");
  }
  for (size_t index = 0; index < banks.size(); ++index) {
    if (banks[index] <= 0 || std::find(banks.begin(), banks.begin() + static_cast<std::ptrdiff_t>(index), banks[index]) !=
                                 banks.begin() + static_cast<std::ptrdiff_t>(index)) {
      return Status::InvalidInput("gl.bank_account", "บัญชีเงินฝากธนาคารไม่ถูกต้องหรือระบุซ้ำ", "", "bank_accounts");
    }
  }
  if (banks.size() == 1) body["bank_account"] = banks[0];
  if (banks.size() > 1) body["bank_accounts"] = banks;
  return Status::Ok();
}

using ledger::Entry;

constexpr size_t kDescriptionBytesMax = 2000;
constexpr size_t kReasonBytesMax = 1000;

bool IsVoucherKind(const std::string& kind) {
  return kind == kKindVoucher || kind == kKindOpening || kind == kKindReversal;
}

// The entry's number in the voucher series (0 for an entry that drew none).
int64_t VoucherNumber(const Entry& entry) {
  auto found = entry.numbers.find(kVoucherSeries);
  return found == entry.numbers.end() ? 0 : found->second;
}

std::optional<int64_t> ReversesSeq(const Entry& entry) {
  if (entry.kind != kKindReversal) return std::nullopt;
  return entry.body.value("reverses_seq", int64_t{0});
}

// The gl_vouchers projection: one row per voucher, with the reversal link.
class VoucherCheck final : public ledger::ProjectionCheck {
 public:
  explicit VoucherCheck(int64_t org) : org_(org) {}
  bool ReadsBody(std::string_view kind) const override { return kind == kKindReversal; }
  void Fold(const Entry& entry) override {
    if (!IsVoucherKind(entry.kind)) return;
    Row& row = rows_[entry.seq];
    row.number = VoucherNumber(entry);
    row.amount = entry.TotalDebit().satang();
    row.opening = entry.kind == kKindOpening;
    if (auto reverses = ReversesSeq(entry)) {
      row.reverses = *reverses;
      rows_[*reverses].reversed_by = entry.seq;
    }
    if (row.opening || (row.reverses != 0 && rows_[row.reverses].opening)) {
      for (const auto& line : entry.lines) {
        auto& sums = openings_[{line.account, entry.posting_date.ToIso()}];
        sums.first += line.debit.satang();
        sums.second += line.credit.satang();
      }
    }
  }
  Result<std::optional<ledger::Disagreement>> Compare(store::Connection& connection) override {
    KLANG_ASSIGN_OR_RETURN(
        store::Rows stored,
        connection.Query("SELECT seq, number, amount, reverses_seq, reversed_by_seq FROM "
                         "gl_vouchers WHERE org_id = $1 ORDER BY seq",
                         {org_}));
    std::map<int64_t, Row> found;
    for (const auto& row : stored) {
      found[row.Int(0)] = Row{row.Int(1), row.Int(2), row.IsNull(3) ? 0 : row.Int(3),
                              row.IsNull(4) ? 0 : row.Int(4)};
    }
    for (const auto& [seq, row] : rows_) {
      auto other = found.find(seq);
      if (other == found.end() || other->second.number != row.number ||
          other->second.amount != row.amount || other->second.reverses != row.reverses ||
          other->second.reversed_by != row.reversed_by) {
        return std::optional<ledger::Disagreement>(
            ledger::Disagreement{seq, "voucher row differs from the log"});
      }
      found.erase(other);
    }
    if (!found.empty()) {
      return std::optional<ledger::Disagreement>(
          ledger::Disagreement{found.begin()->first, "voucher row with no entry behind it"});
    }
    return CompareOpenings(connection);
  }

 private:
  struct Row {
    int64_t number = 0;
    int64_t amount = 0;
    int64_t reverses = 0;
    int64_t reversed_by = 0;
    bool opening = false;
  };
  using Sums = std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>>;

  Result<std::optional<ledger::Disagreement>> CompareOpenings(store::Connection& connection) {
    KLANG_ASSIGN_OR_RETURN(store::Rows stored,
                           connection.Query("SELECT account, day, debit, credit FROM gl_openings "
                                            "WHERE org_id = $1",
                                            {org_}));
    Sums found;
    for (const auto& row : stored) found[{row.Text(0), row.Text(1)}] = {row.Int(2), row.Int(3)};
    if (found != openings_) {
      return std::optional<ledger::Disagreement>(
          ledger::Disagreement{0, "opening balances (gl_openings) differ from the log"});
    }
    return std::optional<ledger::Disagreement>();
  }

  int64_t org_;
  std::map<int64_t, Row> rows_;
  Sums openings_;  // (account, day) → (debit, credit) of openings and their reversals
};

class VoucherProjection final : public ledger::Projection {
 public:
  std::string_view name() const override { return "gl_vouchers"; }
  Status Apply(store::Connection& tx, std::span<const Entry> entries) override {
    std::vector<store::Params> rows;
    std::vector<store::Params> reversals;
    for (const Entry& entry : entries) {
      if (!IsVoucherKind(entry.kind)) continue;
      const auto reverses = ReversesSeq(entry);
      rows.push_back({entry.org, entry.seq, entry.kind,
                      VoucherNumber(entry),
                      int64_t{entry.fiscal_year}, entry.document_date.ToIso(),
                      entry.body.value("description", std::string()),
                      entry.TotalDebit().satang(),
                      reverses ? store::Value(*reverses) : store::Value(store::Null{})});
      if (reverses) reversals.push_back({entry.seq, entry.org, *reverses});
    }
    KLANG_RETURN_IF_ERROR(tx.ExecuteMany(
        "INSERT INTO gl_vouchers (org_id, seq, kind, number, fiscal_year, document_date, "
        "description, amount, reverses_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        rows));
    // Reversing twice fails here: the update finds reversed_by_seq already set and the unique
    // index on (org_id, reverses_seq) refuses a second reversal.
    KLANG_RETURN_IF_ERROR(tx.ExecuteMany(
        "UPDATE gl_vouchers SET reversed_by_seq = $1 WHERE org_id = $2 AND seq = $3",
        reversals));
    return ApplyOpenings(tx, entries);
  }
  Status Clear(store::Connection& tx, int64_t org) override {
    KLANG_RETURN_IF_ERROR(tx.Execute("DELETE FROM gl_openings WHERE org_id = $1", {org}).status());
    return tx.Execute("DELETE FROM gl_vouchers WHERE org_id = $1", {org}).status();
  }
  std::unique_ptr<ledger::ProjectionCheck> BeginCheck(int64_t org) const override {
    return std::make_unique<VoucherCheck>(org);
  }

 private:
  // Opening balances, and reversals of them, summed per (account, day) into gl_openings: the
  // trial balance shows them as ยอดยกมา and reconciliation leaves them out of the year's movements.
  static Status ApplyOpenings(store::Connection& tx, std::span<const Entry> entries) {
    std::vector<store::Params> rows;
    for (const Entry& entry : entries) {
      bool opening = entry.kind == kKindOpening;
      if (auto reverses = ReversesSeq(entry)) {
        KLANG_ASSIGN_OR_RETURN(store::Rows kinds,
                               tx.Query("SELECT kind FROM gl_vouchers WHERE org_id = $1 AND seq = $2",
                                        {entry.org, *reverses}));
        opening = !kinds.empty() && kinds[0].Text(0) == kKindOpening;
      }
      if (!opening) continue;
      for (const auto& line : entry.lines) {
        rows.push_back({entry.org, line.account, entry.posting_date.ToIso(), line.debit.satang(),
                        line.credit.satang()});
      }
    }
    return tx.ExecuteMany(
        "INSERT INTO gl_openings (org_id, account, day, debit, credit) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (org_id, account, day) DO UPDATE SET debit = gl_openings.debit + "
        "excluded.debit, credit = gl_openings.credit + excluded.credit",
        rows);
  }
};

Status LineError(size_t index, const std::string& suffix, std::string message_th,
                 std::string code = "gl.line") {
  return Status::InvalidInput(std::move(code),
                              "บรรทัดที่ " + std::to_string(index + 1) + ": " + message_th, "",
                              "lines[" + std::to_string(index) + "]." + suffix);
}

// A budget line id as typed: digits only, positive.
bool ParsePositiveId(const std::string& text, int64_t& id) {
  if (text.empty() || text.size() > 18) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  id = std::stoll(text);
  return id > 0;
}

}  // namespace

std::string VoucherNumberText(int64_t number, int fiscal_year) {
  return "บท. " + std::to_string(number) + "/" + std::to_string(fiscal_year);
}

VoucherService::VoucherService(ledger::Ledger& ledger, org::OrgDirectory& orgs,
                               ChartOfAccounts& chart, const Clock& clock, Random& random)
    : ledger_(ledger),
      orgs_(orgs),
      chart_(chart),
      clock_(clock),
      random_(random),
      projection_(std::make_unique<VoucherProjection>()) {}

std::vector<store::Migration> VoucherService::Migrations() {
  return {{"accounting", 2, R"SQL(
CREATE TABLE gl_vouchers (
  org_id {INT} NOT NULL,
  seq {INT} NOT NULL,
  kind TEXT NOT NULL,
  number {INT} NOT NULL,
  fiscal_year {INT} NOT NULL,
  document_date TEXT NOT NULL,
  description TEXT NOT NULL,
  amount {INT} NOT NULL,
  reverses_seq {INT},
  reversed_by_seq {INT},
  PRIMARY KEY (org_id, seq)
) {STRICT};
CREATE UNIQUE INDEX gl_vouchers_one_reversal ON gl_vouchers (org_id, reverses_seq);
)SQL"},
          {"accounting", 3, R"SQL(
CREATE TABLE gl_openings (
  org_id {INT} NOT NULL,
  account TEXT NOT NULL,
  day TEXT NOT NULL,
  debit {INT} NOT NULL,
  credit {INT} NOT NULL,
  PRIMARY KEY (org_id, account, day)
) {WITHOUT_ROWID} {STRICT};
)SQL"},
          // Only reversals in the one-reversal index: the same rule (NULLs never conflict in a
          // unique index), and a voucher that reverses nothing no longer writes a random page of
          // it (docs/performance.md, "Where the HTTP path waits").
          {"accounting", 4, R"SQL(
DROP INDEX gl_vouchers_one_reversal;
CREATE UNIQUE INDEX gl_vouchers_one_reversal ON gl_vouchers (org_id, reverses_seq)
  WHERE reverses_seq IS NOT NULL;
)SQL"}};
}

Result<std::vector<ledger::DayTotals>> VoucherService::OpeningTotals(int64_t org, Date from, Date to) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, ledger_.db().Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      lease->Query("SELECT account, day, debit, credit FROM gl_openings WHERE org_id = $1 AND "
                   "day >= $2 AND day <= $3 ORDER BY account, day",
                   {org, from.ToIso(), to.ToIso()}));
  std::vector<ledger::DayTotals> totals;
  totals.reserve(rows.size());
  for (const auto& row : rows) {
    auto day = Date::ParseIso(row.Text(1));
    if (!day.ok()) return Status::Internal("gl.opening_day", "gl_openings day " + row.Text(1));
    totals.push_back({row.Text(0), *day, Money::FromSatang(row.Int(2)), Money::FromSatang(row.Int(3))});
  }
  return totals;
}

Status VoucherService::CheckBooksOrg(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(org::Organisation organisation, orgs_.Get(org));
  if (!org::KeepsBooks(organisation.type)) {
    return Status::InvalidInput("gl.org_keeps_no_books",
                                "หน่วยงานนี้ไม่มีบัญชีของตนเอง (เป็นหน่วยงานกำกับดูแล)",
                                "organisation does not keep books", "org");
  }
  return Status::Ok();
}

Status VoucherService::ParseLines(const VoucherInput& input, ledger::EntryDraft& draft,
                                  std::vector<BudgetUse>& uses) {
  const bool opening = input.type == kVoucherTypeOpening;
  for (size_t index = 0; index < input.lines.size(); ++index) {
    const VoucherLineInput& line = input.lines[index];
    if (line.account.empty() && line.debit.empty() && line.credit.empty()) continue;
    if (line.account.empty()) return LineError(index, "account", "กรุณาเลือกรหัสบัญชี");
    auto account = chart_.Find(line.account);
    if (!account.ok()) {
      return LineError(index, "account", account.status().message_th(),
                       "accounting.unknown_account");
    }
    Money debit, credit;
    if (!line.debit.empty()) {
      auto parsed = Money::Parse(line.debit);
      if (!parsed.ok()) {
        return LineError(index, "debit", "ยอดเดบิต: " + parsed.status().message_th(),
                         parsed.status().stable_code());
      }
      debit = *parsed;
    }
    if (!line.credit.empty()) {
      auto parsed = Money::Parse(line.credit);
      if (!parsed.ok()) {
        return LineError(index, "credit", "ยอดเครดิต: " + parsed.status().message_th(),
                         parsed.status().stable_code());
      }
      credit = *parsed;
    }
    const bool controlled = budget_ != nullptr && budget_->Controlled(line.account);
    if (!line.budget_line.empty() && (opening || !controlled)) {
      return LineError(index, "budget_line",
                       opening ? "ยอดยกมาไม่ใช่การใช้จ่ายงบประมาณ ไม่ต้องระบุรายการงบประมาณ"
                               : "บัญชี " + line.account + " ไม่ใช่บัญชีรายจ่ายตามงบประมาณ ไม่ต้องระบุรายการงบประมาณ",
                       "gl.budget_line_not_allowed");
    }
    if (controlled && !opening) {
      int64_t budget_line = 0;
      if (line.budget_line.empty()) {
        return LineError(index, "budget_line",
                         "บัญชี " + line.account + " " + account->name_th +
                             " เป็นรายจ่ายตามงบประมาณ กรุณาเลือกรายการงบประมาณที่เบิกจ่าย",
                         "gl.budget_line_required");
      }
      if (!ParsePositiveId(line.budget_line, budget_line)) {
        return LineError(index, "budget_line", "รายการงบประมาณไม่ถูกต้อง", "gl.budget_line");
      }
      uses.push_back({index, draft.lines.size(), line.account, budget_line, debit - credit});
    }
    draft.lines.push_back({line.account, debit, credit});
  }
  return Status::Ok();
}

Result<VoucherView> VoucherService::Post(const VoucherInput& input, const std::string& author) {
  KLANG_RETURN_IF_ERROR(CheckBooksOrg(input.org));
  if (!input.type.empty() && input.type != kVoucherTypeGeneral && input.type != kVoucherTypeOpening) {
    return Status::InvalidInput("gl.type", "ประเภทใบผ่านรายการไม่ถูกต้อง", "", "type");
  }
  auto date = Date::ParseIso(input.date);
  if (!date.ok()) {
    return Status::InvalidInput("gl.date", "กรุณาระบุวันที่ให้ถูกต้อง", "", "date");
  }
  const int fiscal_year = FiscalYearOf(*date);
  if (input.fiscal_year && *input.fiscal_year != fiscal_year) {
    return Status::InvalidInput(
        "gl.date_outside_fiscal_year",
        "วันที่ " + FormatThaiDateLong(*date) + " ไม่อยู่ในปีงบประมาณ " +
            std::to_string(*input.fiscal_year) + " (1 ต.ค. " +
            std::to_string(*input.fiscal_year - 1) + " – 30 ก.ย. " +
            std::to_string(*input.fiscal_year) + ")",
        "date outside the fiscal year", "date");
  }
  if (*date > clock_.TodayInThailand()) {
    return Status::InvalidInput("gl.future_date", "ไม่สามารถบันทึกรายการล่วงหน้าได้", "", "date");
  }
  KLANG_RETURN_IF_ERROR(CheckBooksYear(ledger_, input.org, fiscal_year, *date, clock_.TodayInThailand(), "gl"));
  if (input.description.empty() || input.description.size() > kDescriptionBytesMax) {
    return Status::InvalidInput("gl.description", "กรุณาระบุคำอธิบายรายการ", "", "description");
  }
  ledger::EntryDraft draft;
  std::vector<BudgetUse> uses;
  KLANG_RETURN_IF_ERROR(ParseLines(input, draft, uses));
  if (draft.lines.size() < 2) {
    return Status::InvalidInput("gl.too_few_lines", "ต้องมีรายการบัญชีอย่างน้อย 2 บรรทัด", "",
                                "lines");
  }
  draft.org = input.org;
  draft.entry_id = input.entry_id.empty() ? NewUuid(random_) : input.entry_id;
  draft.kind = input.type == kVoucherTypeOpening ? kKindOpening : kKindVoucher;
  draft.document_date = *date;
  draft.posting_date = *date;
  draft.fiscal_year = fiscal_year;
  draft.number_series = {kVoucherSeries};
  draft.author = author;
  draft.body = {{"description", input.description}};
  KLANG_RETURN_IF_ERROR(PutBankAccounts(input.bank_accounts, draft.body));
  if (!uses.empty()) KLANG_RETURN_IF_ERROR(budget_->Apply(input.org, *date, uses, draft.body));
  KLANG_ASSIGN_OR_RETURN(ledger::Appended appended, ledger_.Append(std::move(draft)));
  // A retried form may name a voucher posted (and perhaps reversed) earlier: read it back.
  if (appended.duplicate) return Get(appended.entry.org, appended.entry.seq);
  return ToView(appended.entry, std::nullopt);
}

Result<VoucherView> VoucherService::Reverse(int64_t org, int64_t seq, const std::string& date_text,
                                             const std::string& reason,
                                             const std::string& entry_id,
                                             const std::string& author) {
  KLANG_RETURN_IF_ERROR(CheckBooksOrg(org));
  KLANG_ASSIGN_OR_RETURN(VoucherView original, Get(org, seq));
  if (original.kind == kKindReversal) {
    return Status::InvalidInput("gl.reverse_reversal", "ไม่สามารถกลับรายการของรายการกลับได้");
  }
  if (original.reversed_by_seq) {
    return Status::Conflict("gl.already_reversed",
                            "ใบผ่านรายการนี้ถูกกลับรายการแล้ว (ลำดับที่ " +
                                std::to_string(*original.reversed_by_seq) + ")");
  }
  auto date = Date::ParseIso(date_text);
  if (!date.ok() || *date < original.date || *date > clock_.TodayInThailand()) {
    return Status::InvalidInput("gl.reverse_date",
                                "วันที่กลับรายการต้องไม่ก่อนวันที่ของใบผ่านรายการเดิม และไม่เกินวันนี้",
                                "", "date");
  }
  if (reason.empty() || reason.size() > kReasonBytesMax) {
    return Status::InvalidInput("gl.reverse_reason", "กรุณาระบุเหตุผลในการกลับรายการ", "",
                                "reason");
  }
  ledger::EntryDraft draft;
  draft.org = org;
  draft.entry_id = entry_id.empty() ? NewUuid(random_) : entry_id;
  draft.kind = kKindReversal;
  draft.document_date = *date;
  draft.posting_date = *date;
  draft.fiscal_year = FiscalYearOf(*date);
  draft.number_series = {kVoucherSeries};
  draft.author = author;
  draft.body = {{"description", "กลับรายการ " + original.number_text + ": " + reason},
                {"reason", reason},
                {"reverses_seq", seq},
                {"reverses_number", original.number_text}};
  for (const auto& line : original.lines) {
    draft.lines.push_back({line.account_code, line.credit, line.debit});
  }
  // The reversal moves the same bank accounts back.
  KLANG_RETURN_IF_ERROR(PutBankAccounts(original.bank_accounts, draft.body));
  if (budget_ != nullptr) {
    KLANG_ASSIGN_OR_RETURN(Entry entry, ledger_.Get(org, seq));
    budget_->PutReversal(entry.body, draft.body);
  }
  auto appended = ledger_.Append(std::move(draft));
  if (!appended.ok() && appended.status().stable_code() == "store.unique_violation") {
    return Status::Conflict("gl.already_reversed", "ใบผ่านรายการนี้ถูกกลับรายการแล้ว");
  }
  if (!appended.ok()) return appended.status();
  if (appended->duplicate) return Get(appended->entry.org, appended->entry.seq);
  return ToView(appended->entry, std::nullopt);
}

VoucherView VoucherService::ToView(const Entry& entry, std::optional<int64_t> reversed_by_seq) {
  VoucherView view;
  view.org = entry.org;
  view.seq = entry.seq;
  view.entry_id = entry.entry_id;
  view.kind = entry.kind;
  view.type_th = entry.kind == kKindOpening    ? "ยอดยกมา"
                 : entry.kind == kKindReversal ? "รายการกลับ"
                                               : "ใบผ่านรายการบัญชีทั่วไป";
  view.number = VoucherNumber(entry);
  view.number_text = ledger::DocumentNumberText(entry, VoucherNumberText(view.number, entry.fiscal_year));
  view.date = entry.document_date;
  view.fiscal_year = entry.fiscal_year;
  view.description = entry.body.value("description", std::string());
  const std::map<size_t, int64_t> budget_lines =
      budget_ != nullptr ? budget_->LinesOf(entry.body) : std::map<size_t, int64_t>{};
  for (size_t index = 0; index < entry.lines.size(); ++index) {
    const ledger::Line& line = entry.lines[index];
    auto account = chart_.Find(line.account);
    auto budget_line = budget_lines.find(index);
    view.lines.push_back({line.account, account.ok() ? account->name_th : "(ไม่พบในผังบัญชี)",
                          line.debit, line.credit,
                          budget_line == budget_lines.end() ? 0 : budget_line->second});
  }
  view.total = entry.TotalDebit();
  view.author = entry.author;
  view.recorded_at_ms = entry.recorded_at_ms;
  view.hash = entry.hash;
  view.reverses_seq = ReversesSeq(entry);
  if (const int64_t one = ledger::BodyInt(entry.body, "bank_account"); one != 0) view.bank_accounts.push_back(one);
  if (auto list = entry.body.find("bank_accounts"); list != entry.body.end() && list->is_array()) {
    for (const auto& id : *list) {
      if (id.is_number_integer()) view.bank_accounts.push_back(id.get<int64_t>());
    }
  }
  switch (entry.origin.type) {
    case ledger::Origin::Type::kOnline: view.origin_th = "บันทึกในระบบ"; break;
    case ledger::Origin::Type::kEdge:
      view.origin_th = "บันทึกที่เครื่องสำรอง " + entry.origin.node + " เลขชั่วคราว " +
                       entry.origin.provisional;
      break;
    case ledger::Origin::Type::kPaper:
      view.origin_th = "บันทึกย้อนหลังจากเอกสารกระดาษ เล่มที่ " + entry.origin.paper_book +
                       " เลขที่ " + entry.origin.paper_number;
      break;
  }
  view.reversed_by_seq = reversed_by_seq;
  return view;
}

Result<VoucherView> VoucherService::Get(int64_t org, int64_t seq) {
  KLANG_ASSIGN_OR_RETURN(Entry entry, ledger_.Get(org, seq));
  if (!IsVoucherKind(entry.kind)) {
    return Status::NotFound("gl.voucher_not_found", "ไม่พบใบผ่านรายการ");
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, ledger_.db().Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      lease->Query("SELECT reversed_by_seq FROM gl_vouchers WHERE org_id = $1 AND seq = $2",
                   {org, seq}));
  return ToView(entry, rows.empty() || rows[0].IsNull(0) ? std::nullopt
                                                         : std::optional<int64_t>(rows[0].Int(0)));
}

Result<std::vector<VoucherView>> VoucherService::List(int64_t org, size_t limit, size_t offset) {
  // The register row carries the reversal link, so each voucher costs one entry read only.
  store::Rows rows;
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, ledger_.db().Acquire());
    KLANG_ASSIGN_OR_RETURN(
        rows, lease->Query("SELECT seq, reversed_by_seq FROM gl_vouchers WHERE org_id = $1 "
                           "ORDER BY seq DESC LIMIT $2 OFFSET $3",
                           {org, static_cast<int64_t>(limit), static_cast<int64_t>(offset)}));
  }
  std::vector<VoucherView> views;
  views.reserve(rows.size());
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Entry entry, ledger_.Get(org, row.Int(0)));
    views.push_back(ToView(entry, row.IsNull(1) ? std::nullopt
                                                : std::optional<int64_t>(row.Int(1))));
  }
  return views;
}

}  // namespace klang::accounting
