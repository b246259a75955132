// core/money.h — amounts of money as integer satang (1 baht = 100 satang).
//
// Never floating point. Arithmetic through operators asserts on overflow (an overflow there is
// a bug: inputs are validated against kAmountSatangMax first); arithmetic on values that come
// straight from input uses the Checked* functions, which return an error instead.
// Thread-safe: a value type.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace klang {

class Money {
 public:
  // The largest amount a single document line may carry: 10 trillion baht. Sums of many lines
  // may exceed it; they are held in the full int64 range with checked arithmetic.
  static constexpr int64_t kAmountSatangMax = 1'000'000'000'000'000;  // 10^13 baht

  constexpr Money() = default;
  static constexpr Money FromSatang(int64_t satang) { return Money(satang); }
  static constexpr Money FromBaht(int64_t baht) { return Money(baht * 100); }

  constexpr int64_t satang() const { return satang_; }
  constexpr bool is_zero() const { return satang_ == 0; }
  constexpr bool is_negative() const { return satang_ < 0; }
  constexpr bool is_positive() const { return satang_ > 0; }

  // Parses "1,234.50", "1234.5", "-12", "๑,๒๓๔.๕๐" (Thai digits). Thousands separators, when
  // present, must group by three. At most two decimals. Errors: money.invalid, money.overflow.
  static Result<Money> Parse(std::string_view text);
  // "1,234.50" (always two decimals, thousands separators, leading '-' when negative).
  std::string Format() const;
  // "1234.50" — no separators; for machine formats (CSV, ledger-cli).
  std::string FormatPlain() const;

  static Result<Money> CheckedAdd(Money a, Money b);
  static Result<Money> CheckedSub(Money a, Money b);
  static Result<Money> CheckedMultiply(Money a, int64_t factor);

  Money operator+(Money other) const;
  Money operator-(Money other) const;
  Money operator-() const;
  Money& operator+=(Money other) { return *this = *this + other; }
  Money& operator-=(Money other) { return *this = *this - other; }
  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(int64_t satang) : satang_(satang) {}
  int64_t satang_ = 0;
};

}  // namespace klang
