#include "core/date.h"

#include <charconv>
#include <cstdio>

#include "core/thai.h"

namespace klang {
namespace {

constexpr int kYearCeMin = 1900;
constexpr int kYearCeMax = 2999;

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

Status InvalidDate(std::string_view text) {
  return Status::InvalidInput("date.invalid", "วันที่ไม่ถูกต้อง",
                              "not a valid date: '" + std::string(text) + "'");
}

bool ParseInt(std::string_view text, int* out) {
  if (text.empty() || text.size() > 4) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return std::from_chars(text.data(), text.data() + text.size(), *out).ec == std::errc();
}

}  // namespace

Result<Date> Date::FromCivil(int year, int month, int day) {
  if (year < kYearCeMin || year > kYearCeMax || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return Status::InvalidInput("date.invalid", "วันที่ไม่ถูกต้อง",
                                "no such date: " + std::to_string(year) + "-" +
                                    std::to_string(month) + "-" + std::to_string(day));
  }
  return Date(year, month, day);
}

Result<Date> Date::ParseIso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return InvalidDate(text);
  int year = 0, month = 0, day = 0;
  if (!ParseInt(text.substr(0, 4), &year) || !ParseInt(text.substr(5, 2), &month) ||
      !ParseInt(text.substr(8, 2), &day)) {
    return InvalidDate(text);
  }
  return FromCivil(year, month, day);
}

Result<Date> Date::ParseThai(std::string_view raw) {
  const std::string text = ArabicDigits(raw);
  const size_t first = text.find('/');
  const size_t second = text.find('/', first == std::string::npos ? 0 : first + 1);
  if (first == std::string::npos || second == std::string::npos) return InvalidDate(raw);
  int day = 0, month = 0, year_be = 0;
  if (!ParseInt(std::string_view(text).substr(0, first), &day) ||
      !ParseInt(std::string_view(text).substr(first + 1, second - first - 1), &month) ||
      !ParseInt(std::string_view(text).substr(second + 1), &year_be)) {
    return InvalidDate(raw);
  }
  return FromCivil(year_be - kBuddhistEraOffsetYears, month, day);
}

// Days from civil and back: the well-known era-based algorithm (400-year cycles).
int64_t Date::DaysSinceEpoch() const {
  KLANG_ASSERT(valid());
  const int64_t year = month_ <= 2 ? year_ - 1 : year_;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month_ + (month_ > 2 ? -3 : 9)) + 2) / 5 + day_ - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

Date Date::FromDaysSinceEpoch(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return Date(year, month, day);
}

std::string Date::ToIso() const {
  KLANG_ASSERT(valid());
  if (year_ < 0 || year_ > 9999) {  // not a date a document carries; printed as it is
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year_, month_, day_);
    return buffer;
  }
  // Written digit by digit: verify compares every entry's dates in this form (snprintf is slow).
  std::string iso = "0000-00-00";
  auto put = [&iso](size_t end, int value, int digits) {
    for (int place = 0; place < digits; ++place, value /= 10) iso[end - static_cast<size_t>(place)] = static_cast<char>('0' + value % 10);
  };
  put(3, year_, 4);
  put(6, month_, 2);
  put(9, day_, 2);
  return iso;
}

int FiscalYearOf(Date date) {
  KLANG_ASSERT(date.valid());
  return date.year_be() + (date.month() >= 10 ? 1 : 0);
}

Date FiscalYearStart(int fiscal_year_be) {
  return Date::FromCivil(fiscal_year_be - kBuddhistEraOffsetYears - 1, 10, 1).value();
}

Date FiscalYearEnd(int fiscal_year_be) {
  return Date::FromCivil(fiscal_year_be - kBuddhistEraOffsetYears, 9, 30).value();
}

bool IsInFiscalYear(Date date, int fiscal_year_be) { return FiscalYearOf(date) == fiscal_year_be; }

Date ThaiDateFromUnixSeconds(int64_t unix_seconds) {
  constexpr int64_t kThailandOffsetSeconds = 7 * 3600;
  const int64_t local = unix_seconds + kThailandOffsetSeconds;
  const int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  return Date::FromDaysSinceEpoch(days);
}

}  // namespace klang
