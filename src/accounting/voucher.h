// accounting/voucher.h — the general journal voucher (ใบผ่านรายการบัญชีทั่วไป), opening
// balances (ยอดยกมา), and corrections by reversing entry (never by editing).
//
// Kinds in the log: "gl.voucher", "gl.opening", "gl.reversal". All draw their number from the
// series "gl.voucher" (shown as บท. <n>/<FY>). The projection table gl_vouchers lists them with
// their reversal links for the voucher list and the reversal rule (a voucher is reversed once).
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounting/chart.h"
#include "accounting/kinds.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "org/org.h"

namespace klang::accounting {

struct VoucherLineInput {
  std::string account;
  std::string debit;   // as typed: "1,234.50" or ""
  std::string credit;
  std::string budget_line;  // the budget line's id, required on a budget-controlled account
};

struct VoucherInput {
  int64_t org = 0;
  std::string entry_id;      // idempotency key from the client (form); new UUID when empty
  std::string type;          // "general" (default) or "opening"
  std::string date;          // ISO
  std::optional<int> fiscal_year;  // when given, the date must fall inside it
  std::string description;
  std::vector<VoucherLineInput> lines;  // blank lines are ignored
  // The bank accounts (revenue's register of bank accounts) whose deposit accounts the lines move
  // (two for a transfer between them); none when no line is on a deposit account. The revenue
  // projection refuses an unknown one (or two on one deposit account) and records each movement
  // in its bank account's register, which closing reconciles with the general ledger.
  std::vector<int64_t> bank_accounts;
};
inline constexpr size_t kVoucherBankAccountsMax = 10;

struct VoucherLineView {
  std::string account_code;
  std::string account_name;
  Money debit;
  Money credit;
  int64_t budget_line = 0;  // 0 when none
};

// One voucher line on a budget-controlled account: what it spends on its budget line
// (debit − credit; negative when it gives back).
struct BudgetUse {
  size_t input_index = 0;  // the line as typed, for errors naming the field (lines[i].budget_line)
  size_t entry_line = 0;   // the line of the entry
  std::string account;
  int64_t budget_line = 0;
  Money spend;
};

// Budget control of general vouchers. The budget module implements it and the composition root
// installs it (accounting cannot include budget): a general voucher that touches an account of a
// budget category must name the budget line it spends and pass hard budget control, so the
// budget register and the general ledger cannot drift apart silently. Opening balances are not
// spending and pass without it.
class VoucherBudgetControl {
 public:
  virtual ~VoucherBudgetControl() = default;
  // True when `account` is the account of a budget category (an expense or investment asset).
  virtual bool Controlled(const std::string& account) const = 0;
  // Checks each use (line in force on `date`, its category posts to the account, the amount
  // available) and writes the effects onto `body`. Errors name the voucher line's field.
  virtual Status Apply(int64_t org, Date date, const std::vector<BudgetUse>& uses,
                       nlohmann::json& body) = 0;
  // The budget lines a posted voucher's body names, per voucher line index (absent: none).
  virtual std::map<size_t, int64_t> LinesOf(const nlohmann::json& body) const = 0;
  // Writes onto a reversal's body the opposite of the original's effects.
  virtual void PutReversal(const nlohmann::json& original, nlohmann::json& reversal) const = 0;
};

struct VoucherView {
  int64_t org = 0;
  int64_t seq = 0;
  std::string entry_id;
  std::string kind;
  std::string type_th;   // ใบผ่านรายการบัญชีทั่วไป / ยอดยกมา / รายการกลับ
  int64_t number = 0;
  std::string number_text;  // "บท. 12/2569"
  Date date;
  int fiscal_year = 0;
  std::string description;
  std::vector<VoucherLineView> lines;
  Money total;
  std::string author;
  int64_t recorded_at_ms = 0;
  std::string hash;
  std::optional<int64_t> reverses_seq;
  std::optional<int64_t> reversed_by_seq;
  std::string origin_th;
  std::vector<int64_t> bank_accounts;  // the bank accounts it names
};

std::string VoucherNumberText(int64_t number, int fiscal_year);

class VoucherService {
 public:
  VoucherService(ledger::Ledger& ledger, org::OrgDirectory& orgs, ChartOfAccounts& chart,
                 const Clock& clock, Random& random);
  static std::vector<store::Migration> Migrations();
  // Installs budget control (once, before serving); without it no account is budget-controlled.
  void SetBudgetControl(VoucherBudgetControl* control) { budget_ = control; }
  // The gl_vouchers projection, to register with the ledger before it starts.
  ledger::Projection* projection() { return projection_.get(); }

  // Validates and posts; returns the voucher as stored. Errors name the field in Thai.
  Result<VoucherView> Post(const VoucherInput& input, const std::string& author);
  // Posts a reversing voucher dated `date` for voucher `seq`; a voucher is reversed at most once
  // and a reversal is not itself reversed.
  Result<VoucherView> Reverse(int64_t org, int64_t seq, const std::string& date,
                              const std::string& reason, const std::string& entry_id,
                              const std::string& author);
  Result<VoucherView> Get(int64_t org, int64_t seq);
  // Opening balances (and reversals of them) posted with dates in [from, to], per account and
  // day: ยอดยกมา, not the period's movements.
  Result<std::vector<ledger::DayTotals>> OpeningTotals(int64_t org, Date from, Date to);
  // Newest first.
  Result<std::vector<VoucherView>> List(int64_t org, size_t limit, size_t offset);

 private:
  // The view of a voucher entry, given its reversal link from the gl_vouchers register.
  VoucherView ToView(const ledger::Entry& entry, std::optional<int64_t> reversed_by_seq);
  Status CheckBooksOrg(int64_t org);
  // Parses the lines into the draft; the budget uses of a general voucher into `uses`.
  Status ParseLines(const VoucherInput& input, ledger::EntryDraft& draft, std::vector<BudgetUse>& uses);

  ledger::Ledger& ledger_;
  org::OrgDirectory& orgs_;
  ChartOfAccounts& chart_;
  const Clock& clock_;
  Random& random_;
  VoucherBudgetControl* budget_ = nullptr;
  std::unique_ptr<ledger::Projection> projection_;
};

}  // namespace klang::accounting
