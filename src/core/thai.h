// core/thai.h — Thai presentation: digits, month names, Buddhist-Era dates, amounts in words.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/money.h"

namespace klang {

// "2568" -> "๒๕๖๘"; every ASCII digit becomes a Thai digit (U+0E50..U+0E59), others unchanged.
std::string ThaiDigits(std::string_view text);
// "๒๕๖๘" -> "2568"; the inverse, for parsing input typed with Thai digits.
std::string ArabicDigits(std::string_view text);

// month: 1..12. "ตุลาคม" / "ต.ค."
std::string_view ThaiMonthName(int month);
std::string_view ThaiMonthAbbreviation(int month);

enum class DigitStyle { kArabic, kThai };

// "5 ตุลาคม 2568"
std::string FormatThaiDateLong(Date date, DigitStyle digits = DigitStyle::kArabic);
// "5 ต.ค. 2568": the year in full, as every printed document and screen shows it (a two-digit
// year is ambiguous across centuries and on documents kept for decades)
std::string FormatThaiDateShort(Date date, DigitStyle digits = DigitStyle::kArabic);
// "05/10/2568"
std::string FormatThaiDateNumeric(Date date, DigitStyle digits = DigitStyle::kArabic);

// Amount in Thai words, traditional convention (DESIGN.md §7): a units digit 1 after any
// higher non-zero digit is เอ็ด. 101 -> หนึ่งร้อยเอ็ดบาทถ้วน, 0.50 -> ห้าสิบสตางค์,
// 100.25 -> หนึ่งร้อยบาทยี่สิบห้าสตางค์, 0 -> ศูนย์บาทถ้วน. Negative amounts start with ลบ.
std::string BahtText(Money amount);

}  // namespace klang
