// core/clock.h — time and randomness behind interfaces, so tests can inject both.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/date.h"

namespace klang {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowUnixMillis() const = 0;
  int64_t NowUnixSeconds() const { return NowUnixMillis() / 1000; }
  Date TodayInThailand() const { return ThaiDateFromUnixSeconds(NowUnixSeconds()); }
};

// The system clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  int64_t NowUnixMillis() const override;
};

// A clock tests set by hand. Not thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t unix_millis) : unix_millis_(unix_millis) {}
  int64_t NowUnixMillis() const override { return unix_millis_; }
  void AdvanceMillis(int64_t millis) { unix_millis_ += millis; }
  void SetUnixMillis(int64_t unix_millis) { unix_millis_ = unix_millis; }

 private:
  int64_t unix_millis_;
};

class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(std::span<unsigned char> out) = 0;
};

// Cryptographically secure randomness from OpenSSL. Thread-safe.
class SystemRandom final : public Random {
 public:
  void Fill(std::span<unsigned char> out) override;
};

// A new time-ordered version-7 UUID (RFC 9562), lower-case "8-4-4-4-12".
std::string NewUuid(Random& random);
bool IsUuid(std::string_view text);
// `bytes` random bytes as lower-case hex (2 * bytes characters).
std::string RandomHex(Random& random, size_t bytes);
// Lower-case hex of arbitrary bytes.
std::string HexEncode(std::span<const unsigned char> bytes);

}  // namespace klang
