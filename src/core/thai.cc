#include "core/thai.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace klang {
namespace {

// Thai digits are U+0E50..U+0E59, encoded in UTF-8 as E0 B9 90..99.
constexpr unsigned char kThaiDigitLead0 = 0xE0;
constexpr unsigned char kThaiDigitLead1 = 0xB9;
constexpr unsigned char kThaiDigitZero = 0x90;

constexpr std::array<std::string_view, 12> kMonthNames = {
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
constexpr std::array<std::string_view, 12> kMonthAbbreviations = {
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};
constexpr std::array<std::string_view, 10> kDigitWords = {
    "ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"};
// Place names for a group of six digits, from the units up (units have no name).
constexpr std::array<std::string_view, 6> kPlaceWords = {"", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"};

std::string ApplyDigits(std::string text, DigitStyle digits) {
  return digits == DigitStyle::kThai ? ThaiDigits(text) : text;
}

// Spells 1..999,999. `higher_nonzero` says whether a non-zero digit stands above this group
// (in a higher group of millions), which turns a units 1 into เอ็ด.
std::string SpellGroup(uint64_t value, bool higher_nonzero) {
  KLANG_ASSERT(value < 1'000'000);
  std::string out;
  bool seen_nonzero = higher_nonzero;
  for (int place = 5; place >= 0; --place) {
    uint64_t power = 1;
    for (int step = 0; step < place; ++step) power *= 10;
    const int digit = static_cast<int>((value / power) % 10);
    if (digit == 0) continue;
    if (place == 1) {
      if (digit == 2) {
        out += "ยี่";
      } else if (digit != 1) {
        out += kDigitWords[digit];
      }
      out += "สิบ";
    } else if (place == 0) {
      out += digit == 1 && seen_nonzero ? "เอ็ด" : kDigitWords[digit];
    } else {
      out += kDigitWords[digit];
      out += kPlaceWords[place];
    }
    seen_nonzero = true;
  }
  return out;
}

// Spells any non-zero integer by groups of six digits joined with ล้าน.
std::string SpellInteger(uint64_t value) {
  KLANG_ASSERT(value > 0);
  std::string out;
  if (value >= 1'000'000) {
    out = SpellInteger(value / 1'000'000) + "ล้าน";
    const uint64_t rest = value % 1'000'000;
    if (rest != 0) out += SpellGroup(rest, /*higher_nonzero=*/true);
    return out;
  }
  return SpellGroup(value, /*higher_nonzero=*/false);
}

}  // namespace

std::string ThaiDigits(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out += static_cast<char>(kThaiDigitLead0);
      out += static_cast<char>(kThaiDigitLead1);
      out += static_cast<char>(kThaiDigitZero + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

std::string ArabicDigits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t index = 0; index < text.size(); ++index) {
    const auto byte0 = static_cast<unsigned char>(text[index]);
    if (byte0 == kThaiDigitLead0 && index + 2 < text.size() &&
        static_cast<unsigned char>(text[index + 1]) == kThaiDigitLead1) {
      const auto byte2 = static_cast<unsigned char>(text[index + 2]);
      if (byte2 >= kThaiDigitZero && byte2 <= kThaiDigitZero + 9) {
        out += static_cast<char>('0' + (byte2 - kThaiDigitZero));
        index += 2;
        continue;
      }
    }
    out += text[index];
  }
  return out;
}

std::string_view ThaiMonthName(int month) {
  KLANG_ASSERT(month >= 1 && month <= 12);
  return kMonthNames[month - 1];
}

std::string_view ThaiMonthAbbreviation(int month) {
  KLANG_ASSERT(month >= 1 && month <= 12);
  return kMonthAbbreviations[month - 1];
}

std::string FormatThaiDateLong(Date date, DigitStyle digits) {
  return ApplyDigits(std::to_string(date.day()), digits) + " " +
         std::string(ThaiMonthName(date.month())) + " " +
         ApplyDigits(std::to_string(date.year_be()), digits);
}

std::string FormatThaiDateShort(Date date, DigitStyle digits) {
  return ApplyDigits(std::to_string(date.day()), digits) + " " + std::string(ThaiMonthAbbreviation(date.month())) +
         " " + ApplyDigits(std::to_string(date.year_be()), digits);
}

std::string FormatThaiDateNumeric(Date date, DigitStyle digits) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%02d/%02d/%04d", date.day(), date.month(), date.year_be());
  return ApplyDigits(buffer, digits);
}

std::string BahtText(Money amount) {
  const int64_t satang = amount.satang();
  const bool negative = satang < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(satang) : static_cast<uint64_t>(satang);
  const uint64_t baht = magnitude / 100;
  const uint64_t cents = magnitude % 100;
  std::string out = negative ? "ลบ" : "";
  if (baht == 0 && cents == 0) return "ศูนย์บาทถ้วน";
  if (baht > 0) out += SpellInteger(baht) + "บาท";
  if (cents == 0) return out + "ถ้วน";
  return out + SpellInteger(cents) + "สตางค์";
}

}  // namespace klang
