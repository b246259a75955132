// Unit tests for core: money parsing/formatting/overflow, BE dates and fiscal years, Thai
// digits and month names, and amounts in Thai words. Every expectation is hand-computed.
#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <thread>

#include "core/clock.h"
#include "core/date.h"
#include "core/money.h"
#include "core/thai.h"

namespace klang {
namespace {

Money M(int64_t satang) { return Money::FromSatang(satang); }

TEST(Money, ParsesPlainGroupedAndThaiDigits) {
  EXPECT_EQ(Money::Parse("1,234.50").value(), M(123450));
  EXPECT_EQ(Money::Parse("1234.5").value(), M(123450));
  EXPECT_EQ(Money::Parse("0.01").value(), M(1));
  EXPECT_EQ(Money::Parse("  12 ").value(), M(1200));
  EXPECT_EQ(Money::Parse("-7.05").value(), M(-705));
  EXPECT_EQ(Money::Parse("1,000,000").value(), M(100000000));
  EXPECT_EQ(Money::Parse("๑,๒๓๔.๕๐").value(), M(123450));
}

TEST(Money, RejectsMalformed) {
  for (const char* bad : {"", "abc", "1.234", "1,23.00", "12,3456", "1..2", "1.", ".5", "1,",
                          ",100", "1e5", "--1", "1 000", "0x10"}) {
    const auto result = Money::Parse(bad);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.status().stable_code(), "money.invalid") << bad;
  }
}

TEST(Money, RejectsOverflow) {
  EXPECT_EQ(Money::Parse("92233720368547758.07").value(),
            M(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(Money::Parse("92233720368547758.08").status().stable_code(), "money.overflow");
  EXPECT_EQ(Money::Parse("99999999999999999999999").status().stable_code(), "money.overflow");
  EXPECT_FALSE(Money::CheckedAdd(M(std::numeric_limits<int64_t>::max()), M(1)).ok());
  EXPECT_FALSE(Money::CheckedSub(M(std::numeric_limits<int64_t>::min()), M(1)).ok());
  EXPECT_FALSE(Money::CheckedMultiply(M(std::numeric_limits<int64_t>::max() / 2 + 1), 2).ok());
  EXPECT_EQ(Money::CheckedMultiply(M(150), 3).value(), M(450));
}

TEST(Money, Formats) {
  EXPECT_EQ(M(0).Format(), "0.00");
  EXPECT_EQ(M(5).Format(), "0.05");
  EXPECT_EQ(M(123450).Format(), "1,234.50");
  EXPECT_EQ(M(-123450).Format(), "-1,234.50");
  EXPECT_EQ(M(100000000).Format(), "1,000,000.00");
  EXPECT_EQ(M(99999).Format(), "999.99");
  EXPECT_EQ(M(123456789).FormatPlain(), "1234567.89");
  EXPECT_EQ(M(std::numeric_limits<int64_t>::min()).FormatPlain(), "-92233720368547758.08");
}

TEST(BahtText, TraditionalConvention) {
  EXPECT_EQ(BahtText(M(0)), "ศูนย์บาทถ้วน");
  EXPECT_EQ(BahtText(M(1)), "หนึ่งสตางค์");
  EXPECT_EQ(BahtText(M(50)), "ห้าสิบสตางค์");
  EXPECT_EQ(BahtText(M(75)), "เจ็ดสิบห้าสตางค์");
  EXPECT_EQ(BahtText(M(100)), "หนึ่งบาทถ้วน");
  EXPECT_EQ(BahtText(M(1000)), "สิบบาทถ้วน");
  EXPECT_EQ(BahtText(M(1100)), "สิบเอ็ดบาทถ้วน");
  EXPECT_EQ(BahtText(M(2000)), "ยี่สิบบาทถ้วน");
  EXPECT_EQ(BahtText(M(2100)), "ยี่สิบเอ็ดบาทถ้วน");
  EXPECT_EQ(BahtText(M(10100)), "หนึ่งร้อยเอ็ดบาทถ้วน");
  EXPECT_EQ(BahtText(M(11100)), "หนึ่งร้อยสิบเอ็ดบาทถ้วน");
  EXPECT_EQ(BahtText(M(12000)), "หนึ่งร้อยยี่สิบบาทถ้วน");
  EXPECT_EQ(BahtText(M(12075)), "หนึ่งร้อยยี่สิบบาทเจ็ดสิบห้าสตางค์");
  EXPECT_EQ(BahtText(M(100100)), "หนึ่งพันเอ็ดบาทถ้วน");
  EXPECT_EQ(BahtText(M(10000100)), "หนึ่งแสนเอ็ดบาทถ้วน");
  EXPECT_EQ(BahtText(M(100000000)), "หนึ่งล้านบาทถ้วน");
  EXPECT_EQ(BahtText(M(100000100)), "หนึ่งล้านเอ็ดบาทถ้วน");
  EXPECT_EQ(BahtText(M(2100000000)), "ยี่สิบเอ็ดล้านบาทถ้วน");
  EXPECT_EQ(BahtText(M(10025)), "หนึ่งร้อยบาทยี่สิบห้าสตางค์");
  EXPECT_EQ(BahtText(M(10101)), "หนึ่งร้อยเอ็ดบาทหนึ่งสตางค์");
  EXPECT_EQ(BahtText(M(-2100)), "ลบยี่สิบเอ็ดบาทถ้วน");
  // 1,000,000,000,000 baht = one million million.
  EXPECT_EQ(BahtText(M(100000000000000)), "หนึ่งล้านล้านบาทถ้วน");
  // The largest amount supported: INT64_MAX satang = 92,233,720,368,547,758.07 baht
  // = 92,233 | 720,368 | 547,758 by millions.
  EXPECT_EQ(BahtText(M(std::numeric_limits<int64_t>::max())),
            "เก้าหมื่นสองพันสองร้อยสามสิบสามล้าน"
            "เจ็ดแสนสองหมื่นสามร้อยหกสิบแปดล้าน"
            "ห้าแสนสี่หมื่นเจ็ดพันเจ็ดร้อยห้าสิบแปดบาทเจ็ดสตางค์");
}

TEST(Date, ParsesAndConverts) {
  const Date date = Date::ParseIso("2025-10-05").value();
  EXPECT_EQ(date.year(), 2025);
  EXPECT_EQ(date.year_be(), 2568);
  EXPECT_EQ(date.ToIso(), "2025-10-05");
  EXPECT_EQ(Date::ParseThai("05/10/2568").value(), date);
  EXPECT_EQ(Date::ParseThai("๕/๑๐/๒๕๖๘").value(), date);
  EXPECT_EQ(Date::ParseIso("1970-01-01").value().DaysSinceEpoch(), 0);
  EXPECT_EQ(Date::ParseIso("2024-02-29").value().AddDays(1).ToIso(), "2024-03-01");
  EXPECT_EQ(Date::ParseIso("2025-12-31").value().AddDays(1).ToIso(), "2026-01-01");
  EXPECT_FALSE(Date::ParseIso("2025-02-29").ok());
  EXPECT_FALSE(Date::ParseIso("2025-13-01").ok());
  EXPECT_FALSE(Date::ParseIso("2025-1-01").ok());
  EXPECT_FALSE(Date::ParseIso("25-10-2025").ok());
}

TEST(Date, FiscalYearRunsOctoberToSeptember) {
  EXPECT_EQ(FiscalYearOf(Date::ParseIso("2025-10-01").value()), 2569);
  EXPECT_EQ(FiscalYearOf(Date::ParseIso("2025-09-30").value()), 2568);
  EXPECT_EQ(FiscalYearOf(Date::ParseIso("2026-09-30").value()), 2569);
  EXPECT_EQ(FiscalYearStart(2569).ToIso(), "2025-10-01");
  EXPECT_EQ(FiscalYearEnd(2569).ToIso(), "2026-09-30");
  EXPECT_TRUE(IsInFiscalYear(Date::ParseIso("2026-01-15").value(), 2569));
}

TEST(Thai, DigitsMonthsAndDates) {
  EXPECT_EQ(ThaiDigits("พ.ศ. 2547"), "พ.ศ. ๒๕๔๗");
  EXPECT_EQ(ArabicDigits("๒๕๖๘-๑๐"), "2568-10");
  EXPECT_EQ(ThaiMonthName(10), "ตุลาคม");
  EXPECT_EQ(ThaiMonthAbbreviation(9), "ก.ย.");
  const Date date = Date::ParseIso("2024-09-18").value();
  EXPECT_EQ(FormatThaiDateLong(date), "18 กันยายน 2567");
  EXPECT_EQ(FormatThaiDateShort(date, DigitStyle::kThai), "๑๘ ก.ย. ๒๕๖๗");
  EXPECT_EQ(FormatThaiDateNumeric(date), "18/09/2567");
}

TEST(Thai, BangkokDateFromUnixTime) {
  // 2025-09-30T17:00:00Z is 1 October 2025 00:00 in Bangkok: a new fiscal year.
  EXPECT_EQ(ThaiDateFromUnixSeconds(1759251600).ToIso(), "2025-10-01");
  EXPECT_EQ(ThaiDateFromUnixSeconds(1759251599).ToIso(), "2025-09-30");
}

TEST(Ids, UuidShape) {
  SystemRandom random;
  const std::string id = NewUuid(random);
  EXPECT_TRUE(IsUuid(id)) << id;
  EXPECT_EQ(id[14], '7');
  // Time-ordered: a later id sorts after an earlier one (different milliseconds).
  const std::string later = [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return NewUuid(random);
  }();
  EXPECT_LT(id, later);
  EXPECT_NE(id, NewUuid(random));
  EXPECT_FALSE(IsUuid("not-a-uuid"));
}

}  // namespace
}  // namespace klang
