#include "core/money.h"

#include <limits>

#include "core/thai.h"

namespace klang {
namespace {

Status InvalidMoney(std::string_view text) {
  return Status::InvalidInput("money.invalid",
                              "จำนวนเงินไม่ถูกต้อง (ตัวอย่างที่ถูกต้อง: 1,234.50)",
                              "not an amount of money: '" + std::string(text) + "'");
}

Status MoneyOverflow() {
  return Status::InvalidInput("money.overflow", "จำนวนเงินมากเกินกว่าที่ระบบรองรับ",
                              "amount out of range");
}

std::string Trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return std::string(text.substr(begin, end - begin));
}

}  // namespace

Result<Money> Money::Parse(std::string_view raw) {
  const std::string text = ArabicDigits(Trim(raw));
  if (text.empty()) return InvalidMoney(raw);
  size_t position = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    position = 1;
  }
  const size_t dot = text.find('.', position);
  const std::string whole = text.substr(position, dot == std::string::npos ? std::string::npos
                                                                            : dot - position);
  const std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || fraction.size() > 2) return InvalidMoney(raw);
  if (dot != std::string::npos && fraction.empty()) return InvalidMoney(raw);
  // Thousands separators: if any comma is present, every group after the first has 3 digits.
  const bool grouped = whole.find(',') != std::string::npos;
  int digits_since_comma = 0;
  int group_count = 0;
  __int128 baht = 0;
  for (size_t index = 0; index < whole.size(); ++index) {
    const char c = whole[index];
    if (c == ',') {
      if (digits_since_comma == 0 || (group_count > 0 && digits_since_comma != 3) ||
          (group_count == 0 && digits_since_comma > 3)) {
        return InvalidMoney(raw);
      }
      digits_since_comma = 0;
      ++group_count;
      continue;
    }
    if (c < '0' || c > '9') return InvalidMoney(raw);
    baht = baht * 10 + (c - '0');
    ++digits_since_comma;
    if (baht > std::numeric_limits<int64_t>::max()) return MoneyOverflow();
  }
  if (grouped && digits_since_comma != 3) return InvalidMoney(raw);
  int satang_part = 0;
  for (size_t index = 0; index < 2; ++index) {
    satang_part *= 10;
    if (index < fraction.size()) {
      if (fraction[index] < '0' || fraction[index] > '9') return InvalidMoney(raw);
      satang_part += fraction[index] - '0';
    }
  }
  const __int128 total = baht * 100 + satang_part;
  if (total > std::numeric_limits<int64_t>::max()) return MoneyOverflow();
  const int64_t satang = static_cast<int64_t>(total);
  return Money(negative ? -satang : satang);
}

std::string Money::FormatPlain() const {
  // Work in unsigned magnitude so INT64_MIN does not overflow on negation.
  const bool negative = satang_ < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(satang_)
                                      : static_cast<uint64_t>(satang_);
  std::string out = std::to_string(magnitude / 100);
  const uint64_t cents = magnitude % 100;
  out += '.';
  out += static_cast<char>('0' + cents / 10);
  out += static_cast<char>('0' + cents % 10);
  return negative ? "-" + out : out;
}

std::string Money::Format() const {
  const std::string plain = FormatPlain();
  const bool negative = plain[0] == '-';
  const size_t start = negative ? 1 : 0;
  const size_t dot = plain.find('.');
  std::string whole = plain.substr(start, dot - start);
  std::string grouped;
  for (size_t index = 0; index < whole.size(); ++index) {
    if (index > 0 && (whole.size() - index) % 3 == 0) grouped += ',';
    grouped += whole[index];
  }
  return (negative ? "-" : "") + grouped + plain.substr(dot);
}

Result<Money> Money::CheckedAdd(Money a, Money b) {
  int64_t out = 0;
  if (__builtin_add_overflow(a.satang_, b.satang_, &out)) return MoneyOverflow();
  return Money(out);
}

Result<Money> Money::CheckedSub(Money a, Money b) {
  int64_t out = 0;
  if (__builtin_sub_overflow(a.satang_, b.satang_, &out)) return MoneyOverflow();
  return Money(out);
}

Result<Money> Money::CheckedMultiply(Money a, int64_t factor) {
  int64_t out = 0;
  if (__builtin_mul_overflow(a.satang_, factor, &out)) return MoneyOverflow();
  return Money(out);
}

Money Money::operator+(Money other) const {
  int64_t out = 0;
  KLANG_ASSERT_MSG(!__builtin_add_overflow(satang_, other.satang_, &out), "money overflow");
  return Money(out);
}

Money Money::operator-(Money other) const {
  int64_t out = 0;
  KLANG_ASSERT_MSG(!__builtin_sub_overflow(satang_, other.satang_, &out), "money overflow");
  return Money(out);
}

Money Money::operator-() const {
  KLANG_ASSERT(satang_ != std::numeric_limits<int64_t>::min());
  return Money(-satang_);
}

}  // namespace klang
