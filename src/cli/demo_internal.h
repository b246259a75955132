// cli/demo_internal.h — the parts of `klang demo` shared by its files: the demo อบต. as set up, and
// its revenue worked through the revenue module (demo_revenue.cc).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "cli/app.h"

namespace klang::cli {

// What a demo LAO is made of: `klang demo` makes an อบต. with one child development centre; the
// national simulation (bench/bench_national.cc) every type of LAO with its share of units.
struct DemoLaoShape {
  int64_t parent = 0;  // the province
  org::OrgType type = org::OrgType::kSao;
  std::string code;  // the LAO's; its units' are code-U1, code-U2, ...
  std::string name;  // e.g. องค์การบริหารส่วนตำบลบ้านนา
  std::string place;  // บ้านนา: names the units, the staff and the bank branch
  int units = 1;
  // Every member of staff's password; empty: one-time passwords, each printed on stdout.
  std::string password;
};

// A demo LAO as set up: its units, its people, its bank account and each unit's.
struct DemoLao {
  org::Organisation lao;
  std::vector<org::Organisation> units;
  revenue::Actor head, collector, finance, procure, office, mayor;
  revenue::BankAccount bank;
  std::vector<revenue::BankAccount> unit_banks;  // each unit's own account, named by its vouchers
  std::string clerk;  // the username of the accountant, who posts general vouchers
  // The bank account of `org` (the LAO or one of its units).
  const revenue::BankAccount& BankOf(int64_t org) const;
};

// Creates the LAO of `shape` with its units, its people (one of each role of a day's work) and a
// bank account for each organisation, opened on `first_day`.
Result<DemoLao> CreateDemoLao(App& a, const DemoLaoShape& shape, Date first_day);

// One organisation of `demo` (the LAO or a unit): its opening balances on `first_day`, its budget
// of every fiscal year from that of `first_day` to today's, and `days` days of balanced activity
// from `first_day`. Returns the entries appended.
Result<size_t> DemoBooks(App& a, const DemoLao& demo, int64_t org, Date first_day, int days,
                         std::mt19937_64& random);

// Closes every month of `org` that is over, from the first month of its books, then every fiscal
// year that is over, acting as `head`. Returns how many acts were recorded.
Result<size_t> DemoClose(App& a, int64_t org, const accounting::Actor& head, Date first_day);

// An amount of whole satang between `low` and `high` baht.
Money RandomBaht(std::mt19937_64& random, int64_t low, int64_t high);

// The collector's receipt book in use. A new book (เล่มที่ 001, 002, … within its fiscal year, 100
// receipts each) is registered and issued to the collector when the fiscal year changes or the
// book is used up; the last one stays with the collector for today's work.
class DemoReceiptBooks {
 public:
  DemoReceiptBooks(App& a, const DemoLao& demo) : a_(a), demo_(demo) {}
  // The (book, number) of the next receipt dated `date`.
  Result<std::pair<int64_t, int64_t>> Next(Date date);

 private:
  App& a_;
  const DemoLao& demo_;
  int64_t book_ = 0, next_ = 0, last_ = 0;
  int fiscal_year_ = 0, books_this_year_ = 0;
};

// The LAO's revenue from `first_day` for `days` days, through the revenue module as a collector
// and the finance unit work it: every day receipts from the collector's book (the refuse
// collection fee; every other day the land and building tax of a taxpayer assessed in January,
// or the water fee), remitted the same day, summarised into the receipt voucher (ร.) and the cash
// deposited in the bank; the VAT share every week and the general grant every month received in
// the bank. Taxpayers with their land are registered, and assessed each January. Returns the
// entries appended.
Result<size_t> DemoRevenue(App& a, const DemoLao& demo, Date first_day, int days, std::mt19937_64& random);

// The LAO's spending from `first_day` for `days` days, through the expenditure and disbursement
// modules, each ฎีกา passing every step by its own person (prepared, lodged and checked by the
// finance officer, certified by the head of finance, approved by the chief executive, paid by
// transfer): office supplies every fortnight by request → order → inspection → debt-setting →
// ฎีกา; each month the electricity bill and the elderly allowance by budget ฎีกา and the
// salaries by payroll ฎีกา on the 25th, with withholding tax and social security deducted; in
// each fiscal year's March two computers bought as assets (งบลงทุน); on 1 September the road of
// the งบลงทุน line contracted, carried over with its debt on 30 September (กันเงิน) and built,
// inspected and paid from the carry-over in November. Returns the entries appended.
Result<size_t> DemoSpending(App& a, const DemoLao& demo, Date first_day, int days, std::mt19937_64& random);

}  // namespace klang::cli
