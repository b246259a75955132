// accounting/voucher.h — the general journal voucher (ใบผ่านรายการบัญชีทั่วไป), opening
// balances (ยอดยกมา), and corrections by reversing entry (never by editing).
//
// Kinds in the log: "gl.voucher", "gl.opening", "gl.reversal". All draw their number from the
// series "gl.voucher" (shown as บท. <n>/<FY>). The projection table gl_vouchers lists them with
// their reversal links for the voucher list and the reversal rule (a voucher is reversed once).
// Thread-safe.
#pragma once

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
};

struct VoucherInput {
  int64_t org = 0;
  std::string entry_id;      // idempotency key from the client (form); new UUID when empty
  std::string type;          // "general" (default) or "opening"
  std::string date;          // ISO
  std::optional<int> fiscal_year;  // when given, the date must fall inside it
  std::string description;
  std::vector<VoucherLineInput> lines;  // blank lines are ignored
};

struct VoucherLineView {
  std::string account_code;
  std::string account_name;
  Money debit;
  Money credit;
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
};

std::string VoucherNumberText(int64_t number, int fiscal_year);

class VoucherService {
 public:
  VoucherService(ledger::Ledger& ledger, org::OrgDirectory& orgs, ChartOfAccounts& chart,
                 const Clock& clock, Random& random);
  static std::vector<store::Migration> Migrations();
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
  // Newest first.
  Result<std::vector<VoucherView>> List(int64_t org, size_t limit, size_t offset);

 private:
  // The view of a voucher entry, given its reversal link from the gl_vouchers register.
  VoucherView ToView(const ledger::Entry& entry, std::optional<int64_t> reversed_by_seq);
  Status CheckBooksOrg(int64_t org);

  ledger::Ledger& ledger_;
  org::OrgDirectory& orgs_;
  ChartOfAccounts& chart_;
  const Clock& clock_;
  Random& random_;
  std::unique_ptr<ledger::Projection> projection_;
};

}  // namespace klang::accounting
