// revenue/signboard_tax.h — signboard tax (ภาษีป้าย) under the Signboard Tax Act
// (พ.ร.บ.ภาษีป้าย พ.ศ. ๒๕๑๐, amended ๒๕๓๔; rates raised for tax year ๒๕๖๕).
//
// A pure calculator: the rates come from a table (data/signboard_tax_rates.csv) so a new
// ministerial regulation is a data change, not a code change. The rules that stay in code are
// the Act's own: area in units of 500 cm² (a remainder over half a unit counts as a unit), a
// minimum per sign, quarterly proration for a new sign's first year, and the s. 25 surcharges.
// docs/signboard-tax.md explains every rounding choice. Thread-safe: value types and pure
// functions; a SignboardRateTable is immutable once built.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/status.h"

namespace klang::revenue {

// Limits on input (each side of a sign, in centimetres): 1 km is far beyond any real sign and
// keeps width × height well inside int64.
constexpr int kSignSideCmMax = 100'000;
// Area unit of the Act: tax is charged per 500 cm²; a remainder of more than 250 cm² counts as a
// whole unit, 250 cm² or less is dropped.
constexpr int64_t kAreaUnitCm2 = 500;
// Sign classes of the Act (ประเภทป้าย).
constexpr int kSignClassMin = 1;  // Thai letters only (ป้ายที่มีอักษรไทยล้วน)
constexpr int kSignClassMax = 3;  // no Thai letters, or Thai below foreign letters
// s. 25 surcharges, in basis points (1/100 of a percent) of the tax.
constexpr int64_t kLateFilingSurchargeBasisPoints = 1'000;         // 10 % (s. 25(1))
constexpr int64_t kLatePaymentSurchargeBasisPointsPerMonth = 200;  // 2 % a month (s. 25(3))
// Tax years (BE) a rate table may name: from the Act's year to the last year klang::Date holds.
constexpr int kTaxYearBeMin = 2510;
constexpr int kTaxYearBeMax = 2999 + kBuddhistEraOffsetYears;

// One row of the rate table: the rate per 500 cm² and the minimum per sign for one sign class
// and kind, from `tax_year` (BE) until the next year the table names.
struct SignboardRate {
  int tax_year = 0;    // BE
  int sign_class = 0;  // 1..3
  // ป้ายเคลื่อนที่หรือเปลี่ยนข้อความได้ (moving or changeable); rated separately from 2565.
  bool moving = false;
  Money rate_per_unit;  // per 500 cm²
  Money minimum;        // per sign
  std::string source;   // the law or regulation the row comes from, as written in the table
};

// The rate table. Every year it names must have all six (class, moving) rows, so a lookup never
// falls back to an older year for one class only.
class SignboardRateTable {
 public:
  // Parses CSV text with the header tax_year,sign_class,moving,rate_baht,minimum_baht,source
  // (UTF-8, optional BOM, CRLF or LF, no commas inside fields; blank lines ignored). `moving` is
  // 0 or 1; amounts are baht with at most two decimals (Money::Parse). All or nothing. Errors
  // (invalid input): signboard.rates_header, signboard.rates_row (the message names the line),
  // signboard.rates_duplicate, signboard.rates_incomplete, signboard.rates_empty.
  static Result<SignboardRateTable> FromCsv(std::string_view csv);

  // The row for the latest table year <= tax_year, so a year without rows of its own keeps the
  // previous rates. Errors: signboard.tax_year (before the table's first year),
  // signboard.sign_class (outside 1..3).
  Result<SignboardRate> Find(int tax_year, int sign_class, bool moving) const;

  // The years that have rows of their own, ascending.
  std::vector<int> Years() const;

 private:
  // Rows of one year, indexed by RowIndex(sign_class, moving).
  static constexpr int kRowsPerYear = 2 * (kSignClassMax - kSignClassMin + 1);
  static int RowIndex(int sign_class, bool moving);
  std::map<int, std::vector<SignboardRate>> rows_by_year_;
};

struct SignboardInput {
  int width_cm = 0;
  int height_cm = 0;
  int sign_class = 0;  // 1..3
  bool moving = false;
  int tax_year = 0;  // BE; the calendar year tax_year − 543
  // Set for a new sign in its first tax year: the tax is prorated by the quarter it was
  // installed in. Must fall in the tax year.
  std::optional<Date> installed_on;
  // The return (ภ.ป.1) was filed after its deadline: 10 % of the tax is added.
  bool late_filing = false;
  // Payment deadline and payment date: 2 % of the tax per month paid late. paid_on needs
  // due_date; due_date alone (an assessment not yet paid) charges nothing.
  std::optional<Date> due_date;
  std::optional<Date> paid_on;
};

struct SignboardTax {
  int64_t area_cm2 = 0;
  int64_t units = 0;  // of 500 cm², after rounding
  int rate_year = 0;  // the table year whose rates applied (BE)
  Money rate_per_unit;
  Money minimum;
  Money annual;                 // units × rate
  int proration_percent = 100;  // 100 / 75 / 50 / 25 for a new sign, else 100
  Money prorated;               // annual × proration, rounded half up to the satang
  bool minimum_applied = false;
  Money tax;  // max(prorated, minimum)
  Money late_filing_surcharge;
  int months_late = 0;
  Money late_payment_surcharge;
  Money total;  // tax + both surcharges
  // One line for the assessment screen, e.g. "พื้นที่ 120 × 80 = 9,600 ตร.ซม. = 19 หน่วย ×
  // 5.00 บาท = 95.00 บาท ต่ำกว่าขั้นต่ำ จึงเสีย 200.00 บาท".
  std::string explanation_th;
};

// Computes one sign's tax. Errors (invalid input, with the field set): signboard.width,
// signboard.height, signboard.sign_class, signboard.tax_year, signboard.installed_on,
// signboard.due_date (missing when paid_on is set, or invalid), signboard.paid_on (invalid);
// signboard.overflow when an amount would exceed
// Money::kAmountSatangMax (only with absurd rates).
Result<SignboardTax> ComputeSignboardTax(const SignboardInput& input,
                                         const SignboardRateTable& rates);

// Months of late payment, part of a month counting as a whole month: the smallest n >= 0 such
// that `paid` is on or before AddMonths(due, n). AddMonths keeps the day of the month, or takes
// the month's last day when it is shorter (one month after 31 Jan 2025 is 28 Feb 2025; two
// months after it is 31 Mar 2025, always counted from `due`, never from the previous step).
// Both dates must be valid.
int MonthsLate(Date due, Date paid);

// The s. 25 late-payment surcharge on `tax` (not negative) for `months_late` months: 2 % a
// month, one rounding half up to the satang on the whole. Also used for an assessment paid in
// part, on what is still owed. Errors: signboard.overflow.
Result<Money> LatePaymentSurcharge(Money tax, int months_late);

// `date` plus `months` calendar months, the day clamped to the target month's length (see
// MonthsLate). `date` must be valid, months >= 0 and the result within klang::Date's range.
Date AddMonths(Date date, int months);

}  // namespace klang::revenue
