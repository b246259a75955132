// core/date.h — calendar dates (proleptic Gregorian, stored ISO-8601), Buddhist-Era display
// and Thai fiscal years.
//
// Dates are stored and exchanged as ISO "YYYY-MM-DD" (Gregorian); people see Buddhist Era
// (CE + 543). Fiscal year N (BE) runs 1 October of N−1 to 30 September of N, and is named by
// the BE year in which it ends: FY 2569 = 1 Oct 2025 … 30 Sep 2026.
// Thread-safe: value types and pure functions.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace klang {

constexpr int kBuddhistEraOffsetYears = 543;

class Date {
 public:
  constexpr Date() = default;
  // Returns an error for impossible dates (31 Feb, month 13, year outside 1900..2999 CE).
  static Result<Date> FromCivil(int year_ce, int month, int day);
  // "2025-10-05". Errors: date.invalid.
  static Result<Date> ParseIso(std::string_view text);
  // "05/10/2568" or "5/10/2568" (day/month/BE year), Thai or Arabic digits.
  static Result<Date> ParseThai(std::string_view text);
  static Date FromDaysSinceEpoch(int64_t days);  // 1970-01-01 is day 0

  int year() const { return year_; }  // CE
  int year_be() const { return year_ + kBuddhistEraOffsetYears; }
  int month() const { return month_; }
  int day() const { return day_; }
  int64_t DaysSinceEpoch() const;
  Date AddDays(int64_t days) const { return FromDaysSinceEpoch(DaysSinceEpoch() + days); }
  bool valid() const { return month_ != 0; }

  std::string ToIso() const;  // "2025-10-05"

  constexpr auto operator<=>(const Date&) const = default;

 private:
  constexpr Date(int year, int month, int day) : year_(year), month_(month), day_(day) {}
  int year_ = 0;
  int month_ = 0;
  int day_ = 0;
};

// Thai fiscal year (BE) that contains `date`.
int FiscalYearOf(Date date);
Date FiscalYearStart(int fiscal_year_be);  // 1 Oct of the previous CE year
Date FiscalYearEnd(int fiscal_year_be);    // 30 Sep
bool IsInFiscalYear(Date date, int fiscal_year_be);

// Today's date in Thailand (UTC+7 all year; Thailand keeps no daylight saving time).
Date ThaiDateFromUnixSeconds(int64_t unix_seconds);

}  // namespace klang
