#include "core/clock.h"

#include <openssl/rand.h>

#include <chrono>
#include <vector>

namespace klang {

int64_t SystemClock::NowUnixMillis() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SystemRandom::Fill(std::span<unsigned char> out) {
  // RAND_bytes fails only when the OS entropy source is unusable; nothing safe can follow.
  KLANG_ASSERT_MSG(RAND_bytes(out.data(), static_cast<int>(out.size())) == 1,
                   "no secure randomness available");
}

std::string HexEncode(std::span<const unsigned char> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (size_t index = 0; index < bytes.size(); ++index) {
    out[2 * index] = kHex[bytes[index] >> 4];
    out[2 * index + 1] = kHex[bytes[index] & 0x0f];
  }
  return out;
}

std::string RandomHex(Random& random, size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  random.Fill(buffer);
  return HexEncode(buffer);
}

std::string NewUuid(Random& random) {
  // Version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made close in
  // time sort close together, so B-tree indexes on them grow at one end instead of dirtying a
  // random page per insert.
  unsigned char bytes[16];
  random.Fill(bytes);
  const uint64_t millis = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  for (int index = 0; index < 6; ++index) {
    bytes[index] = static_cast<unsigned char>(millis >> (8 * (5 - index)));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x70);  // version 7
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string hex = HexEncode(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t index = 0; index < text.size(); ++index) {
    const char c = text[index];
    if (index == 8 || index == 13 || index == 18 || index == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace klang
